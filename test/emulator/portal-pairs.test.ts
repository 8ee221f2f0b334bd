/**
 * Every link pair of the model (emulator/portal/pairs.ts) besides the company
 * pair (portal-links.test.ts): crm.deal.contact.*, crm.lead.contact.*,
 * crm.quote.contact.*, crm.contact.company.*, each against its doc pages
 * (emulator/portal/README.md, "Pairs"); and the company↔contact rows seen
 * from both sides.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createPortal, SEED_COMPANY, SEED_CONTACT, SEED_DEAL, SEED_LEAD, SEED_QUOTE, type Portal } from '@emulator/portal'
import { seededClients, type PortalClient } from '@emulator/portal/testing'

let portal: Portal
let admin: PortalClient, editor: PortalClient, reader: PortalClient
beforeEach(() => {
  portal = createPortal({ now: () => Date.UTC(2025, 0, 1) })
  ;({ admin, editor, reader } = seededClients(portal))
})

type Row = Record<string, number | string>
const body = (r: { body: unknown }) => r.body as Record<string, unknown>
const EDITOR_ID = 2
const DENIED = { error: 'ACCESS_DENIED', error_description: 'Access denied!' }
const BAD_ID_BARE = { error: '', error_description: 'The parameter ownerEntityID is invalid or not defined.' }
const BAD_ID_QUOTED = { error: '', error_description: 'The parameter \'ownerEntityID\' is invalid or not defined.' }

interface Case {
  prefix: string
  /** the linked id field */
  field: 'CONTACT_ID' | 'COMPANY_ID'
  /** the seeded owner, its links in SORT order and the primary one */
  seedOwner: number
  seeded: number[]
  seedPrimary: number
  /** a fresh owner (hidden from the users named) and a fresh record to link */
  newOwner: (hiddenFrom?: number[]) => number
  newLinked: (hiddenFrom?: number[]) => number
  /** a missing owner: items.get answers [] or "Not found."; items.delete true or this text */
  missingGet: 'empty' | 'Not found.'
  missingDelete: true | string
  /** the linked record's label in "[Contact #5] You don't have permission to view this item." */
  label: string
}

const contactOwner = (type: 'deal' | 'lead' | 'quote') => (hiddenFrom: number[] = []) => portal.addCrmItem(type, { title: `Owner ${type}`, hiddenFrom })
const newContact = (hiddenFrom: number[] = []) => portal.addContact({ name: 'Linked', lastName: 'Person', hiddenFrom })

const CASES: Case[] = [
  { prefix: 'crm.deal.contact', field: 'CONTACT_ID', seedOwner: SEED_DEAL.fleetRenewal, seeded: [1, 2, 10], seedPrimary: 1, newOwner: contactOwner('deal'), newLinked: newContact, missingGet: 'Not found.', missingDelete: 'Not found', label: 'Contact' },
  { prefix: 'crm.lead.contact', field: 'CONTACT_ID', seedOwner: SEED_LEAD.robots, seeded: [4, 5], seedPrimary: 4, newOwner: contactOwner('lead'), newLinked: newContact, missingGet: 'empty', missingDelete: true, label: 'Contact' },
  { prefix: 'crm.quote.contact', field: 'CONTACT_ID', seedOwner: SEED_QUOTE.fleetRenewal, seeded: [1], seedPrimary: 1, newOwner: contactOwner('quote'), newLinked: newContact, missingGet: 'empty', missingDelete: true, label: 'Contact' },
  {
    prefix: 'crm.contact.company', field: 'COMPANY_ID', seedOwner: SEED_CONTACT.ada, seeded: [5, 6, 7], seedPrimary: 6,
    newOwner: (hiddenFrom = []) => portal.addContact({ name: 'Owner', lastName: 'Contact', hiddenFrom }),
    newLinked: (hiddenFrom = []) => portal.addCompany({ title: 'Linked Co', hiddenFrom }),
    missingGet: 'empty', missingDelete: true, label: 'Company',
  },
]

describe.each(CASES)('$prefix', (k) => {
  const get = (c: PortalClient, id: number) => c.result<Row[]>(`${k.prefix}.items.get`, { id })
  const ids = (id: number) => get(admin, id).map(r => r[k.field])
  const primaryOf = (id: number) => get(admin, id).filter(r => r.IS_PRIMARY === 'Y').map(r => r[k.field])
  const add = (c: PortalClient, id: number, fields: Record<string, unknown>) => c.call(`${k.prefix}.add`, { id, fields })

  it('items.get: the seeded links sorted by SORT, integers, ROLE_ID 0, one IS_PRIMARY "Y"', () => {
    const rows = get(reader, k.seedOwner)
    expect(rows.map(r => r[k.field])).toEqual(k.seeded)
    rows.forEach((r, i) => {
      expect(Object.keys(r)).toEqual([k.field, 'SORT', 'ROLE_ID', 'IS_PRIMARY'])
      expect(r).toMatchObject({ SORT: (i + 1) * 10, ROLE_ID: 0 })
      expect(Number.isInteger(r[k.field])).toBe(true)
    })
    expect(primaryOf(k.seedOwner)).toEqual([k.seedPrimary])
  })

  it('items.get: a bad id is 400 with the bare parameter; a missing owner as its docs say; [] for no links', () => {
    for (const id of [0, -1, 'x']) expect(body(admin.call(`${k.prefix}.items.get`, { id }))).toEqual(BAD_ID_BARE)
    const missing = admin.call(`${k.prefix}.items.get`, { id: 424242 })
    if (k.missingGet === 'empty') expect(body(missing).result).toEqual([])
    else expect([missing.status, body(missing)]).toEqual([400, { error: '', error_description: k.missingGet }])
    expect(get(admin, k.newOwner())).toEqual([])
  })

  it('add: links after the highest SORT, the first link is primary whatever IS_PRIMARY says; an existing link answers false and changes nothing', () => {
    const owner = k.newOwner()
    const [a, b, c] = [k.newLinked(), k.newLinked(), k.newLinked()]
    expect(editor.result(`${k.prefix}.add`, { id: owner, fields: { [k.field]: a, IS_PRIMARY: 'N' } })).toBe(true)
    expect(editor.result(`${k.prefix}.add`, { id: owner, fields: { [k.field]: b, SORT: 55 } })).toBe(true)
    expect(editor.result(`${k.prefix}.add`, { id: owner, fields: { [k.field]: c } })).toBe(true)
    expect(get(admin, owner)).toEqual([
      { [k.field]: a, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
      { [k.field]: b, SORT: 55, ROLE_ID: 0, IS_PRIMARY: 'N' },
      { [k.field]: c, SORT: 65, ROLE_ID: 0, IS_PRIMARY: 'N' },
    ])
    expect(editor.result(`${k.prefix}.add`, { id: owner, fields: { [k.field]: b, SORT: 1, IS_PRIMARY: 'Y' } })).toBe(false)
    expect(primaryOf(owner)).toEqual([a])
    expect(get(admin, owner)[1]).toMatchObject({ [k.field]: b, SORT: 55 })
  })

  it('add with IS_PRIMARY "Y" takes the primary flag from the previous one', () => {
    const owner = k.newOwner()
    const [a, b] = [k.newLinked(), k.newLinked()]
    add(editor, owner, { [k.field]: a })
    add(editor, owner, { [k.field]: b, IS_PRIMARY: 'Y' })
    expect(primaryOf(owner)).toEqual([b])
  })

  it('add: its errors in the docs\' order (bad id quoted, fields not an object, no linked id, rights, owner)', () => {
    const owner = k.newOwner()
    const linked = k.newLinked()
    expect(body(add(admin, 0, { [k.field]: linked }))).toEqual(BAD_ID_QUOTED)
    expect(body(admin.call(`${k.prefix}.add`, { id: owner, fields: 'x' }))).toEqual({ error: '', error_description: 'The parameter \'fields\' must be array.' })
    expect(body(admin.call(`${k.prefix}.add`, { id: owner }))).toEqual({ error: '', error_description: 'The parameter \'fields\' must be array.' })
    expect(body(add(admin, owner, { SORT: 10 }))).toEqual({ error: '', error_description: 'The parameter \'fields\' is not valid.' })
    expect(body(add(admin, owner, { [k.field]: -4 }))).toEqual({ error: '', error_description: 'The parameter \'fields\' is not valid.' })
    const denied = add(reader, owner, { [k.field]: linked })
    expect([denied.status, body(denied)]).toEqual([403, DENIED])
    const missing = add(admin, 424242, { [k.field]: linked })
    expect([missing.status, body(missing)]).toEqual([400, { error: '', error_description: 'Not found.' }])
    expect(get(admin, owner)).toEqual([])
  })

  it('add links an id no record has, as the docs say (no existence check)', () => {
    const owner = k.newOwner()
    expect(admin.result(`${k.prefix}.add`, { id: owner, fields: { [k.field]: 909090 } })).toBe(true)
    expect(ids(owner)).toEqual([909090])
  })

  it('delete: true, then false; removing the primary makes the first remaining link by SORT primary', () => {
    const owner = k.newOwner()
    const [a, b, c] = [k.newLinked(), k.newLinked(), k.newLinked()]
    add(editor, owner, { [k.field]: a, SORT: 10 })
    add(editor, owner, { [k.field]: b, SORT: 30 })
    add(editor, owner, { [k.field]: c, SORT: 20 })
    expect(editor.result(`${k.prefix}.delete`, { id: owner, fields: { [k.field]: a } })).toBe(true)
    expect(primaryOf(owner)).toEqual([c])
    expect(editor.result(`${k.prefix}.delete`, { id: owner, fields: { [k.field]: a } })).toBe(false)
    expect(ids(owner)).toEqual([c, b])
  })

  it('delete: its errors (bad id quoted, fields named \'item\', not valid, rights, owner)', () => {
    const owner = k.newOwner()
    const linked = k.newLinked()
    add(admin, owner, { [k.field]: linked })
    expect(body(admin.call(`${k.prefix}.delete`, { id: -2, fields: { [k.field]: linked } }))).toEqual(BAD_ID_QUOTED)
    expect(body(admin.call(`${k.prefix}.delete`, { id: owner, fields: 7 }))).toEqual({ error: '', error_description: 'The parameter \'item\' must be array.' })
    expect(body(admin.call(`${k.prefix}.delete`, { id: owner, fields: {} }))).toEqual({ error: '', error_description: 'The parameter \'fields\' is not valid.' })
    expect(reader.call(`${k.prefix}.delete`, { id: owner, fields: { [k.field]: linked } }).status).toBe(403)
    expect(body(admin.call(`${k.prefix}.delete`, { id: 424242, fields: { [k.field]: linked } }))).toEqual({ error: '', error_description: 'Not found.' })
    expect(ids(owner)).toEqual([linked])
  })

  it('items.set replaces the set: (i+1)*10 for a new link without SORT, the first IS_PRIMARY "Y" (else the first item) primary', () => {
    const owner = k.newOwner()
    const [a, b, c] = [k.newLinked(), k.newLinked(), k.newLinked()]
    add(editor, owner, { [k.field]: a })
    expect(editor.result(`${k.prefix}.items.set`, { id: owner, items: [{ [k.field]: b }, { [k.field]: c, SORT: 5, IS_PRIMARY: 'Y' }, { [k.field]: 0 }, { [k.field]: b }] })).toBe(true)
    const rows = get(admin, owner)
    expect(rows.map(r => r[k.field])).toEqual([c, b])
    expect(primaryOf(owner)).toEqual([c])
    expect(rows.find(r => r[k.field] === c)!.SORT).toBe(5)
    editor.result(`${k.prefix}.items.set`, { id: owner, items: [{ [k.field]: a, SORT: 40 }, { [k.field]: c, SORT: 50 }] })
    expect(primaryOf(owner)).toEqual([a])
    expect(ids(owner)).toEqual([a, c])
  })

  it('items.set: errors (bad id, items not a list, rights, missing owner) change nothing', () => {
    expect(body(admin.call(`${k.prefix}.items.set`, { id: 0, items: [] }))).toEqual(BAD_ID_BARE)
    expect(body(admin.call(`${k.prefix}.items.set`, { id: k.seedOwner, items: 'x' }))).toEqual({ error: '', error_description: 'The parameter items must be array.' })
    expect(reader.call(`${k.prefix}.items.set`, { id: k.seedOwner, items: [] }).status).toBe(403)
    expect(body(admin.call(`${k.prefix}.items.set`, { id: 424242, items: [] }))).toEqual({ error: '', error_description: 'Not found.' })
    expect(ids(k.seedOwner)).toEqual(k.seeded)
  })

  it('items.delete removes every link and the primary; needs edit (the docs), unlike the company pair', () => {
    const denied = reader.call(`${k.prefix}.items.delete`, { id: k.seedOwner })
    expect([denied.status, body(denied)]).toEqual([403, DENIED])
    expect(ids(k.seedOwner)).toEqual(k.seeded)
    expect(editor.result(`${k.prefix}.items.delete`, { id: k.seedOwner })).toBe(true)
    expect(get(admin, k.seedOwner)).toEqual([])
    expect(editor.result(`${k.prefix}.items.delete`, { id: k.seedOwner })).toBe(true)
    expect(body(admin.call(`${k.prefix}.items.delete`, { id: 'abc' }))).toEqual(BAD_ID_BARE)
    const missing = admin.call(`${k.prefix}.items.delete`, { id: 424242 })
    if (k.missingDelete === true) expect(body(missing).result).toBe(true)
    else expect(body(missing)).toEqual({ error: '', error_description: k.missingDelete })
  })

  it('an owner the user may not read: 403 ACCESS_DENIED on every method', () => {
    const owner = k.newOwner([EDITOR_ID])
    const linked = k.newLinked()
    portal.setPairLinks(CASE_TYPE[k.prefix]!, owner, [{ id: linked }])
    for (const [method, params] of [
      ['items.get', {}], ['items.set', { items: [] }], ['items.delete', {}],
      ['add', { fields: { [k.field]: k.newLinked() } }], ['delete', { fields: { [k.field]: linked } }],
    ] as const) {
      const r = editor.call(`${k.prefix}.${method}`, { id: owner, ...params })
      expect([method, r.status, body(r)]).toEqual([method, 403, DENIED])
    }
    expect(ids(owner)).toEqual([linked])
  })

  it('a linked record the user may not read: add, delete and items.set refuse it by name; items.get still lists it', () => {
    const owner = k.newOwner()
    const secret = k.newLinked([EDITOR_ID])
    const text = { error: '', error_description: `[${k.label} #${secret}] You don't have permission to view this item.` }
    expect(body(add(editor, owner, { [k.field]: secret }))).toEqual(text)
    expect(body(editor.call(`${k.prefix}.items.set`, { id: owner, items: [{ [k.field]: secret }] }))).toEqual(text)
    add(admin, owner, { [k.field]: secret })
    expect(body(editor.call(`${k.prefix}.delete`, { id: owner, fields: { [k.field]: secret } }))).toEqual(text)
    // removing it through items.set is refused too; keeping it is not
    expect(body(editor.call(`${k.prefix}.items.set`, { id: owner, items: [] }))).toEqual(text)
    const other = k.newLinked()
    expect(editor.result(`${k.prefix}.items.set`, { id: owner, items: [{ [k.field]: secret }, { [k.field]: other }] })).toBe(true)
    expect(get(editor, owner).map(r => r[k.field])).toEqual([secret, other])
  })

  it('fields: SORT, IS_PRIMARY and the linked id, for any user', () => {
    const f = reader.result<Record<string, { type: string, isRequired: boolean, title: string }>>(`${k.prefix}.fields`)
    expect(Object.keys(f)).toEqual(['SORT', 'IS_PRIMARY', k.field])
    expect(f[k.field]).toMatchObject({ type: 'integer', isRequired: true, title: k.label })
    expect(f.IS_PRIMARY).toMatchObject({ type: 'char', isRequired: false })
  })

  it('answers through batch, with $result references into an earlier command', () => {
    const last = k.seeded.length - 1
    const cmd = {
      links: `${k.prefix}.items.get?id=${k.seedOwner}`,
      again: `${k.prefix}.add?id=${k.seedOwner}&fields[${k.field}]=$result[links][0][${k.field}]`,
      gone: `${k.prefix}.delete?id=${k.seedOwner}&fields[${k.field}]=$result[links][${last}][${k.field}]`,
      after: `${k.prefix}.items.get?id=${k.seedOwner}`,
    }
    const out = admin.result<{ result: Record<string, unknown>, result_error: unknown }>('batch', { halt: 1, cmd })
    expect(out.result_error).toEqual([])
    expect(out.result.again).toBe(false)
    expect(out.result.gone).toBe(true)
    expect((out.result.after as Row[]).map(r => r[k.field])).toEqual(k.seeded.slice(0, last))
  })
})

const CASE_TYPE: Record<string, 'deal' | 'lead' | 'quote' | 'contact'> = {
  'crm.deal.contact': 'deal', 'crm.lead.contact': 'lead', 'crm.quote.contact': 'quote', 'crm.contact.company': 'contact',
}

describe('company↔contact: one set of rows seen from both sides', () => {
  const companiesOf = (contactId: number) => admin.result<Row[]>('crm.contact.company.items.get', { id: contactId })
  const contactsOf = (companyId: number) => admin.result<Row[]>('crm.company.contact.items.get', { id: companyId })

  it('clearing a contact\'s companies removes it from each company\'s list, and its main company', () => {
    expect(companiesOf(SEED_CONTACT.ada).map(r => r.COMPANY_ID)).toEqual([5, 6, 7])
    editor.result('crm.contact.company.items.delete', { id: SEED_CONTACT.ada })
    for (const id of [SEED_COMPANY.lanternfish, SEED_COMPANY.copperleaf, SEED_COMPANY.orchardRow]) expect(contactsOf(id)).toEqual([])
    expect(portal.mainCompanyOf(SEED_CONTACT.ada)).toBeNull()
    expect(admin.result<Row>('crm.contact.get', { id: SEED_CONTACT.ada }).COMPANY_ID).toBeNull()
  })

  it('a contact linked from the company side shows on the contact side at once, with the same SORT (one SORT per row)', () => {
    admin.result('crm.company.contact.add', { id: SEED_COMPANY.empty, fields: { CONTACT_ID: SEED_CONTACT.ada, SORT: 77 } })
    expect(companiesOf(SEED_CONTACT.ada)).toEqual([
      { COMPANY_ID: 5, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'N' },
      { COMPANY_ID: 6, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'Y' },
      { COMPANY_ID: 7, SORT: 30, ROLE_ID: 0, IS_PRIMARY: 'N' },
      { COMPANY_ID: 2, SORT: 77, ROLE_ID: 0, IS_PRIMARY: 'N' },
    ])
  })

  it('a company linked from the contact side shows in the company\'s list, SORT and main-company flag included', () => {
    admin.result('crm.contact.company.add', { id: 3, fields: { COMPANY_ID: SEED_COMPANY.empty, SORT: 15, IS_PRIMARY: 'Y' } })
    expect(contactsOf(SEED_COMPANY.empty)).toEqual([{ CONTACT_ID: 3, SORT: 15, ROLE_ID: 0, IS_PRIMARY: 'Y' }])
    // contact 3's main company was 4 (Blue Fjord): there its row is "N" now
    expect(contactsOf(SEED_COMPANY.blueFjord).find(r => r.CONTACT_ID === 3)!.IS_PRIMARY).toBe('N')
    expect(portal.mainCompanyOf(3)).toBe(SEED_COMPANY.empty)
    expect(admin.result<Row>('crm.contact.get', { id: 3 }).COMPANY_ID).toBe(String(SEED_COMPANY.empty))
  })

  it('a SORT changed from one side is the other side\'s SORT', () => {
    admin.result('crm.contact.company.items.set', { id: SEED_CONTACT.ada, items: [{ COMPANY_ID: 7, SORT: 5 }, { COMPANY_ID: 5 }] })
    expect(contactsOf(7)).toEqual([{ CONTACT_ID: SEED_CONTACT.ada, SORT: 5, ROLE_ID: 0, IS_PRIMARY: 'Y' }])
    // a kept company without a SORT gets (i+1)*10, its place in items (ContactCompanyTable::bindCompanies)
    expect(contactsOf(5)).toEqual([{ CONTACT_ID: SEED_CONTACT.ada, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'N' }])
    expect(contactsOf(6)).toEqual([])
  })

  it('unlinking the main company: from the contact side the first remaining company by SORT, from the company side the lowest id', () => {
    admin.result('crm.contact.company.items.set', { id: SEED_CONTACT.ada, items: [{ COMPANY_ID: 6, SORT: 10, IS_PRIMARY: 'Y' }, { COMPANY_ID: 7, SORT: 20 }, { COMPANY_ID: 5, SORT: 30 }] })
    admin.result('crm.contact.company.delete', { id: SEED_CONTACT.ada, fields: { COMPANY_ID: 6 } })
    expect(portal.mainCompanyOf(SEED_CONTACT.ada)).toBe(7)
    admin.result('crm.contact.company.items.set', { id: SEED_CONTACT.ada, items: [{ COMPANY_ID: 6, SORT: 10, IS_PRIMARY: 'Y' }, { COMPANY_ID: 7, SORT: 20 }, { COMPANY_ID: 5, SORT: 30 }] })
    admin.result('crm.company.contact.delete', { id: 6, fields: { CONTACT_ID: SEED_CONTACT.ada } })
    expect(portal.mainCompanyOf(SEED_CONTACT.ada)).toBe(5)
  })

  it('a company cleared from its side is gone from each of its contacts\' lists', () => {
    reader.result('crm.company.contact.items.delete', { id: SEED_COMPANY.copperleaf })
    expect(companiesOf(SEED_CONTACT.ada).map(r => r.COMPANY_ID)).toEqual([5, 7])
    expect(portal.mainCompanyOf(SEED_CONTACT.ada)).toBe(5)
    expect(portal.pairLinks('contact', SEED_CONTACT.ada)).toEqual(companiesOf(SEED_CONTACT.ada))
  })
})

describe('seed: the cards of issue 12', () => {
  it('has a deal with 3 contacts, a lead with 2, a quote with 1, a contact with 3 companies (one main), a deal with 2,000', () => {
    expect(portal.pairLinks('deal', SEED_DEAL.fleetRenewal)).toHaveLength(3)
    expect(portal.pairLinks('lead', SEED_LEAD.robots)).toHaveLength(2)
    expect(portal.pairLinks('quote', SEED_QUOTE.fleetRenewal)).toHaveLength(1)
    const ada = portal.pairLinks('contact', SEED_CONTACT.ada)
    expect(ada).toHaveLength(3)
    expect(ada.filter(r => r.IS_PRIMARY === 'Y')).toEqual([{ COMPANY_ID: SEED_COMPANY.copperleaf, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'Y' }])
    expect(portal.pairLinks('deal', SEED_DEAL.empty)).toEqual([])
    expect(portal.card('deal', SEED_DEAL.fleetRenewal)).toMatchObject({ title: 'Fleet renewal', linkCount: 3 })
  })

  it('answers the 2,000 links of deal 2 in one items.get, sorted, quickly', () => {
    const t = performance.now()
    const rows = admin.result<Row[]>('crm.deal.contact.items.get', { id: SEED_DEAL.large })
    expect(rows).toHaveLength(2000)
    expect(rows[0]).toEqual({ CONTACT_ID: 1001, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' })
    expect(rows[1999]).toEqual({ CONTACT_ID: 3000, SORT: 20000, ROLE_ID: 0, IS_PRIMARY: 'N' })
    expect(performance.now() - t).toBeLessThan(200)
    editor.result('crm.deal.contact.items.delete', { id: SEED_DEAL.large })
    expect(portal.card('deal', SEED_DEAL.large)!.linkCount).toBe(0)
    // the contacts' companies are another table: Megastack keeps its 3,000
    expect(portal.companies().find(c => c.id === SEED_COMPANY.large)!.contactCount).toBe(3000)
  })

  it('reset() brings the cards back', () => {
    editor.result('crm.contact.company.items.delete', { id: SEED_CONTACT.ada })
    editor.result('crm.lead.contact.items.delete', { id: SEED_LEAD.robots })
    portal.reset()
    expect(portal.pairLinks('contact', SEED_CONTACT.ada)).toHaveLength(3)
    expect(portal.pairLinks('lead', SEED_LEAD.robots)).toHaveLength(2)
  })
})

describe('direct helpers: addCrmItem, setPairLinks, pairLinks, crmItems', () => {
  it('adds a deal with contacts (the first primary), lists it, and replaces its links', () => {
    const id = portal.addCrmItem('deal', { title: 'Cedar kiosk', companyId: 1, contactIds: [12, 3] })
    expect(portal.pairLinks('deal', id)).toEqual([
      { CONTACT_ID: 12, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
      { CONTACT_ID: 3, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'N' },
    ])
    expect(portal.crmItems('deal').find(d => d.id === id)).toEqual({ type: 'deal', id, title: 'Cedar kiosk', linkCount: 2 })
    portal.setPairLinks('deal', id, [{ id: 3, SORT: 5 }, { id: 9, IS_PRIMARY: 'Y' }])
    expect(portal.pairLinks('deal', id)).toEqual([
      { CONTACT_ID: 3, SORT: 5, ROLE_ID: 0, IS_PRIMARY: 'N' },
      { CONTACT_ID: 9, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'Y' },
    ])
    expect(portal.log()).toEqual([])
    expect(portal.pairLinks('deal', 424242)).toEqual([])
    expect(() => portal.setPairLinks('lead', 424242, [])).toThrow()
  })

  it('setPairLinks on a company is setLinks: the flag belongs to each contact', () => {
    portal.setPairLinks('company', SEED_COMPANY.empty, [{ id: 3, IS_PRIMARY: 'Y' }, { id: 1 }])
    expect(portal.links(SEED_COMPANY.empty)).toEqual([
      { CONTACT_ID: 3, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
      { CONTACT_ID: 1, SORT: 20, ROLE_ID: 0, IS_PRIMARY: 'N' },
    ])
  })

  it('lists every pair with its placement', () => {
    expect(portal.pairs().map(p => [p.prefix, p.ownerType, p.linkedType, p.linkedField, p.placement])).toEqual([
      ['crm.company.contact', 'company', 'contact', 'CONTACT_ID', 'CRM_COMPANY_DETAIL_TAB'],
      ['crm.deal.contact', 'deal', 'contact', 'CONTACT_ID', 'CRM_DEAL_DETAIL_TAB'],
      ['crm.lead.contact', 'lead', 'contact', 'CONTACT_ID', 'CRM_LEAD_DETAIL_TAB'],
      ['crm.quote.contact', 'quote', 'contact', 'CONTACT_ID', 'CRM_QUOTE_DETAIL_TAB'],
      ['crm.contact.company', 'contact', 'company', 'COMPANY_ID', 'CRM_CONTACT_DETAIL_TAB'],
    ])
  })
})
