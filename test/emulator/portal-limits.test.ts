import { beforeEach, describe, expect, it } from 'vitest'
import { createPortal, type Portal } from '@emulator/portal'
import { connect, type PortalClient } from '@emulator/portal/testing'

const T0 = Date.UTC(2025, 0, 1)
let now = T0
let portal: Portal
let admin: PortalClient
beforeEach(() => {
  now = T0
  portal = createPortal({ now: () => now })
  admin = connect(portal, 1)
})
const body = (r: { body: unknown }) => r.body as Record<string, unknown>

describe('rate limit (leaky bucket, 2/s, burst 50)', () => {
  it('lets a burst of 50 through, then answers 503 QUERY_LIMIT_EXCEEDED', () => {
    for (let i = 0; i < 50; i++) expect(admin.call('user.admin').status).toBe(200)
    const r = admin.call('user.admin')
    expect(r.status).toBe(503)
    expect(body(r)).toEqual({ error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' })
    expect(portal.log().at(-1)).toMatchObject({ status: 503, error: 'QUERY_LIMIT_EXCEEDED' })
  })

  it('drains 2 requests a second on the injected clock', () => {
    for (let i = 0; i < 50; i++) admin.call('user.admin')
    now += 499
    expect(admin.call('user.admin').status).toBe(503)
    now += 1 // 0.5 s → one slot
    expect(admin.call('user.admin').status).toBe(200)
    expect(admin.call('user.admin').status).toBe(503)
    now += 5000 // 10 slots
    for (let i = 0; i < 10; i++) expect(admin.call('user.admin').status).toBe(200)
    expect(admin.call('user.admin').status).toBe(503)
    now += 60_000
    for (let i = 0; i < 50; i++) expect(admin.call('user.admin').status).toBe(200)
  })

  it('counts a whole batch as one request', () => {
    for (let i = 0; i < 49; i++) admin.call('user.admin')
    const cmd = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'user.admin']))
    expect(admin.call('batch', { cmd }).status).toBe(200)
    expect(admin.call('user.admin').status).toBe(503)
  })

  it('counts calls with a bad token too, but a refused call does not fill the bucket', () => {
    for (let i = 0; i < 50; i++) portal.rest('user.admin', { auth: 'bad' })
    expect(admin.call('user.admin').status).toBe(503)
    for (let i = 0; i < 100; i++) admin.call('user.admin')
    now += 500
    expect(admin.call('user.admin').status).toBe(200)
  })

  it('follows settings().rateLimit, and can be switched off', () => {
    portal.update({ rateLimit: { perSecond: 5, burst: 3, enabled: true } })
    for (let i = 0; i < 3; i++) expect(admin.call('user.admin').status).toBe(200)
    expect(admin.call('user.admin').status).toBe(503)
    now += 200
    expect(admin.call('user.admin').status).toBe(200)
    portal.update({ rateLimit: { perSecond: 5, burst: 3, enabled: false } })
    for (let i = 0; i < 100; i++) expect(admin.call('user.admin').status).toBe(200)
  })
})

describe('faults', () => {
  it('an error fault answers the next `count` calls without applying them', () => {
    portal.addFault({ method: 'crm.company.contact.items.delete', count: 2, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    for (let i = 0; i < 2; i++) {
      const r = admin.call('crm.company.contact.items.delete', { id: 1 })
      expect(r.status).toBe(500)
      expect(body(r)).toEqual({ error: 'INTERNAL_SERVER_ERROR', error_description: 'boom' })
      expect(portal.links(1)).toHaveLength(12)
    }
    expect(admin.call('crm.company.contact.items.delete', { id: 1 }).status).toBe(200)
    expect(portal.links(1)).toEqual([])
    expect(portal.log().map(e => e.status)).toEqual([500, 500, 200])
  })

  it('defaults to 500 INTERNAL_SERVER_ERROR and matches the method case-insensitively', () => {
    portal.addFault({ method: 'User.Admin', count: 1, kind: 'error' })
    const r = admin.call('USER.ADMIN')
    expect(r.status).toBe(500)
    expect(body(r).error).toBe('INTERNAL_SERVER_ERROR')
    expect(admin.call('user.admin').status).toBe(200)
  })

  it('can imitate any portal error, e.g. 429 OPERATION_TIME_LIMIT or 401 expired_token', () => {
    portal.addFault({ method: 'crm.contact.list', count: 1, kind: 'error', status: 429, error: 'OPERATION_TIME_LIMIT', description: 'Method is blocked due to operation time limit.' })
    expect(admin.call('crm.contact.list').status).toBe(429)
    portal.addFault({ method: 'crm.contact.list', count: 1, kind: 'error', status: 401, error: 'expired_token', description: 'The access token provided has expired.' })
    expect(body(admin.call('crm.contact.list')).error).toBe('expired_token')
  })

  it('a drop fault applies the call and asks the server to cut the connection', () => {
    portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'drop' })
    const r = admin.call('crm.company.contact.items.delete', { id: 1 })
    expect(r.dropConnection).toBe(true)
    expect(portal.links(1)).toEqual([]) // applied
    expect(admin.call('crm.company.contact.items.delete', { id: 1 }).dropConnection).toBeUndefined()
  })

  it('faults wait for their method; clearFaults removes them', () => {
    portal.addFault({ method: 'crm.company.contact.items.get', count: 1, kind: 'error', status: 503, error: 'OVERLOAD_LIMIT' })
    expect(admin.call('user.admin').status).toBe(200)
    portal.clearFaults()
    expect(admin.call('crm.company.contact.items.get', { id: 1 }).status).toBe(200)
  })

  it('does not consume a fault on a call refused for its token', () => {
    portal.addFault({ method: 'user.admin', count: 1, kind: 'error', status: 500 })
    expect(portal.rest('user.admin', { auth: 'bad' }).status).toBe(401)
    expect(admin.call('user.admin').status).toBe(500)
  })

  it('inside a batch, an error fault fails that sub-command only', () => {
    portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    const r = admin.call('batch', { halt: 0, cmd: { del: 'crm.company.contact.items.delete?id=1', ok: 'user.admin' } })
    expect(r.status).toBe(200)
    const b = (body(r).result as Record<string, unknown>)
    expect(b.result_error).toEqual({ del: { error: 'INTERNAL_SERVER_ERROR', error_description: 'boom' } })
    expect(b.result).toEqual({ ok: true })
    expect(portal.links(1)).toHaveLength(12)
  })

  it('inside a batch, a drop fault applies the batch and drops the whole answer', () => {
    portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'drop' })
    const r = admin.call('batch', { cmd: { del: 'crm.company.contact.items.delete?id=1' } })
    expect(r.dropConnection).toBe(true)
    expect(portal.links(1)).toEqual([])
  })

  it('a fault on batch itself fails the whole batch', () => {
    portal.addFault({ method: 'batch', count: 1, kind: 'error', status: 503, error: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' })
    const r = admin.call('batch', { cmd: { del: 'crm.company.contact.items.delete?id=1' } })
    expect(r.status).toBe(503)
    expect(portal.links(1)).toHaveLength(12)
  })
})

describe('fault skip', () => {
  it('lets the first `skip` calls of the method through, then fails the next `count`', () => {
    portal.addFault({ method: 'user.admin', skip: 2, count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    expect(admin.call('user.admin').status).toBe(200)
    expect(admin.call('user.admin').status).toBe(200)
    expect(admin.call('user.admin').status).toBe(500)
    expect(admin.call('user.admin').status).toBe(200)
  })
})
