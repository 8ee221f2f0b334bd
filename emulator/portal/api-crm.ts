/**
 * The part of the model's contract (api.ts) about CRM cards and their link
 * pairs: which pairs there are, the records a card can be opened for, what a
 * card shows and which handler its tab has. The host page, the server's
 * control API and tests read it; nothing here is REST.
 */
import type { PlacementBindingInfo } from './api.ts'

export type CrmEntityType = 'company' | 'contact' | 'deal' | 'lead' | 'quote'

/** Every CrmEntityType, e.g. for a path pattern that names one (the control API's `crm/:type`). */
export const CRM_ENTITY_TYPES: readonly CrmEntityType[] = ['company', 'contact', 'deal', 'lead', 'quote']

/** One link family (`crm.<owner>.<linked>.*`): the pair table's public face. */
export interface PairInfo {
  /** the method prefix, e.g. `crm.deal.contact` */
  prefix: string
  ownerType: CrmEntityType
  linkedType: CrmEntityType
  /** the linked record's id field in items.get rows and in `fields`: CONTACT_ID or COMPANY_ID */
  linkedField: 'CONTACT_ID' | 'COMPANY_ID'
  /** the owner card's tab placement, e.g. CRM_DEAL_DETAIL_TAB */
  placement: string
}

/** A deal, lead or quote for a test or the control panel to create. */
export interface CrmItemSpec {
  title: string
  /** a lead's contact names */
  name?: string
  lastName?: string
  /** the record's COMPANY_ID field (not a link) */
  companyId?: number
  /** a quote's DEAL_ID */
  dealId?: number
  /** contacts to link, in this order (SORT 10, 20, …; the first is primary); ids need not exist, as in Bitrix24 */
  contactIds?: number[]
  /** user ids who may NOT read it */
  hiddenFrom?: number[]
}

/** A record a card can be opened for, with how many links its tab lists. */
export interface CrmItemInfo { type: CrmEntityType, id: number, title: string, linkCount: number }

/** One link as the owner's items.get answers it (CONTACT_ID or COMPANY_ID, SORT, ROLE_ID, IS_PRIMARY). */
export type PairLinkRow = Record<string, number | string>

/** A link to write directly with setPairLinks (bypasses REST). */
export interface PairLinkSpec { id: number, SORT?: number, IS_PRIMARY?: 'Y' | 'N' }

/** What a portal shows for `/crm/<type>/details/<id>/`, and how its tab is bound. */
export interface CardInfo {
  type: CrmEntityType
  id: number
  /** the card's heading: the title, or a contact's or lead's name when it has none */
  title: string
  /** the card's path on the portal, e.g. `/crm/deal/details/5/` (quotes: `/crm/type/7/details/5/`) */
  path: string
  /** the tab's placement code, e.g. CRM_DEAL_DETAIL_TAB */
  placement: string
  /** PLACEMENT_OPTIONS for the tab's frame: `{ID: "5"}`, the id a string (widgets/crm/detail-tab docs) */
  placementOptions: { ID: string }
  /** the handlers bound to that placement through placement.bind, in binding order (empty: no app tab) */
  handlers: PlacementBindingInfo[]
  /** the pair the tab works on, and how many links it has now */
  pair: PairInfo
  linkCount: number
  /** the card's General fields as a person reads them, e.g. `{label: 'Stage', value: 'PREPARATION'}` (no REST) */
  details: CardField[]
}

/** One field of a card's General section. */
export interface CardField { label: string, value: string }

/** A placement binding to write directly, as an administrator's placement.bind would (no REST, no log). */
export interface PlacementBindingSpec {
  placement: string
  handler: string
  title?: string
  langAll?: Record<string, unknown>
}

export interface CrmCardsApi {
  /** Every link pair the model answers (the pair table). */
  pairs(): PairInfo[]
  /** Seed a deal, lead or quote (no REST, no log). Returns its id. */
  addCrmItem(type: 'deal' | 'lead' | 'quote', spec: CrmItemSpec): number
  /** The records of one type by id, for a control panel's list of cards. */
  crmItems(type: CrmEntityType): CrmItemInfo[]
  /** An owner's links as its pair's items.get answers them (no REST, no permission check); [] for an unknown owner. */
  pairLinks(type: CrmEntityType, ownerId: number): PairLinkRow[]
  /** Replace an owner's links directly, as someone else would (bypasses REST); throws for an unknown owner. */
  setPairLinks(type: CrmEntityType, ownerId: number, items: PairLinkSpec[]): void
  /** The handlers bound to a placement (placement.bind), in binding order: which handler a card's tab loads (see setDefaultBindings). */
  placementHandlers(placement: string): PlacementBindingInfo[]
  /** What the card of a record shows and which tab handler it loads; undefined for an unknown record. */
  card(type: CrmEntityType, id: number): CardInfo | undefined
  /**
   * Bind a handler to a placement directly (no REST, no admin check, no log):
   * what the app's placement.bind would leave. A handler already bound there
   * is left as it is (its title updated); throws for a placement the portal
   * does not offer.
   */
  bindPlacement(spec: PlacementBindingSpec): void
  /** Remove a placement's bindings directly (one handler's, or all of them); answers how many went. */
  unbindPlacement(placement: string, handler?: string): number
  /**
   * Bindings the installed app is taken to have before it has bound or
   * unbound anything itself: placementHandlers() (and so the host's card)
   * answers them for a placement until a placement.bind or placement.unbind
   * of that placement (REST, or bindPlacement/unbindPlacement) happens;
   * placement.get never lists them. reset() makes them count again. The
   * emulator server sets the company tab to the app's URL, so the company card
   * has the app's tab out of the box and an install still binds for real.
   */
  setDefaultBindings(specs: PlacementBindingSpec[]): void
}
