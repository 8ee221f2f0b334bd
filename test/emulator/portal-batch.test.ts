import * as qs from 'qs-esm'
import fc from 'fast-check'
import { beforeEach, describe, expect, it } from 'vitest'
import { createPortal, type Portal } from '@emulator/portal'
import { intval, parsePhpQuery, truthy, urlDecode, urlDecodeBytewise } from '@emulator/portal/php'
import { connect, type PortalClient } from '@emulator/portal/testing'

let portal: Portal
let admin: PortalClient
beforeEach(() => {
  portal = createPortal({ now: () => Date.UTC(2025, 0, 1) })
  admin = connect(portal, 1)
})

type Batch = { result: unknown, result_error: unknown, result_total: unknown, result_next: unknown, result_time: unknown }
/** A sub-command the way the SDK builds it (`qs-esm` stringify). */
const sub = (method: string, params: object) => `${method}?${qs.stringify(params)}`
const batch = (c: PortalClient, cmd: unknown, halt = 0) => {
  const r = c.call('batch', { halt, cmd })
  return { status: r.status, body: r.body as Record<string, unknown>, batch: (r.body as { result: Batch }).result, r }
}

describe('urlDecode (PHP urldecode)', () => {
  it('the fast path gives what decoding byte by byte gives, for any mix of text, escapes, broken escapes and +', () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 4 }),
      fc.string({ maxLength: 4 }).map((t) => encodeURIComponent(t)),
      fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`),
      fc.constantFrom('%', '%G1', '%4', '+', '%2B', '%e2%82', '%E2%82%AC', '%C3%28', '%ED%A0%80', '%EF%BB%BF', '\uFEFF'),
    )
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join('')), (text) => {
      expect(urlDecode(text)).toBe(urlDecodeBytewise(text))
    }), { numRuns: 3000 })
  })

  it('keeps a leading byte order mark, as PHP does', () => {
    expect(urlDecode('%EF%BB%BFA')).toBe('\uFEFFA')
    expect(urlDecodeBytewise('%EF%BB%BFA%')).toBe('\uFEFFA%')
  })

  it('reads what qs-esm writes', () => {
    expect(urlDecode(qs.stringify({ filter: { '@ID': [1, 2] }, q: 'a+b c€' }))).toBe('filter[@ID][0]=1&filter[@ID][1]=2&q=a+b c€')
  })
})

describe('parsePhpQuery (PHP parse_str)', () => {
  it('decodes what qs-esm encodes into nested objects and lists', () => {
    const params = { id: 5, filter: { '@ID': [5, 6, 7] }, select: ['ID', 'NAME'], order: { ID: 'DESC' }, fields: { CONTACT_ID: 3, IS_PRIMARY: 'Y' } }
    expect(parsePhpQuery(qs.stringify(params))).toEqual({
      id: '5',
      filter: { '@ID': ['5', '6', '7'] },
      select: ['ID', 'NAME'],
      order: { ID: 'DESC' },
      fields: { CONTACT_ID: '3', IS_PRIMARY: 'Y' },
    })
  })

  it('handles [] appends, + and %XX, UTF-8, bare keys and PHP name mangling', () => {
    expect(parsePhpQuery('a[]=x&a[]=y&b=hello+w%C3%B6rld&c&d.e=1&f%20g=2')).toEqual({
      a: ['x', 'y'], b: 'hello wörld', c: '', d_e: '1', f_g: '2',
    })
    expect(parsePhpQuery('items[0][CONTACT_ID]=1&items[1][CONTACT_ID]=2')).toEqual({ items: [{ CONTACT_ID: '1' }, { CONTACT_ID: '2' }] })
    expect(parsePhpQuery('m[2]=a&m[0]=b')).toEqual({ m: { 2: 'a', 0: 'b' } })
    expect(parsePhpQuery('x=%ZZ&&y=1')).toEqual({ x: '%ZZ', y: '1' })
    expect(parsePhpQuery(qs.stringify({ name: 'Дмитрий & Co = 100%' }))).toEqual({ name: 'Дмитрий & Co = 100%' })
    expect(parsePhpQuery('')).toEqual({})
  })

  it.each([
    ['__proto__[dropConnection]=1'],
    ['%5F%5Fproto%5F%5F%5Bx%5D=1'],
    ['fields[__proto__][x]=1'],
    ['fields[constructor][prototype][x]=1'],
    ['a[b][prototype]=1'],
    ['constructor=1'],
  ])('refuses %s with 400 INVALID_REQUEST and leaves Object.prototype alone', (query) => {
    let thrown: unknown
    try {
      parsePhpQuery(query)
    } catch (e) {
      thrown = e
    }
    expect(thrown).toMatchObject({ status: 400, code: 'INVALID_REQUEST' })
    expect(Object.prototype).not.toHaveProperty('x')
    expect(Object.prototype).not.toHaveProperty('dropConnection')
  })

  it('builds objects without a prototype, so no key of a query means anything to JS', () => {
    const parsed = parsePhpQuery('fields[toString]=x&valueOf=1&hasOwnProperty[]=2')
    expect(Object.getPrototypeOf(parsed)).toBeNull()
    expect(Object.getPrototypeOf(parsed.fields)).toBeNull()
    expect(parsed).toEqual({ fields: { toString: 'x' }, valueOf: '1', hasOwnProperty: ['2'] })
  })

  it('caps bracket nesting at PHP\'s max_input_nesting_level (64)', () => {
    const deep = (n: number) => `a${'[b]'.repeat(n)}=1`
    expect(JSON.stringify(parsePhpQuery(deep(64)))).toContain('"b":"1"')
    expect(() => parsePhpQuery(deep(65))).toThrow(expect.objectContaining({ status: 400, code: 'INVALID_REQUEST' }))
  })

  it('intval and truthy follow PHP', () => {
    expect([intval('12abc'), intval(' 7'), intval('x'), intval(3.9), intval(null), intval(true)]).toEqual([12, 7, 0, 3, 0, 1])
    expect([truthy('0'), truthy(''), truthy(0), truthy('false'), truthy(1), truthy([])]).toEqual([false, false, false, true, true, false])
  })
})

describe('batch', () => {
  it('answers a sub-command with an unsafe parameter name with 400 INVALID_REQUEST, and runs nothing', () => {
    const since = portal.log().at(-1)?.seq ?? 0
    const { status, body } = admin.call('batch', { halt: 0, cmd: { a: 'crm.company.contact.items.delete?id=1', b: 'user.admin?__proto__[x]=1' } })
    expect(status).toBe(400)
    expect(body).toMatchObject({ error: 'INVALID_REQUEST', error_description: expect.stringContaining('__proto__') })
    expect(Object.prototype).not.toHaveProperty('x')
    expect(portal.log(since).map((e) => e.status)).toEqual([400])
    expect(portal.links(1)).toHaveLength(12)
  })

  it('runs sub-commands in order and answers HTTP 200 with all five sections', () => {
    const { status, body, batch: b } = batch(admin, {
      links: sub('crm.company.contact.items.get', { id: 1 }),
      people: sub('crm.contact.list', { filter: { '@ID': [1, 2] }, select: ['ID', 'NAME'] }),
    })
    expect(status).toBe(200)
    expect(body.time).toMatchObject({ start: expect.any(Number), operating_reset_at: expect.any(Number) })
    expect((b.result as Record<string, unknown[]>).links).toHaveLength(12)
    expect((b.result as Record<string, unknown>).people).toEqual([{ ID: '1', NAME: 'Olivia' }, { ID: '2', NAME: 'Дмитрий' }])
    expect(b.result_error).toEqual([]) // PHP's empty array
    expect(b.result_total).toEqual({ people: 2 })
    expect(b.result_next).toEqual([])
    expect(Object.keys(b.result_time as object)).toEqual(['links', 'people'])
  })

  it('reports result_next for a sub-list with more pages', () => {
    const { batch: b } = batch(admin, { big: sub('crm.contact.list', { filter: { COMPANY_ID: 3 }, select: ['ID'], start: 100 }) })
    expect(b.result_next).toEqual({ big: 150 })
    expect(b.result_total).toEqual({ big: 3000 })
  })

  it('accepts cmd as an array and answers lists keyed by index', () => {
    const { batch: b } = batch(admin, ['user.admin', sub('crm.company.contact.items.get', { id: 2 })])
    expect(b.result).toEqual([true, []])
  })

  it('puts failing sub-commands in result_error and goes on when halt is 0', () => {
    const { status, batch: b } = batch(admin, {
      bad: sub('crm.company.contact.items.get', { id: 0 }),
      missing: 'no.such.method',
      ok: 'user.admin',
    })
    expect(status).toBe(200)
    expect(b.result).toEqual({ ok: true })
    expect(b.result_error).toEqual({
      bad: { error: '', error_description: 'The parameter ownerEntityID is invalid or not defined.' },
      missing: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' },
    })
    expect(b.result_time).toEqual({ ok: expect.any(Object) })
  })

  it('stops at the first error when halt is 1', () => {
    const { batch: b } = batch(admin, {
      first: 'user.admin',
      bad: sub('crm.company.contact.items.set', { id: 1, items: 'x' }),
      never: sub('crm.company.contact.items.delete', { id: 1 }),
    }, 1)
    expect(b.result).toEqual({ first: true })
    expect(Object.keys(b.result_error as object)).toEqual(['bad'])
    expect(portal.links(1)).toHaveLength(12)
  })

  it('substitutes $result[key][0][FIELD] and $result[key] from earlier commands', () => {
    const { batch: b } = batch(admin, {
      links: sub('crm.company.contact.items.get', { id: 4 }),
      first: sub('crm.contact.get', { id: '$result[links][0][CONTACT_ID]' }),
      again: sub('crm.contact.list', { filter: { ID: '$result[first][ID]' }, select: ['ID', 'LAST_NAME'] }),
      text: sub('app.option.set', { options: { note: 'first is $result[first][NAME], ok' } }),
    })
    expect(b.result_error).toEqual([])
    expect((b.result as Record<string, Record<string, unknown>>).first!.ID).toBe('3')
    expect((b.result as Record<string, unknown>).again).toEqual([{ ID: '3', LAST_NAME: 'Müller-Lüdenscheidt' }])
    // PHP splices up to the next whitespace: the ',' after the reference goes too
    expect(portal.appOptions()).toEqual({ note: 'first is Jürgen ok' })
  })

  it('refuses more than 50 commands with 400 ERROR_BATCH_LENGTH_EXCEEDED, running none', () => {
    const cmd = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, sub('crm.company.contact.items.delete', { id: 1 })]))
    const { status, body } = batch(admin, cmd)
    expect(status).toBe(400)
    expect(body).toEqual({ error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' })
    expect(portal.links(1)).toHaveLength(12)
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`c${i}`, 'user.admin']))
    expect(batch(admin, fifty).status).toBe(200)
  })

  it('does not allow batch inside batch', () => {
    const { status, batch: b } = batch(admin, { inner: `batch?${qs.stringify({ cmd: { x: 'user.admin' } })}`, ok: 'profile' })
    expect(status).toBe(200)
    expect(b.result_error).toEqual({ inner: { error: 'ERROR_BATCH_METHOD_NOT_ALLOWED', error_description: 'Method is not allowed for batch usage' } })
    expect((b.result as Record<string, unknown>).ok).toMatchObject({ ID: '1' })
  })

  it('runs sub-commands as the token\'s user with its permissions', () => {
    const reader = connect(portal, 3)
    const { batch: b } = batch(reader, {
      set: sub('crm.company.contact.items.set', { id: 1, items: [{ CONTACT_ID: 1 }] }),
      del: sub('crm.company.contact.items.delete', { id: 2 }),
      hidden: sub('crm.contact.list', { filter: { '@ID': [7, 8] }, select: ['ID'] }),
    })
    expect(b.result_error).toEqual({ set: { error: 'ACCESS_DENIED', error_description: 'Access denied!' } })
    expect((b.result as Record<string, unknown>).hidden).toEqual([{ ID: '7' }])
  })

  it('needs a valid token like any call, and is logged once with its sub-methods', () => {
    expect(portal.rest('batch', { cmd: { a: 'user.admin' } }).status).toBe(401)
    portal.clearLog()
    batch(admin, { a: 'user.admin', b: sub('crm.contact.list', { select: ['ID'] }) })
    const log = portal.log()
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({ name: 'batch', status: 200, sub: ['user.admin', 'crm.contact.list'] })
  })

  it('applies items.set sent through a batch with string values', () => {
    batch(admin, { set: sub('crm.company.contact.items.set', { id: 2, items: [{ CONTACT_ID: 5, SORT: 7 }, { CONTACT_ID: 6 }] }) })
    expect(portal.links(2)).toEqual([
      { CONTACT_ID: 5, SORT: 7, ROLE_ID: 0, IS_PRIMARY: 'Y' },
      { CONTACT_ID: 6, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'Y' },
    ])
  })
})
