/**
 * The emulator as a network and as a static host: `networkMs` delays every
 * HTTP exchange the app's frame makes (the handler POST, an app asset, a CORS
 * preflight, a REST request) and nothing else; `latencyMs` stays the portal's
 * server time on REST; the app server caches as deploy/nginx.conf does and
 * speaks HTTP/1.1.
 *
 * Times are checked with generous lower bounds only. That something is NOT
 * delayed is checked with a delay far longer than the test's timeout.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:http'
import type { Emulator } from '@emulator/server'
import { useFakeApp } from './support/fake-app'

let emu: Emulator
const ASSET = '/assets/index-B4x9Qm2z.js'
/** deploy/snippets/company-contacts.conf */
const IMMUTABLE = 'public, max-age=31536000, immutable'

const fakeApp = useFakeApp({
  'index.html': `<!doctype html><title>Net app</title><script type="module" src=".${ASSET}"></script>`,
  [ASSET.slice(1)]: 'console.log("app")',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
})
beforeAll(() => {
  emu = fakeApp.emulator
})

afterEach(() => {
  emu.portal.update({ networkMs: 0, latencyMs: 0 })
})

const token = (): string => emu.portal.refreshAuth().AUTH_ID

/** How long one exchange takes, ms, and its status. */
async function timed(run: () => Promise<Response>): Promise<{ ms: number, status: number }> {
  const t0 = performance.now()
  const res = await run()
  await res.arrayBuffer()
  return { ms: performance.now() - t0, status: res.status }
}

/** The frame's exchanges, as a browser makes them. */
const frame = {
  handlerPost: () => fetch(`${emu.appUrl}?DOMAIN=${emu.domain}&PROTOCOL=0&LANG=en&APP_SID=abc`, {
    method: 'POST', body: new URLSearchParams({ AUTH_ID: 'x', PLACEMENT: 'CRM_COMPANY_DETAIL_TAB', PLACEMENT_OPTIONS: '{"ID":"1"}' }),
  }),
  asset: () => fetch(`${emu.appOrigin}${ASSET}`),
  preflight: () => fetch(`${emu.portalOrigin}/rest/user.admin?bx24_request_id=${Math.random()}`, {
    method: 'OPTIONS',
    headers: { 'Origin': emu.appOrigin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
  }),
  rest: () => fetch(`${emu.portalOrigin}/rest/user.admin?bx24_request_id=${Math.random()}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'Origin': emu.appOrigin }, body: JSON.stringify({ auth: token() }),
  }),
}

/** What is not the frame's: the control API, the card page, the host page's own assets. */
const notFrame = {
  controlGet: () => fetch(`${emu.portalOrigin}/_emulator/settings`),
  controlPost: () => fetch(`${emu.portalOrigin}/_emulator/log`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"name":"ping"}' }),
  card: () => fetch(emu.cardUrl()),
  hostScript: () => fetch(`${emu.portalOrigin}/_emulator/assets/host.js`),
}

describe('networkMs', () => {
  it('is a setting next to latencyMs: 0 by default, 0…120000 through the control API', async () => {
    expect(emu.portal.settings()).toMatchObject({ networkMs: 0, latencyMs: 0 })
    const patch = (body: unknown) => fetch(`${emu.portalOrigin}/_emulator/settings`, { method: 'PATCH', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
    const ok = await patch({ networkMs: 40 })
    expect(ok.status).toBe(200)
    expect(await ok.json()).toMatchObject({ networkMs: 40, latencyMs: 0 })
    for (const bad of [-1, 120_001, 1.5, 'fast']) expect((await patch({ networkMs: bad })).status, String(bad)).toBe(400)
    expect(emu.portal.settings().networkMs).toBe(40)
  })

  it.each(Object.keys(frame) as Array<keyof typeof frame>)('delays the frame\'s %s by networkMs', async (kind) => {
    emu.portal.update({ networkMs: 300 })
    const { ms, status } = await timed(frame[kind])
    expect(status).toBeLessThan(300)
    expect(ms).toBeGreaterThanOrEqual(280)
  })

  it('costs a JSON REST call from the frame two exchanges: the preflight and the request', async () => {
    emu.portal.update({ networkMs: 200 })
    const t0 = performance.now()
    expect((await frame.preflight()).status).toBe(204)
    expect((await frame.rest()).status).toBe(200)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(380)
  })

  it('adds up with latencyMs on REST: network, then the portal\'s own time', async () => {
    emu.portal.update({ networkMs: 200, latencyMs: 300 })
    const { ms, status } = await timed(frame.rest)
    expect(status).toBe(200)
    expect(ms).toBeGreaterThanOrEqual(480)
  })

  it('does not delay the control API, the card page or the host page\'s assets', async () => {
    // two minutes a request: were any of these delayed, the test would time out
    emu.portal.update({ networkMs: 120_000 })
    for (const [kind, run] of Object.entries(notFrame)) expect((await run()).status, kind).toBe(200)
  })
})

describe('latencyMs', () => {
  it('is the portal\'s server time: REST only, not the preflight, the handler or the assets', async () => {
    emu.portal.update({ latencyMs: 300 })
    const { ms } = await timed(frame.rest)
    expect(ms).toBeGreaterThanOrEqual(280)
    // two minutes a REST call: were any of these delayed by it, the test would time out
    emu.portal.update({ latencyMs: 120_000 })
    for (const kind of ['preflight', 'handlerPost', 'asset'] as const) expect((await frame[kind]()).status, kind).toBeLessThan(300)
  })
})

describe('the app server caches as deploy/nginx.conf does', () => {
  it('keeps hashed bundles under assets/ for a year, immutable', async () => {
    const res = await fetch(`${emu.appOrigin}${ASSET}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE)
  })

  it('revalidates the pages and everything else on every load (no-cache), GET and POST alike', async () => {
    for (const [method, path] of [['GET', '/'], ['GET', '/index.html'], ['POST', '/?DOMAIN=x'], ['GET', '/crm/tab'], ['GET', '/favicon.svg']] as const) {
      const res = await fetch(`${emu.appOrigin}${path}`, { method, body: method === 'POST' ? 'AUTH_ID=x' : undefined })
      expect(res.status, `${method} ${path}`).toBe(200)
      expect(res.headers.get('cache-control'), `${method} ${path}`).toBe('no-cache')
    }
  })

  it('answers a revalidation with 304 when the file has not changed, by ETag or by date', async () => {
    const first = await fetch(`${emu.appOrigin}/`)
    const etag = first.headers.get('etag')
    const modified = first.headers.get('last-modified')
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/)
    expect(modified).toMatch(/GMT$/)
    const byTag = await fetch(`${emu.appOrigin}/`, { headers: { 'If-None-Match': etag! } })
    expect(byTag.status).toBe(304)
    expect(byTag.headers.get('cache-control')).toBe('no-cache')
    expect(await byTag.text()).toBe('')
    expect((await fetch(`${emu.appOrigin}/`, { headers: { 'If-Modified-Since': modified! } })).status).toBe(304)
    expect((await fetch(`${emu.appOrigin}/`, { headers: { 'If-None-Match': '"0-0"' } })).status).toBe(200)
    // the form POST that opens the handler always gets the page
    expect((await fetch(`${emu.appOrigin}/`, { method: 'POST', headers: { 'If-None-Match': etag! }, body: 'AUTH_ID=x' })).status).toBe(200)
  })

  it('never answers a missing file under assets/ with the page', async () => {
    for (const path of ['/assets/index-gone.js', '/assets/no-extension']) {
      const res = await fetch(`${emu.appOrigin}${path}`)
      expect(res.status, path).toBe(404)
    }
  })

  it('speaks HTTP/1.1', async () => {
    const version = await new Promise<string>((resolve, reject) => {
      request(`${emu.appOrigin}${ASSET}`, res => { res.resume(); resolve(res.httpVersion) }).on('error', reject).end()
    })
    expect(version).toBe('1.1')
  })
})

describe('exchanges(): what the frame fetched', () => {
  it('logs the handler POST and assets (app), each preflight and each REST call, with their answers; not the card, the host or the control API', async () => {
    const since = emu.exchanges().at(-1)?.seq ?? 0
    await (await frame.handlerPost()).text()
    await (await frame.asset()).text()
    await (await frame.preflight()).text()
    await (await frame.rest()).text()
    await (await notFrame.card()).text()
    await (await notFrame.hostScript()).text()
    await (await notFrame.controlGet()).text()
    const seen = emu.exchanges(since).map(({ kind, method, path, status }) => ({ kind, method, path, status }))
    expect(seen).toEqual([
      { kind: 'app', method: 'POST', path: '/', status: 200 },
      { kind: 'app', method: 'GET', path: ASSET, status: 200 },
      { kind: 'preflight', method: 'OPTIONS', path: '/rest/user.admin', status: 204 },
      { kind: 'rest', method: 'POST', path: '/rest/user.admin', status: 200 },
    ])
    expect(emu.exchanges(since + 3).map((e) => e.kind)).toEqual(['rest'])
  })
})
