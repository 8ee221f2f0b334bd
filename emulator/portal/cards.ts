/**
 * The model's CRM cards (api-crm.ts): the pair table as PairInfo, the records
 * a card can be opened for, a card's path, placement and bound tab handler,
 * and direct link writes for tests and the control panel.
 */
import type { PlacementBindingInfo } from './api.ts'
import { cardPath } from './paths.ts'
import type { CardField, CardInfo, CrmCardsApi, CrmEntityType, PairInfo, PlacementBindingSpec } from './api-crm.ts'
import type { CrmRecord, CrmStore } from './crm.ts'
import { PLACEMENTS } from './methods.ts'
import { linksOf, pairOfOwner, PAIRS, type PairSpec } from './pairs.ts'
import type { PortalState } from './rest.ts'
import { statusName } from './statuses.ts'

const info = (p: PairSpec): PairInfo => ({
  prefix: p.prefix, ownerType: p.owner, linkedType: p.linked, linkedField: p.linkedField, placement: p.placement,
})

export { cardPath, parseCardPath } from './paths.ts'

function titleOf(type: CrmEntityType, r: CrmRecord): string {
  if (r.title.trim()) return r.title
  return `${type[0]!.toUpperCase()}${type.slice(1)} #${r.id}`
}

function pairOf(type: CrmEntityType): PairSpec {
  const p = pairOfOwner(type)
  if (!p) throw new Error(`no link pair for ${type}`)
  return p
}

/** A placement binding as placement.bind stores it (methods.ts), from a direct spec. */
export function bindingOf(spec: PlacementBindingSpec): PlacementBindingInfo {
  return {
    placement: spec.placement.toUpperCase(), handler: spec.handler, title: spec.title ?? '',
    description: '', langAll: structuredClone(spec.langAll ?? {}), options: {},
  }
}

/** The General fields of a card, as a person reads them (the host's card and slider pages); the link count is CardInfo's own. */
function detailsOf(crm: CrmStore, type: CrmEntityType, id: number): CardField[] {
  const f = (label: string, value: unknown): CardField => ({ label, value: value === null || value === undefined || value === '' ? '—' : String(value) })
  const companyTitle = (cid: number | null) => (cid === null ? null : crm.companies.get(cid)?.title ?? `Company #${cid}`)
  const contactName = (cid: number | null) => (cid === null ? null : crm.contacts.get(cid)?.title || `Contact #${cid}`)
  switch (type) {
    case 'company': {
      const c = crm.companies.get(id)!
      return [
        f('Company type', statusName('COMPANY_TYPE', c.companyType) ?? c.companyType),
        f('Industry', statusName('INDUSTRY', c.industry) ?? c.industry),
        ...c.phones.map(p => f('Phone', p.value)),
        ...c.emails.map(e => f('E-mail', e.value)),
      ]
    }
    case 'contact': {
      const c = crm.contacts.get(id)!
      return [
        f('Post', c.post),
        ...c.phones.map(p => f('Phone', p.value)),
        ...c.emails.map(e => f('E-mail', e.value)),
        f('Main company', companyTitle(crm.mainCompanyOf(id))),
      ]
    }
    case 'deal': {
      const d = crm.deals.get(id)!
      return [
        f('Company', companyTitle(d.companyId)), f('Stage', d.stageId), f('Amount', `${d.opportunity.toFixed(2)} ${d.currencyId}`),
        f('Primary contact', contactName(crm.dealContact.primaryOf(id))),
      ]
    }
    case 'lead': {
      const l = crm.leads.get(id)!
      return [
        f('Name', [l.name, l.secondName, l.lastName].filter(Boolean).join(' ')), f('Status', l.statusId),
        f('Primary contact', contactName(crm.leadContact.primaryOf(id))),
      ]
    }
    case 'quote': {
      const q = crm.quotes.get(id)!
      return [
        f('Deal', q.dealId === null ? null : crm.deals.get(q.dealId)?.title ?? `Deal #${q.dealId}`), f('Company', companyTitle(q.companyId)),
        f('Status', q.statusId), f('Primary contact', contactName(crm.quoteContact.primaryOf(id))),
      ]
    }
  }
}

/** The cards part of the Portal, over the current state (a getter: reset() replaces it). */
export function crmCardsApi(state: () => PortalState, defaults: () => readonly PlacementBindingInfo[]): Omit<CrmCardsApi, 'setDefaultBindings'> {
  const crm = () => state().crm
  const record = (type: CrmEntityType, id: number) => crm().records(type).get(id)
  const linkCount = (type: CrmEntityType, id: number) => {
    const p = pairOf(type)
    return p.table(crm()).count(p.ownerSide, id)
  }
  const placementHandlers = (placement: string): PlacementBindingInfo[] => {
    const code = placement.toUpperCase()
    const s = state()
    const bound = s.placements.filter(b => b.placement === code)
    // Until the app binds or unbinds this placement itself, the installed app's default binding counts (setDefaultBindings).
    const handlers = bound.length || s.touchedPlacements.has(code) ? bound : defaults().filter(b => b.placement === code)
    return structuredClone(handlers)
  }

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
    // by id, as a portal's list opens
    crmItems: type => [...crm().records(type).values()].sort((a, b) => a.id - b.id)
      .map(r => ({ type, id: r.id, title: titleOf(type, r), linkCount: linkCount(type, r.id) })),
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
        details: detailsOf(crm(), type, id),
      }
    },
    bindPlacement(spec) {
      const b = bindingOf(spec)
      if (!PLACEMENTS.includes(b.placement)) throw new Error(`unknown placement ${spec.placement}`)
      if (!b.handler) throw new Error('a binding needs a handler')
      state().touchedPlacements.add(b.placement)
      const bindings = state().placements
      const bound = bindings.find(x => x.placement === b.placement && x.handler === b.handler)
      if (bound) {
        if (spec.title !== undefined) bound.title = b.title
        if (spec.langAll !== undefined) bound.langAll = b.langAll
      } else {
        bindings.push(b)
      }
    },
    unbindPlacement(placement, handler) {
      const code = placement.toUpperCase()
      const s = state()
      s.touchedPlacements.add(code)
      const before = s.placements.length
      s.placements = s.placements.filter(b => !(b.placement === code && (handler === undefined || b.handler === handler)))
      return before - s.placements.length
    },
  }
}
