import { ApiVersion, type TypeB24 } from '@bitrix24/b24jssdk'
import { formBody } from './form-body'

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded'

/**
 * Have the SDK post REST calls as CORS-simple requests: a form-encoded body
 * (src/b24/form-body.ts) and no header but the safelisted ones, so the browser
 * sends no OPTIONS preflight before each call. A portal allows the preflight
 * but never lets the browser keep it (no `Access-Control-Max-Age`, and each
 * URL carries a fresh `bx24_request_id`), so a JSON body costs every call a
 * second round trip (docs/bitrix24.md, "REST over HTTP").
 *
 * The seam is the SDK's own: `getHttpClient(version).ajaxClient` is the axios
 * instance it posts with, and its `defaults` are what the SDK's docs tell
 * callers to tune (`timeout`). A `transformRequest` replaces axios's JSON
 * step; the SDK's params (the batch's `cmd` strings, which it has already
 * encoded itself, and its `auth`) go through unchanged in meaning.
 */
export function sendFormEncoded(b24: Pick<TypeB24, 'getHttpClient'>): void {
  const client = b24.getHttpClient(ApiVersion.v2).ajaxClient
  client.defaults.headers['Content-Type'] = FORM_CONTENT_TYPE
  client.defaults.transformRequest = [(data: unknown) => formBody(data)]
}
