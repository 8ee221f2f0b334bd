/**
 * The app's own types: what a card's owner (a company, deal, lead, quote or
 * contact), the items linked to it (contacts, or a contact's companies) and
 * the link between them are to this app. `b24/` reads portal answers into
 * them (src/b24/crm.ts); everything above it (stores, composables,
 * components) works with these.
 */
import type { CardType } from './cards'

/** An item linked to the owner: one row of `crm.<owner>.<item>.items.get`, read strictly. */
export interface Link {
  /** the linked contact's id (the company's, in a contact's tab) */
  itemId: number
  /** the link's order in the owner's list (`SORT`) */
  sort: number
  /** the primary link: the contact's main company, the deal's main contact… */
  isPrimary: boolean
}

/** The card a tab shows: its type and id (a company, deal, lead, quote or contact). */
export interface Owner {
  card: CardType
  id: number
}

/** The owner as read from the portal: its title (a contact's full name), '' when unknown. */
export interface OwnerInfo extends Owner {
  title: string
}

/**
 * What the tab shows of a linked item: a contact's names, position, photo,
 * phones and e-mails; a company's title (in `name`), industry or type (in
 * `post`), logo, phones and e-mails.
 */
export interface ItemDetails {
  id: number
  name: string
  lastName: string
  secondName: string
  post: string
  /** an absolute http(s) URL, or null (initials are shown instead) */
  photoUrl: string | null
  phones: string[]
  emails: string[]
}

/** The user who is looking (named in the timeline trail of a clear). */
export interface PortalUser {
  id: number
  name: string
}

/** One row of the tab: a link, with the item's details when the user may read them. */
export interface ItemRow {
  id: number
  sort: number
  isPrimary: boolean
  details: ItemDetails | null
  /** a contact someone linked while a clear ran: unlinked with the rest, and linked again at once */
  change?: 'added'
}
