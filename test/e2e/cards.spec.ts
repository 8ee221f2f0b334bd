import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import en from '../../src/i18n/locales/en.json'
import ru from '../../src/i18n/locales/ru.json'
import de from '../../src/i18n/locales/de.json'
import { appFrame, logMark, restCalls, seeText, useHarness } from './support/harness'

/**
 * The tab in every CRM card but the company's (contacts-tab.spec.ts has that
 * one): a deal's, a lead's and a quote's contacts, a contact's companies.
 * Each card's tab is bound by placement, as on a portal.
 */
const h = useHarness()
const EDITOR = SEED_USER.editor
const READER = SEED_USER.reader
type OwnerCard = 'deal' | 'lead' | 'quote'
const PLACEMENTS = { deal: 'CRM_DEAL_DETAIL_TAB', lead: 'CRM_LEAD_DETAIL_TAB', quote: 'CRM_QUOTE_DETAIL_TAB', contact: 'CRM_CONTACT_DETAIL_TAB' } as const

beforeAll(() => {
  for (const placement of Object.values(PLACEMENTS)) h.emulator.portal.bindPlacement({ placement, handler: h.emulator.appUrl, title: 'Linked' })
})

async function openCard(page: Page, type: OwnerCard | 'contact' | 'company', id: number, user = EDITOR, lang = 'en') {
  await page.goto(h.emulator.crmCardUrl(type, id, { user, lang }))
  const app = appFrame(page)
  await app.getByTestId('contact-count').waitFor()
  return app
}

/** n new contacts linked to a new deal, lead or quote with SORT 10, 40, 70…, the second one primary. */
function ownerWithContacts(type: OwnerCard, title: string, n: number) {
  const contacts = Array.from({ length: n }, (_, i) => h.emulator.portal.addContact({ name: `Card${i + 1}`, lastName: `${title.split(' ')[0]}`, post: 'Buyer', phones: [`+49 30 5550 ${1000 + i}`] }))
  const id = h.emulator.portal.addCrmItem(type, { title })
  h.emulator.portal.setPairLinks(type, id, contacts.map((c, i) => ({ id: c, SORT: 10 + 30 * i, IS_PRIMARY: i === 1 ? 'Y' : 'N' })))
  return { id, contacts }
}

const sorted = (rows: Array<Record<string, number | string>>) => rows.map((r) => [Number(r.CONTACT_ID ?? r.COMPANY_ID), Number(r.SORT), r.IS_PRIMARY])

describe.each(['deal', 'lead', 'quote'] as const)('the tab in a %s card', (type) => {
  it(`lists the ${type}'s contacts, clears them behind the confirmation, and Undo puts each back with its SORT`, async () => {
    const title = `${type} Clear Test`
    const { id } = ownerWithContacts(type, title, 3)
    const before = sorted(h.emulator.portal.pairLinks(type, id))
    const { page } = await h.newPage()
    const app = await openCard(page, type, id)
    await seeText(app.getByTestId('contact-count'), `3 contacts are linked to this ${type}`)
    await seeText(app.getByRole('grid', { name: `Contacts linked to ${title}` }), '+49 30 5550 1001')
    const primary = app.getByTestId('contact-row').filter({ hasText: 'Card2' })
    await seeText(primary.getByTestId('main-company'), 'Main contact')
    const since = logMark(h.emulator)
    await app.getByRole('button', { name: 'Clear all contacts' }).click()
    const dialog = app.getByRole('alertdialog')
    await seeText(dialog, `Unlink all 3 contacts from the ${type} “\u2068${title}\u2069”?`)
    await dialog.getByRole('button', { name: /^Clear/ }).click()
    await seeText(app.getByTestId('notice'), `3 contacts were unlinked from the ${type} “\u2068${title}\u2069”.`)
    expect(h.emulator.portal.pairLinks(type, id)).toEqual([])
    const deletes = restCalls(h.emulator, since).flatMap((e) => e.sub ?? []).filter((m) => m.endsWith('.items.delete'))
    expect(deletes).toEqual([`crm.${type}.contact.items.delete`])
    // The trail is on the owner's own timeline.
    await expect.poll(() => h.emulator.portal.comments().filter((c) => c.entityType === type && c.entityId === id).length).toBe(1)
    await app.getByRole('button', { name: 'Undo', exact: true }).click()
    await seeText(app.getByTestId('notice'), `All 3 contacts are linked to the ${type} “\u2068${title}\u2069” again`)
    expect(sorted(h.emulator.portal.pairLinks(type, id))).toEqual(before)
  })

  it('does not offer the clear to a reader, and says why', async () => {
    const { id } = ownerWithContacts(type, `${type} Reader Test`, 2)
    const { page } = await h.newPage()
    const app = await openCard(page, type, id, READER)
    await seeText(app.getByTestId('cannot-clear'), `does not allow editing this ${type}`)
    await expect(app.getByRole('button', { name: 'Clear all contacts' }).count()).resolves.toBe(0)
    expect(h.emulator.portal.pairLinks(type, id)).toHaveLength(2)
  })

  it('a contact someone links while the person confirms is linked again at once, and named', async () => {
    const { id } = ownerWithContacts(type, `${type} Race Test`, 2)
    const newcomer = h.emulator.portal.addContact({ name: 'Nadia', lastName: 'Latecomer' })
    const { page } = await h.newPage()
    const app = await openCard(page, type, id)
    const owner = type === 'deal' ? { dealId: id } : type === 'lead' ? { leadId: id } : { quoteId: id }
    h.emulator.portal.addHook({ method: `crm.${type}.contact.items.delete`, link: { ...owner, contactId: newcomer, sort: 5 } })
    await app.getByRole('button', { name: 'Clear all contacts' }).click()
    await app.getByRole('alertdialog').getByRole('button', { name: /^Clear/ }).click()
    await seeText(app.getByTestId('notice'), '\u2068Nadia Latecomer\u2069 was linked while you confirmed')
    expect(h.emulator.portal.pairLinks(type, id).map((r) => Number(r.CONTACT_ID))).toEqual([newcomer])
  })
})

describe('the tab in a contact card: the contact\'s companies', () => {
  function contactWithCompanies() {
    const contact = h.emulator.portal.addContact({ name: 'Vera', lastName: 'Companyhopper' })
    const companies = [
      h.emulator.portal.addCompany({ title: 'Hopper Mills GmbH', industry: 'MANUFACTURING', phones: ['+49 40 5550 2001'], emails: ['info@hopper-mills.example'] }),
      h.emulator.portal.addCompany({ title: 'Hopper Telecom AB', industry: 'TELECOM' }),
      h.emulator.portal.addCompany({ title: 'Hopper Partners Ltd', companyType: 'PARTNER', industry: '' }),
    ]
    h.emulator.portal.setPairLinks('contact', contact, companies.map((c, i) => ({ id: c, SORT: 10 * (i + 1), IS_PRIMARY: i === 1 ? 'Y' : 'N' })))
    return { contact, companies }
  }

  it('lists title, industry or type, phone, e-mail and the main-company mark; Clear all companies unlinks them from both sides; Undo links them back', async () => {
    const { contact, companies } = contactWithCompanies()
    const before = sorted(h.emulator.portal.pairLinks('contact', contact))
    const { page } = await h.newPage()
    const app = await openCard(page, 'contact', contact)
    await seeText(app.getByTestId('contact-count'), '3 companies are linked to this contact')
    const list = app.getByRole('grid', { name: 'Companies linked to Vera Companyhopper' })
    await seeText(list, 'Hopper Mills GmbH')
    await seeText(list, 'Manufacturing')
    await seeText(list, '+49 40 5550 2001')
    await seeText(list, 'info@hopper-mills.example')
    await seeText(list, 'Partner')
    await seeText(app.getByTestId('contact-row').filter({ hasText: 'Hopper Telecom AB' }).getByTestId('main-company'), 'Main company')
    await expect(app.getByRole('searchbox', { name: 'Search companies' }).count()).resolves.toBe(1)
    await app.getByRole('button', { name: 'Clear all companies' }).click()
    const dialog = app.getByRole('alertdialog')
    await seeText(dialog, 'Unlink all 3 companies from \u2068Vera Companyhopper\u2069?')
    await dialog.getByRole('button', { name: /^Clear/ }).click()
    await seeText(app.getByTestId('notice'), '3 companies were unlinked from \u2068Vera Companyhopper\u2069.')
    // One row per link: the companies' own lists lost the contact too.
    expect(h.emulator.portal.pairLinks('contact', contact)).toEqual([])
    for (const c of companies) expect(h.emulator.portal.links(c).map((l) => l.CONTACT_ID)).not.toContain(contact)
    await app.getByRole('button', { name: 'Undo', exact: true }).click()
    await seeText(app.getByTestId('notice'), 'All 3 companies are linked to \u2068Vera Companyhopper\u2069 again')
    expect(sorted(h.emulator.portal.pairLinks('contact', contact))).toEqual(before)
  })

  it('symmetry: clearing a contact\'s companies shows in the company tab after a refresh', async () => {
    const { contact, companies } = contactWithCompanies()
    const { page: companyPage } = await h.newPage()
    const companyTab = await openCard(companyPage, 'company', companies[0]!)
    await seeText(companyTab.getByTestId('contact-count'), 'One contact is linked to this company')
    const { page } = await h.newPage()
    const app = await openCard(page, 'contact', contact)
    await app.getByRole('button', { name: 'Clear all companies' }).click()
    await app.getByRole('alertdialog').getByRole('button', { name: /^Clear/ }).click()
    await seeText(app.getByTestId('notice'), '3 companies were unlinked')
    await companyTab.getByRole('button', { name: 'Refresh' }).click()
    await seeText(companyTab.getByTestId('contact-count'), 'No contacts are linked to this company')
  })

  it('does not offer the clear to a reader, and says why', async () => {
    const { contact } = contactWithCompanies()
    const { page } = await h.newPage()
    const app = await openCard(page, 'contact', contact, READER)
    await seeText(app.getByTestId('cannot-clear'), 'does not allow editing this contact')
    await expect(app.getByRole('button', { name: 'Clear all companies' }).count()).resolves.toBe(0)
  })
})

describe('every card in ru and de', () => {
  const forDeal = (m: typeof en) => m.for_deal
  const forContact = (m: typeof en) => m.for_contact
  it.each([['ru', ru], ['de', de]] as const)('a deal and a contact tab speak %s', async (lang, words) => {
    const { id } = ownerWithContacts('deal', `Deal ${lang} Test`, 3)
    const { page } = await h.newPage()
    const app = await openCard(page, 'deal', id, EDITOR, lang)
    // The count line is the deal's own message, in one of its plural forms for 3.
    const dealCount = forDeal(words as typeof en).company.count.split(' | ').map((f) => f.replace('{count}', '3'))
    expect(dealCount).toContain((await app.getByTestId('contact-count').textContent())?.trim())
    await expect(app.getByRole('button', { name: words.contacts.clear_all.button }).count()).resolves.toBe(1)

    const { page: contactPage } = await h.newPage()
    const contactApp = await openCard(contactPage, 'contact', 14, EDITOR, lang) // seed: Ada Quill, 3 companies
    await expect(contactApp.getByRole('button', { name: forContact(words as typeof en).contacts.clear_all.button }).count()).resolves.toBe(1)
  })
})
