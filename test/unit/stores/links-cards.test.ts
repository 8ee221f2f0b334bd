import { describe, expect, it, vi } from 'vitest'
import { getItemDetails } from '@/b24/crm'
import { CARD_PLACEMENTS, type CardType } from '@/domain/cards'
import type { Owner } from '@/domain/types'
import { useLinksStore } from '@/stores/links'
import { SEED_COMPANY, SEED_CONTACT, SEED_DEAL, SEED_LEAD, SEED_QUOTE, SEED_USER } from '@emulator/portal'
import { createPortalEnv, createStoreEnv } from '../../fakes/app-env'
import { PortalPort } from '../../fakes/portal-port'

/**
 * The links store in each card other than a company's, through the
 * emulator's portal model (no mocks): a deal's, a lead's and a quote's
 * contacts, and a contact's companies. Each test checks what the model has
 * afterwards and which REST methods ran, so a pair that used another pair's
 * methods (the company's, above all) fails.
 */

const EDITOR = SEED_USER.editor
const READER = SEED_USER.reader

type Card = Exclude<CardType, 'company'>

interface Seeded {
  card: Card
  id: number
  title: string
  /** the linked items' ids in SORT order, as seeded */
  items: number[]
  /** what the first one is called in the tab */
  firstName: string
  /** the REST family Bitrix24 has for this pair, written out (not read from the pair table) */
  prefix: string
}

/** The seeded owners (emulator/portal/seed.ts). */
const SEEDED: Seeded[] = [
  { card: 'deal', id: SEED_DEAL.fleetRenewal, title: 'Fleet renewal', items: [1, 2, 10], firstName: 'Olivia', prefix: 'crm.deal.contact' },
  { card: 'lead', id: SEED_LEAD.robots, title: 'Warehouse robots inquiry', items: [4, 5], firstName: 'Σοφία', prefix: 'crm.lead.contact' },
  { card: 'quote', id: SEED_QUOTE.fleetRenewal, title: 'Fleet renewal quote', items: [1], firstName: 'Olivia', prefix: 'crm.quote.contact' },
  { card: 'contact', id: SEED_CONTACT.ada, title: 'Ada Quill', items: [SEED_COMPANY.lanternfish, SEED_COMPANY.copperleaf, SEED_COMPANY.orchardRow], firstName: 'Lanternfish Analytics', prefix: 'crm.contact.company' },
]

const byCard = (card: Card) => SEEDED.find((s) => s.card === card)!

async function open(seeded: Seeded, userId = EDITOR) {
  const env = createPortalEnv({ userId, placement: CARD_PLACEMENTS[seeded.card], placementOptions: { ID: String(seeded.id) } })
  createStoreEnv(env.port)
  const store = useLinksStore()
  const owner: Owner = { card: seeded.card, id: seeded.id }
  await store.load(owner)
  const field = seeded.card === 'contact' ? 'COMPANY_ID' : 'CONTACT_ID'
  /** The owner's links as the model has them (what its items.get answers). */
  const links = () => env.portal.pairLinks(seeded.card, seeded.id)
  const ids = () => links().map((l) => Number(l[field]))
  const mark = () => env.portal.log().at(-1)?.seq ?? 0
  /** REST methods run since `since`, batch sub-commands included, in order. */
  const ran = (since: number) => env.portal.log(since).filter((e) => e.kind === 'rest').flatMap((e) => (e.name === 'batch' ? e.sub ?? [] : [e.name]))
  return { env, store, owner, field, links, ids, mark, ran }
}

const FAMILIES = ['crm.company.contact', ...SEEDED.map((s) => s.prefix)]

/** No call of another pair's family: not the company's (crm.company.contact.*), nor any other card's. */
function onlyOwnPair(methods: string[], card: Card) {
  const foreign = FAMILIES.filter((p) => p !== byCard(card).prefix)
  for (const m of methods) {
    for (const prefix of foreign) expect(m.startsWith(`${prefix}.`), `${m} in the ${card} card`).toBe(false)
  }
}

describe.each(SEEDED.map((s) => [s.card, s] as const))('the %s card', (card, seeded) => {
  const prefix = seeded.prefix

  it('loads the owner, its links and the edit right in one request with the pair\'s own methods, then the details', async () => {
    const env = createPortalEnv({ userId: EDITOR })
    createStoreEnv(env.port)
    const store = useLinksStore()
    const since = env.portal.log().at(-1)?.seq ?? 0
    const before = env.portal.pairLinks(card, seeded.id)
    await store.load({ card, id: seeded.id })
    const requests = env.portal.log(since).filter((e) => e.kind === 'rest')
    expect(requests.map((r) => r.name)).toEqual(['batch', 'batch'])
    expect(requests[0]!.sub).toEqual([`crm.${card}.get`, `${prefix}.items.get`, `${prefix}.add`, 'profile'])
    const details = card === 'contact' ? ['crm.status.list', 'crm.status.list', 'crm.company.list'] : ['crm.contact.list']
    expect(requests[1]!.sub).toEqual(details)
    expect(store.status).toBe('ready')
    expect(store.info).toMatchObject({ card, id: seeded.id, title: seeded.title })
    expect(store.rows.map((r) => r.id)).toEqual(seeded.items)
    expect(store.rows[0]!.details?.name).toBe(seeded.firstName)
    expect(store.canEdit).toBe(true)
    // The probe wrote nothing.
    expect(env.portal.pairLinks(card, seeded.id)).toEqual(before)
  })

  it('Clear all removes the links from the model with the pair\'s items.delete, in one halting request', async () => {
    const t = await open(seeded)
    expect(t.ids()).toEqual(seeded.items)
    const since = t.mark()
    const outcome = await t.store.clearAll(t.store.links)
    expect(outcome).toMatchObject({ kind: 'cleared', putBack: [], notPutBack: [], alreadyGone: [] })
    expect(t.links()).toEqual([])
    expect(t.store.count).toBe(0)
    const clear = t.env.portal.log(since).find((e) => e.name === 'batch')!
    expect(clear.sub).toEqual([`${prefix}.items.get`, `${prefix}.add`, 'user.option.get', 'user.option.set', `${prefix}.items.delete`, `${prefix}.items.get`])
    expect(clear.params).toMatchObject({ halt: '1', cmd: { write: `${prefix}.items.delete?id=${seeded.id}` } })
    onlyOwnPair(t.ran(since), card)
    expect(t.store.lastClear?.links.map((l) => l.itemId)).toEqual(seeded.items)
    expect(t.env.port.uiCalls.map((c) => c.command)).toContain('reloadData')
  })

  it('Undo links every item again with its SORT and main flag, with the pair\'s add, and the kept record is keyed by card and id', async () => {
    const t = await open(seeded)
    // SORTs and a main item the seed would not give, so a restore that renumbers or re-flags fails.
    const sorts = [15, 40, 75]
    t.env.portal.setPairLinks(card, seeded.id, seeded.items.map((id, i) => ({ id, SORT: sorts[i]!, IS_PRIMARY: i === seeded.items.length - 1 ? 'Y' : 'N' })))
    await t.store.load(t.owner)
    const before = t.links()
    expect(before.map((l) => l.SORT)).toEqual(sorts.slice(0, seeded.items.length))
    expect(before.at(-1)!.IS_PRIMARY).toBe('Y')

    await t.store.clearAll(t.store.links)
    expect(t.links()).toEqual([])
    await vi.waitFor(() => expect(t.store.undoKeeping).toBe('portal'))
    const options = t.env.portal.userOptions(EDITOR)
    const key = `cc_undo_${card}_${seeded.id}`
    expect(options[key]).toEqual(expect.any(String))
    expect(JSON.parse(String(options[key]))).toMatchObject({ v: 1, parts: expect.any(Number) })
    // Not the company's key: a company with the same id keeps its own record.
    expect(options[`cc_undo_${seeded.id}`]).toBeUndefined()

    const since = t.mark()
    const outcome = await t.store.undo()
    expect(outcome.kind).toBe('restored')
    expect(t.links()).toEqual(before)
    expect(t.store.rows.map((r) => [r.id, r.sort, r.isPrimary])).toEqual(before.map((l) => [Number(l[t.field]), l.SORT, l.IS_PRIMARY === 'Y']))
    const methods = t.ran(since)
    expect(methods.filter((m) => m === `${prefix}.add`)).toHaveLength(seeded.items.length)
    onlyOwnPair(methods, card)
    // Used up: dropped on the portal (in the background).
    await vi.waitFor(() => expect(t.env.portal.userOptions(EDITOR)[key]).toBe(''))
  })

  it('offers the kept Undo again after a reload of the card, and only in that card', async () => {
    const t = await open(seeded)
    const before = t.links()
    await t.store.clearAll(t.store.links)
    await vi.waitFor(() => expect(t.store.undoKeeping).toBe('portal'))
    // The card is opened again: a new frame (its init data carries the user's options), a new store.
    const port = new PortalPort(t.env.portal, { placement: CARD_PLACEMENTS[card], placementOptions: { ID: String(seeded.id) } })
    createStoreEnv(port)
    const store = useLinksStore()
    await store.load(t.owner)
    expect(store.lastClear).toMatchObject({ kept: true, owner: t.owner })
    expect(store.lastClear!.links.map((l) => l.itemId)).toEqual(seeded.items)
    await store.undo()
    expect(t.links()).toEqual(before)

    // A company with the same id offers nothing.
    createStoreEnv(port)
    const other = useLinksStore()
    await other.load({ card: 'company', id: seeded.id })
    expect(other.lastClear).toBeNull()
  })

  it('writes the trail comment on the owner\'s timeline (its ENTITY_TYPE), and removes a re-sent copy with its ownerTypeId', async () => {
    const t = await open(seeded)
    const mine = () => t.env.portal.comments().filter((c) => c.entityType === card && c.entityId === seeded.id)
    const others = () => t.env.portal.comments().filter((c) => !(c.entityType === card && c.entityId === seeded.id))
    const elsewhere = others().length
    let since = t.mark()
    await t.store.writeComment(`Unlinked\nReference: CC-${card}`, `CC-${card}`)
    expect(mine().map((c) => c.comment)).toEqual([`Unlinked\nReference: CC-${card}`])
    expect(others()).toHaveLength(elsewhere)
    const add = t.env.portal.log(since).find((e) => e.name === 'batch')!
    expect(add.sub).toEqual(['crm.timeline.comment.add', 'crm.timeline.comment.list'])

    // The SDK sends the request again after its answer was lost: the copy is deleted, naming the owner's CRM type.
    t.env.port.resendLostAnswers = true
    t.env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    since = t.mark()
    await t.store.writeComment(`Again\nReference: CC-${card}-2`, `CC-${card}-2`)
    expect(mine().map((c) => c.comment)).toEqual([`Unlinked\nReference: CC-${card}`, `Again\nReference: CC-${card}-2`])
    const deletes = t.env.portal.log(since).filter((e) => e.sub?.includes('crm.timeline.comment.delete'))
    expect(deletes).toHaveLength(1)
    const command = String(Object.values((deletes[0]!.params as { cmd: Record<string, string> }).cmd)[0])
    // Written out, not read from the table: crm.timeline.comment.delete's CRM type ids.
    expect(command).toContain(`ownerTypeId=${{ lead: 1, deal: 2, contact: 3, quote: 7 }[card]}&`)
    expect(command).toContain(`ownerId=${seeded.id}`)
  })

  it('a reader may look but not clear: canEdit false, and Clear all deletes nothing', async () => {
    const t = await open(seeded, READER)
    const before = t.links()
    expect(t.store.status).toBe('ready')
    expect(t.store.canEdit).toBe(false)
    expect(t.links()).toEqual(before)
    await expect(t.store.clearAll(t.store.links)).rejects.toMatchObject({ code: 'ACCESS_DENIED' })
    expect(t.links()).toEqual(before)
    expect(t.store.lastClear).toBeNull()
  })

  it('unlinking a selection deletes exactly those items with the pair\'s .delete, each', async () => {
    const t = await open(seeded)
    const chosen = t.store.links.slice(0, 1)
    const since = t.mark()
    const outcome = await t.store.unlinkSelected(chosen)
    expect(outcome.kind).toBe('cleared')
    expect(t.ids()).toEqual(seeded.items.slice(1))
    const methods = t.ran(since)
    expect(methods.filter((m) => m.startsWith(`${prefix}.`))).toEqual([`${prefix}.items.get`, `${prefix}.delete`, `${prefix}.items.get`])
    expect(methods).not.toContain(`${prefix}.items.delete`)
    expect(methods).not.toContain(`${prefix}.items.set`)
    onlyOwnPair(methods, card)
    expect(t.store.lastClear?.links.map((l) => l.itemId)).toEqual([seeded.items[0]])
    await t.store.undo()
    expect(t.ids()).toEqual(seeded.items)
  })
})

describe('the contact card: a contact\'s companies', () => {
  const ada = byCard('contact')

  it('lists Ada Quill\'s companies with their titles, industry names from crm.status.list, phones and the main company', async () => {
    const t = await open(ada)
    expect(t.store.info?.title).toBe('Ada Quill')
    const rows = t.store.rows.map((r) => ({ id: r.id, main: r.isPrimary, name: r.details?.name, post: r.details?.post, phones: r.details?.phones }))
    expect(rows).toEqual([
      { id: SEED_COMPANY.lanternfish, main: false, name: 'Lanternfish Analytics', post: 'Information Technologies', phones: ['+1 555 0150'] },
      { id: SEED_COMPANY.copperleaf, main: true, name: 'Copperleaf Studio', post: 'Entertainment', phones: ['+1 555 0160', '+1 555 0161'] },
      { id: SEED_COMPANY.orchardRow, main: false, name: 'Orchard Row Bakery', post: 'Manufacturing', phones: [] },
    ])
    expect(t.store.rows.find((r) => r.id === SEED_COMPANY.orchardRow)?.details?.emails).toEqual(['orders@orchardrow.example'])
    expect(t.env.portal.mainCompanyOf(SEED_CONTACT.ada)).toBe(SEED_COMPANY.copperleaf)
  })

  it('clearing her companies removes her from each company\'s contacts, one row per link, and leaves their other contacts', async () => {
    const t = await open(ada)
    const colleague = t.env.portal.addContact({ name: 'Remy', lastName: 'Colleague' })
    t.env.portal.setPairLinks('company', SEED_COMPANY.copperleaf, [
      ...t.env.portal.pairLinks('company', SEED_COMPANY.copperleaf).map((l) => ({ id: Number(l.CONTACT_ID), SORT: Number(l.SORT), IS_PRIMARY: l.IS_PRIMARY as 'Y' | 'N' })),
      { id: colleague, SORT: 90 },
    ])
    const contactsOf = (company: number) => t.env.portal.pairLinks('company', company).map((l) => Number(l.CONTACT_ID))
    for (const company of ada.items) expect(contactsOf(company).filter((c) => c === SEED_CONTACT.ada)).toHaveLength(1)
    const beforeFromCompanies = ada.items.map((company) => t.env.portal.pairLinks('company', company).find((l) => Number(l.CONTACT_ID) === SEED_CONTACT.ada))

    await t.store.load(t.owner)
    await t.store.clearAll(t.store.links)
    expect(t.links()).toEqual([])
    for (const company of ada.items) {
      expect(contactsOf(company)).not.toContain(SEED_CONTACT.ada)
      // The company pair's own reader agrees (the same rows).
      expect(t.env.portal.links(company).map((l) => l.CONTACT_ID)).not.toContain(SEED_CONTACT.ada)
    }
    expect(contactsOf(SEED_COMPANY.copperleaf)).toEqual([colleague])
    expect(t.env.portal.mainCompanyOf(SEED_CONTACT.ada)).toBeNull()

    await t.store.undo()
    expect(t.ids()).toEqual(ada.items)
    expect(t.env.portal.mainCompanyOf(SEED_CONTACT.ada)).toBe(SEED_COMPANY.copperleaf)
    // Back on each company's side too, once each.
    for (const [i, company] of ada.items.entries()) {
      expect(contactsOf(company).filter((c) => c === SEED_CONTACT.ada)).toHaveLength(1)
      expect(t.env.portal.pairLinks('company', company).find((l) => Number(l.CONTACT_ID) === SEED_CONTACT.ada)?.SORT).toBe(beforeFromCompanies[i]?.SORT)
    }
    expect(contactsOf(SEED_COMPANY.copperleaf)).toContain(colleague)
  })

  it('unlinking one company removes only that row, from both sides', async () => {
    const t = await open(ada)
    const copperleaf = t.store.links.find((l) => l.itemId === SEED_COMPANY.copperleaf)!
    await t.store.unlinkSelected([copperleaf])
    expect(t.ids()).toEqual([SEED_COMPANY.lanternfish, SEED_COMPANY.orchardRow])
    expect(t.env.portal.pairLinks('company', SEED_COMPANY.copperleaf).map((l) => Number(l.CONTACT_ID))).not.toContain(SEED_CONTACT.ada)
    expect(t.env.portal.pairLinks('company', SEED_COMPANY.lanternfish).map((l) => Number(l.CONTACT_ID))).toContain(SEED_CONTACT.ada)
  })
})

describe('getItemDetails for a contact\'s companies', () => {
  const companies = [SEED_COMPANY.lanternfish, SEED_COMPANY.copperleaf, SEED_COMPANY.orchardRow]

  it('names each company\'s industry from crm.status.list, in the same request as crm.company.list', async () => {
    const env = createPortalEnv({ userId: EDITOR })
    const since = env.portal.log().at(-1)?.seq ?? 0
    const details = await getItemDetails(env.port, 'contact', companies)
    expect(env.portal.log(since).filter((e) => e.kind === 'rest').map((e) => e.sub)).toEqual([['crm.status.list', 'crm.status.list', 'crm.company.list']])
    expect([...details.values()].map((d) => [d.id, d.name, d.post])).toEqual([
      [SEED_COMPANY.lanternfish, 'Lanternfish Analytics', 'Information Technologies'],
      [SEED_COMPANY.copperleaf, 'Copperleaf Studio', 'Entertainment'],
      [SEED_COMPANY.orchardRow, 'Orchard Row Bakery', 'Manufacturing'],
    ])
  })

  it('falls back to the company type\'s name when a company has no industry', async () => {
    const env = createPortalEnv({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Typed Only Test AG', companyType: 'SUPPLIER', industry: '' })
    const details = await getItemDetails(env.port, 'contact', [id])
    expect(details.get(id)).toMatchObject({ name: 'Typed Only Test AG', post: 'Supplier' })
  })

  it('still returns the companies, with an empty `post`, when crm.status.list fails', async () => {
    const env = createPortalEnv({ userId: EDITOR })
    env.portal.addFault({ method: 'crm.status.list', count: 2, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    const details = await getItemDetails(env.port, 'contact', companies)
    expect([...details.values()].map((d) => [d.id, d.name, d.post])).toEqual([
      [SEED_COMPANY.lanternfish, 'Lanternfish Analytics', ''],
      [SEED_COMPANY.copperleaf, 'Copperleaf Studio', ''],
      [SEED_COMPANY.orchardRow, 'Orchard Row Bakery', ''],
    ])
    // Neither the codes themselves.
    expect([...details.values()].some((d) => /IT|ENTERTAINMENT|MANUFACTURING/.test(d.post))).toBe(false)
    expect(details.get(SEED_COMPANY.copperleaf)?.phones).toEqual(['+1 555 0160', '+1 555 0161'])
  })

  it('a deal\'s contacts are read with crm.contact.list, never crm.status.list', async () => {
    const env = createPortalEnv({ userId: EDITOR })
    const since = env.portal.log().at(-1)?.seq ?? 0
    const details = await getItemDetails(env.port, 'deal', [1, 2])
    expect(env.portal.log(since).filter((e) => e.kind === 'rest').map((e) => e.sub)).toEqual([['crm.contact.list']])
    expect(details.get(1)).toMatchObject({ name: 'Olivia', lastName: 'Bennett', post: 'Head of Procurement' })
  })
})
