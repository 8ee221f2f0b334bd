/**
 * One error type for everything that goes wrong between the app and the
 * portal. It carries the Bitrix24 code (`ACCESS_DENIED`, `QUERY_LIMIT_EXCEEDED`,
 * `expired_token`…), the HTTP status and the portal's own description, which is
 * for logs only: people see the i18n text mapped from the code.
 */
export class B24Error extends Error {
  readonly code: string
  readonly status: number
  /** The portal's `error_description`: never shown as the main text. */
  readonly description: string

  constructor(code: string, status = 0, description = '') {
    super(code ? `${code}${description ? `: ${description}` : ''}` : description || 'Bitrix24 error')
    this.name = 'B24Error'
    this.code = code
    this.status = status
    this.description = description
  }

  /** Wrap anything thrown by the SDK, the network or our own code. */
  static from(error: unknown): B24Error {
    if (error instanceof B24Error) return error
    if (isCodedError(error)) {
      return new B24Error(error.code ?? '', typeof error.status === 'number' ? error.status : 0, describe(error))
    }
    return new B24Error(AppErrorCode.UNKNOWN, 0, error instanceof Error ? error.message : String(error))
  }
}

/** Codes the app itself raises, next to Bitrix24's own (docs/bitrix24.md, Errors). */
export const AppErrorCode = {
  /** The page is not inside a Bitrix24 frame (no window.name). */
  NOT_IN_PORTAL: 'APP_NOT_IN_PORTAL',
  /** The parent window never answered the frame handshake. */
  FRAME_TIMEOUT: 'APP_FRAME_TIMEOUT',
  /** Placement options without a usable company id. */
  BAD_PLACEMENT: 'APP_BAD_PLACEMENT',
  /** The portal answered something the app cannot read. */
  BAD_ANSWER: 'APP_BAD_ANSWER',
  /** Another change is still running (a second click while one is pending). */
  BUSY: 'APP_BUSY',
  /** A change was sent, but re-reading the server could not confirm it. */
  NOT_CONFIRMED: 'APP_NOT_CONFIRMED',
  /** A batch command that did not run: an earlier one failed and the batch halted. */
  NOT_RUN: 'APP_NOT_RUN',
  /** The company of the tab does not exist (deleted, or a wrong id). */
  COMPANY_NOT_FOUND: 'APP_COMPANY_NOT_FOUND',
  /** The tab was bound, but listing the bindings did not show exactly one. */
  BINDING_NOT_CONFIRMED: 'APP_BINDING_NOT_CONFIRMED',
  UNKNOWN: 'APP_UNKNOWN',
} as const

interface CodedError {
  code?: string
  status?: unknown
  description?: unknown
  message?: unknown
}

function isCodedError(error: unknown): error is CodedError {
  return typeof error === 'object' && error !== null && typeof (error as CodedError).code === 'string'
}

function describe(error: CodedError): string {
  if (typeof error.description === 'string' && error.description) return error.description
  return typeof error.message === 'string' ? error.message : ''
}
