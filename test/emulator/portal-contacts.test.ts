import { beforeEach, describe, expect, it } from 'vitest'
import { createPortal, type Portal } from '@emulator/portal'
import { connect, seededClients, type PortalClient } from '@emulator/portal/testing'

let portal: Portal
let admin: PortalClient, reader: PortalClient
beforeEach(() => {
  portal = createPortal({ now: () => Date.UTC(2025, 0, 1) })
  ;({ admin, reader } = seededClients(portal))
})

type Row = Record<string, unknown>
const body = (r: { body: unknown }) => r.body as Row

describe('crm.contact.list', () => {
  it('filters by @ID (ints or strings) and answers ids as strings', () => {
    const r = admin.call('crm.contact.list', { filter: { '@ID': [2, '1', 12] }, select: ['ID', 'NAME', 'LAST_NAME'] })
    const rows = body(r).result as Row[]
    expect(rows).toEqual([
      { ID: '1', NAME: 'Olivia', LAST_NAME: 'Bennett' },
      { ID: '2', NAME: 'Дмитрий', LAST_NAME: 'Соколов' },
      { ID: '12', NAME: '愛子', LAST_NAME: '田中' },
    ])
    expect(body(r).total).toBe(3)
    expect(body(r).next).toBeUndefined()
  })

  it('filters by a plain ID too', () => {
    expect(admin.result<Row[]>('crm.contact.list', { filter: { ID: 6 }, select: ['ID', 'POST'] })).toEqual([{ ID: '6', POST: 'مديرة المبيعات' }])
    expect(admin.result<Row[]>('crm.contact.list', { filter: { ID: [3, 4] }, select: ['ID'] })).toHaveLength(2)
  })

  it('includes PHONE and EMAIL only when named in select, as {ID, VALUE_TYPE, VALUE, TYPE_ID}', () => {
    const [plain] = admin.result<Row[]>('crm.contact.list', { filter: { '@ID': [10] }, select: ['ID', 'NAME'] })
    expect(plain).not.toHaveProperty('PHONE')
    expect(plain).not.toHaveProperty('EMAIL')
    const [full] = admin.result<Row[]>('crm.contact.list', { filter: { '@ID': [10] }, select: ['ID', 'PHONE', 'EMAIL'] })
    expect(full!.PHONE).toEqual([
      { ID: expect.stringMatching(/^\d+$/), VALUE_TYPE: 'WORK', VALUE: '+34 91 555 0134', TYPE_ID: 'PHONE' },
      { ID: expect.stringMatching(/^\d+$/), VALUE_TYPE: 'MOBILE', VALUE: '+34 600 555 013', TYPE_ID: 'PHONE' },
    ])
    expect((full!.EMAIL as Row[]).map(e => e.TYPE_ID)).toEqual(['EMAIL', 'EMAIL'])
  })

  it('leaves PHONE/EMAIL out for a contact without them', () => {
    const [z] = admin.result<Row[]>('crm.contact.list', { filter: { '@ID': [9] }, select: ['ID', 'PHONE', 'EMAIL'] })
    expect(z).toEqual({ ID: '9' })
  })

  it('returns the name of contact 7 verbatim (markup is data, not HTML)', () => {
    const [x] = admin.result<Row[]>('crm.contact.list', { filter: { '@ID': [7] }, select: ['NAME', 'POST'] })
    expect(x).toEqual({ ID: '7', NAME: '<img src=x onerror=alert(1)>', POST: '<b>Quality</b> & "Testing"' })
  })

  it('knows the other fields (SECOND_NAME, PHOTO, COMPANY_ID) and * for the default set', () => {
    const [d] = admin.result<Row[]>('crm.contact.list', { filter: { '@ID': [2] }, select: ['ID', 'SECOND_NAME', 'PHOTO', 'COMPANY_ID'] })
    expect(d).toEqual({ ID: '2', SECOND_NAME: 'Иванович', PHOTO: null, COMPANY_ID: '1' })
    const [all] = admin.result<Row[]>('crm.contact.list', { filter: { '@ID': [3] }, select: ['*'] })
    expect(all).toMatchObject({ ID: '3', NAME: 'Jürgen', LAST_NAME: 'Müller-Lüdenscheidt', COMPANY_ID: '4', HAS_PHONE: 'Y' })
    expect(all).not.toHaveProperty('PHONE')
  })

  it('leaves out contacts the user may not read, also from total', () => {
    const ids = Array.from({ length: 12 }, (_, i) => i + 1)
    const asReader = reader.call('crm.contact.list', { filter: { '@ID': ids }, select: ['ID'] })
    expect((body(asReader).result as Row[]).map(r => r.ID)).not.toContain('8')
    expect(body(asReader).total).toBe(11)
    expect(body(admin.call('crm.contact.list', { filter: { '@ID': ids }, select: ['ID'] })).total).toBe(12)
  })

  it('pages 50 at a time with next and total; start -1 skips the count', () => {
    const filter = { COMPANY_ID: 3 }
    const p1 = admin.call('crm.contact.list', { filter, select: ['ID'] })
    expect((body(p1).result as Row[]).length).toBe(50)
    expect(body(p1)).toMatchObject({ next: 50, total: 3000 })
    const last = admin.call('crm.contact.list', { filter, select: ['ID'], start: 2950 })
    expect((body(last).result as Row[])[0]!.ID).toBe('3951')
    expect(body(last).next).toBeUndefined()
    expect(body(last).total).toBe(3000)
    const fast = admin.call('crm.contact.list', { filter, select: ['ID'], start: -1 })
    expect((body(fast).result as Row[]).length).toBe(50)
    expect(body(fast)).not.toHaveProperty('total')
    expect(body(fast)).not.toHaveProperty('next')
  })

  it('puts next and total before time, like the portal', () => {
    expect(Object.keys(body(admin.call('crm.contact.list', { filter: { COMPANY_ID: 3 } })))).toEqual(['result', 'next', 'total', 'time'])
  })

  it('orders by the given fields', () => {
    const desc = admin.result<Row[]>('crm.contact.list', { filter: { '@ID': [1, 2, 3] }, order: { ID: 'DESC' }, select: ['ID'] })
    expect(desc.map(r => r.ID)).toEqual(['3', '2', '1'])
    const byName = admin.result<Row[]>('crm.contact.list', { filter: { '@ID': [1, 3, 11] }, order: { NAME: 'ASC' }, select: ['NAME'] })
    expect(byName.map(r => r.NAME)).toEqual(['Jürgen', 'Olivia', 'Ólafur'])
  })

  it('looks up 50 ids among 3,000 contacts cheaply', () => {
    const ids = portal.links(3).slice(1000, 1050).map(l => l.CONTACT_ID)
    const t = performance.now()
    for (let i = 0; i < 20; i++) admin.call('crm.contact.list', { filter: { '@ID': ids }, select: ['ID', 'NAME', 'PHONE', 'EMAIL'] })
    const rows = admin.result<Row[]>('crm.contact.list', { filter: { '@ID': ids }, select: ['ID'] })
    expect(rows.map(r => Number(r.ID))).toEqual(ids)
    expect(performance.now() - t).toBeLessThan(300)
  })

  it('generated contacts are deterministic, some without phone or e-mail', () => {
    const again = createPortal({ now: () => 0 })
    const a = admin.result<Row[]>('crm.contact.list', { filter: { COMPANY_ID: 3 }, select: ['NAME', 'LAST_NAME', 'PHONE', 'EMAIL'] })
    const b = connect(again).result<Row[]>('crm.contact.list', { filter: { COMPANY_ID: 3 }, select: ['NAME', 'LAST_NAME', 'PHONE', 'EMAIL'] })
    expect(b).toEqual(a)
    expect(a.some(r => !r.PHONE)).toBe(true)
    expect(a.some(r => !r.EMAIL)).toBe(true)
  })
})

describe('crm.contact.get', () => {
  it('answers one contact with its phones and e-mails', () => {
    const c = admin.result<Row>('crm.contact.get', { id: 1 })
    expect(c).toMatchObject({ ID: '1', NAME: 'Olivia', LAST_NAME: 'Bennett', POST: 'Head of Procurement', COMPANY_ID: '1' })
    expect((c.PHONE as Row[])[0]).toMatchObject({ VALUE: '+44 20 7946 0011', TYPE_ID: 'PHONE' })
  })

  it('treats a contact the user may not read like a missing one', () => {
    const r = reader.call('crm.contact.get', { id: 8 })
    expect(r.status).toBe(400)
    expect(body(r)).toEqual({ error: '', error_description: 'Not found' })
    expect(body(admin.call('crm.contact.get', { id: 424242 })).error_description).toBe('Not found')
    expect(admin.call('crm.contact.get', { id: 0 }).status).toBe(400)
  })
})

describe('crm.company.get', () => {
  it('answers the company with string ids', () => {
    expect(reader.result<Row>('crm.company.get', { id: 1 })).toMatchObject({ ID: '1', TITLE: 'Northwind Trading Co.', ASSIGNED_BY_ID: '1' })
    expect(portal.companies().map(c => [c.id, c.contactCount])).toEqual([[1, 12], [2, 0], [3, 3000], [4, 4], [5, 1], [6, 1], [7, 1]])
  })

  it('answers 400 "Not found" for a missing company', () => {
    const r = admin.call('crm.company.get', { id: 77 })
    expect(r.status).toBe(400)
    expect(body(r)).toEqual({ error: '', error_description: 'Not found' })
  })
})

describe('addContact', () => {
  it('creates a contact visible through REST, hidden from the users named', () => {
    const id = portal.addContact({ name: 'Nia', lastName: 'Okoro', post: 'CTO', phones: ['+1 555 0100'], emails: ['nia@x.example'], hiddenFrom: [3] })
    expect(admin.result<Row>('crm.contact.get', { id })).toMatchObject({ NAME: 'Nia', LAST_NAME: 'Okoro', POST: 'CTO', COMPANY_ID: null })
    expect(reader.result('crm.contact.list', { filter: { '@ID': [id] } })).toEqual([])
  })
})
