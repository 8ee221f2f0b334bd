import type { CardType } from '@/domain/cards'

/**
 * The REST side of each card's tab: which items are linked to the card's
 * owner and through which methods. Bitrix24 has the same family for every
 * pair (docs/bitrix24.md, CRM links):
 *
 *   crm.<owner>.<item>.items.get / items.set / items.delete   the whole list
 *   crm.<owner>.<item>.add / delete                           one link (fields[<ITEM>_ID])
 *
 * so adding a pair is adding an entry here, plus its words
 * (src/i18n/locales: the `for_<card>` overrides).
 */
export interface LinkPair {
  /** the card the tab sits in: the owner of the links */
  card: CardType
  /** what is linked to it */
  item: 'contact' | 'company'
  /** the method family: `crm.deal.contact` → crm.deal.contact.items.get, … */
  prefix: string
  /** the linked item's id field in link rows and in add/delete `fields` */
  field: 'CONTACT_ID' | 'COMPANY_ID'
  /** the owner's own read (its title, or a contact's name) */
  ownerGet: string
  /** the linked items' details: a list method read by `@ID` */
  detailsList: 'crm.contact.list' | 'crm.company.list'
  detailsSelect: readonly string[]
  /** `ENTITY_TYPE` of the owner's timeline comments (crm.timeline.comment.*) */
  timelineType: CardType
  /** the owner's CRM type id (`ownerTypeId` of crm.timeline.comment.delete: 1 lead, 2 deal, 3 contact, 4 company, 7 quote) */
  ownerTypeId: number
}

const CONTACT_SELECT = ['ID', 'NAME', 'LAST_NAME', 'SECOND_NAME', 'POST', 'PHOTO', 'PHONE', 'EMAIL'] as const
const COMPANY_SELECT = ['ID', 'TITLE', 'COMPANY_TYPE', 'INDUSTRY', 'LOGO', 'PHONE', 'EMAIL'] as const

function contactsOf(card: 'company' | 'deal' | 'lead' | 'quote', ownerTypeId: number): LinkPair {
  return {
    card,
    item: 'contact',
    prefix: `crm.${card}.contact`,
    field: 'CONTACT_ID',
    ownerGet: `crm.${card}.get`,
    detailsList: 'crm.contact.list',
    detailsSelect: CONTACT_SELECT,
    timelineType: card,
    ownerTypeId,
  }
}

export const PAIRS: Readonly<Record<CardType, LinkPair>> = Object.freeze({
  company: contactsOf('company', 4),
  deal: contactsOf('deal', 2),
  lead: contactsOf('lead', 1),
  quote: contactsOf('quote', 7),
  contact: {
    card: 'contact',
    item: 'company',
    prefix: 'crm.contact.company',
    field: 'COMPANY_ID',
    ownerGet: 'crm.contact.get',
    detailsList: 'crm.company.list',
    detailsSelect: COMPANY_SELECT,
    timelineType: 'contact',
    ownerTypeId: 3,
  },
})

/** The portal path of a linked item's card, opened in the Bitrix24 slider. */
export function itemPath(pair: LinkPair, id: number): string {
  return `/crm/${pair.item}/details/${id}/`
}
