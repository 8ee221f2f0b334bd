/**
 * CRM data of the portal: companies, contacts and the links between them.
 * Maps everywhere so a 3,000-contact company and a 50-id contact lookup stay cheap.
 */

export interface MultiField { id: number, valueType: string, value: string }

export interface Contact {
  id: number
  name: string
  lastName: string
  secondName: string
  post: string
  phones: MultiField[]
  emails: MultiField[]
  /** user ids that may not read this contact */
  hiddenFrom: Set<number>
  /**
   * The contact's main company (Bitrix24's contact COMPANY_ID). IS_PRIMARY in
   * `crm.company.contact.items.get` is derived from it (notes §3). At most one;
   * null when the contact has no main company.
   */
  mainCompanyId: number | null
}

export interface Company {
  id: number
  title: string
  hiddenFrom: Set<number>
  /** contact id → SORT; insertion order breaks SORT ties */
  links: Map<number, number>
}

export interface LinkRow { CONTACT_ID: number, SORT: number, ROLE_ID: number, IS_PRIMARY: 'Y' | 'N' }

/** How a new or re-made link treats the contact's main company. */
export type MainMode = 'make' | 'if-none' | 'not-this' | 'keep'

export class CrmStore {
  readonly companies = new Map<number, Company>()
  readonly contacts = new Map<number, Contact>()
  /** contact id → ids of the companies it is linked to */
  private readonly companiesOf = new Map<number, Set<number>>()
  private nextCompanyId = 1
  private nextContactId = 1
  private nextMultiId = 1

  addCompany(title: string, opts: { id?: number, hiddenFrom?: Iterable<number> } = {}): Company {
    const id = opts.id ?? this.nextCompanyId
    if (this.companies.has(id)) throw new Error(`company ${id} exists`)
    this.nextCompanyId = Math.max(this.nextCompanyId, id + 1)
    const c: Company = { id, title, hiddenFrom: new Set(opts.hiddenFrom ?? []), links: new Map() }
    this.companies.set(id, c)
    return c
  }

  addContact(spec: {
    id?: number, name: string, lastName?: string, secondName?: string, post?: string,
    phones?: string[], emails?: string[], hiddenFrom?: Iterable<number>,
  }): Contact {
    const id = spec.id ?? this.nextContactId
    if (this.contacts.has(id)) throw new Error(`contact ${id} exists`)
    this.nextContactId = Math.max(this.nextContactId, id + 1)
    const multi = (values: string[] | undefined, types: string[]): MultiField[] =>
      (values ?? []).map((value, i) => ({ id: this.nextMultiId++, valueType: types[i % types.length]!, value }))
    const c: Contact = {
      id,
      name: spec.name,
      lastName: spec.lastName ?? '',
      secondName: spec.secondName ?? '',
      post: spec.post ?? '',
      phones: multi(spec.phones, ['WORK', 'MOBILE']),
      emails: multi(spec.emails, ['WORK', 'HOME']),
      hiddenFrom: new Set(spec.hiddenFrom ?? []),
      mainCompanyId: null,
    }
    this.contacts.set(id, c)
    return c
  }

  /** Links of a company sorted by SORT (notes §3), IS_PRIMARY derived from each contact's main company. */
  linksOf(companyId: number): LinkRow[] {
    const company = this.companies.get(companyId)
    if (!company) return []
    const rows: LinkRow[] = []
    for (const [contactId, sort] of company.links) {
      rows.push({
        CONTACT_ID: contactId,
        SORT: sort,
        ROLE_ID: 0,
        IS_PRIMARY: this.contacts.get(contactId)?.mainCompanyId === companyId ? 'Y' : 'N',
      })
    }
    return rows.sort((a, b) => a.SORT - b.SORT) // stable: ties keep link order
  }

  isLinked(companyId: number, contactId: number): boolean {
    return this.companies.get(companyId)?.links.has(contactId) ?? false
  }

  maxSort(companyId: number): number {
    let max = 0
    for (const s of this.companies.get(companyId)?.links.values() ?? []) max = Math.max(max, s)
    return max
  }

  /** Link (or re-sort) a contact; `main` says what happens to its main company. */
  link(companyId: number, contactId: number, sort: number, main: MainMode): void {
    const company = this.companies.get(companyId)
    const contact = this.contacts.get(contactId)
    if (!company || !contact) return
    company.links.set(contactId, sort)
    let set = this.companiesOf.get(contactId)
    if (!set) this.companiesOf.set(contactId, set = new Set())
    set.add(companyId)
    if (main === 'make' || (main === 'if-none' && contact.mainCompanyId === null)) {
      contact.mainCompanyId = companyId
    } else if (main === 'not-this' && contact.mainCompanyId === companyId) {
      contact.mainCompanyId = this.otherCompany(contactId, companyId)
    }
  }

  unlink(companyId: number, contactId: number): boolean {
    const company = this.companies.get(companyId)
    if (!company?.links.delete(contactId)) return false
    this.companiesOf.get(contactId)?.delete(companyId)
    const contact = this.contacts.get(contactId)
    // Assumption: like Bitrix24's bindings, a contact that still has companies
    // keeps a main one; the lowest remaining company id takes over.
    if (contact && contact.mainCompanyId === companyId) contact.mainCompanyId = this.otherCompany(contactId, companyId)
    return true
  }

  unlinkAll(companyId: number): void {
    const company = this.companies.get(companyId)
    if (!company) return
    for (const contactId of [...company.links.keys()]) this.unlink(companyId, contactId)
  }

  /** Replace a company's whole set of links. */
  replace(companyId: number, items: Array<{ contactId: number, sort: number, main: MainMode }>): void {
    const company = this.companies.get(companyId)
    if (!company) return
    const keep = new Set(items.map(i => i.contactId))
    for (const contactId of [...company.links.keys()]) if (!keep.has(contactId)) this.unlink(companyId, contactId)
    company.links.clear() // re-inserted below so the new order breaks SORT ties
    for (const i of items) this.link(companyId, i.contactId, i.sort, i.main)
  }

  private otherCompany(contactId: number, except: number): number | null {
    let best: number | null = null
    for (const id of this.companiesOf.get(contactId) ?? []) if (id !== except && (best === null || id < best)) best = id
    return best
  }
}
