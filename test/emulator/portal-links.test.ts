import { beforeEach, describe, expect, it } from 'vitest'
import { createPortal, type Portal } from '@emulator/portal'
import { seededClients, type PortalClient } from '@emulator/portal/testing'

let portal: Portal
let admin: PortalClient, editor: PortalClient, reader: PortalClient
beforeEach(() => {
  portal = createPortal({ now: () => Date.UTC(2025, 0, 1) })
  ;({ admin, editor, reader } = seededClients(portal))
})

type Row = { CONTACT_ID: number, SORT: number, ROLE_ID: number, IS_PRIMARY: 'Y' | 'N' }
const body = (r: { body: unknown }) => r.body as Record<string, unknown>
const BAD_ID = { error: '', error_description: 'The parameter ownerEntityID is invalid or not defined.' }
const DENIED = { error: 'ACCESS_DENIED', error_description: 'Access denied!' }

describe('crm.company.contact.items.get', () => {
  it('lists every link sorted by SORT with integer fields and Y/N', () => {
    portal.setLinks(2, [{ CONTACT_ID: 5, SORT: 30 }, { CONTACT_ID: 6, SORT: 10 }, { CONTACT_ID: 9, SORT: 20 }])
    const rows = reader.result<Row[]>('crm.company.contact.items.get', { id: 2 })
    expect(rows.map(r => r.CONTACT_ID)).toEqual([6, 9, 5])
    for (const r of rows) {
      expect(Object.keys(r)).toEqual(['CONTACT_ID', 'SORT', 'ROLE_ID', 'IS_PRIMARY'])
      expect(Number.isInteger(r.CONTACT_ID) && Number.isInteger(r.SORT)).toBe(true)
      expect(r.ROLE_ID).toBe(0)
    }
  })

  it('seed company 1 has 12 links with mixed IS_PRIMARY (3 and 10 belong to company 4)', () => {
    const rows = admin.result<Row[]>('crm.company.contact.items.get', { id: 1 })
    expect(rows.map(r => r.CONTACT_ID)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
    expect(rows.filter(r => r.IS_PRIMARY === 'N').map(r => r.CONTACT_ID)).toEqual([3, 10])
    const fjord = admin.result<Row[]>('crm.company.contact.items.get', { id: 4 })
    expect(fjord.map(r => [r.CONTACT_ID, r.IS_PRIMARY])).toEqual([[3, 'Y'], [10, 'Y'], [11, 'N'], [13, 'Y']])
  })

  it('answers [] for a company with no links and for one that does not exist', () => {
    expect(admin.result('crm.company.contact.items.get', { id: 2 })).toEqual([])
    expect(admin.result('crm.company.contact.items.get', { id: 999 })).toEqual([])
  })

  it.each([0, -3, 'abc', null, undefined])('answers 400 with error "" for id %s', id => {
    const r = admin.call('crm.company.contact.items.get', id === undefined ? {} : { id })
    expect(r.status).toBe(400)
    expect(body(r)).toEqual(BAD_ID)
  })

  it('accepts the id as a string and as ID', () => {
    expect(admin.result<Row[]>('crm.company.contact.items.get', { id: '1' })).toHaveLength(12)
    expect(admin.result<Row[]>('crm.company.contact.items.get', { ID: 1 })).toHaveLength(12)
  })

  it('answers 403 ACCESS_DENIED for a company the user may not read', () => {
    const secret = portal.addCompany({ title: 'Secret', contactIds: [1], hiddenFrom: [3] })
    const r = reader.call('crm.company.contact.items.get', { id: secret })
    expect(r.status).toBe(403)
    expect(body(r)).toEqual(DENIED)
    expect(admin.result('crm.company.contact.items.get', { id: secret })).toHaveLength(1)
  })

  it('keeps the link of a contact hidden from the user', () => {
    const ids = reader.result<Row[]>('crm.company.contact.items.get', { id: 1 }).map(r => r.CONTACT_ID)
    expect(ids).toContain(8)
  })

  it('returns 3,000 links of company 3 quickly', () => {
    const t = performance.now()
    const rows = admin.result<Row[]>('crm.company.contact.items.get', { id: 3 })
    expect(rows).toHaveLength(3000)
    expect(rows[0]).toEqual({ CONTACT_ID: 1001, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' })
    expect(rows[2999]!.CONTACT_ID).toBe(4000)
    expect(performance.now() - t).toBeLessThan(200)
  })
})

describe('crm.company.contact.items.set', () => {
  it('replaces the whole set; left-out contacts are unlinked', () => {
    expect(editor.result('crm.company.contact.items.set', { id: 1, items: [{ CONTACT_ID: 2, SORT: 5 }, { CONTACT_ID: 1, SORT: 7 }] })).toBe(true)
    expect(portal.links(1).map(l => [l.CONTACT_ID, l.SORT])).toEqual([[2, 5], [1, 7]])
    expect(portal.companies().find(c => c.id === 1)!.contactCount).toBe(2)
  })

  it('renumbers items without SORT as (i+1)*10', () => {
    admin.result('crm.company.contact.items.set', { id: 2, items: [{ CONTACT_ID: 4 }, { CONTACT_ID: 5, SORT: 15 }, { CONTACT_ID: 6 }] })
    expect(portal.links(2).map(l => [l.CONTACT_ID, l.SORT])).toEqual([[4, 10], [5, 15], [6, 30]])
  })

  it('makes this company the main company of every re-linked contact, whatever IS_PRIMARY says', () => {
    expect(portal.mainCompanyOf(3)).toBe(4)
    admin.result('crm.company.contact.items.set', { id: 1, items: [{ CONTACT_ID: 3, IS_PRIMARY: 'N' }, { CONTACT_ID: 10 }] })
    expect(portal.mainCompanyOf(3)).toBe(1)
    expect(portal.links(1).map(l => l.IS_PRIMARY)).toEqual(['Y', 'Y'])
    expect(portal.links(4).find(l => l.CONTACT_ID === 3)!.IS_PRIMARY).toBe('N')
  })

  it('a contact that loses its main company falls back to another of its companies', () => {
    expect(portal.mainCompanyOf(11)).toBe(1)
    admin.result('crm.company.contact.items.set', { id: 1, items: [] })
    expect(portal.mainCompanyOf(11)).toBe(4)
    expect(portal.links(4).find(l => l.CONTACT_ID === 11)!.IS_PRIMARY).toBe('Y')
    expect(portal.mainCompanyOf(1)).toBeNull()
  })

  it('with an empty list clears the company', () => {
    admin.result('crm.company.contact.items.set', { id: 1, items: [] })
    expect(portal.links(1)).toEqual([])
  })

  it('drops duplicates, unknown contacts and ids ≤ 0', () => {
    admin.result('crm.company.contact.items.set', { id: 2, items: [{ CONTACT_ID: 1 }, { CONTACT_ID: 1 }, { CONTACT_ID: 424242 }, { CONTACT_ID: 0 }, { CONTACT_ID: '2' }] })
    expect(portal.links(2).map(l => l.CONTACT_ID)).toEqual([1, 2])
  })

  it('answers 400 for a bad id and for items that are not an array', () => {
    expect(body(admin.call('crm.company.contact.items.set', { id: 0, items: [] }))).toEqual(BAD_ID)
    const r = admin.call('crm.company.contact.items.set', { id: 1, items: 'nope' })
    expect(r.status).toBe(400)
    expect(body(r)).toEqual({ error: '', error_description: 'The parameter items must be array.' })
    expect(portal.links(1)).toHaveLength(12)
  })

  it('answers 400 "Not found" for a company that does not exist', () => {
    const r = admin.call('crm.company.contact.items.set', { id: 999, items: [] })
    expect(r.status).toBe(400)
    expect(body(r)).toEqual({ error: '', error_description: 'Not found' })
  })

  it('refuses a read-only user with 403 ACCESS_DENIED and changes nothing', () => {
    const r = reader.call('crm.company.contact.items.set', { id: 1, items: [] })
    expect(r.status).toBe(403)
    expect(body(r)).toEqual(DENIED)
    expect(portal.links(1)).toHaveLength(12)
  })
})

describe('crm.company.contact.items.delete', () => {
  it('clears every link and answers true; idempotent', () => {
    expect(editor.result('crm.company.contact.items.delete', { id: 1 })).toBe(true)
    expect(portal.links(1)).toEqual([])
    expect(editor.result('crm.company.contact.items.delete', { id: 1 })).toBe(true)
  })

  it('checks only READ permission: a read-only user may clear (docs/bitrix24.md, CRM links, code)', () => {
    expect(reader.result('crm.company.contact.items.delete', { id: 1 })).toBe(true)
    expect(portal.links(1)).toEqual([])
  })

  it('answers ACCESS_DENIED for a company the user may not read', () => {
    const secret = portal.addCompany({ title: 'Secret', contactIds: [1, 2], hiddenFrom: [2] })
    const r = editor.call('crm.company.contact.items.delete', { id: secret })
    expect(r.status).toBe(403)
    expect(body(r)).toEqual(DENIED)
    expect(portal.links(secret)).toHaveLength(2)
  })

  it('answers 400 for a bad id and "Not found" for a missing company', () => {
    expect(body(admin.call('crm.company.contact.items.delete', { id: 'x' }))).toEqual(BAD_ID)
    expect(body(admin.call('crm.company.contact.items.delete', { id: 999 }))).toEqual({ error: '', error_description: 'Not found' })
  })

  it('also removes the links of contacts hidden from the caller', () => {
    reader.result('crm.company.contact.items.delete', { id: 1 })
    expect(portal.mainCompanyOf(8)).toBeNull()
  })

  it('clears 3,000 links', () => {
    admin.result('crm.company.contact.items.delete', { id: 3 })
    expect(portal.links(3)).toEqual([])
    expect(portal.mainCompanyOf(1001)).toBeNull()
  })
})

describe('crm.company.contact.add', () => {
  it('links a contact at max SORT + 10 and answers true', () => {
    expect(editor.result('crm.company.contact.add', { id: 1, fields: { CONTACT_ID: 13 } })).toBe(true)
    expect(portal.links(1).at(-1)).toEqual({ CONTACT_ID: 13, SORT: 130, ROLE_ID: 0, IS_PRIMARY: 'N' })
  })

  it('IS_PRIMARY Y makes this company the contact\'s main company; a contact without one gets it', () => {
    admin.result('crm.company.contact.add', { id: 2, fields: { CONTACT_ID: 13, IS_PRIMARY: 'Y', SORT: 5 } })
    expect(portal.mainCompanyOf(13)).toBe(2)
    const lone = portal.addContact({ name: 'Lone' })
    admin.result('crm.company.contact.add', { id: 2, fields: { CONTACT_ID: lone } })
    expect(portal.mainCompanyOf(lone)).toBe(2)
  })

  it('answers false for an already linked contact and changes nothing', () => {
    expect(editor.result('crm.company.contact.add', { id: 1, fields: { CONTACT_ID: 3, SORT: 999, IS_PRIMARY: 'Y' } })).toBe(false)
    expect(portal.links(1).find(l => l.CONTACT_ID === 3)).toEqual({ CONTACT_ID: 3, SORT: 30, ROLE_ID: 0, IS_PRIMARY: 'N' })
  })

  it('checks edit permission first: a read-only user gets ACCESS_DENIED even for a linked contact', () => {
    const r = reader.call('crm.company.contact.add', { id: 1, fields: { CONTACT_ID: 1 } })
    expect(r.status).toBe(403)
    expect(body(r)).toEqual(DENIED)
  })

  it('answers 400 for a bad company id, a missing CONTACT_ID and unknown entities', () => {
    expect(body(admin.call('crm.company.contact.add', { id: -1, fields: { CONTACT_ID: 1 } }))).toEqual(BAD_ID)
    const noContact = admin.call('crm.company.contact.add', { id: 1, fields: {} })
    expect(noContact.status).toBe(400)
    expect(body(noContact).error).toBe('')
    expect(body(admin.call('crm.company.contact.add', { id: 999, fields: { CONTACT_ID: 1 } })).error_description).toBe('Not found')
    expect(body(admin.call('crm.company.contact.add', { id: 1, fields: { CONTACT_ID: 424242 } })).error_description).toBe('Not found')
  })
})

describe('crm.company.contact.delete', () => {
  it('unlinks one contact and answers true; false when not linked', () => {
    expect(editor.result('crm.company.contact.delete', { id: 1, fields: { CONTACT_ID: 5 } })).toBe(true)
    expect(portal.links(1).map(l => l.CONTACT_ID)).not.toContain(5)
    expect(editor.result('crm.company.contact.delete', { id: 1, fields: { CONTACT_ID: 5 } })).toBe(false)
  })

  it('refuses a read-only user', () => {
    expect(reader.call('crm.company.contact.delete', { id: 1, fields: { CONTACT_ID: 5 } }).status).toBe(403)
    expect(portal.links(1)).toHaveLength(12)
  })
})

describe('crm.company.contact.fields', () => {
  it('describes SORT, IS_PRIMARY and CONTACT_ID for any user', () => {
    const f = reader.result<Record<string, { type: string, isRequired: boolean }>>('crm.company.contact.fields')
    expect(Object.keys(f)).toEqual(['SORT', 'IS_PRIMARY', 'CONTACT_ID'])
    expect(f.CONTACT_ID).toMatchObject({ type: 'integer', isRequired: true })
    expect(f.IS_PRIMARY!.type).toBe('char')
  })
})

describe('direct seeding helpers', () => {
  it('addCompany links new generated contacts or given ids with SORT 10, 20…', () => {
    const a = portal.addCompany({ title: 'Gen', contacts: 3 })
    expect(portal.links(a).map(l => l.SORT)).toEqual([10, 20, 30])
    expect(portal.links(a).every(l => l.IS_PRIMARY === 'Y')).toBe(true)
    const b = portal.addCompany({ title: 'Ids', contactIds: [12, 1] })
    expect(portal.links(b).map(l => [l.CONTACT_ID, l.IS_PRIMARY])).toEqual([[12, 'N'], [1, 'N']])
    expect(portal.companies().find(c => c.id === b)).toEqual({ id: b, title: 'Ids', contactCount: 2 })
    expect(() => portal.addCompany({ title: 'x', contactIds: [424242] })).toThrow()
  })

  it('setLinks controls IS_PRIMARY directly; links() reads what the server has', () => {
    portal.setLinks(1, [{ CONTACT_ID: 3, IS_PRIMARY: 'Y' }, { CONTACT_ID: 1, IS_PRIMARY: 'N', SORT: 99 }])
    expect(portal.links(1)).toEqual([
      { CONTACT_ID: 3, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
      { CONTACT_ID: 1, SORT: 99, ROLE_ID: 0, IS_PRIMARY: 'N' },
    ])
    expect(portal.mainCompanyOf(1)).toBeNull()
    expect(portal.links(424242)).toEqual([])
    expect(() => portal.setLinks(424242, [])).toThrow()
  })

  it('setLinks bypasses the rate limit and the log', () => {
    portal.update({ rateLimit: { perSecond: 2, burst: 1, enabled: true } })
    portal.setLinks(2, [{ CONTACT_ID: 1 }])
    expect(portal.log()).toEqual([])
    expect(admin.call('crm.company.contact.items.get', { id: 2 }).status).toBe(200)
  })
})
