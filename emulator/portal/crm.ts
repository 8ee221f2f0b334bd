/**
 * CRM data of the portal: companies, contacts, deals, leads, quotes and the
 * binding tables between them. Maps everywhere so a 3,000-contact company and
 * a 50-id contact lookup stay cheap.
 *
 * A binding table is what Bitrix24 keeps in `b_crm_contact_company`,
 * `b_crm_deal_contact`, `b_crm_lead_contact`, `b_crm_quote_contact`: one row
 * per link, with one SORT (and ROLE_ID 0) per row. The company↔contact table
 * is read from both sides (`crm.company.contact.*` and `crm.contact.company.*`),
 * so a link written from one side is there on the other at once, with the same
 * SORT. See README.md ("Pairs").
 */
import type { CrmEntityType } from './api-crm.ts'

export type { CrmEntityType }

export interface MultiField { id: number, valueType: string, value: string }

/** What every CRM record here has: an id, a title, the users who may not read it. */
export interface CrmRecord {
  id: number
  title: string
  /** user ids that may not read this record */
  hiddenFrom: Set<number>
}

export interface Contact extends CrmRecord {
  name: string
  lastName: string
  secondName: string
  post: string
  phones: MultiField[]
  emails: MultiField[]
}

export interface Company extends CrmRecord {
  /** COMPANY_TYPE: a STATUS_ID of the COMPANY_TYPE directory (crm.status.list), e.g. CUSTOMER */
  companyType: string
  /** INDUSTRY: a STATUS_ID of the INDUSTRY directory, e.g. IT */
  industry: string
  phones: MultiField[]
  emails: MultiField[]
}

/** What a company may be created with besides its title. */
export interface CompanyOptions {
  id?: number
  hiddenFrom?: Iterable<number>
  companyType?: string
  industry?: string
  phones?: string[]
  emails?: string[]
}

export interface Deal extends CrmRecord {
  /** the deal's company (COMPANY_ID), not a binding table */
  companyId: number | null
  stageId: string
  opportunity: number
  currencyId: string
}

export interface Lead extends CrmRecord {
  name: string
  lastName: string
  secondName: string
  statusId: string
  companyId: number | null
}

export interface Quote extends CrmRecord {
  companyId: number | null
  dealId: number | null
  statusId: string
}

/** One row of a binding table: `left` is the company/deal/lead/quote, `right` the contact. */
export interface BindingRow { left: number, right: number, sort: number }

export type Side = 'left' | 'right'

/** How a new or re-made link treats the primary flag of the record that holds it. */
export type MainMode = 'make' | 'if-none' | 'not-this' | 'keep'

/** Which remaining link becomes primary when the primary one is removed. */
export type Fallback = 'lowest-id' | 'first-by-sort'

/**
 * One binding table. Each row is indexed from both sides, in the order the
 * rows were linked on that side (which breaks SORT ties). The primary flag
 * belongs to one side (`holder`): for company↔contact it is the contact's
 * main company (Bitrix24's contact COMPANY_ID), for deal/lead/quote↔contact the
 * record's primary contact (its CONTACT_ID). At most one per holder.
 */
export class BindingTable {
  private readonly byLeft = new Map<number, Map<number, BindingRow>>()
  private readonly byRight = new Map<number, Map<number, BindingRow>>()
  /** holder id → the id on the other side that is its primary */
  private readonly primary = new Map<number, number>()

  constructor(readonly holder: Side) {}

  private index(side: Side): Map<number, Map<number, BindingRow>> {
    return side === 'left' ? this.byLeft : this.byRight
  }

  /** The rows of one record on `side`, in link order (a live map: other id → row). */
  of(side: Side, id: number): ReadonlyMap<number, BindingRow> {
    return this.index(side).get(id) ?? new Map()
  }

  /** The rows of one record sorted by SORT; ties keep link order. */
  sorted(side: Side, id: number): BindingRow[] {
    return [...this.of(side, id).values()].sort((a, b) => a.sort - b.sort)
  }

  count(side: Side, id: number): number {
    return this.index(side).get(id)?.size ?? 0
  }

  has(left: number, right: number): boolean {
    return this.byLeft.get(left)?.has(right) ?? false
  }

  maxSort(side: Side, id: number): number {
    let max = 0
    for (const r of this.of(side, id).values()) max = Math.max(max, r.sort)
    return max
  }

  /** Insert a row, or change the SORT of an existing one (its place in link order stays). */
  put(left: number, right: number, sort: number): BindingRow {
    const existing = this.byLeft.get(left)?.get(right)
    if (existing) {
      existing.sort = sort
      return existing
    }
    const row: BindingRow = { left, right, sort }
    this.mapOf('left', left).set(right, row)
    this.mapOf('right', right).set(left, row)
    return row
  }

  private mapOf(side: Side, id: number): Map<number, BindingRow> {
    const idx = this.index(side)
    let m = idx.get(id)
    if (!m) idx.set(id, m = new Map())
    return m
  }

  /** Re-insert one record's rows in this order on its side (a replaced set breaks SORT ties in its new order). */
  reorder(side: Side, id: number, otherIds: number[]): void {
    const m = this.index(side).get(id)
    if (!m) return
    const rows = otherIds.map(o => m.get(o)).filter((r): r is BindingRow => r !== undefined)
    const rest = [...m.values()].filter(r => !rows.includes(r))
    m.clear()
    for (const r of [...rows, ...rest]) m.set(side === 'left' ? r.right : r.left, r)
  }

  private remove(left: number, right: number): boolean {
    if (!this.byLeft.get(left)?.delete(right)) return false
    this.byRight.get(right)?.delete(left)
    return true
  }

  holderOf(left: number, right: number): { holder: number, other: number } {
    return this.holder === 'left' ? { holder: left, other: right } : { holder: right, other: left }
  }

  primaryOf(holderId: number): number | null {
    return this.primary.get(holderId) ?? null
  }

  setPrimary(holderId: number, other: number | null): void {
    if (other === null) this.primary.delete(holderId)
    else this.primary.set(holderId, other)
  }

  isPrimary(row: BindingRow): boolean {
    const { holder, other } = this.holderOf(row.left, row.right)
    return this.primary.get(holder) === other
  }

  /** Link (or re-sort) a row; `main` says what happens to the holder's primary flag. */
  link(left: number, right: number, sort: number, main: MainMode, fallback: Fallback = 'lowest-id'): void {
    this.put(left, right, sort)
    const { holder, other } = this.holderOf(left, right)
    const current = this.primaryOf(holder)
    if (main === 'make' || (main === 'if-none' && current === null)) this.setPrimary(holder, other)
    else if (main === 'not-this' && current === other) this.setPrimary(holder, this.fallback(holder, other, fallback))
  }

  /** Remove a row; a holder whose primary it was gets another one (`fallback`), or none. */
  unlink(left: number, right: number, fallback: Fallback): boolean {
    if (!this.remove(left, right)) return false
    const { holder, other } = this.holderOf(left, right)
    if (this.primaryOf(holder) === other) this.setPrimary(holder, this.fallback(holder, other, fallback))
    return true
  }

  /** Remove every row of one record on `side`. */
  unlinkAll(side: Side, id: number, fallback: Fallback): void {
    for (const r of [...this.of(side, id).values()]) this.unlink(r.left, r.right, fallback)
  }

  /**
   * The holder's other links, for a new primary when its primary goes:
   * 'lowest-id' (Bitrix24's `MIN(COMPANY_ID)` when a contact loses its main
   * company from the company side) or 'first-by-sort' (the docs' "first of
   * the remaining links in ascending SORT order").
   */
  private fallback(holder: number, except: number, how: Fallback): number | null {
    const side: Side = this.holder
    const others = [...this.of(side, holder).values()].filter(r => (side === 'left' ? r.right : r.left) !== except)
    if (!others.length) return null
    const idOf = (r: BindingRow) => (side === 'left' ? r.right : r.left)
    if (how === 'first-by-sort') return idOf(others.sort((a, b) => a.sort - b.sort)[0]!)
    return Math.min(...others.map(idOf))
  }
}


export class CrmStore {
  readonly companies = new Map<number, Company>()
  readonly contacts = new Map<number, Contact>()
  readonly deals = new Map<number, Deal>()
  readonly leads = new Map<number, Lead>()
  readonly quotes = new Map<number, Quote>()

  /** b_crm_contact_company: left = company, right = contact; the contact holds IS_PRIMARY (its main company). */
  readonly contactCompany = new BindingTable('right')
  /** b_crm_deal_contact / b_crm_lead_contact / b_crm_quote_contact: left = owner, right = contact; the owner holds its primary contact. */
  readonly dealContact = new BindingTable('left')
  readonly leadContact = new BindingTable('left')
  readonly quoteContact = new BindingTable('left')

  private readonly nextIds: Record<CrmEntityType, number> = { company: 1, contact: 1, deal: 1, lead: 1, quote: 1 }
  private nextMultiId = 1

  /** The records of one type. */
  records(type: CrmEntityType): Map<number, CrmRecord> {
    switch (type) {
      case 'company': return this.companies
      case 'contact': return this.contacts
      case 'deal': return this.deals
      case 'lead': return this.leads
      case 'quote': return this.quotes
    }
  }

  private newId(type: CrmEntityType, id: number | undefined): number {
    const next = id ?? this.nextIds[type]
    if (this.records(type).has(next)) throw new Error(`${type} ${next} exists`)
    this.nextIds[type] = Math.max(this.nextIds[type], next + 1)
    return next
  }

  /** PHONE/EMAIL multi-fields (b_crm_field_multi: one id sequence for every record). */
  private multi(values: string[] | undefined, types: string[]): MultiField[] {
    return (values ?? []).map((value, i) => ({ id: this.nextMultiId++, valueType: types[i % types.length]!, value }))
  }

  addCompany(title: string, opts: CompanyOptions = {}): Company {
    const c: Company = {
      id: this.newId('company', opts.id),
      title,
      hiddenFrom: new Set(opts.hiddenFrom ?? []),
      // why: crm.company.get docs show COMPANY_TYPE "CUSTOMER"; a company made without one gets that (README.md, Companies).
      companyType: opts.companyType ?? 'CUSTOMER',
      industry: opts.industry ?? 'OTHER',
      phones: this.multi(opts.phones, ['WORK', 'MOBILE']),
      emails: this.multi(opts.emails, ['WORK', 'HOME']),
    }
    this.companies.set(c.id, c)
    return c
  }

  addContact(spec: {
    id?: number, name: string, lastName?: string, secondName?: string, post?: string,
    phones?: string[], emails?: string[], hiddenFrom?: Iterable<number>,
  }): Contact {
    const id = this.newId('contact', spec.id)
    const multi = (values: string[] | undefined, types: string[]): MultiField[] => this.multi(values, types)
    const c: Contact = {
      id,
      name: spec.name,
      lastName: spec.lastName ?? '',
      secondName: spec.secondName ?? '',
      post: spec.post ?? '',
      title: [spec.name, spec.lastName ?? ''].filter(Boolean).join(' '),
      phones: multi(spec.phones, ['WORK', 'MOBILE']),
      emails: multi(spec.emails, ['WORK', 'HOME']),
      hiddenFrom: new Set(spec.hiddenFrom ?? []),
    }
    this.contacts.set(id, c)
    return c
  }

  addDeal(spec: { id?: number, title: string, companyId?: number | null, stageId?: string, opportunity?: number, currencyId?: string, hiddenFrom?: Iterable<number> }): Deal {
    const d: Deal = {
      id: this.newId('deal', spec.id), title: spec.title, hiddenFrom: new Set(spec.hiddenFrom ?? []),
      companyId: spec.companyId ?? null, stageId: spec.stageId ?? 'NEW', opportunity: spec.opportunity ?? 0, currencyId: spec.currencyId ?? 'EUR',
    }
    this.deals.set(d.id, d)
    return d
  }

  addLead(spec: { id?: number, title: string, name?: string, lastName?: string, secondName?: string, statusId?: string, companyId?: number | null, hiddenFrom?: Iterable<number> }): Lead {
    const l: Lead = {
      id: this.newId('lead', spec.id), title: spec.title, hiddenFrom: new Set(spec.hiddenFrom ?? []),
      name: spec.name ?? '', lastName: spec.lastName ?? '', secondName: spec.secondName ?? '', statusId: spec.statusId ?? 'NEW', companyId: spec.companyId ?? null,
    }
    this.leads.set(l.id, l)
    return l
  }

  addQuote(spec: { id?: number, title: string, companyId?: number | null, dealId?: number | null, statusId?: string, hiddenFrom?: Iterable<number> }): Quote {
    const q: Quote = {
      id: this.newId('quote', spec.id), title: spec.title, hiddenFrom: new Set(spec.hiddenFrom ?? []),
      companyId: spec.companyId ?? null, dealId: spec.dealId ?? null, statusId: spec.statusId ?? 'DRAFT',
    }
    this.quotes.set(q.id, q)
    return q
  }

  // ------------------------------------------------ company↔contact, as the company pair has always used it

  /** The contact's main company (its COMPANY_ID): the company whose row has IS_PRIMARY "Y". */
  mainCompanyOf(contactId: number): number | null {
    return this.contactCompany.primaryOf(contactId)
  }

  /** Links of a company sorted by SORT (docs/bitrix24.md, CRM links), IS_PRIMARY from each contact's main company. */
  linksOf(companyId: number): Array<{ CONTACT_ID: number, SORT: number, ROLE_ID: number, IS_PRIMARY: 'Y' | 'N' }> {
    if (!this.companies.has(companyId)) return []
    return this.contactCompany.sorted('left', companyId).map(r => ({
      CONTACT_ID: r.right,
      SORT: r.sort,
      ROLE_ID: 0,
      IS_PRIMARY: this.contactCompany.isPrimary(r) ? 'Y' : 'N',
    }))
  }

  /** Link (or re-sort) a contact to a company; `main` says what happens to its main company. */
  link(companyId: number, contactId: number, sort: number, main: MainMode): void {
    if (!this.companies.has(companyId) || !this.contacts.has(contactId)) return
    this.contactCompany.link(companyId, contactId, sort, main, 'lowest-id')
  }

  /**
   * Unlink from the company side. Bitrix24 (`ContactCompanyTable::unbindContactIDs`)
   * sets the contact's COMPANY_ID to `MIN(COMPANY_ID)` of its remaining companies.
   */
  unlink(companyId: number, contactId: number): boolean {
    return this.contactCompany.unlink(companyId, contactId, 'lowest-id')
  }

  /** Replace one record's whole set of links on `side` of `table`; rows left out are unlinked with `fallback`. */
  replace(table: BindingTable, side: Side, ownerId: number, items: Array<{ id: number, sort: number, main: MainMode }>, fallback: Fallback): void {
    const keep = new Set(items.map(i => i.id))
    for (const r of [...table.of(side, ownerId).values()]) {
      const other = side === 'left' ? r.right : r.left
      if (!keep.has(other)) table.unlink(r.left, r.right, fallback)
    }
    for (const i of items) {
      const [left, right] = side === 'left' ? [ownerId, i.id] : [i.id, ownerId]
      table.link(left, right, i.sort, i.main, fallback)
    }
    table.reorder(side, ownerId, items.map(i => i.id))
  }
}
