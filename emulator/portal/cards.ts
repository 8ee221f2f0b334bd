/**
 * The model's CRM cards (api-crm.ts): the pair table as PairInfo, the records
 * a card can be opened for, a card's path, placement and bound tab handler,
 * and direct link writes for tests and the control panel.
 */
import type { PlacementBindingInfo } from './api.ts'
import type { CardInfo, CrmCardsApi, CrmEntityType, PairInfo } from './api-crm.ts'
import type { CrmRecord } from './crm.ts'
import { linksOf, pairOfOwner, PAIRS, type PairSpec } from './pairs.ts'
import type { PortalState } from './rest.ts'

const info = (p: PairSpec): PairInfo => ({
  prefix: p.prefix, ownerType: p.owner, linkedType: p.linked, linkedField: p.linkedField, placement: p.placement,
})

/**
 * A card's path on the portal. Leads, deals, contacts and companies:
 * `/crm/<type>/details/<id>/` (the docs' openPath examples). Quotes open as
 * CRM type 7 (`/crm/type/7/…`, as crm.entity.mergeBatch and BX24.openPath
 * write the paths of typed items).
 */
export function cardPath(type: CrmEntityType, id: number): string {
  return type === 'quote' ? `/crm/type/7/details/${id}/` : `/crm/${type}/details/${id}/`
}

/** The record a card path is about: `/crm/deal/details/5/`, `/crm/type/7/details/5/`; undefined for any other path. */
export function parseCardPath(path: string): { type: CrmEntityType, id: number } | undefined {
  const typed = /^\/crm\/type\/7\/details\/(\d+)\/?$/.exec(path)
  if (typed) return { type: 'quote', id: Number(typed[1]) }
  const m = /^\/crm\/(company|contact|deal|lead|quote)\/details\/(\d+)\/?$/.exec(path)
  return m ? { type: m[1] as CrmEntityType, id: Number(m[2]) } : undefined
}

function titleOf(type: CrmEntityType, r: CrmRecord): string {
  if (r.title.trim()) return r.title
  return `${type[0]!.toUpperCase()}${type.slice(1)} #${r.id}`
}

function pairOf(type: CrmEntityType): PairSpec {
  const p = pairOfOwner(type)
  if (!p) throw new Error(`no link pair for ${type}`)
  return p
}

/** The cards part of the Portal, over the current state (a getter: reset() replaces it). */
export function crmCardsApi(state: () => PortalState): CrmCardsApi {
  const crm = () => state().crm
  const record = (type: CrmEntityType, id: number) => crm().records(type).get(id)
  const linkCount = (type: CrmEntityType, id: number) => {
    const p = pairOf(type)
    return p.table(crm()).count(p.ownerSide, id)
  }
  const placementHandlers = (placement: string): PlacementBindingInfo[] =>
    structuredClone(state().placements.filter(b => b.placement === placement.toUpperCase()))

  return {
    pairs: () => PAIRS.map(info),
    addCrmItem(type, spec) {
      const c = crm()
      const hiddenFrom = spec.hiddenFrom ?? []
      const id = type === 'deal'
        ? c.addDeal({ title: spec.title, companyId: spec.companyId, hiddenFrom }).id
        : type === 'lead'
          ? c.addLead({ title: spec.title, name: spec.name, lastName: spec.lastName, companyId: spec.companyId, hiddenFrom }).id
          : c.addQuote({ title: spec.title, companyId: spec.companyId, dealId: spec.dealId, hiddenFrom }).id
      const p = pairOf(type)
      const table = p.table(c)
      spec.contactIds?.forEach((contactId, i) => table.link(id, contactId, (i + 1) * 10, i === 0 ? 'make' : 'keep', p.deleteFallback))
      return id
    },
    crmItems: type => [...crm().records(type).values()].map(r => ({ type, id: r.id, title: titleOf(type, r), linkCount: linkCount(type, r.id) })),
    pairLinks: (type, ownerId) => (record(type, ownerId) ? linksOf(crm(), pairOf(type), ownerId) : []),
    setPairLinks(type, ownerId, items) {
      if (!record(type, ownerId)) throw new Error(`unknown ${type} ${ownerId}`)
      const p = pairOf(type)
      const primary = items.find(i => i.IS_PRIMARY === 'Y') ?? items[0]
      crm().replace(p.table(crm()), p.ownerSide, ownerId, items.map((i, n) => ({
        id: i.id,
        sort: i.SORT ?? (n + 1) * 10,
        // the owner holds the flag (deal, lead, quote, contact): the first Y, else the first item;
        // for a company the flag belongs to each contact, as setLinks sets it
        main: p.owner === 'company'
          ? (i.IS_PRIMARY === 'Y' ? 'make' : i.IS_PRIMARY === 'N' ? 'not-this' : 'if-none')
          : i === primary ? 'make' : 'keep',
      })), p.deleteFallback)
    },
    placementHandlers,
    card(type, id): CardInfo | undefined {
      const r = record(type, id)
      if (!r) return undefined
      const p = pairOf(type)
      return {
        type,
        id,
        title: titleOf(type, r),
        path: cardPath(type, id),
        placement: p.placement,
        placementOptions: { ID: String(id) },
        handlers: placementHandlers(p.placement),
        pair: info(p),
        linkCount: linkCount(type, id),
      }
    },
  }
}
