// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { createPinia } from 'pinia'
import { PAIRS, itemPath } from '@/b24/pairs'
import { tabCard } from '@/b24/placement'
import { CARD_PLACEMENTS, CARD_TYPES, cardOfPlacement, ownerKey, sameOwner, type CardType } from '@/domain/cards'
import { useCardWords } from '@/composables/useCardWords'
import { useSessionStore } from '@/stores/session'
import { createAppI18n, type AppLocale } from '@/i18n'
import ru from '@/i18n/locales/ru.json'
import de from '@/i18n/locales/de.json'

/**
 * The pair table (src/b24/pairs.ts) and each pair's words (the `for_<card>`
 * overrides in the locale files, picked by useCardWords). The expected values
 * are written out here, not derived from the table, so a pair that fell back
 * to the company's methods or words fails.
 */

const NON_COMPANY = CARD_TYPES.filter((c) => c !== 'company') as Array<Exclude<CardType, 'company'>>

/** Every REST name a pair uses, as Bitrix24's docs name them (docs/bitrix24.md, CRM links). */
const EXPECTED: Record<CardType, {
  item: 'contact' | 'company'
  itemsGet: string, itemsDelete: string, add: string, delete: string
  field: 'CONTACT_ID' | 'COMPANY_ID'
  ownerGet: string
  detailsList: string
  ownerTypeId: number
  path: string
}> = {
  company: {
    item: 'contact', itemsGet: 'crm.company.contact.items.get', itemsDelete: 'crm.company.contact.items.delete',
    add: 'crm.company.contact.add', delete: 'crm.company.contact.delete', field: 'CONTACT_ID',
    ownerGet: 'crm.company.get', detailsList: 'crm.contact.list', ownerTypeId: 4, path: '/crm/contact/details/42/',
  },
  deal: {
    item: 'contact', itemsGet: 'crm.deal.contact.items.get', itemsDelete: 'crm.deal.contact.items.delete',
    add: 'crm.deal.contact.add', delete: 'crm.deal.contact.delete', field: 'CONTACT_ID',
    ownerGet: 'crm.deal.get', detailsList: 'crm.contact.list', ownerTypeId: 2, path: '/crm/contact/details/42/',
  },
  lead: {
    item: 'contact', itemsGet: 'crm.lead.contact.items.get', itemsDelete: 'crm.lead.contact.items.delete',
    add: 'crm.lead.contact.add', delete: 'crm.lead.contact.delete', field: 'CONTACT_ID',
    ownerGet: 'crm.lead.get', detailsList: 'crm.contact.list', ownerTypeId: 1, path: '/crm/contact/details/42/',
  },
  quote: {
    item: 'contact', itemsGet: 'crm.quote.contact.items.get', itemsDelete: 'crm.quote.contact.items.delete',
    add: 'crm.quote.contact.add', delete: 'crm.quote.contact.delete', field: 'CONTACT_ID',
    ownerGet: 'crm.quote.get', detailsList: 'crm.contact.list', ownerTypeId: 7, path: '/crm/contact/details/42/',
  },
  contact: {
    item: 'company', itemsGet: 'crm.contact.company.items.get', itemsDelete: 'crm.contact.company.items.delete',
    add: 'crm.contact.company.add', delete: 'crm.contact.company.delete', field: 'COMPANY_ID',
    ownerGet: 'crm.contact.get', detailsList: 'crm.company.list', ownerTypeId: 3, path: '/crm/company/details/42/',
  },
}

describe('the pair table', () => {
  it('has one pair for every card type, and nothing else', () => {
    expect(Object.keys(PAIRS).sort()).toEqual([...CARD_TYPES].sort())
    for (const card of CARD_TYPES) expect(PAIRS[card].card).toBe(card)
  })

  it.each(CARD_TYPES)('%s: the methods derived from its prefix are the family Bitrix24 has for that pair', (card) => {
    const pair = PAIRS[card]
    const want = EXPECTED[card]
    expect(pair.item).toBe(want.item)
    expect(`${pair.prefix}.items.get`).toBe(want.itemsGet)
    expect(`${pair.prefix}.items.delete`).toBe(want.itemsDelete)
    expect(`${pair.prefix}.add`).toBe(want.add)
    expect(`${pair.prefix}.delete`).toBe(want.delete)
    expect(pair.field).toBe(want.field)
    expect(pair.ownerGet).toBe(want.ownerGet)
  })

  it.each(CARD_TYPES)('%s: reads the linked items\' details with the list method of their type and the fields the tab shows', (card) => {
    const pair = PAIRS[card]
    expect(pair.detailsList).toBe(EXPECTED[card].detailsList)
    expect(pair.detailsSelect).toContain('ID')
    expect(pair.detailsSelect).toEqual(expect.arrayContaining(['PHONE', 'EMAIL']))
    if (pair.item === 'contact') {
      expect([...pair.detailsSelect]).toEqual(expect.arrayContaining(['NAME', 'LAST_NAME', 'SECOND_NAME', 'POST', 'PHOTO']))
      expect(pair.detailsSelect).not.toContain('TITLE')
    } else {
      // A company: its title, its type and industry (named through crm.status.list) and its logo.
      expect([...pair.detailsSelect]).toEqual(expect.arrayContaining(['TITLE', 'COMPANY_TYPE', 'INDUSTRY', 'LOGO']))
      expect(pair.detailsSelect).not.toContain('NAME')
    }
  })

  it.each(CARD_TYPES)('%s: the timeline comments sit on the owner (ENTITY_TYPE and ownerTypeId of the owner)', (card) => {
    expect(PAIRS[card].timelineType).toBe(card)
    expect(PAIRS[card].ownerTypeId).toBe(EXPECTED[card].ownerTypeId)
  })

  it('gives each owner type its own CRM type id (1 lead, 2 deal, 3 contact, 4 company, 7 quote)', () => {
    expect(Object.fromEntries(CARD_TYPES.map((c) => [c, PAIRS[c].ownerTypeId]))).toEqual({ lead: 1, deal: 2, contact: 3, company: 4, quote: 7 })
  })

  it.each(CARD_TYPES)('%s: opens a linked item at its own card path', (card) => {
    expect(itemPath(PAIRS[card], 42)).toBe(EXPECTED[card].path)
  })

  it('no two pairs share a method family', () => {
    expect(new Set(CARD_TYPES.map((c) => PAIRS[c].prefix)).size).toBe(CARD_TYPES.length)
  })
})

describe('cards and placements', () => {
  it.each(CARD_TYPES)('%s: its placement names the card, and the card is found from it in any case', (card) => {
    expect(CARD_PLACEMENTS[card]).toBe(`CRM_${card.toUpperCase()}_DETAIL_TAB`)
    expect(cardOfPlacement(CARD_PLACEMENTS[card])).toBe(card)
    expect(cardOfPlacement(CARD_PLACEMENTS[card].toLowerCase())).toBe(card)
  })

  it('no card for other placements', () => {
    expect(cardOfPlacement('DEFAULT')).toBeNull()
    expect(cardOfPlacement('CRM_INVOICE_DETAIL_TAB')).toBeNull()
    expect(cardOfPlacement(undefined)).toBeNull()
  })

  it('keys a company by its id alone (records kept before other cards had a tab still count), the others by card and id', () => {
    expect(ownerKey({ card: 'company', id: 12 })).toBe('12')
    expect(ownerKey({ card: 'deal', id: 12 })).toBe('deal_12')
    expect(ownerKey({ card: 'lead', id: 12 })).toBe('lead_12')
    expect(ownerKey({ card: 'quote', id: 12 })).toBe('quote_12')
    expect(ownerKey({ card: 'contact', id: 12 })).toBe('contact_12')
    expect(new Set(CARD_TYPES.map((card) => ownerKey({ card, id: 1 }))).size).toBe(CARD_TYPES.length)
  })

  it('a deal and a company with the same id are different owners', () => {
    expect(sameOwner({ card: 'deal', id: 1 }, { card: 'deal', id: 1 })).toBe(true)
    expect(sameOwner({ card: 'deal', id: 1 }, { card: 'company', id: 1 })).toBe(false)
    expect(sameOwner({ card: 'deal', id: 1 }, { card: 'deal', id: 2 })).toBe(false)
    expect(sameOwner(null, { card: 'deal', id: 1 })).toBe(false)
  })
})

type Tree = { [key: string]: string | Tree }

function flatten(node: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(node)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv)
  }
  return out
}

/** (the project's root is the working directory of vitest; under happy-dom, import.meta.url is not a file URL) */
const LOCALES = resolve('src/i18n/locales')
/** A locale file as written (an import of it is compiled to message functions), flattened. */
function raw(name: string): Map<string, string> {
  return flatten(JSON.parse(readFileSync(`${LOCALES}/${name}.json`, 'utf8')) as Tree)
}

const EN = raw('en')
/** The card's own words, keyed as the common ones (`for_deal.contacts.x` → `contacts.x`). */
function overrides(messages: Map<string, string>, card: CardType): Map<string, string> {
  const head = `for_${card}.`
  return new Map([...messages].filter(([k]) => k.startsWith(head)).map(([k, v]) => [k.slice(head.length), v]))
}
/** The tab's common messages (not the overrides, not the install or settings pages). */
const TAB_SECTIONS = ['company', 'contacts', 'errors', 'policy']
const tabMessages = [...EN].filter(([k]) => TAB_SECTIONS.includes(k.split('.')[0]!))
/** The app's own name, which says "Company" whatever the card. */
const withoutAppName = (s: string) => s.replaceAll('Company Contacts', '')

/** Messages that name the owner: each non-company card has its own. */
const OWNER_MESSAGES = [
  'company.bad_id_title', 'company.bad_id_text', 'company.count', 'company.loading',
  'errors.ACCESS_DENIED', 'errors.INVALID_ARGUMENT', 'errors.APP_COMPANY_NOT_FOUND',
  'contacts.empty_text', 'contacts.cannot_clear', 'contacts.cannot_tell', 'contacts.probe_left_linked', 'contacts.main_company_hint',
  'contacts.clear_all.confirm_title', 'contacts.clear_all.confirm_text', 'contacts.clear_all.done', 'contacts.clear_all.denied',
  'contacts.unlink.confirm_title', 'contacts.unlink.confirm_text',
  'contacts.undo.done', 'contacts.undo.offered',
  'contacts.trail.heading', 'contacts.trail.undo_heading', 'contacts.trail.written', 'contacts.trail.failed',
]

/**
 * Common messages that say "company" or "contact" but need no card's own
 * words (a card may still have them): about the portal or the app's
 * developers, or a form never shown (undo.resorted is shown only for a count
 * of 1 or more: its "none" form is never used, and the others say "one of
 * them").
 */
const NEUTRAL = new Set([
  'errors.ERROR_PLACEMENT_NOT_FOUND', 'errors.OVERLOAD_LIMIT', 'errors.ERROR_BATCH_METHOD_NOT_ALLOWED',
  'errors.ERROR_BATCH_LENGTH_EXCEEDED', 'contacts.undo.resorted',
])

describe('every pair has its nouns (en)', () => {
  it('every override is of a message that exists, and ru and de override what en does', () => {
    for (const [name, messages] of [['en', EN], ['ru', raw('ru')], ['de', raw('de')]] as const) {
      for (const card of NON_COMPANY) {
        const own = overrides(messages, card)
        expect(own.size, `${name}: for_${card}`).toBeGreaterThan(0)
        for (const key of own.keys()) expect(messages.has(key), `${name}: for_${card}.${key} overrides nothing`).toBe(true)
        // Every card word English has, ru and de have too (else they fall back to their company's words).
        expect([...own.keys()].sort(), `${name}: for_${card}`).toEqual([...overrides(EN, card).keys()].sort())
      }
    }
  })

  it.each(NON_COMPANY)('%s: has its own words for every message naming the owner, and they name it', (card) => {
    const own = overrides(EN, card)
    for (const key of OWNER_MESSAGES) {
      const words = own.get(key)
      expect(words, `for_${card}.${key}`).toBeDefined()
      expect(words, `for_${card}.${key} is the company's`).not.toBe(EN.get(key))
      // The owner by its noun, or by its title (a contact's name stands alone: "from Ada Quill").
      if (!key.endsWith('main_company_hint')) expect(words, `for_${card}.${key}`).toMatch(new RegExp(`\\b${card}\\b|\\{title\\}`))
    }
  })

  it.each(['deal', 'lead', 'quote'] as const)('%s: no message of its tab says "company" (all overridden, none of its own does)', (card) => {
    const own = overrides(EN, card)
    for (const [key, text] of tabMessages) {
      if (NEUTRAL.has(key)) continue
      const shown = own.get(key) ?? text
      expect(withoutAppName(shown), `${key} in the ${card} card`).not.toMatch(/compan/i)
    }
  })

  it.each(['deal', 'lead', 'quote'] as const)('%s: the items are still contacts ("Clear all contacts")', (card) => {
    const own = overrides(EN, card)
    expect(own.get('contacts.clear_all.button') ?? EN.get('contacts.clear_all.button')).toBe('Clear all contacts')
    expect(own.get('contacts.clear_all.confirm_title')).toContain(`{count} contacts from the ${card} “{title}”`)
  })

  it('contact: overrides every message naming the items, and its words name companies', () => {
    const own = overrides(EN, 'contact')
    const naming = tabMessages.filter(([key, text]) => !NEUTRAL.has(key) && /contact/i.test(withoutAppName(text)))
    // Not vacuous: the button, the list, search, CSV and policy all name contacts.
    expect(naming.length).toBeGreaterThan(25)
    for (const [key] of naming) {
      const words = own.get(key)
      expect(words, `for_contact.${key}`).toBeDefined()
      expect(words, `for_contact.${key} is the company's`).not.toBe(EN.get(key))
    }
    expect(own.get('contacts.clear_all.button')).toBe('Clear all companies')
    expect(own.get('contacts.no_name')).toBe('Company #{id}')
    expect(own.get('contacts.unlink.search_label')).toBe('Search companies')
    expect(own.get('contacts.list_label')).toBe('Companies linked to {title}')
    expect(own.get('contacts.csv.unlinked_button')).toMatch(/companies/)
  })
})

/** One card's tab context, as the portal opens it. */
function contextOf(card: CardType) {
  return { placement: CARD_PLACEMENTS[card], placementOptions: { ID: '1' }, lang: 'en', isAdmin: false, isInstall: false }
}

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

/** What useCardWords says for `key` in a tab of `card`, rendered by a tiny mounted component. */
function render(card: CardType, key: string, named: Record<string, unknown>, plural?: number, locale: AppLocale = 'en') {
  const pinia = createPinia()
  useSessionStore(pinia).connected(contextOf(card))
  const Probe = defineComponent({
    setup() {
      const words = useCardWords()
      return () => h('p', { 'data-card': words.card.value, 'data-prefix': words.pair.value.prefix }, words.t(key, named, plural))
    },
  })
  wrapper = mount(Probe, { global: { plugins: [pinia, createAppI18n(locale, { ru, de })] } })
  const p = wrapper.get('p')
  return { text: p.text(), card: p.attributes('data-card'), prefix: p.attributes('data-prefix') }
}

describe('useCardWords: the card\'s words in each card', () => {
  it.each(CARD_TYPES)('%s: the session\'s placement picks the card and its pair', (card) => {
    expect(tabCard(contextOf(card))).toBe(card)
    const out = render(card, 'contacts.clear_all.button', {})
    expect(out.card).toBe(card)
    expect(out.prefix).toBe(PAIRS[card].prefix)
  })

  const confirm = { title: 'X', count: 3 }
  it.each([
    ['company', 'Unlink all contacts from “X”?'],
    ['deal', 'Unlink all 3 contacts from the deal “X”?'],
    ['lead', 'Unlink all 3 contacts from the lead “X”?'],
    ['quote', 'Unlink all 3 contacts from the quote “X”?'],
  ] as const)('%s: the confirmation reads "%s"', (card, text) => {
    expect(render(card, 'contacts.clear_all.confirm_title', confirm, 3).text).toBe(text)
  })

  it('contact: "Unlink all 3 companies from Ada Quill?" and "Clear all companies"', () => {
    expect(render('contact', 'contacts.clear_all.confirm_title', { title: 'Ada Quill', count: 3 }, 3).text).toBe('Unlink all 3 companies from Ada Quill?')
    expect(render('contact', 'contacts.clear_all.button', {}).text).toBe('Clear all companies')
    expect(render('contact', 'contacts.no_name', { id: 7 }).text).toBe('Company #7')
    expect(render('contact', 'contacts.clear_all.done', { title: 'Ada Quill', count: 3 }, 3).text).toBe('3 companies were unlinked from Ada Quill.')
  })

  it.each([
    ['company', 'contacts.clear_all.button', 'Clear all contacts'],
    ['deal', 'contacts.clear_all.button', 'Clear all contacts'],
    ['deal', 'company.count', '3 contacts are linked to this deal'],
    ['lead', 'company.count', '3 contacts are linked to this lead'],
    ['quote', 'company.count', '3 contacts are linked to this quote'],
    ['contact', 'company.count', '3 companies are linked to this contact'],
    ['company', 'company.count', '3 contacts are linked to this company'],
    ['deal', 'contacts.clear_all.done', '3 contacts were unlinked from the deal “X”.'],
    ['lead', 'contacts.empty_text', 'When contacts are linked to this lead in Bitrix24, they will appear here.'],
    ['quote', 'contacts.trail.written', 'A comment listing the unlinked contacts was added to the quote\'s timeline.'],
  ] as const)('%s: %s reads "%s"', (card, key, text) => {
    expect(render(card, key, confirm, 3).text).toBe(text)
  })

  it.each(['contacts.clear_all.cancel', 'contacts.phone'])('%s, which no card overrides, is the common message in every card', (key) => {
    for (const card of NON_COMPANY) expect(overrides(EN, card).has(key), `for_${card}.${key}`).toBe(false)
    const common = render('company', key, {}).text
    expect(common).toBe(EN.get(key))
    for (const card of NON_COMPANY) expect(render(card, key, {}).text).toBe(common)
  })

  it.each(['ru', 'de'] as const)('%s: a deal\'s confirmation is translated and is not the company\'s', (locale) => {
    const deal = render('deal', 'contacts.clear_all.confirm_title', confirm, 3, locale).text
    const company = render('company', 'contacts.clear_all.confirm_title', confirm, 3, locale).text
    const english = render('deal', 'contacts.clear_all.confirm_title', confirm, 3, 'en').text
    expect(deal).not.toBe(english)
    expect(deal).not.toBe(company)
    expect(deal).toContain('3')
    expect(deal).toContain('X')
    // A real message, not its key.
    expect(deal).not.toContain('clear_all')
    expect(render('deal', 'company.count', { count: 3 }, 3, locale).text).not.toBe(render('company', 'company.count', { count: 3 }, 3, locale).text)
  })
})
