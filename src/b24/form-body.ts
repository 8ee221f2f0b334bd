/**
 * REST parameters as an `application/x-www-form-urlencoded` body, the way PHP
 * builds and reads one (`http_build_query`, `parse_str`): nested objects and
 * arrays become bracketed keys (`fields[CONTACT_ID]=5`,
 * `items[0][CONTACT_ID]=5`), spaces `+`, everything but `A–Z a–z 0–9 - _ .`
 * percent-encoded as UTF-8 (PHP's `urlencode`). Brackets between key parts
 * stay readable, as in Bitrix24's "Data encoding" page
 * (`fields[TITLE]=John%26Martin`); PHP reads them either way.
 *
 * Why: a POST with this body and no other custom header is a CORS-simple
 * request, so the browser sends it without an OPTIONS preflight; a JSON body
 * costs one (docs/bitrix24.md, "REST over HTTP"). Bitrix24's REST reads both.
 *
 * As in PHP, `null` and `undefined` are left out, `true`/`false` become `1`/`0`,
 * and an empty array or object sends nothing (the key is absent on the
 * portal: don't rely on an empty list reaching it).
 */
export function formBody(params: unknown): string {
  if (typeof params === 'string') return params
  const pairs: string[] = []
  if (isContainer(params)) {
    for (const [key, value] of Object.entries(params)) add(pairs, phpUrlEncode(key), value)
  }
  return pairs.join('&')
}

function add(pairs: string[], name: string, value: unknown): void {
  if (value === null || value === undefined) return
  if (isContainer(value)) {
    for (const [key, inner] of Object.entries(value)) add(pairs, `${name}[${phpUrlEncode(key)}]`, inner)
    return
  }
  pairs.push(`${name}=${phpUrlEncode(scalar(value))}`)
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null && !(value instanceof Date)
}

function scalar(value: unknown): string {
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (value instanceof Date) return value.toISOString()
  if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`formBody: ${value} cannot be sent to the portal`)
  return String(value)
}

/** PHP's `urlencode`: encodeURIComponent, plus `! ' ( ) * ~` encoded and spaces as `+`. */
export function phpUrlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+')
}
