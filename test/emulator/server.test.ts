/**
 * The emulator server over real HTTP (fetch), with the real portal model:
 * REST, CORS, latency, faults, the app's static origin, the control API and
 * the host page's HTML.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { get } from 'node:http'
import { startEmulator, type Emulator } from '@emulator/server'
import { useFakeApp } from './support/fake-app'

let emu: Emulator
let companyId: number
let contactIds: number[]

const fakeApp = useFakeApp({
  'index.html': '<!doctype html><title>Test app</title><script type="module" src="./assets/main.js"></script>',
  'assets/main.js': 'console.log("app")',
  'assets/style.css': 'body{}',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
})
beforeAll(() => {
  emu = fakeApp.emulator
})

beforeEach(() => {
  emu.portal.reset()
  emu.portal.clearLog()
  contactIds = [
    emu.portal.addContact({ name: 'Iris', lastName: 'Vale', post: 'Buyer', phones: ['+1 555 0100 1001'], emails: ['iris.vale@example.test'] }),
    emu.portal.addContact({ name: 'Tomas', lastName: 'Reed' }),
  ]
  companyId = emu.portal.addCompany({ title: 'Harbor <Test> & Sons', contactIds })
})

const token = (): string => emu.portal.refreshAuth().AUTH_ID

async function rest(method: string, params: Record<string, unknown>, init: RequestInit = {}): Promise<{ status: number, body: Record<string, unknown>, headers: Headers }> {
  const res = await fetch(`${emu.portalOrigin}/rest/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(params),
    ...init,
  })
  return { status: res.status, body: await res.json() as Record<string, unknown>, headers: res.headers }
}

/** GET without URL normalization (fetch resolves `..` before sending). */
function rawGet(url: string): Promise<{ status: number, body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url)
    get({ host: u.hostname, port: u.port, path: url.slice(u.origin.length) }, res => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => { body += c })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    }).on('error', reject)
  })
}

async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number, body: T }> {
  const res = await fetch(`${emu.portalOrigin}/_emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() as T }
}

describe('origins', () => {
  it('puts the portal on localhost and the app on 127.0.0.1: two different sites', () => {
    expect(emu.portalOrigin).toMatch(/^http:\/\/localhost:\d+$/)
    expect(emu.appOrigin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(emu.domain).toBe(emu.portalOrigin.replace('http://', ''))
    expect(emu.appUrl).toBe(`${emu.appOrigin}/`)
  })

  it('answers on both loopback addresses, whichever `localhost` resolves to', async () => {
    const port = new URL(emu.portalOrigin).port
    for (const host of ['127.0.0.1', '[::1]']) {
      const res = await fetch(`http://${host}:${port}/_emulator/info`)
      expect(res.status).toBe(200)
    }
  })

  it('uses an already-running app as the app origin', async () => {
    const other = await startEmulator({ appUrl: 'http://127.0.0.1:5999/app/', quiet: true })
    try {
      expect(other.appOrigin).toBe('http://127.0.0.1:5999')
      const html = await (await fetch(other.cardUrl(1))).text()
      expect(html).toContain('action="http://127.0.0.1:5999/app/?DOMAIN=')
    } finally {
      await other.close()
    }
  })
})

describe('REST', () => {
  it('round-trips a JSON call through the model', async () => {
    const r = await rest('crm.company.contact.items.get', { id: companyId, auth: token() })
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toContain('application/json')
    expect((r.body.result as Array<{ CONTACT_ID: number }>).map(x => x.CONTACT_ID)).toEqual(contactIds)
    expect(r.body.time).toMatchObject({ start: expect.any(Number), operating_reset_at: expect.any(Number) })
    const last = emu.portal.log().at(-1)
    expect(last).toMatchObject({ kind: 'rest', name: 'crm.company.contact.items.get', status: 200 })
  })

  it('accepts /rest/<method>.json, the SDK query telemetry, and form-urlencoded bodies', async () => {
    const auth = token()
    const res = await fetch(`${emu.portalOrigin}/rest/crm.company.contact.items.get.json?bx24_request_id=abc&bx24_sdk_ver=2.2.0`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `id=${companyId}&auth=${auth}`,
    })
    expect(res.status).toBe(200)
    const body = await res.json() as { result: unknown[] }
    expect(body.result).toHaveLength(2)
    expect(emu.portal.log().at(-1)?.params).not.toHaveProperty('bx24_request_id')
  })

  it('parses PHP-style nested form fields', async () => {
    const auth = token()
    const form = new URLSearchParams()
    form.set('auth', auth)
    form.set('id', String(companyId))
    form.append('items[0][CONTACT_ID]', String(contactIds[1]))
    form.append('items[0][SORT]', '10')
    const res = await fetch(`${emu.portalOrigin}/rest/crm.company.contact.items.set`, { method: 'POST', body: form })
    expect(res.status).toBe(200)
    expect(emu.portal.links(companyId).map(l => l.CONTACT_ID)).toEqual([contactIds[1]])
  })

  it('passes error statuses and bodies through', async () => {
    const noAuth = await rest('crm.company.contact.items.get', { id: companyId })
    expect(noAuth.status).toBe(401)
    expect(noAuth.body.error).toBe('NO_AUTH_FOUND')

    const unknown = await rest('no.such.method', { auth: token() })
    expect(unknown.status).toBe(404)
    expect(unknown.body.error).toBe('ERROR_METHOD_NOT_FOUND')

    const auth = token()
    emu.portal.expireTokens()
    const expired = await rest('user.admin', { auth })
    expect(expired.status).toBe(401)
    expect(expired.body.error).toBe('expired_token')

    emu.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'error', status: 503, error: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' })
    const limited = await rest('crm.company.contact.items.delete', { id: companyId, auth: token() })
    expect(limited.status).toBe(503)
    expect(limited.body).toMatchObject({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' })
    expect(emu.portal.links(companyId)).toHaveLength(2)
  })

  it('answers a bad JSON body with 400 INVALID_REQUEST', async () => {
    const res = await fetch(`${emu.portalOrigin}/rest/user.admin`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"auth":' })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: 'INVALID_REQUEST' })
  })

  describe('refuses parameter names that would reach Object.prototype, and nesting past PHP\'s limit', () => {
    // Without the refusal, one such request changes every object in the emulator until it restarts.
    afterEach(() => {
      for (const key of ['dropConnection', 'polluted']) delete (Object.prototype as Record<string, unknown>)[key]
    })

    const deep = `a${'[b]'.repeat(65)}=1`
    it.each([
      ['the query', (auth: string) => fetch(`${emu.portalOrigin}/rest/profile?auth=${auth}&__proto__[dropConnection]=1`)],
      ['the query, constructor[prototype]', (auth: string) => fetch(`${emu.portalOrigin}/rest/profile?auth=${auth}&constructor[prototype][polluted]=1`)],
      ['a form body', (auth: string) => fetch(`${emu.portalOrigin}/rest/profile`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `auth=${auth}&fields[__proto__][polluted]=1` })],
      ['a JSON body', (auth: string) => fetch(`${emu.portalOrigin}/rest/profile`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: `{"auth":"${auth}","fields":{"__proto__":{"polluted":1}}}` })],
      ['a batch sub-command', (auth: string) => rest('batch', { auth, cmd: { p: 'profile?__proto__[polluted]=1' } }).then(r => new Response(JSON.stringify(r.body), { status: r.status }))],
      ['brackets 65 deep', (auth: string) => fetch(`${emu.portalOrigin}/rest/profile?auth=${auth}&${deep}`)],
      ['JSON 66 deep', (auth: string) => fetch(`${emu.portalOrigin}/rest/profile`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: `{"auth":"${auth}","a":${'['.repeat(66)}${']'.repeat(66)}}` })],
    ])('in %s: 400 with a Bitrix-shaped body, and later calls still work', async (_where, send) => {
      const res = await send(token())
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({ error: expect.stringMatching(/^[A-Z_]+$/), error_description: expect.any(String) })
      expect(Object.prototype).not.toHaveProperty('dropConnection')
      expect(Object.prototype).not.toHaveProperty('polluted')
      const after = await rest('profile', { auth: token() })
      expect(after.status).toBe(200)
      expect(after.body.result).toMatchObject({ ID: expect.anything() })
    })

    it('still reads 64 levels of brackets, as PHP does', async () => {
      const res = await fetch(`${emu.portalOrigin}/rest/profile?auth=${token()}&a${'[b]'.repeat(64)}=1`)
      expect(res.status).toBe(200)
    })
  })

  it('applies settings().latencyMs before answering', async () => {
    emu.portal.update({ latencyMs: 300 })
    const auth = token()
    const t0 = performance.now()
    const r = await rest('user.admin', { auth })
    expect(r.status).toBe(200)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(280)
    emu.portal.update({ latencyMs: 0 })
    const t1 = performance.now()
    await rest('user.admin', { auth })
    expect(performance.now() - t1).toBeLessThan(250)
  })

  it('drops the connection on a drop fault, after applying the call', async () => {
    emu.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'drop' })
    await expect(rest('crm.company.contact.items.delete', { id: companyId, auth: token() })).rejects.toThrow()
    expect(emu.portal.links(companyId)).toEqual([])
    // The fault is used up: the next call answers normally.
    const again = await rest('crm.company.contact.items.delete', { id: companyId, auth: token() })
    expect(again.status).toBe(200)
  })
})

describe('CORS, as a portal\'s rest module answers it', () => {
  /** Every Access-Control-* header of an answer, names lower-cased. */
  const acHeaders = (h: Headers): Record<string, string> =>
    Object.fromEntries([...h.entries()].filter(([name]) => name.startsWith('access-control-')))
  const PORTAL_CORS = { 'access-control-allow-origin': '*', 'access-control-allow-headers': 'origin, content-type, accept' }

  it('answers a preflight from any origin with exactly Allow-Origin * and Allow-Headers origin, content-type, accept: no Max-Age, no Vary', async () => {
    for (const origin of [emu.appOrigin, 'https://other-app.example']) {
      const res = await fetch(`${emu.portalOrigin}/rest/crm.company.contact.items.get?bx24_request_id=1`, {
        method: 'OPTIONS',
        headers: {
          'Origin': origin,
          'Access-Control-Request-Method': 'POST',
          // axios in the browser: JSON body (Content-Type) and Accept
          'Access-Control-Request-Headers': 'content-type',
        },
      })
      expect(res.status).toBe(204)
      expect(acHeaders(res.headers)).toEqual(PORTAL_CORS)
      expect(res.headers.get('vary')).toBeNull()
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    }
    expect(emu.portal.log()).toEqual([])
  })

  it('puts the same headers on every REST answer, errors included', async () => {
    const headers = { 'Content-Type': 'application/json', 'Origin': emu.appOrigin }
    const ok = await rest('user.admin', { auth: token() }, { headers })
    expect(ok.status).toBe(200)
    const noAuth = await rest('user.admin', {}, { headers })
    expect(noAuth.status).toBe(401)
    const unknown = await rest('no.such.method', { auth: token() }, { headers })
    expect(unknown.status).toBe(404)
    const badJson = await fetch(`${emu.portalOrigin}/rest/user.admin`, { method: 'POST', headers, body: '{"auth":' })
    expect(badJson.status).toBe(400)
    const put = await fetch(`${emu.portalOrigin}/rest/user.admin`, { method: 'PUT', headers, body: '{}' })
    expect(put.status).toBe(405)
    const noOrigin = await rest('user.admin', { auth: token() })
    for (const h of [ok.headers, noAuth.headers, unknown.headers, badJson.headers, put.headers, noOrigin.headers]) {
      expect(acHeaders(h)).toEqual(PORTAL_CORS)
      expect(h.get('vary')).toBeNull()
    }
  })
})

describe('the app origin (appDir)', () => {
  it('answers GET and form POST on any page path with the app HTML', async () => {
    for (const path of ['/', '/index.html', '/crm/tab/', '/deep/page?DOMAIN=x']) {
      for (const method of ['GET', 'POST']) {
        const res = await fetch(`${emu.appOrigin}${path}`, {
          method,
          body: method === 'POST' ? new URLSearchParams({ AUTH_ID: 'x', PLACEMENT: 'CRM_COMPANY_DETAIL_TAB', PLACEMENT_OPTIONS: '{"ID":"1"}' }) : undefined,
        })
        expect(res.status, `${method} ${path}`).toBe(200)
        expect(res.headers.get('content-type')).toContain('text/html')
        expect(await res.text()).toContain('<title>Test app</title>')
      }
    }
  })

  it('serves assets with their content types and 404s missing ones', async () => {
    const js = await fetch(`${emu.appOrigin}/assets/main.js`)
    expect(js.headers.get('content-type')).toContain('text/javascript')
    const css = await fetch(`${emu.appOrigin}/assets/style.css`)
    expect(css.headers.get('content-type')).toContain('text/css')
    const svg = await fetch(`${emu.appOrigin}/favicon.svg`)
    expect(svg.headers.get('content-type')).toContain('image/svg+xml')
    expect((await fetch(`${emu.appOrigin}/assets/missing.js`)).status).toBe(404)
    // fetch normalizes dot segments itself; an encoded slash reaches the server as is
    const escape = await rawGet(`${emu.appOrigin}/..%2f..%2f..%2fetc%2fpasswd`)
    expect(escape.status).toBe(403)
    expect(escape.body).not.toContain('root:')
  })
})

describe('control API', () => {
  it('reads and patches settings, validating input', async () => {
    const s = await control<Record<string, unknown>>('GET', 'settings')
    expect(s.body).toMatchObject({ userId: 1, lang: 'en', latencyMs: 0, installed: true })
    const p = await control('PATCH', 'settings', { userId: 3, lang: 'de', latencyMs: 50, installed: false, rateLimit: { enabled: false } })
    expect(p.body).toMatchObject({ userId: 3, lang: 'de', latencyMs: 50, installed: false, rateLimit: { enabled: false, perSecond: 2 } })
    expect(emu.portal.settings().userId).toBe(3)
    expect((await control('PATCH', 'settings', { userId: 99 })).status).toBe(400)
    expect((await control('PATCH', 'settings', { lang: 'english' })).status).toBe(400)
    expect((await control('PATCH', 'settings', { nonsense: 1 })).status).toBe(400)
  })

  it('lists users and switches roles; IS_ADMIN follows the admin role', async () => {
    const users = await control<Array<{ id: number, role: string, isAdmin: boolean }>>('GET', 'users')
    expect(users.body.find(u => u.id === 2)).toMatchObject({ role: 'editor', isAdmin: false })
    const after = await control<Array<{ id: number, role: string, isAdmin: boolean }>>('PUT', 'users/2/role', { role: 'admin' })
    expect(after.body.find(u => u.id === 2)).toMatchObject({ role: 'admin', isAdmin: true })
    emu.portal.update({ userId: 2 })
    const init = await control<{ answer: { IS_ADMIN: boolean } }>('POST', 'frame', { command: 'getInitData', ctx: { placement: 'CRM_COMPANY_DETAIL_TAB', placementOptions: { ID: '1' } } })
    expect(init.body.answer.IS_ADMIN).toBe(true)
    expect((await control('PUT', 'users/2/role', { role: 'owner' })).status).toBe(400)
    expect((await control('PUT', 'users/42/role', { role: 'admin' })).status).toBe(404)
  })

  it('answers frame commands through the model, with tokens REST accepts', async () => {
    const init = await control<{ answer: Record<string, unknown> }>('POST', 'frame', {
      command: 'getInitData',
      ctx: { placement: 'CRM_COMPANY_DETAIL_TAB', placementOptions: '{"ID":"5"}', domain: emu.domain, protocol: '0' },
    })
    expect(init.body.answer).toMatchObject({ DOMAIN: emu.domain, PROTOCOL: '0', PLACEMENT: 'CRM_COMPANY_DETAIL_TAB', PLACEMENT_OPTIONS: '{"ID":"5"}', LANG: 'en' })
    const r = await rest('user.admin', { auth: init.body.answer.AUTH_ID })
    expect(r.body.result).toBe(true)
    const ui = await control('POST', 'frame', { command: 'resizeWindow', params: { height: 500 }, ctx: {} })
    expect(ui.body).toEqual({})
    expect(emu.portal.log().filter(e => e.kind === 'frame').map(e => e.name)).toEqual(['getInitData', 'resizeWindow'])
  })

  it('expires tokens', async () => {
    const auth = token()
    expect((await control('POST', 'tokens/expire')).status).toBe(200)
    expect((await rest('user.admin', { auth })).body.error).toBe('expired_token')
    const fresh = await control<{ AUTH_ID: string }>('POST', 'tokens')
    expect((await rest('user.admin', { auth: fresh.body.AUTH_ID })).status).toBe(200)
  })

  it('adds and clears faults', async () => {
    expect((await control('POST', 'faults', { method: 'user.admin', count: 2, status: 500, error: 'INTERNAL_SERVER_ERROR' })).status).toBe(200)
    expect((await rest('user.admin', { auth: token() })).status).toBe(500)
    expect((await control('DELETE', 'faults')).status).toBe(200)
    expect((await rest('user.admin', { auth: token() })).status).toBe(200)
    expect((await control('POST', 'faults', { method: 'user.admin', kind: 'explode' })).status).toBe(400)
  })

  it('arms hooks: a colleague links before the request runs, and a held answer arrives after a later one', async () => {
    const newcomer = emu.portal.addContact({ name: 'Racing', lastName: 'Colleague' })
    expect((await control('POST', 'hooks', { method: 'crm.company.contact.items.get', link: { companyId, contactId: newcomer, sort: 5 } })).status).toBe(200)
    const seen = await rest('crm.company.contact.items.get', { id: companyId, auth: token() })
    expect((seen.body.result as Array<{ CONTACT_ID: number }>)[0]!.CONTACT_ID).toBe(newcomer)
    expect((await control('POST', 'hooks', { method: 'profile', holdMs: 300 })).status).toBe(200)
    const order: string[] = []
    const slow = rest('profile', { auth: token() }).then(() => order.push('held'))
    await new Promise((resolve) => setTimeout(resolve, 50))
    await rest('user.admin', { auth: token() }).then(() => order.push('later'))
    await slow
    expect(order).toEqual(['later', 'held'])
    expect((await control('POST', 'hooks', { method: 'profile', link: { companyId, contactId: newcomer } })).status).toBe(200)
    expect((await control('DELETE', 'hooks')).status).toBe(200)
    expect((await control('POST', 'hooks', { method: 'profile' })).status).toBe(400)
    expect((await control('POST', 'hooks', { method: 'profile', holdMs: -1 })).status).toBe(400)
    expect((await control('POST', 'hooks', { method: 'profile', link: { companyId: 'x', contactId: 1 } })).status).toBe(400)
  })

  it('adds companies and contacts, sets and reads links, lists companies', async () => {
    const contact = await control<{ id: number }>('POST', 'contacts', { name: 'Wren', lastName: 'Hale', emails: ['wren@example.test'] })
    const company = await control<{ id: number, cardUrl: string }>('POST', 'companies', { title: 'Cedar Works', contacts: 2, contactIds: [contact.body.id] })
    expect(company.body.cardUrl).toBe(`${emu.portalOrigin}/crm/company/details/${company.body.id}/`)
    const links = await control<Array<{ CONTACT_ID: number }>>('GET', `companies/${company.body.id}/links`)
    expect(links.body.map(l => l.CONTACT_ID)).toContain(contact.body.id)
    expect(links.body).toHaveLength(3)
    const set = await control<Array<{ CONTACT_ID: number, SORT: number }>>('PUT', `companies/${company.body.id}/links`, { items: [{ CONTACT_ID: contact.body.id, SORT: 70 }] })
    expect(set.body).toMatchObject([{ CONTACT_ID: contact.body.id, SORT: 70 }])
    const list = await control<Array<{ id: number, title: string, contactCount: number }>>('GET', 'companies')
    expect(list.body.find(c => c.id === company.body.id)).toEqual({ id: company.body.id, title: 'Cedar Works', contactCount: 1 })
    expect((await control('PUT', `companies/${company.body.id}/links`, { items: [{ CONTACT_ID: 999999 }] })).status).toBe(400)
    expect((await control('POST', 'companies', {})).status).toBe(400)
  })

  it('reads the log since a sequence number, logs frame messages, clears', async () => {
    await rest('user.admin', { auth: token() })
    const all = await control<Array<{ seq: number, name: string }>>('GET', 'log')
    expect(all.body.map(e => e.name)).toEqual(['user.admin'])
    const seq = all.body[0]!.seq
    expect((await control('POST', 'log', { name: 'openPath', params: { path: '/crm/contact/details/1/' } })).status).toBe(200)
    const since = await control<Array<{ kind: string, name: string }>>('GET', `log?since=${seq}`)
    expect(since.body).toMatchObject([{ kind: 'frame', name: 'openPath' }])
    await control('DELETE', 'log')
    expect((await control<unknown[]>('GET', 'log')).body).toEqual([])
  })

  it('resets the portal', async () => {
    emu.portal.update({ lang: 'ru' })
    const r = await control<{ settings: { lang: string } }>('POST', 'reset')
    expect(r.body.settings.lang).toBe('en')
    expect(emu.portal.companies().some(c => c.id === companyId)).toBe(false)
  })

  it('refuses requests from the app origin (or any other site)', async () => {
    for (const origin of [emu.appOrigin, 'http://evil.example']) {
      const res = await fetch(`${emu.portalOrigin}/_emulator/reset`, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'text/plain' }, body: '{}' })
      expect(res.status).toBe(403)
      expect(res.headers.get('access-control-allow-origin')).toBeNull()
    }
    expect(emu.portal.companies().some(c => c.id === companyId)).toBe(true)
    const own = await fetch(`${emu.portalOrigin}/_emulator/settings`, { headers: { Origin: emu.portalOrigin } })
    expect(own.status).toBe(200)
  })

  it('answers unknown routes with 404', async () => {
    expect((await control('GET', 'nope')).status).toBe(404)
  })
})

describe('host page', () => {
  const config = (html: string): Record<string, unknown> => {
    const m = /<script type="application\/json" id="emu-config">(.*?)<\/script>/s.exec(html)
    return JSON.parse(m![1]!) as Record<string, unknown>
  }

  it('loads the app in an iframe named DOMAIN|PROTOCOL|APP_SID by form POST', async () => {
    const res = await fetch(emu.cardUrl(companyId))
    expect(res.status).toBe(200)
    const html = await res.text()
    const cfg = config(html)
    const sid = cfg.appSid as string
    expect(sid).toMatch(/^[0-9a-f]{32}$/)
    const name = `${emu.domain}|0|${sid}`
    expect(html).toContain(`<iframe id="app-frame" class="b24-app-frame" name="${name}"`)
    expect(html).toContain(`method="post" target="${name}"`)
    const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&')
    const url = new URL(action)
    expect(url.origin).toBe(emu.appOrigin)
    expect(Object.fromEntries(url.searchParams)).toEqual({ DOMAIN: emu.domain, PROTOCOL: '0', LANG: 'en', APP_SID: sid })
    for (const field of ['AUTH_ID', 'AUTH_EXPIRES', 'REFRESH_ID', 'member_id', 'status', 'PLACEMENT', 'PLACEMENT_OPTIONS']) {
      expect(html).toContain(`name="${field}"`)
    }
    expect(html).toContain('name="PLACEMENT" value="CRM_COMPANY_DETAIL_TAB"')
    expect(html).toContain(`name="PLACEMENT_OPTIONS" value="{&quot;ID&quot;:&quot;${companyId}&quot;}"`)
    // the posted AUTH_ID is a real token of the current user
    const auth = /name="AUTH_ID" value="([0-9a-f]+)"/.exec(html)![1]!
    expect((await rest('user.admin', { auth })).status).toBe(200)
    // the card itself
    expect(html).toContain('Harbor &lt;Test&gt; &amp; Sons')
    expect(html).toMatch(/role="tab"[^>]*aria-selected="true"[^>]*>Contacts</)
    expect(cfg).toMatchObject({ placement: 'CRM_COMPANY_DETAIL_TAB', placementOptions: { ID: String(companyId) }, companyId, silent: false, appOrigin: emu.appOrigin })
  })

  it('posts the member_id that getInitData answers: one portal, one member_id', async () => {
    const html = await (await fetch(emu.cardUrl(companyId))).text()
    const posted = /name="member_id" value="([^"]*)"/.exec(html)?.[1]
    const init = await control<{ answer: { MEMBER_ID: string } }>('POST', 'frame', {
      command: 'getInitData',
      ctx: { placement: 'CRM_COMPANY_DETAIL_TAB', placementOptions: { ID: String(companyId) }, domain: emu.domain, protocol: '0' },
    })
    expect(init.body.answer.MEMBER_ID).toMatch(/^[0-9a-f]{32}$/)
    expect(posted).toBe(init.body.answer.MEMBER_ID)
    // and the app's own page posts the same one
    const page = await (await fetch(emu.cardUrl(companyId, { placement: 'DEFAULT' }))).text()
    expect(/name="member_id" value="([^"]*)"/.exec(page)?.[1]).toBe(init.body.answer.MEMBER_ID)
  })

  it('sends PLACEMENT_OPTIONS the way ?opts= asks', async () => {
    const cases: Array<[string, unknown, string | undefined]> = [
      ['json-string', JSON.stringify({ ID: String(companyId) }), JSON.stringify({ ID: String(companyId) })],
      ['missing', undefined, undefined],
      ['bad', { ID: 'not-a-number' }, JSON.stringify({ ID: 'not-a-number' })],
      ['lower', { id: String(companyId) }, JSON.stringify({ id: String(companyId) })],
      ['empty', [], '[]'],
    ]
    for (const [mode, ctx, field] of cases) {
      const cfg = config(await (await fetch(emu.cardUrl(companyId, { opts: mode as 'bad' }))).text())
      expect(cfg.placementOptions, mode).toEqual(ctx)
      expect(cfg.placementOptionsField, mode).toEqual(field)
    }
    const missing = await (await fetch(emu.cardUrl(companyId, { opts: 'missing' }))).text()
    expect(missing).not.toContain('name="PLACEMENT_OPTIONS"')
  })

  it('opens the app page (DEFAULT), silent mode and page switches', async () => {
    const def = await (await fetch(emu.cardUrl(undefined, { placement: 'DEFAULT' }))).text()
    expect(def).toContain('name="PLACEMENT" value="DEFAULT"')
    expect(config(def)).toMatchObject({ placement: 'DEFAULT', placementOptions: [] })

    const silent = config(await (await fetch(emu.cardUrl(companyId, { silent: true }))).text())
    expect(silent).toMatchObject({ silent: true, ignore: [] })
    const some = config(await (await fetch(emu.cardUrl(companyId, { ignore: ['refreshAuth', 'setInstallFinish'] }))).text())
    expect(some).toMatchObject({ silent: false, ignore: ['refreshAuth', 'setInstallFinish'] })

    const switched = await (await fetch(emu.cardUrl(companyId, { user: 3, lang: 'de', install: true }))).text()
    expect(switched).toContain('LANG=de')
    expect(emu.portal.settings()).toMatchObject({ userId: 3, lang: 'de', installed: false })
  })

  it('serves the start page, the contact page and the host assets', async () => {
    const start = await (await fetch(`${emu.portalOrigin}/`)).text()
    expect(start).toContain(`href="/crm/company/details/${companyId}/"`)
    expect(start).toContain('Harbor &lt;Test&gt; &amp; Sons')

    const contact = await fetch(`${emu.portalOrigin}/crm/contact/details/${contactIds[0]}/?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER`)
    expect(contact.status).toBe(200)
    expect(await contact.text()).toContain('class="b24-slider-page"')

    const js = await fetch(`${emu.portalOrigin}/_emulator/assets/host.js`)
    expect(js.headers.get('content-type')).toContain('text/javascript')
    const code = await js.text()
    // one bundle (esbuild writes double quotes): the frame listener in it, no import left
    expect(code).toMatch(/addEventListener\(["']message["']/)
    expect(code).not.toMatch(/^import /m)
    const css = await fetch(`${emu.portalOrigin}/_emulator/assets/host.css`)
    expect(css.headers.get('content-type')).toContain('text/css')
    expect((await fetch(`${emu.portalOrigin}/somewhere/else/`)).status).toBe(404)
  })
})
