/** A REST error as the portal sends it: HTTP status + `{error, error_description}`. */
export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
    /** extra body fields, e.g. `argument` on ERROR_ARGUMENT */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${description}`)
    this.name = 'RestError'
  }

  body(): Record<string, unknown> {
    return { error: this.code, error_description: this.description, ...this.extra }
  }
}

// why: docs/bitrix24.md, Errors: the system error table (status + code); descriptions from the
// b24restdocs system-errors include ("Wrong authorization data", "Too many requests"…).
export const noAuth = (): RestError => new RestError(401, 'NO_AUTH_FOUND', 'Wrong authorization data')
export const expiredToken = (): RestError => new RestError(401, 'expired_token', 'The access token provided has expired.')
export const methodNotFound = (): RestError => new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!')
export const queryLimit = (): RestError => new RestError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests')
export const batchTooLong = (): RestError => new RestError(400, 'ERROR_BATCH_LENGTH_EXCEEDED', 'Max batch length exceeded')
export const batchNotAllowed = (): RestError => new RestError(405, 'ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage')

/** A missing permission: 403 ACCESS_DENIED "Access denied!" (docs/bitrix24.md, Errors). */
export const accessDenied = (description = 'Access denied!'): RestError => new RestError(403, 'ACCESS_DENIED', description)

/** docs/bitrix24.md, Errors: CRM binding methods send `"error": ""` with only a description (HTTP 400). */
export const crmError = (description: string): RestError => new RestError(400, '', description)

/** Bitrix `ArgumentNullException` → ERROR_ARGUMENT with the argument name (app.option.set, placement.bind docs). */
export const argumentNull = (name: string): RestError =>
  new RestError(400, 'ERROR_ARGUMENT', `Argument '${name}' is null or empty`, { argument: name })
