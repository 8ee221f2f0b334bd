/**
 * The cards of issue 12 in the model: deals, leads and quotes (get, list),
 * timeline comments on them, hooks on their links, the detail-tab placements
 * and what the model tells the host about a card (emulator/portal/cards.ts).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import {
  cardPath, createPortal, parseCardPath, SEED_COMPANY, SEED_CONTACT, SEED_DEAL, SEED_LEAD, SEED_QUOTE, type Portal,
} from '@emulator/portal'
import { seededClients, type PortalClient } from '@emulator/portal/testing'

let portal: Portal
let admin: PortalClient, editor: PortalClient, reader: PortalClient
beforeEach(() => {
  portal = createPortal({ now: () => Date.UTC(2025, 0, 1) })
  ;({ admin, editor, reader } = seededClients(portal))
})

type Row = Record<string, unknown>
const body = (r: { body: unknown }) => r.body as Record<string, unknown>
const EDITOR_ID = 2

describe('crm.deal.get, crm.lead.get, crm.quote.get', () => {
  it('answer the record with ids and numbers as strings; CONTACT_ID is the primary contact', () => {
    expect(reader.result<Row>('crm.deal.get', { id: SEED_DEAL.fleetRenewal })).toMatchObject({
      ID: '1', TITLE: 'Fleet renewal', COMPANY_ID: '1', CONTACT_ID: '1', STAGE_ID: 'PREPARATION', OPPORTUNITY: '48000.00', CURRENCY_ID: 'EUR',
    })
    expect(reader.result<Row>('crm.lead.get', { id: SEED_LEAD.robots })).toMatchObject({
      ID: '1', TITLE: 'Warehouse robots inquiry', NAME: 'Mira', LAST_NAME: 'Santos', CONTACT_ID: '4', COMPANY_ID: null,
    })
    expect(reader.result<Row>('crm.quote.get', { id: SEED_QUOTE.fleetRenewal })).toMatchObject({
      ID: '1', TITLE: 'Fleet renewal quote', COMPANY_ID: '1', DEAL_ID: '1', CONTACT_ID: '1',
    })
    expect(reader.result<Row>('crm.deal.get', { id: SEED_DEAL.empty }).CONTACT_ID).toBeNull()
  })

  it('follow the primary contact when the links change', () => {
    editor.result('crm.deal.contact.add', { id: SEED_DEAL.fleetRenewal, fields: { CONTACT_ID: 12, IS_PRIMARY: 'Y' } })
    expect(admin.result<Row>('crm.deal.get', { id: SEED_DEAL.fleetRenewal }).CONTACT_ID).toBe('12')
    editor.result('crm.quote.contact.items.delete', { id: SEED_QUOTE.fleetRenewal })
    expect(admin.result<Row>('crm.quote.get', { id: SEED_QUOTE.fleetRenewal }).CONTACT_ID).toBeNull()
  })

  it.each([
    ['crm.deal.get', 'deal', 'Access denied'],
    ['crm.lead.get', 'lead', 'Access denied'],
    ['crm.quote.get', 'quote', 'Access denied.'],
  ] as const)('%s: 400 for a bad id, "Not found", and the get page\'s text for a record the user may not read', (method, type, denied) => {
    expect([admin.call(method, { id: 0 }).status, body(admin.call(method, { id: 0 }))]).toEqual([400, { error: '', error_description: 'ID is not defined or invalid.' }])
    expect(body(admin.call(method, { id: 424242 }))).toEqual({ error: '', error_description: 'Not found' })
    const secret = portal.addCrmItem(type, { title: 'Secret', hiddenFrom: [EDITOR_ID] })
    const r = editor.call(method, { id: secret })
    expect([r.status, body(r)]).toEqual([400, { error: '', error_description: denied }])
    expect(admin.result<Row>(method, { id: secret }).TITLE).toBe('Secret')
  })
})

describe('crm.deal.list, crm.lead.list, crm.quote.list', () => {
  it('filter, select (ID always), order and 50 a page with next and total', () => {
    for (let n = 0; n < 55; n++) portal.addCrmItem('deal', { title: `Bulk ${String(n).padStart(2, '0')}`, companyId: SEED_COMPANY.blueFjord })
    const first = admin.call('crm.deal.list', { filter: { COMPANY_ID: SEED_COMPANY.blueFjord }, select: ['TITLE'], order: { TITLE: 'DESC' } })
    expect(body(first)).toMatchObject({ next: 50, total: 55 })
    const rows = body(first).result as Row[]
    expect(rows).toHaveLength(50)
    expect(rows[0]).toEqual({ ID: String(SEED_DEAL.empty + 55), TITLE: 'Bulk 54' })
    const second = admin.call('crm.deal.list', { filter: { COMPANY_ID: SEED_COMPANY.blueFjord }, select: ['ID'], start: 50 })
    expect(body(second)).not.toHaveProperty('next')
    expect((body(second).result as Row[]).map(r => r.ID)).toEqual(['54', '55', '56', '57', '58'])
    expect(admin.result<Row[]>('crm.deal.list', { filter: { '%TITLE': 'renewal' }, select: ['ID', 'TITLE'] })).toEqual([{ ID: '1', TITLE: 'Fleet renewal' }])
    expect(admin.result<Row[]>('crm.deal.list', { filter: { '@ID': [3, 1] }, select: ['ID'] })).toEqual([{ ID: '1' }, { ID: '3' }])
  })

  it('leave out records the user may not read, also from total', () => {
    portal.addCrmItem('lead', { title: 'Hidden lead', hiddenFrom: [EDITOR_ID] })
    expect(body(admin.call('crm.lead.list', {})).total).toBe(2)
    expect(body(editor.call('crm.lead.list', {})).total).toBe(1)
    expect(editor.result<Row[]>('crm.quote.list', { select: ['TITLE'] })).toEqual([{ ID: '1', TITLE: 'Fleet renewal quote' }])
  })

  it('refuse a filter or order that is not an object', () => {
    expect(body(admin.call('crm.deal.list', { filter: 'x' }))).toEqual({ error: '', error_description: 'Parameter \'filter\' must be array.' })
    expect(body(admin.call('crm.quote.list', { order: 5 }))).toEqual({ error: '', error_description: 'Parameter \'order\' must be array.' })
  })
})

describe('crm.timeline.comment.* on deals, leads, quotes and contacts', () => {
  it.each([
    ['deal', SEED_DEAL.fleetRenewal], ['lead', SEED_LEAD.robots], ['quote', SEED_QUOTE.fleetRenewal], ['contact', SEED_CONTACT.ada],
  ] as const)('adds, lists and deletes a comment on a %s', (type, id) => {
    const commentId = editor.result<number>('crm.timeline.comment.add', { fields: { ENTITY_TYPE: type, ENTITY_ID: id, COMMENT: `On ${type}` } })
    expect(reader.result<Row[]>('crm.timeline.comment.list', { filter: { ENTITY_TYPE: type, ENTITY_ID: id }, select: ['COMMENT', 'ENTITY_TYPE'] }))
      .toEqual([{ ID: String(commentId), COMMENT: `On ${type}`, ENTITY_TYPE: type }])
    // a company with the same id has its own timeline
    expect(reader.result<Row[]>('crm.timeline.comment.list', { filter: { ENTITY_TYPE: 'company', ENTITY_ID: id } })).toEqual([])
    expect(editor.result('crm.timeline.comment.delete', { id: commentId })).toBeNull()
    expect(portal.comments()).toEqual([])
  })

  it('refuses an unknown type (ERROR_ARGUMENT), a missing record ("Not found") and a reader', () => {
    expect(body(editor.call('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'invoice', ENTITY_ID: 1, COMMENT: 'x' } }))).toMatchObject({ error: 'ERROR_ARGUMENT', argument: 'ENTITY_TYPE' })
    expect(body(editor.call('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'deal', ENTITY_ID: 424242, COMMENT: 'x' } }))).toEqual({ error: '', error_description: 'Not found' })
    expect(reader.call('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'lead', ENTITY_ID: SEED_LEAD.robots, COMMENT: 'x' } }).status).toBe(403)
  })

  it('does not list the comments of a record the user may not read', () => {
    const secret = portal.addCrmItem('quote', { title: 'Secret quote', hiddenFrom: [EDITOR_ID] })
    admin.result('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'quote', ENTITY_ID: secret, COMMENT: 'private' } })
    const r = editor.call('crm.timeline.comment.list', { filter: { ENTITY_TYPE: 'quote', ENTITY_ID: secret } })
    expect([r.status, body(r).error]).toEqual([403, 'ACCESS_DENIED'])
  })
})

describe('hooks on the other pairs', () => {
  const ids = (prefix: string, id: number) => admin.result<Row[]>(`${prefix}.items.get`, { id }).map(r => r.CONTACT_ID ?? r.COMPANY_ID)

  it('link a contact to a deal (dealId), a lead (leadId), a quote (quoteId) before the request runs', () => {
    portal.addHook({ method: 'crm.deal.contact.items.get', link: { dealId: SEED_DEAL.empty, contactId: 9 } })
    portal.addHook({ method: 'crm.lead.contact.items.delete', link: { leadId: SEED_LEAD.robots, contactId: 9, sort: 5 } })
    portal.addHook({ method: 'crm.quote.contact.items.get', link: { quoteId: SEED_QUOTE.fleetRenewal, contactId: 9, sort: 1 } })
    expect(admin.result<Row[]>('crm.deal.contact.items.get', { id: SEED_DEAL.empty })).toEqual([{ CONTACT_ID: 9, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' }])
    const out = admin.result<{ result: Record<string, Row[]> }>('batch', {
      halt: 1,
      cmd: { before: `crm.lead.contact.items.get?id=${SEED_LEAD.robots}`, clear: `crm.lead.contact.items.delete?id=${SEED_LEAD.robots}` },
    })
    expect(out.result.before!.map(r => r.CONTACT_ID)).toEqual([9, 4, 5])
    expect(admin.result<Row[]>('crm.quote.contact.items.get', { id: SEED_QUOTE.fleetRenewal })).toEqual([
      { CONTACT_ID: 9, SORT: 1, ROLE_ID: 0, IS_PRIMARY: 'N' },
      { CONTACT_ID: 1, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' },
    ])
  })

  it('unlink from a deal; companyId alone is the company pair as before, also seen from the contact side', () => {
    portal.addHook({ method: 'profile', unlink: { dealId: SEED_DEAL.fleetRenewal, contactId: 1 } })
    portal.addHook({ method: 'profile', unlink: { companyId: SEED_COMPANY.copperleaf, contactId: SEED_CONTACT.ada } })
    admin.result('profile')
    expect(ids('crm.deal.contact', SEED_DEAL.fleetRenewal)).toEqual([2, 10])
    expect(admin.result<Row>('crm.deal.get', { id: SEED_DEAL.fleetRenewal }).CONTACT_ID).toBe('2')
    expect(ids('crm.contact.company', SEED_CONTACT.ada)).toEqual([5, 7])
  })

  it('a link to a record that does not exist does nothing', () => {
    portal.addHook({ method: 'profile', link: { dealId: 424242, contactId: 1 } })
    portal.addHook({ method: 'profile', link: { dealId: SEED_DEAL.empty, contactId: 424242 } })
    admin.result('profile')
    expect(portal.pairLinks('deal', SEED_DEAL.empty)).toEqual([])
  })
})

const TABS = ['CRM_COMPANY_DETAIL_TAB', 'CRM_CONTACT_DETAIL_TAB', 'CRM_DEAL_DETAIL_TAB', 'CRM_LEAD_DETAIL_TAB', 'CRM_QUOTE_DETAIL_TAB']

describe('detail-tab placements', () => {
  it.each(TABS)('%s: bind, get, a second bind of the same handler refused, unbind', (placement) => {
    const handler = 'https://contacts.example.com/'
    expect(admin.result('placement.bind', { PLACEMENT: placement, HANDLER: handler, TITLE: 'Contacts' })).toBe(true)
    expect(admin.result<Row[]>('placement.get')).toEqual([expect.objectContaining({ placement, handler, title: 'Contacts' })])
    expect(body(admin.call('placement.bind', { PLACEMENT: placement, HANDLER: handler }))).toEqual({ error: 'ERROR_CORE', error_description: 'Unable to set placement handler: Handler already binded' })
    expect(portal.placementHandlers(placement)).toEqual([expect.objectContaining({ placement, handler })])
    expect(admin.result('placement.unbind', { PLACEMENT: placement, HANDLER: handler })).toEqual({ count: 1 })
    expect(portal.placementHandlers(placement)).toEqual([])
  })

  it('binds all five with one batch, admin only', () => {
    const cmd = Object.fromEntries(TABS.map(p => [p, `placement.bind?PLACEMENT=${p}&HANDLER=https%3A%2F%2Fcontacts.example.com%2F`]))
    expect(editor.result<{ result_error: Record<string, Row> }>('batch', { cmd }).result_error[TABS[0]!]).toMatchObject({ error: 'ACCESS_DENIED' })
    expect(admin.result<{ result: Record<string, boolean> }>('batch', { cmd }).result).toEqual(Object.fromEntries(TABS.map(p => [p, true])))
    expect(portal.placements().map(b => b.placement)).toEqual(TABS)
  })

  it('lowercase placement codes name the same placement', () => {
    admin.result('placement.bind', { PLACEMENT: 'crm_deal_detail_tab', HANDLER: 'https://contacts.example.com/' })
    expect(portal.placementHandlers('crm_deal_detail_tab')).toHaveLength(1)
    expect(portal.placementHandlers('CRM_DEAL_DETAIL_TAB')).toHaveLength(1)
  })
})

describe('card(): what the host shows for /crm/<type>/details/<id>/', () => {
  it.each([
    ['company', SEED_COMPANY.northwind, 'Northwind Trading Co.', '/crm/company/details/1/', 'CRM_COMPANY_DETAIL_TAB', 'crm.company.contact', 12],
    ['contact', SEED_CONTACT.ada, 'Ada Quill', '/crm/contact/details/14/', 'CRM_CONTACT_DETAIL_TAB', 'crm.contact.company', 3],
    ['deal', SEED_DEAL.large, 'Network rollout', '/crm/deal/details/2/', 'CRM_DEAL_DETAIL_TAB', 'crm.deal.contact', 2000],
    ['lead', SEED_LEAD.robots, 'Warehouse robots inquiry', '/crm/lead/details/1/', 'CRM_LEAD_DETAIL_TAB', 'crm.lead.contact', 2],
    ['quote', SEED_QUOTE.fleetRenewal, 'Fleet renewal quote', '/crm/type/7/details/1/', 'CRM_QUOTE_DETAIL_TAB', 'crm.quote.contact', 1],
  ] as const)('%s %i', (type, id, title, path, placement, prefix, linkCount) => {
    admin.result('placement.bind', { PLACEMENT: placement, HANDLER: 'https://contacts.example.com/', TITLE: 'Contacts' })
    const card = portal.card(type, id)!
    expect(card).toMatchObject({ type, id, title, path, placement, placementOptions: { ID: String(id) }, linkCount })
    expect(card.pair.prefix).toBe(prefix)
    expect(card.handlers.map(h => h.handler)).toEqual(['https://contacts.example.com/'])
    expect(parseCardPath(path)).toEqual({ type, id })
    expect(cardPath(type, id)).toBe(path)
  })

  it('a card without a bound tab has no handlers; an unknown record has no card; other paths are no card', () => {
    expect(portal.card('deal', SEED_DEAL.fleetRenewal)!.handlers).toEqual([])
    expect(portal.card('lead', 424242)).toBeUndefined()
    expect(parseCardPath('/crm/invoice/details/1/')).toBeUndefined()
    expect(parseCardPath('/crm/deal/details/x/')).toBeUndefined()
  })

  it('crmItems lists every card of a type with its link count', () => {
    expect(portal.crmItems('deal')).toEqual([
      { type: 'deal', id: 1, title: 'Fleet renewal', linkCount: 3 },
      { type: 'deal', id: 2, title: 'Network rollout', linkCount: 2000 },
      { type: 'deal', id: 3, title: 'Harbor crane service', linkCount: 0 },
    ])
    expect(portal.crmItems('contact').find(c => c.id === SEED_CONTACT.ada)).toEqual({ type: 'contact', id: 14, title: 'Ada Quill', linkCount: 3 })
  })
})
