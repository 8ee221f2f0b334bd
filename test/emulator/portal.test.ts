import { beforeEach, describe, expect, it } from 'vitest'
import { createPortal, type FrameContext, type Portal } from '@emulator/portal'
import { connect } from '@emulator/portal/testing'

const T0 = Date.UTC(2025, 0, 15, 9, 30, 0)
const ctx: FrameContext = { placement: 'CRM_COMPANY_DETAIL_TAB', placementOptions: { ID: '1' }, domain: 'localhost:7400', protocol: '0' }

let now = T0
let portal: Portal
beforeEach(() => {
  now = T0
  portal = createPortal({ now: () => now })
})

type Body = Record<string, unknown>
const body = (r: { body: unknown }) => r.body as Body

describe('REST answers', () => {
  it('wraps a result with the full time block', () => {
    const r = connect(portal).call('user.admin')
    expect(r.status).toBe(200)
    expect(body(r).result).toBe(true)
    expect(body(r).time).toEqual({
      start: T0 / 1000,
      finish: T0 / 1000,
      duration: 0,
      processing: 0,
      date_start: '2025-01-15T09:30:00+00:00',
      date_finish: '2025-01-15T09:30:00+00:00',
      operating: 0,
      operating_reset_at: T0 / 1000 + 600,
    })
    expect(r.dropConnection).toBeUndefined()
  })

  it('treats method names case-insensitively', () => {
    const c = connect(portal)
    expect(c.result('User.Admin')).toBe(true)
    expect(c.result('CRM.COMPANY.CONTACT.ITEMS.GET', { id: 2 })).toEqual([])
  })

  it('answers 404 ERROR_METHOD_NOT_FOUND for an unknown method', () => {
    const r = connect(portal).call('crm.company.contact.items.frobnicate', { id: 1 })
    expect(r.status).toBe(404)
    expect(body(r)).toEqual({ error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' })
  })
})

describe('tokens', () => {
  it('answers 401 NO_AUTH_FOUND without a token or with an unknown one', () => {
    for (const auth of [undefined, '', 'deadbeef', 42]) {
      const r = portal.rest('user.admin', auth === undefined ? {} : { auth })
      expect(r.status).toBe(401)
      expect(body(r)).toEqual({ error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' })
    }
  })

  it('issues random hex tokens valid for AUTH_EXPIRES = 3600 s of the injected clock', () => {
    const t = portal.refreshAuth()
    expect(t.AUTH_ID).toMatch(/^[0-9a-f]{32}$/)
    expect(t.REFRESH_ID).toMatch(/^[0-9a-f]{32}$/)
    expect(t.AUTH_ID).not.toBe(t.REFRESH_ID)
    expect(t.AUTH_EXPIRES).toBe(3600)
    expect(portal.refreshAuth().AUTH_ID).not.toBe(t.AUTH_ID)

    now = T0 + 3599_000
    expect(portal.rest('user.admin', { auth: t.AUTH_ID }).status).toBe(200)
    now = T0 + 3600_000
    const r = portal.rest('user.admin', { auth: t.AUTH_ID })
    expect(r.status).toBe(401)
    expect(body(r)).toEqual({ error: 'expired_token', error_description: 'The access token provided has expired.' })
  })

  it('expireTokens() expires every token issued so far; refreshAuth gives working ones', () => {
    const a = connect(portal)
    const b = connect(portal, 2)
    portal.expireTokens()
    expect(body(a.call('user.admin')).error).toBe('expired_token')
    expect(body(b.call('user.admin')).error).toBe('expired_token')
    const fresh = connect(portal)
    expect(fresh.result('user.admin')).toBe(true)
    expect(body(a.call('user.admin')).error).toBe('expired_token')
  })

  it('frame refreshAuth answers {AUTH_ID, REFRESH_ID, AUTH_EXPIRES} that work', () => {
    const t = portal.frame('refreshAuth', {}, ctx) as Record<string, unknown>
    expect(Object.keys(t).sort()).toEqual(['AUTH_EXPIRES', 'AUTH_ID', 'REFRESH_ID'])
    expect(portal.rest('user.admin', { auth: t.AUTH_ID }).status).toBe(200)
  })

  it('a token belongs to the user who was current when it was issued', () => {
    const admin = connect(portal)
    portal.update({ userId: 3 })
    const reader = connect(portal)
    expect(admin.result('user.admin')).toBe(true)
    expect(reader.result('user.admin')).toBe(false)
    expect(admin.result<Body>('profile').ID).toBe('1')
    expect(reader.result<Body>('profile').ID).toBe('3')
  })

  it('a role change applies to tokens already issued', () => {
    const editor = connect(portal, 2)
    expect(editor.call('crm.company.contact.add', { id: 1, fields: { CONTACT_ID: 1 } }).status).toBe(200)
    portal.setUserRole(2, 'readonly')
    expect(editor.call('crm.company.contact.add', { id: 1, fields: { CONTACT_ID: 1 } }).status).toBe(403)
  })
})

describe('log', () => {
  it('records every call with seq, params without auth, status and error code', () => {
    const c = connect(portal)
    c.call('crm.company.contact.items.get', { id: 1 })
    c.call('crm.company.contact.items.get', { id: 0 })
    portal.rest('user.admin', { auth: 'nope' })
    portal.logFrame('resizeWindow', { width: 100, height: 200 })
    const log = portal.log()
    expect(log.map(e => e.seq)).toEqual([1, 2, 3, 4])
    expect(log[0]).toMatchObject({ kind: 'rest', name: 'crm.company.contact.items.get', params: { id: 1 }, status: 200, at: T0 })
    expect(log[0]!.error).toBeUndefined()
    expect(JSON.stringify(log)).not.toContain(c.token)
    expect(log[1]).toMatchObject({ status: 400, error: '' })
    expect(log[2]).toMatchObject({ status: 401, error: 'NO_AUTH_FOUND' })
    expect(log[3]).toMatchObject({ kind: 'frame', name: 'resizeWindow', params: { width: 100, height: 200 } })
    expect(portal.log(2).map(e => e.seq)).toEqual([3, 4])
  })

  it('keeps numbering after clearLog and logs frame commands handled by the model', () => {
    connect(portal).call('user.admin')
    portal.clearLog()
    expect(portal.log()).toEqual([])
    portal.frame('getInitData', {}, ctx)
    expect(portal.log()).toEqual([expect.objectContaining({ seq: 2, kind: 'frame', name: 'getInitData' })])
  })

  it('logs a copy: mutating the params afterwards does not change the log', () => {
    const params = { id: 1, fields: { CONTACT_ID: 2 } }
    connect(portal).call('crm.company.contact.add', params)
    params.fields.CONTACT_ID = 99
    expect(portal.log().at(-1)!.params).toEqual({ id: 1, fields: { CONTACT_ID: 2 } })
  })
})

describe('frame', () => {
  it('getInitData carries every field of docs/bitrix24.md, Frame protocol', () => {
    const init = portal.frame('getInitData', {}, ctx) as Body
    expect(init).toEqual({
      DOMAIN: 'localhost:7400',
      PROTOCOL: '0',
      PATH: '/rest/',
      LANG: 'en',
      AUTH_ID: expect.stringMatching(/^[0-9a-f]{32}$/),
      AUTH_EXPIRES: 3600,
      REFRESH_ID: expect.stringMatching(/^[0-9a-f]{32}$/),
      MEMBER_ID: expect.stringMatching(/^[0-9a-f]{32}$/),
      IS_ADMIN: true,
      APP_OPTIONS: [],
      USER_OPTIONS: [],
      PLACEMENT: 'CRM_COMPANY_DETAIL_TAB',
      PLACEMENT_OPTIONS: { ID: '1' },
      INSTALL: false,
      FIRST_RUN: true,
    })
    expect(portal.rest('user.admin', { auth: init.AUTH_ID }).status).toBe(200)
  })

  it('passes PLACEMENT_OPTIONS through as sent (a JSON string stays a string)', () => {
    const init = portal.frame('getInitData', {}, { ...ctx, placementOptions: '{"ID":"32"}' }) as Body
    expect(init.PLACEMENT_OPTIONS).toBe('{"ID":"32"}')
  })

  it('FIRST_RUN is true only on a user\'s first opening', () => {
    expect((portal.frame('getInitData', {}, ctx) as Body).FIRST_RUN).toBe(true)
    expect((portal.frame('getInitData', {}, ctx) as Body).FIRST_RUN).toBe(false)
    portal.update({ userId: 2 })
    expect((portal.frame('getInitData', {}, ctx) as Body).FIRST_RUN).toBe(true)
  })

  it('INSTALL is true for an admin until setInstallFinish; never for others', () => {
    portal.update({ installed: false })
    portal.update({ userId: 2 })
    expect((portal.frame('getInitData', {}, ctx) as Body).INSTALL).toBe(false)
    portal.frame('setInstallFinish', {}, ctx) // a non-admin cannot finish the install
    expect(portal.settings().installed).toBe(false)
    portal.update({ userId: 1 })
    const init = portal.frame('getInitData', {}, ctx) as Body
    expect(init.INSTALL).toBe(true)
    expect(init.IS_ADMIN).toBe(true)
    portal.frame('setInstallFinish', {}, ctx)
    expect(portal.settings().installed).toBe(true)
    expect((portal.frame('getInitData', {}, ctx) as Body).INSTALL).toBe(false)
    expect(connect(portal).result<Body>('app.info').INSTALLED).toBe(true)
  })

  it('INSTALL reaches a non-admin too on a portal where users may install apps', () => {
    portal.update({ installed: false, usersMayInstall: true, userId: 2 })
    const init = portal.frame('getInitData', {}, ctx) as Body
    expect(init.INSTALL).toBe(true)
    expect(init.IS_ADMIN).toBe(false)
    // …but the admin-only methods still refuse them.
    const bind = portal.rest('placement.bind', { auth: String(init.AUTH_ID), PLACEMENT: 'CRM_COMPANY_DETAIL_TAB', HANDLER: 'https://app.test/' })
    expect(bind.status).toBe(403)
  })

  it('setAppOption saves for admins and is silently ignored for others', () => {
    portal.update({ userId: 2 })
    expect(portal.frame('setAppOption', { name: 'mode', value: 'x' }, ctx)).toEqual({})
    expect(portal.appOptions()).toEqual({})
    portal.update({ userId: 1 })
    portal.frame('setAppOption', { name: 'mode', value: 'compact' }, ctx)
    expect(portal.appOptions()).toEqual({ mode: 'compact' })
    expect((portal.frame('getInitData', {}, ctx) as Body).APP_OPTIONS).toEqual({ mode: 'compact' })
    expect(connect(portal, 3).result('app.option.get', { option: 'mode' })).toBe('compact')
  })

  it('setUserOption saves per user; USER_OPTIONS is [] when empty', () => {
    portal.update({ userId: 3 })
    portal.frame('setUserOption', { name: 'density', value: 'tight' }, ctx)
    expect((portal.frame('getInitData', {}, ctx) as Body).USER_OPTIONS).toEqual({ density: 'tight' })
    portal.update({ userId: 1 })
    expect((portal.frame('getInitData', {}, ctx) as Body).USER_OPTIONS).toEqual([])
    expect(portal.userOptions(3)).toEqual({ density: 'tight' })
  })

  it('answers undefined to pure UI commands but logs them', () => {
    expect(portal.frame('resizeWindow', { width: 1, height: 2 }, ctx)).toBeUndefined()
    expect(portal.frame('reloadData', {}, ctx)).toBeUndefined()
    expect(portal.log().map(e => e.name)).toEqual(['resizeWindow', 'reloadData'])
  })
})

describe('users and settings', () => {
  it('has an admin, an editor and a read-only user; user 1 is current', () => {
    expect(portal.users()).toEqual([
      { id: 1, name: 'Anna', lastName: 'Lindqvist', role: 'admin' },
      { id: 2, name: 'Boris', lastName: 'Petrov', role: 'editor' },
      { id: 3, name: 'Chiara', lastName: 'Rossi', role: 'readonly' },
    ])
    expect(portal.settings()).toEqual({
      userId: 1, lang: 'en', latencyMs: 0, networkMs: 0, installed: true, usersMayInstall: false,
      rateLimit: { perSecond: 2, burst: 50, enabled: true },
    })
  })

  it('update() merges, returns copies and refuses unknown users', () => {
    const s = portal.update({ lang: 'de', latencyMs: 250 })
    expect(s).toMatchObject({ lang: 'de', latencyMs: 250, userId: 1 })
    s.lang = 'ru'
    expect(portal.settings().lang).toBe('de')
    expect(() => portal.update({ userId: 99 })).toThrow(/unknown user/)
    expect((portal.frame('getInitData', {}, ctx) as Body).LANG).toBe('de')
  })

  it('setUserRole changes a role; unknown users throw', () => {
    portal.setUserRole(3, 'admin')
    expect(connect(portal, 3).result('user.admin')).toBe(true)
    expect(() => portal.setUserRole(42, 'admin')).toThrow()
  })

  it('reset() restores seed data and defaults but keeps tokens', () => {
    const c = connect(portal)
    c.result('crm.company.contact.items.delete', { id: 1 })
    portal.update({ lang: 'de', installed: false })
    portal.setUserRole(3, 'admin')
    portal.frame('setAppOption', { name: 'a', value: 1 }, ctx)
    portal.addFault({ method: 'user.admin', count: 1, kind: 'error', status: 500 })
    portal.reset()
    expect(portal.links(1)).toHaveLength(12)
    expect(portal.settings().lang).toBe('en')
    expect(portal.users()[2]!.role).toBe('readonly')
    expect(portal.appOptions()).toEqual({})
    expect(c.call('user.admin').status).toBe(200) // token kept, fault gone
  })

  it('seed: false starts with no companies or contacts', () => {
    const empty = createPortal({ seed: false, now: () => now })
    expect(empty.companies()).toEqual([])
    expect(connect(empty).result('crm.contact.list')).toEqual([])
    expect(empty.users()).toHaveLength(3)
  })
})
