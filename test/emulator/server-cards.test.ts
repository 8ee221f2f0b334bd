/**
 * The card pages of every CRM type over real HTTP: each card's app tab is
 * there only when the app bound the card's placement, the frame's form posts
 * that placement and the record's id, the sliders' pages, the start page's
 * lists, and the control routes that bind and unbind a card's tab.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Emulator } from '@emulator/server'
import { SEED_COMPANY, SEED_CONTACT, SEED_DEAL, SEED_LEAD, SEED_QUOTE, SEED_USER, type CrmEntityType } from '@emulator/portal'
import { useFakeApp } from './support/fake-app'

let emu: Emulator
const fakeApp = useFakeApp({ 'index.html': '<!doctype html><title>Test app</title>' })
beforeAll(() => {
  emu = fakeApp.emulator
})
beforeEach(() => {
  emu.portal.reset()
  emu.portal.clearLog()
})

/** Every card type: a seeded record, its path and its placement. */
const CARDS: Array<[CrmEntityType, number, string, string, string]> = [
  ['company', SEED_COMPANY.northwind, '/crm/company/details/1/', 'CRM_COMPANY_DETAIL_TAB', 'Northwind Trading Co.'],
  ['deal', SEED_DEAL.fleetRenewal, '/crm/deal/details/1/', 'CRM_DEAL_DETAIL_TAB', 'Fleet renewal'],
  ['lead', SEED_LEAD.robots, '/crm/lead/details/1/', 'CRM_LEAD_DETAIL_TAB', 'Warehouse robots inquiry'],
  ['quote', SEED_QUOTE.fleetRenewal, '/crm/type/7/details/1/', 'CRM_QUOTE_DETAIL_TAB', 'Fleet renewal quote'],
  ['contact', SEED_CONTACT.ada, '/crm/contact/details/14/', 'CRM_CONTACT_DETAIL_TAB', 'Ada Quill'],
]

const page = async (path: string): Promise<{ status: number, html: string }> => {
  const res = await fetch(new URL(path, emu.portalOrigin))
  return { status: res.status, html: await res.text() }
}

function config(html: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="emu-config">(.*?)<\/script>/s.exec(html)
  return JSON.parse(m![1]!) as Record<string, unknown>
}

async function control<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number, body: T }> {
  const res = await fetch(`${emu.portalOrigin}/_emulator/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: await res.json() as T }
}

const adminToken = (): string => {
  emu.portal.update({ userId: SEED_USER.admin })
  return emu.portal.refreshAuth().AUTH_ID
}

describe('card pages', () => {
  it('builds each card\'s URL, a quote\'s as CRM type 7', () => {
    for (const [type, id, path] of CARDS) expect(emu.crmCardUrl(type, id)).toBe(`${emu.portalOrigin}${path}`)
    expect(emu.crmCardUrl('deal', 2, { user: 3, lang: 'de', panel: true })).toBe(`${emu.portalOrigin}/crm/deal/details/2/?panel=1&user=3&lang=de`)
    expect(emu.crmCardUrl('company', 5)).toBe(emu.cardUrl(5))
  })

  it.each(CARDS)('%s card without its tab bound: the card, General selected, a note, no frame', async (type, id, path, placement, title) => {
    if (type === 'company') emu.portal.unbindPlacement(placement)
    const { status, html } = await page(path)
    expect(status).toBe(200)
    expect(html).toContain(`<span id="card-title">${title}</span>`)
    expect(html).toContain('id="app-tab-unbound"')
    expect(html).toContain(`no handler for ${placement}`)
    expect(html).not.toContain('id="app-frame"')
    expect(html).not.toContain('id="tab-app"')
    expect(html).toMatch(/id="tab-general"[^>]*aria-selected="true"/)
    expect(html).toContain('data-tab-bound="0"')
    expect(config(html)).toMatchObject({ cardType: type, cardId: id, tabBound: false })
  })

  it.each(CARDS)('%s card with its tab bound: the app\'s tab selected, the frame posts its placement and {ID}', async (type, id, path, placement) => {
    emu.portal.rest('placement.bind', { auth: adminToken(), PLACEMENT: placement, HANDLER: emu.appUrl, TITLE: 'Linked items', LANG_ALL: { en: { TITLE: 'Links' } } })
    const { html } = await page(path)
    expect(html).toContain('id="app-frame"')
    expect(html).not.toContain('id="app-tab-unbound"')
    // the tab is titled as the binding says, in the portal's language
    expect(html).toMatch(/id="tab-app"[^>]*aria-selected="true"[^>]*>Links</)
    expect(html).toContain(`name="PLACEMENT" value="${placement}"`)
    expect(html).toContain(`name="PLACEMENT_OPTIONS" value="{&quot;ID&quot;:&quot;${id}&quot;}"`)
    const action = new URL(/<form[^>]*action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&'))
    expect(action.origin).toBe(emu.appOrigin)
    expect(config(html)).toMatchObject({ placement, placementOptions: { ID: String(id) }, cardType: type, cardId: id, tabBound: true })
    // the posted token is a real one
    const auth = /name="AUTH_ID" value="([0-9a-f]+)"/.exec(html)![1]!
    expect(emu.portal.rest('user.admin', { auth }).status).toBe(200)
  })

  it('gives the company card the app\'s tab out of the box, until the app unbinds it; reset brings it back', async () => {
    const first = await page('/crm/company/details/1/')
    expect(first.html).toContain('id="app-frame"')
    expect(first.html).toContain('<h1 id="company-title" class="b24-card-title"><span id="card-title">Northwind Trading Co.</span></h1>')
    expect(first.html).toMatch(/<dd id="general-contact-count">12<\/dd>/)
    expect(config(first.html)).toMatchObject({ companyId: 1, cardType: 'company', cardId: 1, tabBound: true, handlerUrl: emu.appUrl })
    // the default binding is not one the app made: placement.get lists nothing
    expect(emu.portal.placements()).toEqual([])
    const token = adminToken()
    emu.portal.rest('placement.unbind', { auth: token, PLACEMENT: 'CRM_COMPANY_DETAIL_TAB' })
    expect((await page('/crm/company/details/1/')).html).toContain('id="app-tab-unbound"')
    emu.portal.reset()
    expect((await page('/crm/company/details/1/')).html).toContain('id="app-frame"')
  })

  it('loads the bound handler when it is on the app origin, the app\'s URL when it is elsewhere', async () => {
    const token = adminToken()
    emu.portal.rest('placement.bind', { auth: token, PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER: `${emu.appOrigin}/tab/?card=deal` })
    const cfg = config((await page('/crm/deal/details/1/')).html)
    expect(cfg.handlerUrl).toBe(`${emu.appOrigin}/tab/?card=deal`)
    emu.portal.rest('placement.unbind', { auth: token, PLACEMENT: 'CRM_DEAL_DETAIL_TAB' })
    emu.portal.rest('placement.bind', { auth: token, PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER: 'https://old.example.test/app/' })
    expect(config((await page('/crm/deal/details/1/')).html).handlerUrl).toBe(emu.appUrl)
  })

  it('sends PLACEMENT_OPTIONS as ?opts= asks on any card, and the page switches work', async () => {
    emu.portal.bindPlacement({ placement: 'CRM_LEAD_DETAIL_TAB', handler: emu.appUrl })
    expect(config((await page('/crm/lead/details/1/?opts=json-string')).html).placementOptions).toBe('{"ID":"1"}')
    const { html } = await page(emu.crmCardUrl('lead', 1, { user: SEED_USER.reader, lang: 'de', install: true }))
    expect(html).toContain('LANG=de')
    expect(emu.portal.settings()).toMatchObject({ userId: SEED_USER.reader, lang: 'de', installed: false })
  })

  it('shows each card\'s General fields, escaped', async () => {
    const deal = (await page('/crm/deal/details/1/')).html
    expect(deal).toContain('<dt>Company</dt><dd>Northwind Trading Co.</dd>')
    expect(deal).toMatch(/<dd id="general-link-count">3<\/dd>/)
    const contact = (await page('/crm/contact/details/14/')).html
    expect(contact).toContain('<dt>Main company</dt><dd>Copperleaf Studio</dd>')
    expect(contact).toMatch(/<dd id="general-link-count">3<\/dd>/)
    const company = (await page('/crm/company/details/6/')).html
    expect(company).toContain('<dt>Industry</dt><dd>Entertainment</dd>')
    expect(company).toContain('<dt>Phone</dt><dd>+1 555 0161</dd>')
    const id = emu.portal.addCompany({ title: 'Harbor <Test> & Sons' })
    expect((await page(`/crm/company/details/${id}/`)).html).toContain('<span id="card-title">Harbor &lt;Test&gt; &amp; Sons</span>')
  })

  it('draws a card for an unknown record with a warning, and 404s other paths', async () => {
    const { status, html } = await page('/crm/deal/details/999/')
    expect(status).toBe(200)
    expect(html).toContain('This deal does not exist in the emulated portal.')
    expect((await page('/crm/invoice/details/1/')).status).toBe(404)
  })
})

describe('slider pages (openPath of a card path)', () => {
  it.each(CARDS)('%s: the record\'s summary', async (type, _id, path, _placement, title) => {
    const { status, html } = await page(`${path}?IFRAME=Y&IFRAME_TYPE=SIDE_SLIDER`)
    expect(status).toBe(200)
    expect(html).toContain('class="b24-slider-page"')
    expect(html).toContain(`>${title}</h1>`)
    expect(html).not.toContain('id="app-frame"')
    if (type !== 'contact') expect(html).toContain(`href="${path}" target="_top">Open the full card`)
  })

  it('lists a contact\'s companies by SORT', async () => {
    const { html } = await page('/crm/contact/details/14/?IFRAME=Y')
    expect(html).toContain('<dt>Companies</dt><dd>Lanternfish Analytics, Copperleaf Studio, Orchard Row Bakery</dd>')
  })
})

describe('start page', () => {
  it('lists every card type with its tab\'s state; contacts the first 50, Ada among them', async () => {
    emu.portal.bindPlacement({ placement: 'CRM_DEAL_DETAIL_TAB', handler: emu.appUrl })
    const { html } = await page('/')
    for (const [type, , path, placement] of CARDS) {
      expect(html, type).toContain(`id="${type}-list"`)
      expect(html, type).toContain(`href="${path}"`)
      expect(html, type).toContain(placement)
    }
    expect(html).toMatch(/id="deal-section">Deals <span class="b24-muted" data-tab-bound="1">/)
    expect(html).toMatch(/id="lead-section">Leads <span class="b24-muted" data-tab-bound="0">/)
    const contacts = /<ul class="b24-list" id="contact-list">(.*?)<\/ul>/s.exec(html)![1]!
    expect(contacts.match(/<li>/g)).toHaveLength(50)
    expect(contacts).toContain('Ada Quill')
    expect(html).toMatch(/The first 50 of \d+/)
  })
})

describe('control routes for the cards', () => {
  it('tells a card type\'s tab handlers, binds the app\'s handler and unbinds it, without REST', async () => {
    expect((await control('GET', 'crm/contact/tab')).body).toEqual({ placement: 'CRM_CONTACT_DETAIL_TAB', handlers: [] })
    const bound = await control<Array<{ placement: string, handler: string, title: string }>>('POST', 'placements/bind', { placement: 'crm_contact_detail_tab' })
    expect(bound.status).toBe(200)
    expect(bound.body).toEqual([expect.objectContaining({ placement: 'CRM_CONTACT_DETAIL_TAB', handler: emu.appUrl, title: 'Contacts' })])
    // idempotent: the same handler is not bound twice
    await control('POST', 'placements/bind', { placement: 'CRM_CONTACT_DETAIL_TAB' })
    expect((await control<{ handlers: unknown[] }>('GET', 'crm/contact/tab')).body.handlers).toHaveLength(1)
    expect((await page('/crm/contact/details/14/')).html).toContain('id="app-frame"')
    expect(emu.portal.log().filter(e => e.kind === 'rest')).toEqual([])

    const unbound = await control<{ count: number }>('POST', 'placements/unbind', { placement: 'CRM_CONTACT_DETAIL_TAB' })
    expect(unbound.body.count).toBe(1)
    expect((await page('/crm/contact/details/14/')).html).toContain('id="app-tab-unbound"')
    // the company's default tab counts in crm/company/tab until it is unbound
    expect((await control<{ handlers: Array<{ handler: string }> }>('GET', 'crm/company/tab')).body.handlers.map(h => h.handler)).toEqual([emu.appUrl])
    await control('POST', 'placements/unbind', { placement: 'CRM_COMPANY_DETAIL_TAB' })
    expect((await control<{ handlers: unknown[] }>('GET', 'crm/company/tab')).body.handlers).toEqual([])
  })

  it('binds another handler and title when asked, and refuses a placement the portal does not offer', async () => {
    await control('POST', 'placements/bind', { placement: 'CRM_QUOTE_DETAIL_TAB', handler: `${emu.appOrigin}/quotes/`, title: 'Quote contacts' })
    expect(emu.portal.placementHandlers('CRM_QUOTE_DETAIL_TAB')).toEqual([expect.objectContaining({ handler: `${emu.appOrigin}/quotes/`, title: 'Quote contacts' })])
    const bad = await control<{ error: string }>('POST', 'placements/bind', { placement: 'CRM_NOWHERE_TAB' })
    expect(bad.status).toBe(400)
    expect((await control('POST', 'placements/bind', {})).status).toBe(400)
  })

  it('limits a type\'s records with ?limit=', async () => {
    const all = await control<unknown[]>('GET', 'crm/contact')
    const some = await control<Array<{ id: number }>>('GET', 'crm/contact?limit=50')
    expect(all.body.length).toBeGreaterThan(3000)
    expect(some.body).toHaveLength(50)
    expect(some.body.map(c => c.id)).toContain(SEED_CONTACT.ada)
  })
})
