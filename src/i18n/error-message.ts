import { AppErrorCode, B24Error } from '@/b24/errors'
import en from './locales/en.json'

type ErrorKey = keyof typeof en.errors

const known: ReadonlySet<string> = new Set(Object.keys(en.errors))

const aliases: Record<string, ErrorKey> = {
  invalid_token: 'expired_token',
  JSSDK_FRAME_REFRESH_AUTH_TIMEOUT: 'expired_token',
  ERROR_ARGUMENT: 'INVALID_ARGUMENT',
  ERROR_CORE: 'INTERNAL_SERVER_ERROR',
}

/**
 * The i18n key for an error (docs/bitrix24.md, Errors: Bitrix24's codes and the SDK's own). The portal's
 * `error_description` never becomes the text people read.
 */
export function errorMessageKey(error: unknown): `errors.${string}` {
  const e = B24Error.from(error)
  if (known.has(e.code)) return `errors.${e.code}`
  const alias = aliases[e.code]
  if (alias) return `errors.${alias}`
  // why: CRM binding methods answer a bad parameter with HTTP 400 and an empty
  // `error` (docs/bitrix24.md, Errors: "The parameter ownerEntityID is invalid…").
  if (e.code === '' && e.status === 400) return 'errors.INVALID_ARGUMENT'
  if (e.code === AppErrorCode.BAD_ANSWER) return 'errors.ERROR_UNEXPECTED_ANSWER'
  if (e.status === 0 && /network/i.test(e.code)) return 'errors.NETWORK_ERROR'
  return 'errors.UNKNOWN'
}
