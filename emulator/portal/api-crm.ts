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
}

export interface CrmCardsApi {
  /** Every link pair the model answers (the pair table). */
  pairs(): PairInfo[]
  /** Seed a deal, lead or quote (no REST, no log). Returns its id. */
  addCrmItem(type: 'deal' | 'lead' | 'quote', spec: CrmItemSpec): number
  /** The records of one type, for a control panel's list of cards. */
  crmItems(type: CrmEntityType): CrmItemInfo[]
  /** An owner's links as its pair's items.get answers them (no REST, no permission check); [] for an unknown owner. */
  pairLinks(type: CrmEntityType, ownerId: number): PairLinkRow[]
  /** Replace an owner's links directly, as someone else would (bypasses REST); throws for an unknown owner. */
  setPairLinks(type: CrmEntityType, ownerId: number, items: PairLinkSpec[]): void
  /** The handlers bound to a placement (placement.bind), in binding order: which handler a card's tab loads. */
  placementHandlers(placement: string): PlacementBindingInfo[]
  /** What the card of a record shows and which tab handler it loads; undefined for an unknown record. */
  card(type: CrmEntityType, id: number): CardInfo | undefined
}
