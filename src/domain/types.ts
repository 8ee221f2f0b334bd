/**
 * The app's own types: what a company, a contact and the link between them
 * are to this app. `b24/` reads portal answers into them (src/b24/crm.ts);
 * everything above it (stores, composables, components) works with these.
 */

/** A contact linked to the company: one row of `crm.company.contact.items.get`, read strictly. */
export interface ContactLink {
  contactId: number
  /** the link's order in the company's list (`SORT`) */
  sort: number
  /** this company is the contact's main company */
  isPrimary: boolean
}

export interface Company {
  id: number
  title: string
}

/** What the tab shows of a contact: names, position, photo, phones and e-mails. */
export interface ContactDetails {
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

/** One row of the tab: a link, with the contact's details when the user may read them. */
export interface ContactRow {
  id: number
  sort: number
  isPrimary: boolean
  details: ContactDetails | null
  /** a contact someone linked while a clear ran: unlinked with the rest, and linked again at once */
  change?: 'added'
}
