/**
 * Companies and CRM directories over REST, as a contact's companies tab reads
 * them: crm.company.get, crm.company.list (select, @ID, order, paging,
 * permissions) and crm.status.list (COMPANY_TYPE, INDUSTRY).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createPortal, SEED_COMPANY, SEED_USER, type Portal } from '@emulator/portal'
import { seededClients, type PortalClient } from '@emulator/portal/testing'

let portal: Portal
let admin: PortalClient, reader: PortalClient
beforeEach(() => {
  portal = createPortal({ now: () => Date.UTC(2025, 0, 1) })
  ;({ admin, reader } = seededClients(portal))
})

type Row = Record<string, unknown>
const body = (r: { body: unknown }) => r.body as Row
const ADA_COMPANIES = [SEED_COMPANY.lanternfish, SEED_COMPANY.copperleaf, SEED_COMPANY.orchardRow]
const multi = (type: 'PHONE' | 'EMAIL', valueType: string, value: string) =>
  ({ ID: expect.stringMatching(/^\d+$/) as unknown, VALUE_TYPE: valueType, VALUE: value, TYPE_ID: type })

describe('crm.company.get', () => {
  it('answers the stored type and industry, HAS_PHONE/HAS_EMAIL and the multi-fields', () => {
    expect(admin.result<Row>('crm.company.get', { id: SEED_COMPANY.copperleaf })).toMatchObject({
      ID: '6', TITLE: 'Copperleaf Studio', COMPANY_TYPE: 'PARTNER', INDUSTRY: 'ENTERTAINMENT', LOGO: null,
      HAS_PHONE: 'Y', HAS_EMAIL: 'Y',
      PHONE: [multi('PHONE', 'WORK', '+1 555 0160'), multi('PHONE', 'MOBILE', '+1 555 0161')],
      EMAIL: [multi('EMAIL', 'WORK', 'studio@copperleaf.example')],
    })
    const bakery = admin.result<Row>('crm.company.get', { id: SEED_COMPANY.orchardRow })
    expect(bakery).toMatchObject({ COMPANY_TYPE: 'SUPPLIER', INDUSTRY: 'MANUFACTURING', HAS_PHONE: 'N', HAS_EMAIL: 'Y' })
    expect(bakery).not.toHaveProperty('PHONE')
    expect(admin.result<Row>('crm.company.get', { id: SEED_COMPANY.empty })).toMatchObject({ HAS_PHONE: 'N', HAS_EMAIL: 'N' })
  })

  it('gives a company made without type or industry CUSTOMER and OTHER', () => {
    const id = portal.addCompany({ title: 'Plain Co.' })
    expect(admin.result<Row>('crm.company.get', { id })).toMatchObject({ COMPANY_TYPE: 'CUSTOMER', INDUSTRY: 'OTHER', HAS_PHONE: 'N' })
    const typed = portal.addCompany({ title: 'Typed Co.', companyType: 'COMPETITOR', industry: 'BANKING', phones: ['+1 555 0199'] })
    expect(admin.result<Row>('crm.company.get', { id: typed })).toMatchObject({ COMPANY_TYPE: 'COMPETITOR', INDUSTRY: 'BANKING', HAS_PHONE: 'Y' })
  })

  it('answers an unreadable company ACCESS_DENIED', () => {
    const id = portal.addCompany({ title: 'Secret Co.', hiddenFrom: [SEED_USER.reader] })
    expect(reader.call('crm.company.get', { id }).status).toBe(403)
  })
})

describe('crm.company.list', () => {
  const SELECT = ['ID', 'TITLE', 'COMPANY_TYPE', 'INDUSTRY', 'LOGO', 'PHONE', 'EMAIL']

  it('answers the companies of an @ID filter with what the tab shows, PHONE and EMAIL when named', () => {
    const r = admin.call('crm.company.list', { filter: { '@ID': ADA_COMPANIES.map(String) }, select: SELECT })
    expect(body(r).total).toBe(3)
    expect(body(r).next).toBeUndefined()
    expect(body(r).result).toEqual([
      { ID: '5', TITLE: 'Lanternfish Analytics', COMPANY_TYPE: 'CUSTOMER', INDUSTRY: 'IT', LOGO: null, PHONE: [multi('PHONE', 'WORK', '+1 555 0150')], EMAIL: [multi('EMAIL', 'WORK', 'contact@lanternfish.example')] },
      { ID: '6', TITLE: 'Copperleaf Studio', COMPANY_TYPE: 'PARTNER', INDUSTRY: 'ENTERTAINMENT', LOGO: null, PHONE: [multi('PHONE', 'WORK', '+1 555 0160'), multi('PHONE', 'MOBILE', '+1 555 0161')], EMAIL: [multi('EMAIL', 'WORK', 'studio@copperleaf.example')] },
      { ID: '7', TITLE: 'Orchard Row Bakery', COMPANY_TYPE: 'SUPPLIER', INDUSTRY: 'MANUFACTURING', LOGO: null, EMAIL: [multi('EMAIL', 'WORK', 'orders@orchardrow.example')] },
    ])
  })

  it('leaves out the multiple fields without select or with *', () => {
    for (const select of [undefined, ['*']]) {
      const rows = admin.result<Row[]>('crm.company.list', { filter: { '@ID': [SEED_COMPANY.lanternfish] }, select })
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ ID: '5', TITLE: 'Lanternfish Analytics', HAS_PHONE: 'Y', HAS_EMAIL: 'Y' })
      expect(rows[0]).not.toHaveProperty('PHONE')
      expect(rows[0]).not.toHaveProperty('EMAIL')
    }
  })

  it('skips ids no company has, and duplicates', () => {
    const rows = admin.result<Row[]>('crm.company.list', { filter: { '@ID': [7, 999, 7, 5] }, select: ['ID'] })
    expect(rows).toEqual([{ ID: '5' }, { ID: '7' }])
  })

  it('filters by other fields and orders', () => {
    const partners = admin.result<Row[]>('crm.company.list', { filter: { COMPANY_TYPE: 'PARTNER' }, select: ['ID'], order: { TITLE: 'DESC' } })
    expect(partners).toEqual([{ ID: '2' }, { ID: '6' }, { ID: '4' }])
    const some = admin.result<Row[]>('crm.company.list', { filter: { '@INDUSTRY': ['IT', 'DELIVERY'] }, select: ['ID'], order: { ID: 'DESC' } })
    expect(some).toEqual([{ ID: '5' }, { ID: '3' }, { ID: '1' }])
    expect(admin.result<Row[]>('crm.company.list', { filter: { '%TITLE': 'row' }, select: ['TITLE'] })).toEqual([{ ID: '7', TITLE: 'Orchard Row Bakery' }])
  })

  it('pages by 50 with next and total; start -1 skips the count', () => {
    for (let n = 0; n < 60; n++) portal.addCompany({ title: `Generated ${n}` })
    const first = body(admin.call('crm.company.list', { select: ['ID'] }))
    expect(first).toMatchObject({ total: 67, next: 50 })
    expect(first.result).toHaveLength(50)
    const second = body(admin.call('crm.company.list', { select: ['ID'], start: 50 }))
    expect(second).toMatchObject({ total: 67 })
    expect(second.next).toBeUndefined()
    expect(second.result).toHaveLength(17)
    const uncounted = body(admin.call('crm.company.list', { select: ['ID'], start: -1 }))
    expect(uncounted.total).toBeUndefined()
    expect(uncounted.result).toHaveLength(50)
  })

  it('leaves out the companies the user may not read, from total too', () => {
    const id = portal.addCompany({ title: 'Secret Co.', hiddenFrom: [SEED_USER.reader] })
    const ids = [...ADA_COMPANIES, id]
    expect(body(admin.call('crm.company.list', { filter: { '@ID': ids }, select: ['ID'] })).total).toBe(4)
    const r = body(reader.call('crm.company.list', { filter: { '@ID': ids }, select: ['ID'] }))
    expect(r.result).toEqual(ADA_COMPANIES.map(i => ({ ID: String(i) })))
    expect(r.total).toBe(3)
  })

  it('reads a form body (strings) the same and refuses a filter that is not an object', () => {
    const rows = admin.result<Row[]>('crm.company.list', { filter: { '@ID': ['6'] }, select: ['ID', 'EMAIL'], start: '0' })
    expect(rows).toEqual([{ ID: '6', EMAIL: [multi('EMAIL', 'WORK', 'studio@copperleaf.example')] }])
    const bad = admin.call('crm.company.list', { filter: 'x' })
    expect(bad.status).toBe(400)
    expect(body(bad)).toEqual({ error: '', error_description: 'Parameter \'filter\' must be array.' })
  })

  it('works inside a batch, as the tab sends it', () => {
    const r = body(admin.call('batch', { halt: 0, cmd: { c: 'crm.company.list?filter[@ID][]=5&filter[@ID][]=7&select[]=ID&select[]=TITLE' } }))
    expect((r.result as { result: Record<string, unknown> }).result.c).toEqual([{ ID: '5', TITLE: 'Lanternfish Analytics' }, { ID: '7', TITLE: 'Orchard Row Bakery' }])
  })
})

describe('crm.status.list', () => {
  it('answers the default company types, by ENTITY_ID, with every field a string', () => {
    const r = body(admin.call('crm.status.list', { order: { SORT: 'ASC' }, filter: { ENTITY_ID: 'COMPANY_TYPE' } }))
    expect(r.total).toBe(5)
    const rows = r.result as Row[]
    expect(rows.map(s => [s.STATUS_ID, s.NAME, s.SORT, s.SYSTEM])).toEqual([
      ['CUSTOMER', 'Client', '10', 'N'], ['SUPPLIER', 'Supplier', '20', 'N'], ['COMPETITOR', 'Competitor', '30', 'N'],
      ['PARTNER', 'Partner', '40', 'N'], ['OTHER', 'Other', '50', 'N'],
    ])
    expect(rows[0]).toEqual({
      ID: expect.stringMatching(/^\d+$/), ENTITY_ID: 'COMPANY_TYPE', STATUS_ID: 'CUSTOMER', NAME: 'Client', NAME_INIT: '',
      SORT: '10', SYSTEM: 'N', CATEGORY_ID: null, COLOR: '#', SEMANTICS: null,
    })
  })

  it('answers the default industries; OTHER is the system one', () => {
    const rows = admin.result<Row[]>('crm.status.list', { filter: { ENTITY_ID: 'INDUSTRY' }, order: { SORT: 'DESC' } })
    expect(rows.map(s => s.STATUS_ID)).toEqual([
      'OTHER', 'NOTPROFIT', 'ENTERTAINMENT', 'DELIVERY', 'GOVERNMENT', 'FINANCE', 'CONSULTING', 'BANKING', 'MANUFACTURING', 'TELECOM', 'IT',
    ])
    expect(rows[0]).toMatchObject({ NAME: 'Other', NAME_INIT: 'Other', SYSTEM: 'Y', SORT: '110' })
    expect(rows.at(-1)).toMatchObject({ STATUS_ID: 'IT', NAME: 'Information Technologies', SYSTEM: 'N' })
  })

  it('filters by STATUS_ID too, answers any user, and refuses a filter that is not an object', () => {
    expect(reader.result<Row[]>('crm.status.list', { filter: { ENTITY_ID: 'INDUSTRY', STATUS_ID: 'IT' } })).toHaveLength(1)
    expect(admin.result<Row[]>('crm.status.list', { filter: { ENTITY_ID: 'NO_SUCH_DIRECTORY' } })).toEqual([])
    expect(body(admin.call('crm.status.list', {})).total).toBe(16)
    const bad = admin.call('crm.status.list', { filter: 'INDUSTRY' })
    expect(bad.status).toBe(400)
    expect(body(bad).error_description).toBe('Invalid parameters.')
  })

  it('names every seeded company\'s type and industry', () => {
    const statuses = admin.result<Row[]>('crm.status.list', {})
    const known = (entity: string, id: unknown) => statuses.some(s => s.ENTITY_ID === entity && s.STATUS_ID === id)
    for (const c of admin.result<Row[]>('crm.company.list', { select: ['COMPANY_TYPE', 'INDUSTRY'] })) {
      expect(known('COMPANY_TYPE', c.COMPANY_TYPE), String(c.ID)).toBe(true)
      expect(known('INDUSTRY', c.INDUSTRY), String(c.ID)).toBe(true)
    }
  })
})
