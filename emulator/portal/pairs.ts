/**
 * The CRM link methods, table-driven: one entry per pair of Bitrix24's
 * `crm.<owner>.<linked>.*` families (items.get, items.set, items.delete, add,
 * delete, fields). An entry names the owner and linked entity, the method
 * prefix, the id field of the linked record, the binding table and the side
 * the owner is on, and the facts in which the pairs differ (the wording of an
 * error, whether a missing owner is an error, which right items.delete needs).
 * Adding a pair is adding an entry. Sources of each fact: README.md ("Pairs").
 */
import type { BindingRow, BindingTable, CrmEntityType, CrmStore, Fallback, MainMode, Side } from './crm.ts'
import { accessDenied, crmError } from './errors.ts'
import { asList, intval } from './php.ts'
import { canEditCrm, canRead, obj, param, type CallContext, type Handler, type Params } from './rest.ts'

export interface PairSpec {
  /** the method family: `crm.deal.contact` → crm.deal.contact.items.get, … */
  prefix: string
  owner: CrmEntityType
  linked: CrmEntityType
  /** the linked record's id field in rows and `fields`: CONTACT_ID or COMPANY_ID */
  linkedField: 'CONTACT_ID' | 'COMPANY_ID'
  /** title of that field in `*.fields` */
  linkedTitle: string
  /** the binding table, and the side of it the owner is on */
  table: (crm: CrmStore) => BindingTable
  ownerSide: Side
  /** the detail-tab placement of the owner's card */
  placement: string
  /** the b24restdocs folder of the family's pages */
  docs: string
  /** "Not found" text for a missing owner */
  notFound: string
  /** a missing owner in items.get: `[]` (no existence check) or the notFound error */
  itemsGetMissingOwner: 'empty' | 'not-found'
  /** a missing owner in items.delete: `true` (no existence check) or this error text */
  itemsDeleteMissingOwner: true | string
  /** the right items.delete checks on the owner */
  itemsDeleteNeeds: 'read' | 'edit'
  /**
   * How add/delete read their params. 'company' is the company pair as the
   * emulator has always answered it (edit permission before `fields`, the bad
   * id unquoted, `fields[CONTACT_ID]` in the message, an unknown contact "Not
   * found", items.set drops unknown contacts); 'docs' follows the pages of the
   * other families (README.md, "Pairs").
   */
  params: 'company' | 'docs'
  /** add/delete/items.set refuse a linked record the user may not read ("[Contact #5] You don't have permission to view this item.") */
  checkLinkedRead: boolean
  /** which remaining link becomes primary when delete removes the primary one */
  deleteFallback: Fallback
  /** items.set: every linked record gets this owner as primary ('make-each'), or the first `IS_PRIMARY: Y` (else the first item) is the owner's primary ('first-y') */
  setPrimary: 'make-each' | 'first-y'
}

const contactPairOf = (owner: 'deal' | 'lead' | 'quote', table: (crm: CrmStore) => BindingTable, docs: string, deleteMissing: true | string, getMissing: 'empty' | 'not-found'): PairSpec => ({
  prefix: `crm.${owner}.contact`,
  owner,
  linked: 'contact',
  linkedField: 'CONTACT_ID',
  linkedTitle: 'Contact',
  table,
  ownerSide: 'left',
  placement: `CRM_${owner.toUpperCase()}_DETAIL_TAB`,
  docs,
  notFound: 'Not found.',
  itemsGetMissingOwner: getMissing,
  itemsDeleteMissingOwner: deleteMissing,
  itemsDeleteNeeds: 'edit',
  params: 'docs',
  checkLinkedRead: true,
  deleteFallback: 'first-by-sort',
  setPrimary: 'first-y',
})

export const PAIRS: readonly PairSpec[] = [
  {
    prefix: 'crm.company.contact',
    owner: 'company',
    linked: 'contact',
    linkedField: 'CONTACT_ID',
    linkedTitle: 'Contact',
    table: crm => crm.contactCompany,
    ownerSide: 'left',
    placement: 'CRM_COMPANY_DETAIL_TAB',
    docs: 'api-reference/crm/companies/contacts/',
    notFound: 'Not found',
    itemsGetMissingOwner: 'empty',
    itemsDeleteMissingOwner: 'Not found',
    itemsDeleteNeeds: 'read',
    params: 'company',
    checkLinkedRead: false,
    deleteFallback: 'lowest-id',
    setPrimary: 'make-each',
  },
  contactPairOf('deal', crm => crm.dealContact, 'api-reference/crm/deals/contacts/', 'Not found', 'not-found'),
  contactPairOf('lead', crm => crm.leadContact, 'api-reference/crm/leads/management-communication/', true, 'empty'),
  contactPairOf('quote', crm => crm.quoteContact, 'api-reference/crm/quote/contacts/', true, 'empty'),
  {
    prefix: 'crm.contact.company',
    owner: 'contact',
    linked: 'company',
    linkedField: 'COMPANY_ID',
    linkedTitle: 'Company',
    // the same rows as crm.company.contact.*, read from the contact's side
    table: crm => crm.contactCompany,
    ownerSide: 'right',
    placement: 'CRM_CONTACT_DETAIL_TAB',
    docs: 'api-reference/crm/contacts/company/',
    notFound: 'Not found.',
    itemsGetMissingOwner: 'empty',
    itemsDeleteMissingOwner: true,
    itemsDeleteNeeds: 'edit',
    params: 'docs',
    checkLinkedRead: true,
    deleteFallback: 'first-by-sort',
    setPrimary: 'first-y',
  },
]

export const pairByPrefix = (prefix: string): PairSpec | undefined => PAIRS.find(p => p.prefix === prefix.toLowerCase())
export const pairOfOwner = (owner: CrmEntityType): PairSpec | undefined => PAIRS.find(p => p.owner === owner)

const TYPE_LABEL: Record<CrmEntityType, string> = { company: 'Company', contact: 'Contact', deal: 'Deal', lead: 'Lead', quote: 'Quote' }

/** One row as items.get answers it: ids, SORT and ROLE_ID integers, IS_PRIMARY "Y"/"N". */
export function rowOf(pair: PairSpec, table: BindingTable, r: BindingRow): Record<string, number | string> {
  return {
    [pair.linkedField]: pair.ownerSide === 'left' ? r.right : r.left,
    SORT: r.sort,
    ROLE_ID: 0,
    IS_PRIMARY: table.isPrimary(r) ? 'Y' : 'N',
  }
}

/** A pair's links of one owner as items.get answers them (sorted by SORT), for the model's readers. */
export function linksOf(crm: CrmStore, pair: PairSpec, ownerId: number): Array<Record<string, number | string>> {
  const table = pair.table(crm)
  return table.sorted(pair.ownerSide, ownerId).map(r => rowOf(pair, table, r))
}

/** Link one record to an owner, as a colleague (a hook) or a seeding helper would: SORT given or after the last, primary only if it has none. */
export function linkAs(crm: CrmStore, pair: PairSpec, ownerId: number, linkedId: number, sort?: number): void {
  const table = pair.table(crm)
  const [left, right] = pair.ownerSide === 'left' ? [ownerId, linkedId] : [linkedId, ownerId]
  table.link(left, right, sort ?? table.maxSort(pair.ownerSide, ownerId) + 10, 'if-none', pair.deleteFallback)
}

/** Unlink one record from an owner, as a colleague would. */
export function unlinkAs(crm: CrmStore, pair: PairSpec, ownerId: number, linkedId: number): boolean {
  const [left, right] = pair.ownerSide === 'left' ? [ownerId, linkedId] : [linkedId, ownerId]
  return pair.table(crm).unlink(left, right, pair.deleteFallback)
}

function handlers(pair: PairSpec): Record<string, Handler> {
  const company = pair.params === 'company'
  // why: docs (every family): a bad id is HTTP 400 with an empty code. The
  // items.* pages write the parameter bare, the add/delete pages in quotes;
  // the company pair has always answered it bare.
  const badId = (quoted: boolean) => crmError(quoted && !company
    ? 'The parameter \'ownerEntityID\' is invalid or not defined.'
    : 'The parameter ownerEntityID is invalid or not defined.')

  const ownerIdOf = (p: Params, quoted: boolean): number => {
    const id = intval(param(p, 'id'))
    if (id <= 0) throw badId(quoted)
    return id
  }
  const owner = (c: CallContext, id: number) => c.state.crm.records(pair.owner).get(id)
  const requireEdit = (c: CallContext): void => {
    if (!canEditCrm(c.user)) throw accessDenied()
  }
  /** docs/bitrix24.md, Errors, and the method docs: no permission on the owner → 403 ACCESS_DENIED "Access denied!". */
  const requireReadOwner = (c: CallContext, id: number): void => {
    const o = owner(c, id)
    if (o && !canRead(c.user, o)) throw accessDenied()
  }
  const existingOwner = (c: CallContext, id: number): void => {
    if (!owner(c, id)) throw crmError(pair.notFound)
  }
  /** docs (lead, quote, contact pages): "[Contact #29] You don't have permission to view this item." */
  const requireReadLinked = (c: CallContext, linkedId: number): void => {
    if (!pair.checkLinkedRead) return
    const r = c.state.crm.records(pair.linked).get(linkedId)
    if (r && !canRead(c.user, r)) throw crmError(`[${TYPE_LABEL[pair.linked]} #${linkedId}] You don't have permission to view this item.`)
  }
  const table = (c: CallContext) => pair.table(c.state.crm)
  const sides = (ownerId: number, linkedId: number): [number, number] =>
    pair.ownerSide === 'left' ? [ownerId, linkedId] : [linkedId, ownerId]

  const itemsGet: Handler = (c, p) => {
    const id = ownerIdOf(p, false)
    if (!owner(c, id)) {
      if (pair.itemsGetMissingOwner === 'empty') return { result: [] }
      throw crmError(pair.notFound)
    }
    requireReadOwner(c, id)
    return { result: linksOf(c.state.crm, pair, id) }
  }

  const itemsSet: Handler = (c, p) => {
    const id = ownerIdOf(p, false)
    const items = asList(param(p, 'items'))
    if (!items) throw crmError('The parameter items must be array.')
    requireEdit(c)
    existingOwner(c, id)
    requireReadOwner(c, id)
    const t = table(c)
    const seen = new Set<number>()
    const raw: Array<{ id: number, sort: number, primary: boolean }> = []
    items.forEach((item, i) => {
      const fields = obj(item) ?? {}
      const linkedId = intval(param(fields, pair.linkedField))
      // Elements without an id or with one ≤ 0 are skipped (docs: items.set);
      // duplicates keep the first. The company pair also drops unknown contacts.
      if (linkedId <= 0 || seen.has(linkedId)) return
      if (company && !c.state.crm.records(pair.linked).has(linkedId)) return
      seen.add(linkedId)
      const sortRaw = param(fields, 'SORT')
      // why: docs/bitrix24.md, CRM links, the newest crm.company.contact.items.set page, and the code both
      // sides write with (ContactCompanyTable::bindContacts / bindCompanies): an
      // item without SORT is (i+1)*10, i its place in `items`, a kept link's SORT too.
      const sort = sortRaw === undefined || sortRaw === '' ? (i + 1) * 10 : intval(sortRaw)
      raw.push({ id: linkedId, sort, primary: String(param(fields, 'IS_PRIMARY') ?? '').toUpperCase() === 'Y' })
    })
    if (pair.checkLinkedRead) {
      // docs (quote, lead, contact): the records being linked or unlinked must be readable
      const before = new Set([...t.of(pair.ownerSide, id).keys()])
      for (const r of raw) if (!before.has(r.id)) requireReadLinked(c, r.id)
      for (const linkedId of before) if (!seen.has(linkedId)) requireReadLinked(c, linkedId)
    }
    const primary = raw.find(r => r.primary) ?? raw[0]
    const next = raw.map(r => ({
      id: r.id,
      sort: r.sort,
      // why: docs/bitrix24.md, CRM links (code): the company pair makes itself the main company of
      // every re-linked contact; the docs of the other pairs: the first item
      // with IS_PRIMARY "Y", else the first item, is primary.
      main: (pair.setPrimary === 'make-each' || r === primary ? 'make' : 'keep') as MainMode,
    }))
    c.state.crm.replace(t, pair.ownerSide, id, next, pair.deleteFallback)
    return { result: true }
  }

  const itemsDelete: Handler = (c, p) => {
    const id = ownerIdOf(p, false)
    // why: docs/bitrix24.md, CRM links (code): crm.company.contact.items.delete checks only READ
    // permission; the deal, quote and contact pages ask for edit.
    if (pair.itemsDeleteNeeds === 'edit') requireEdit(c)
    if (!owner(c, id)) {
      if (pair.itemsDeleteMissingOwner === true) return { result: true }
      throw crmError(pair.itemsDeleteMissingOwner)
    }
    requireReadOwner(c, id)
    table(c).unlinkAll(pair.ownerSide, id, pair.deleteFallback)
    return { result: true }
  }

  /**
   * What add and delete check, in this order. The company pair: a valid id,
   * edit permission, an existing owner it may read, a contact id. The others
   * (docs' error tables, in order): a valid id, `fields` an object, a valid
   * linked id, edit permission, an existing owner it may read, a linked record
   * it may read.
   */
  const editedLink = (c: CallContext, p: Params, kind: 'add' | 'delete'): { id: number, linkedId: number, fields: Params } => {
    const id = ownerIdOf(p, true)
    const fields = obj(param(p, 'fields'))
    if (company) {
      requireEdit(c)
      existingOwner(c, id)
      requireReadOwner(c, id)
      const linkedId = intval(fields ? param(fields, pair.linkedField) : undefined)
      if (linkedId <= 0) throw crmError(`The parameter fields[${pair.linkedField}] is invalid or not defined.`)
      return { id, linkedId, fields: fields ?? {} }
    }
    if (!fields) throw crmError(kind === 'add' ? 'The parameter \'fields\' must be array.' : 'The parameter \'item\' must be array.')
    const linkedId = intval(param(fields, pair.linkedField))
    if (linkedId <= 0) throw crmError('The parameter \'fields\' is not valid.')
    requireEdit(c)
    existingOwner(c, id)
    requireReadOwner(c, id)
    requireReadLinked(c, linkedId)
    return { id, linkedId, fields }
  }

  const add: Handler = (c, p) => {
    const { id, linkedId, fields } = editedLink(c, p, 'add')
    // Simplification (company pair): an unknown contact is "Not found". The
    // other pages say the link is made anyway (a link to a missing record).
    if (company && !c.state.crm.records(pair.linked).has(linkedId)) throw crmError('Not found')
    const t = table(c)
    const [left, right] = sides(id, linkedId)
    // why: docs/bitrix24.md, CRM links (code), docs (every add page): an existing link answers `false` and changes nothing.
    if (t.has(left, right)) return { result: false }
    const sortRaw = param(fields, 'SORT')
    // why: docs: a missing SORT is the owner's highest SORT + 10 (10 for the first link).
    const sort = sortRaw === undefined || sortRaw === '' ? t.maxSort(pair.ownerSide, id) + 10 : intval(sortRaw)
    // why: docs: IS_PRIMARY "Y" takes the primary flag; a holder without a primary gets this link as primary whatever is passed.
    const primary = String(param(fields, 'IS_PRIMARY') ?? '').toUpperCase() === 'Y'
    t.link(left, right, sort, primary ? 'make' : 'if-none', pair.deleteFallback)
    return { result: true }
  }

  const del: Handler = (c, p) => {
    const { id, linkedId } = editedLink(c, p, 'delete')
    const [left, right] = sides(id, linkedId)
    // why: docs/bitrix24.md, CRM links, docs: `false` if not linked; the primary goes to another link (deleteFallback).
    return { result: table(c).unlink(left, right, pair.deleteFallback) }
  }

  const field = (type: string, title: string, isRequired = false) =>
    ({ type, isRequired, isReadOnly: false, isImmutable: false, isMultiple: false, isDynamic: false, title })
  // why: shape from the *.fields doc pages: SORT, IS_PRIMARY, then the linked id.
  const fieldsHandler: Handler = () => ({
    result: {
      SORT: field('integer', 'Sorting'),
      IS_PRIMARY: field('char', 'Primary'),
      [pair.linkedField]: field('integer', pair.linkedTitle, true),
    },
  })

  return {
    [`${pair.prefix}.items.get`]: itemsGet,
    [`${pair.prefix}.items.set`]: itemsSet,
    [`${pair.prefix}.items.delete`]: itemsDelete,
    [`${pair.prefix}.add`]: add,
    [`${pair.prefix}.delete`]: del,
    [`${pair.prefix}.fields`]: fieldsHandler,
  }
}

/** Every pair's six methods, by lower-case method name. */
export const PAIR_METHODS: Record<string, Handler> = Object.assign({}, ...PAIRS.map(handlers))
