/**
 * The CRM cards the app's tab can sit in. A card type names the owner of the
 * links the tab shows (a company's contacts, a deal's contacts, a contact's
 * companies); the REST side of each pair is src/b24/pairs.ts.
 */
import type { Owner } from './types'

export type CardType = 'company' | 'deal' | 'lead' | 'quote' | 'contact'

/** In the order the settings list them. */
export const CARD_TYPES: readonly CardType[] = ['company', 'deal', 'lead', 'quote', 'contact']

/** The detail-tab placement of each card (docs/bitrix24.md, Placements and install). */
export const CARD_PLACEMENTS: Readonly<Record<CardType, string>> = Object.freeze({
  company: 'CRM_COMPANY_DETAIL_TAB',
  deal: 'CRM_DEAL_DETAIL_TAB',
  lead: 'CRM_LEAD_DETAIL_TAB',
  quote: 'CRM_QUOTE_DETAIL_TAB',
  contact: 'CRM_CONTACT_DETAIL_TAB',
})

/** The card whose tab this placement is, or null (the app's own page, another placement). */
export function cardOfPlacement(placement: string | null | undefined): CardType | null {
  const p = String(placement ?? '').toUpperCase()
  return CARD_TYPES.find((t) => CARD_PLACEMENTS[t] === p) ?? null
}

export function isCardType(value: unknown): value is CardType {
  return typeof value === 'string' && (CARD_TYPES as readonly string[]).includes(value)
}

/** The same card: same type and id. */
export function sameOwner(a: Owner | null | undefined, b: Owner | null | undefined): boolean {
  return !!a && !!b && a.card === b.card && a.id === b.id
}

/**
 * A card as the user's options name it (the kept Undo, a clear's saved read):
 * a company's id alone, as before other cards had a tab, so records kept then
 * still count; `<card>_<id>` for the others (`deal_12`).
 */
export function ownerKey(owner: Owner): string {
  return owner.card === 'company' ? String(owner.id) : `${owner.card}_${owner.id}`
}
