import { describe, expect, it } from 'vitest'
import { AppErrorCode, B24Error } from '@/b24/errors'
import { errorMessageKey } from '@/i18n/error-message'
import { createAppI18n, SUPPORTED_LOCALES, switchLocale } from '@/i18n'

// Every system code (docs/bitrix24.md, Errors), the SDK's own, and the method's own errors.
const cases: Array<[code: string, status: number, key: string]> = [
  ['INTERNAL_SERVER_ERROR', 500, 'errors.INTERNAL_SERVER_ERROR'],
  ['ERROR_UNEXPECTED_ANSWER', 500, 'errors.ERROR_UNEXPECTED_ANSWER'],
  ['QUERY_LIMIT_EXCEEDED', 503, 'errors.QUERY_LIMIT_EXCEEDED'],
  ['ERROR_BATCH_METHOD_NOT_ALLOWED', 405, 'errors.ERROR_BATCH_METHOD_NOT_ALLOWED'],
  ['ERROR_BATCH_LENGTH_EXCEEDED', 400, 'errors.ERROR_BATCH_LENGTH_EXCEEDED'],
  ['NO_AUTH_FOUND', 401, 'errors.NO_AUTH_FOUND'],
  ['INVALID_REQUEST', 400, 'errors.INVALID_REQUEST'],
  ['OVERLOAD_LIMIT', 503, 'errors.OVERLOAD_LIMIT'],
  ['ACCESS_DENIED', 403, 'errors.ACCESS_DENIED'],
  ['INVALID_CREDENTIALS', 403, 'errors.INVALID_CREDENTIALS'],
  ['ERROR_MANIFEST_IS_NOT_AVAILABLE', 404, 'errors.ERROR_MANIFEST_IS_NOT_AVAILABLE'],
  ['insufficient_scope', 403, 'errors.insufficient_scope'],
  ['expired_token', 401, 'errors.expired_token'],
  ['invalid_token', 401, 'errors.expired_token'],
  ['user_access_error', 403, 'errors.user_access_error'],
  ['PORTAL_DELETED', 500, 'errors.PORTAL_DELETED'],
  ['OPERATION_TIME_LIMIT', 429, 'errors.OPERATION_TIME_LIMIT'],
  ['ERROR_METHOD_NOT_FOUND', 404, 'errors.ERROR_METHOD_NOT_FOUND'],
  ['NETWORK_ERROR', 0, 'errors.NETWORK_ERROR'],
  ['REQUEST_TIMEOUT', 408, 'errors.REQUEST_TIMEOUT'],
  ['JSSDK_FRAME_REFRESH_AUTH_TIMEOUT', 0, 'errors.expired_token'],
  ['JSSDK_UNKNOWN_ERROR', 0, 'errors.UNKNOWN'],
  ['', 400, 'errors.INVALID_ARGUMENT'],
  ['', 500, 'errors.UNKNOWN'],
  [AppErrorCode.BAD_ANSWER, 0, 'errors.ERROR_UNEXPECTED_ANSWER'],
  ['SOMETHING_NEW', 418, 'errors.UNKNOWN'],
]

describe('errorMessageKey', () => {
  it.each(cases)('maps %s (HTTP %i) to %s', (code, status, key) => {
    expect(errorMessageKey(new B24Error(code, status, 'raw portal text'))).toBe(key)
  })

  it.each(SUPPORTED_LOCALES)('has a %s text for every mapped key, never the raw description', async (locale) => {
    const i18n = createAppI18n()
    await switchLocale(i18n, locale)
    for (const [code, status, key] of cases) {
      const text = i18n.global.t(errorMessageKey(new B24Error(code, status, 'raw portal text')))
      expect(text, key).not.toBe(key)
      expect(text).not.toContain('raw portal text')
      expect(i18n.global.te(key, locale), `${locale}: ${key}`).toBe(true)
    }
  })
})
