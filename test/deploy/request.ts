import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest } from 'node:https'

export interface RawResponse {
  status: number
  headers: IncomingHttpHeaders
  /** the body as sent: not decompressed */
  body: Buffer
}

/**
 * One HTTP(S) request with nothing done for us: no decompression, no
 * redirects, and any certificate accepted (the HTTPS tests use a throw-away
 * self-signed one).
 */
export function rawRequest(url: string, opts: { method?: string, headers?: Record<string, string>, body?: string } = {}): Promise<RawResponse> {
  const u = new URL(url)
  const send = u.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve, reject) => {
    const req = send(u, {
      method: opts.method ?? 'GET',
      headers: { ...(opts.body === undefined ? {} : { 'Content-Length': String(Buffer.byteLength(opts.body)) }), ...opts.headers },
      rejectUnauthorized: false,
      agent: false,
    }, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.setTimeout(10_000, () => req.destroy(new Error(`timeout: ${opts.method ?? 'GET'} ${url}`)))
    req.on('error', reject)
    req.end(opts.body)
  })
}

/** What Bitrix24 posts when it opens the company tab (docs/bitrix24.md, Opening a placement): a form, with the portal's details in the query. */
export const PORTAL_FORM = new URLSearchParams({
  AUTH_ID: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  AUTH_EXPIRES: '3600',
  REFRESH_ID: '90f8e7d6c5b4a3928170f6e5d4c3b2a1',
  member_id: '4c8f2b91d7e3a56f0b1c9d8e7a6f5b43',
  status: 'L',
  PLACEMENT: 'CRM_COMPANY_DETAIL_TAB',
  PLACEMENT_OPTIONS: '{"ID":"1"}',
}).toString()

export const PORTAL_QUERY = '?DOMAIN=portal.example.com&PROTOCOL=1&LANG=en&APP_SID=0f5a2e9b6c1d4a8e7f30b21c5d9e4a6b'

/** POST the portal's form to a page, as the portal's iframe does. */
export function postAsPortal(url: string): Promise<RawResponse> {
  return rawRequest(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html,application/xhtml+xml,*/*;q=0.8' },
    body: PORTAL_FORM,
  })
}

/** Relative files an index.html loads (src= and href=), e.g. assets/index-abc.js. */
export function referencedFiles(html: string): string[] {
  const refs = [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map(m => m[1] ?? '')
  return refs
    .filter(r => !/^(?:[a-z]+:)?\/\//i.test(r) && !r.startsWith('data:') && !r.startsWith('#'))
    .map(r => r.replace(/^\.\//, '').replace(/[?#].*$/, ''))
}
