import * as qs from 'qs-esm'
import { AppErrorCode, B24Error } from '@/b24/errors'
import type { B24Port, BatchCommand, BatchOptions, BatchOutcome, PickedUser, PortalContext, RestParams } from '@/b24/port'
import type { FrameContext, Portal } from '../../emulator/portal/api'

interface ErrorBody { error?: string, error_description?: string }

/**
 * An in-memory B24Port over the emulator's own portal model, so unit tests and
 * browser tests agree on what Bitrix24 answers. It speaks to the model the way
 * the SDK speaks to a portal: `auth` in the params, one refresh and retry on
 * 401 expired_token, batch commands encoded as `method?query` with qs.
 */
export class PortalPort implements B24Port {
  readonly context: PortalContext
  readonly portal: Portal
  readonly frameContext: FrameContext
  /** what the portal's user dialog "picks" next (tests set it) */
  nextPickedUsers: PickedUser[] = []
  /**
   * Re-send a request whose answer was lost, once, as the SDK does after a
   * network error (docs/bitrix24.md, REST over HTTP): the portal then runs it twice.
   */
  resendLostAnswers = false
  /** frame commands the app sent that the model does not keep (openPath, fitWindow, placement calls) */
  readonly uiCalls: Array<{ command: string, params?: unknown }> = []
  #token: string
  #appOptions: Record<string, unknown>
  #userOptions: Record<string, unknown>

  constructor(portal: Portal, options: { companyId?: number | string, placementOptions?: unknown, placement?: string } = {}) {
    this.portal = portal
    this.frameContext = {
      placement: options.placement ?? 'CRM_COMPANY_DETAIL_TAB',
      placementOptions: options.placementOptions ?? { ID: String(options.companyId ?? 1) },
      domain: 'portal.test',
      protocol: '1',
    }
    const init = portal.frame('getInitData', {}, this.frameContext) as Record<string, unknown>
    this.#token = String(init.AUTH_ID)
    this.context = {
      placement: String(init.PLACEMENT),
      placementOptions: init.PLACEMENT_OPTIONS,
      lang: String(init.LANG),
      isAdmin: init.IS_ADMIN === true,
      isInstall: init.INSTALL === true,
    }
    // An empty option set arrives as [] (PHP), docs/bitrix24.md, Frame protocol.
    const appOptions = init.APP_OPTIONS
    this.#appOptions = typeof appOptions === 'object' && appOptions !== null && !Array.isArray(appOptions) ? { ...appOptions as Record<string, unknown> } : {}
    const userOptions = init.USER_OPTIONS
    this.#userOptions = typeof userOptions === 'object' && userOptions !== null && !Array.isArray(userOptions) ? { ...userOptions as Record<string, unknown> } : {}
  }

  #send(method: string, params: RestParams) {
    let answer = this.portal.rest(method, { ...params, auth: this.#token })
    const code = (answer.body as ErrorBody | null)?.error
    if (answer.status === 401 && (code === 'expired_token' || code === 'invalid_token')) {
      const fresh = this.portal.frame('refreshAuth', {}, this.frameContext) as { AUTH_ID: string }
      this.#token = fresh.AUTH_ID
      answer = this.portal.rest(method, { ...params, auth: this.#token })
    }
    if (answer.dropConnection && this.resendLostAnswers) answer = this.portal.rest(method, { ...params, auth: this.#token })
    if (answer.dropConnection) throw new B24Error('NETWORK_ERROR', 0, 'connection dropped')
    if (answer.status >= 400) {
      const body = answer.body as ErrorBody
      throw new B24Error(body.error ?? '', answer.status, body.error_description ?? '')
    }
    return (answer.body as { result: unknown }).result
  }

  async call<T>(method: string, params: RestParams = {}): Promise<T> {
    return this.#send(method, params) as T
  }

  async batch<T>(commands: Record<string, BatchCommand>, options: BatchOptions = {}): Promise<Record<string, BatchOutcome<T>>> {
    const cmd: Record<string, string> = {}
    for (const [key, c] of Object.entries(commands)) cmd[key] = `${c.method}?${qs.stringify(c.params ?? {})}`
    const result = this.#send('batch', { halt: options.halt ? 1 : 0, cmd }) as {
      result: Record<string, unknown> | unknown[]
      result_error: Record<string, ErrorBody> | unknown[]
    }
    const errors = Array.isArray(result.result_error) ? {} : result.result_error
    const rows = Array.isArray(result.result) ? {} : result.result
    const out: Record<string, BatchOutcome<T>> = {}
    for (const key of Object.keys(commands)) {
      const error = errors[key]
      // Like SdkPort: a sub-command's error has no HTTP status of its own,
      // except the empty-code errors of CRM binding methods (HTTP 400 alone).
      out[key] = error
        ? { ok: false, error: new B24Error(error.error ?? '', error.error ? 0 : 400, error.error_description ?? '') }
        : key in rows ? { ok: true, result: rows[key] as T } : { ok: false, error: new B24Error(AppErrorCode.NOT_RUN) }
    }
    return out
  }

  async openPath(path: string) {
    this.uiCalls.push({ command: 'openPath', params: path })
  }

  async fitWindow(contentHeight: number) {
    this.uiCalls.push({ command: 'resizeWindow', params: { height: contentHeight } })
  }

  async placementCall(command: string, params: Record<string, unknown> = {}) {
    this.uiCalls.push({ command, params })
    return undefined
  }

  initialAppOption(key: string): unknown {
    return this.#appOptions[key]
  }

  initialUserOption(key: string): unknown {
    return this.#userOptions[key] || undefined
  }

  async selectUsers() {
    this.uiCalls.push({ command: 'selectUser' })
    return this.nextPickedUsers
  }

  async installFinish() {
    this.portal.frame('setInstallFinish', {}, this.frameContext)
  }
}
