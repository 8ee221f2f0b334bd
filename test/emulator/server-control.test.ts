/**
 * The control API's route table (emulator/control.ts): matching, the
 * requests the host page builds from it, and over real HTTP what the table
 * adds to the routes server.test.ts drives: 405 for a known path with
 * another method, the validators' 400s, hooks on deals, leads and quotes,
 * comments of one record, and the CRM card routes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '@emulator/server'
import { matchRoute, routeRequest, ROUTES, type AnswerOf, type ControlRequest, type RouteName } from '@emulator/control'
import { SEED_DEAL, SEED_LEAD, SEED_QUOTE } from '@emulator/portal'

const DEAL = SEED_DEAL.fleetRenewal
const LEAD = SEED_LEAD.robots
const QUOTE = SEED_QUOTE.fleetRenewal

let emu: Emulator
beforeAll(async () => { emu = await startEmulator({ quiet: true }) })
afterAll(async () => { await emu?.close() })
beforeEach(() => {
  emu.portal.reset()
  emu.portal.clearLog()
})

/** A call as the host page makes it: method and path from routeRequest(). */
async function call<K extends RouteName>(name: K, req?: ControlRequest<K>): Promise<{ status: number, body: AnswerOf<K> }> {
  const { method, path } = routeRequest(name, req)
  const res = await fetch(`${emu.portalOrigin}${path}`, {
    method,
    headers: req?.body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: req?.body === undefined ? undefined : JSON.stringify(req.body),
  })
  return { status: res.status, body: await res.json() as AnswerOf<K> }
}

const token = (): string => emu.portal.refreshAuth().AUTH_ID

async function rest(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${emu.portalOrigin}/rest/${method}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...params, auth: token() }),
  })
  return await res.json() as Record<string, unknown>
}

describe('the route table', () => {
  it('matches every pattern to its route, with typed path parameters', () => {
    expect(matchRoute('GET', 'info')).toEqual({ name: 'info', params: {} })
    expect(matchRoute('PATCH', 'users/2/role')).toEqual({ name: 'setRole', params: { id: 2 } })
    expect(matchRoute('POST', 'users/2')).toEqual({ name: 'setRole', params: { id: 2 } })
    expect(matchRoute('POST', 'faults')).toEqual({ name: 'addFaults', params: {} })
    expect(matchRoute('POST', 'faults/clear')).toEqual({ name: 'clearFaults', params: {} })
    expect(matchRoute('DELETE', 'faults')).toEqual({ name: 'clearFaults', params: {} })
    expect(matchRoute('GET', 'contacts/7/main-company')).toEqual({ name: 'mainCompany', params: { id: 7 } })
    expect(matchRoute('GET', 'crm/deal/2/links')).toEqual({ name: 'pairLinks', params: { type: 'deal', id: 2 } })
  })

  it('tells a path no route has from a path with other methods', () => {
    expect(matchRoute('GET', 'nope')).toBeUndefined()
    expect(matchRoute('GET', 'users/x/role')).toBeUndefined()
    expect(matchRoute('GET', 'crm/invoice/1')).toBeUndefined()
    expect(matchRoute('GET', 'frame')).toEqual({ allow: ['POST'] })
    expect(matchRoute('PUT', 'log')).toEqual({ allow: ['GET', 'POST', 'DELETE'] })
  })

  it('builds the request of each route from its first pattern', () => {
    expect(routeRequest('setRole', { params: { id: 3 }, body: { role: 'admin' } })).toEqual({ method: 'PUT', path: '/_emulator/users/3/role' })
    expect(routeRequest('patchSettings', { body: {} })).toEqual({ method: 'PATCH', path: '/_emulator/settings' })
    expect(routeRequest('clearFaults')).toEqual({ method: 'DELETE', path: '/_emulator/faults' })
    expect(routeRequest('log', { query: { since: 12 } })).toEqual({ method: 'GET', path: '/_emulator/log?since=12' })
    expect(routeRequest('comments', { query: { entityType: 'deal', entityId: undefined } })).toEqual({ method: 'GET', path: '/_emulator/comments?entityType=deal' })
    expect(routeRequest('card', { params: { type: 'quote', id: 1 } })).toEqual({ method: 'GET', path: '/_emulator/crm/quote/1' })
    // and the request a route builds is the route the server matches
    for (const name of Object.keys(ROUTES) as RouteName[]) {
      const req = { params: { id: 1, type: 'deal' } } as unknown as ControlRequest<typeof name>
      const { method, path } = routeRequest(name, req)
      expect(matchRoute(method, path.slice('/_emulator/'.length)), name).toMatchObject({ name })
    }
  })
})

describe('the control API over HTTP', () => {
  it('answers a known path with another method 405 and the methods it takes', async () => {
    const res = await fetch(`${emu.portalOrigin}/_emulator/frame`)
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
    expect(await res.json()).toMatchObject({ error: 'METHOD_NOT_ALLOWED' })
    expect((await fetch(`${emu.portalOrigin}/_emulator/nope`)).status).toBe(404)
  })

  it('refuses bad input with 400 and the validator\'s words', async () => {
    const bad = async (res: Promise<{ status: number, body: unknown }>, words: string) => {
      const r = await res
      expect(r.status).toBe(400)
      expect(r.body).toMatchObject({ error: 'BAD_REQUEST', error_description: words })
    }
    await bad(call('patchSettings', { body: { networkMs: 200_000 } }), 'networkMs must be 0…120000')
    await bad(call('addContact', { body: { name: ' ' } }), 'name is required')
    await bad(call('addCompany', { body: { title: 'X', hiddenFrom: 3 as never } }), 'hiddenFrom must be an array')
    await bad(call('setLinks', { params: { id: 1 }, body: { items: [{ CONTACT_ID: 'x' as never }] } }), 'CONTACT_ID must be an integer')
    await bad(call('addHooks', { body: { method: 'profile', link: { contactId: 1 } } }), 'link needs companyId, dealId, leadId or quoteId')
    await bad(call('addHooks', { body: { method: 'profile', unlink: { contactId: 1, dealId: 'x' as never } } }), 'unlink.dealId must be an integer')
    await bad(call('log', { query: { since: 'x' as never } }), 'since must be an integer')
    await bad(call('frame', { body: { command: '' } }), 'command is required')
  })

  it('arms hooks that link to a deal, a lead or a quote, and unlink from one', async () => {
    const contact = emu.portal.addContact({ name: 'Racing', lastName: 'Colleague' })
    const hooks = [
      { method: 'crm.deal.contact.items.get', link: { dealId: DEAL, contactId: contact, sort: 1 } },
      { method: 'crm.lead.contact.items.get', link: { leadId: LEAD, contactId: contact, sort: 1 } },
      { method: 'crm.quote.contact.items.get', link: { quoteId: QUOTE, contactId: contact, sort: 1 } },
    ]
    expect((await call('addHooks', { body: { hooks } })).status).toBe(200)
    for (const [owner, id] of [['deal', DEAL], ['lead', LEAD], ['quote', QUOTE]] as const) {
      const rows = (await rest(`crm.${owner}.contact.items.get`, { id })).result as Array<{ CONTACT_ID: number }>
      expect(rows[0]?.CONTACT_ID, owner).toBe(contact)
    }
    expect((await call('addHooks', { body: { method: 'profile', unlink: { dealId: DEAL, contactId: contact } } })).status).toBe(200)
    await rest('profile', {})
    expect(emu.portal.pairLinks('deal', DEAL).map(r => r.CONTACT_ID)).not.toContain(contact)
    expect(emu.portal.pairLinks('lead', LEAD).map(r => r.CONTACT_ID)).toContain(contact)
  })

  it('lists the timeline comments of one record, or all of them', async () => {
    for (const [type, id] of [['company', 1], ['company', 2], ['deal', DEAL], ['company', 1]] as const) {
      await rest('crm.timeline.comment.add', { fields: { ENTITY_TYPE: type, ENTITY_ID: id, COMMENT: `on ${type} ${id}` } })
    }
    const company1 = await call('comments', { query: { entityType: 'company', entityId: 1 } })
    expect(company1.body.map(c => c.comment)).toEqual(['on company 1', 'on company 1'])
    expect(company1.body[0]).toMatchObject({ entityType: 'company', entityId: 1, authorId: 1 })
    expect((await call('comments', { query: { entityType: 'deal' } })).body.map(c => c.entityId)).toEqual([DEAL])
    expect((await call('comments')).body).toHaveLength(4)
  })

  it('reads the CRM cards of every pair: the records of a type, a card, its links', async () => {
    expect((await call('crmItems', { params: { type: 'lead' } })).body.map(i => i.id)).toContain(LEAD)
    const card = await call('card', { params: { type: 'deal', id: DEAL } })
    expect(card.body).toMatchObject({ type: 'deal', id: DEAL, path: `/crm/deal/details/${DEAL}/`, placement: 'CRM_DEAL_DETAIL_TAB' })
    expect((await call('pairLinks', { params: { type: 'deal', id: DEAL } })).body).toEqual(emu.portal.pairLinks('deal', DEAL))
    const missing = await call('card', { params: { type: 'quote', id: 999 } })
    expect(missing.status).toBe(404)
  })

  it('answers a contact from the model with its empty fields left out', async () => {
    const id = emu.portal.addContact({ name: 'Wren', lastName: 'Hale', phones: ['+1 555 0100'] })
    expect((await call('contact', { params: { id } })).body).toEqual({ id, name: 'Wren', lastName: 'Hale', phones: ['+1 555 0100'], emails: [] })
    expect((await call('contact', { params: { id: 999_999 } })).status).toBe(404)
  })
})
