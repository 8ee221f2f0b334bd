/**
 * Deals, leads and quotes: `crm.deal.get/list`, `crm.lead.get/list`,
 * `crm.quote.get/list`, as far as a card's tab needs them (a title, the names
 * of a lead, the company, the primary contact). Rows carry ids and numbers as
 * strings, like every `crm.<entity>.*` REST v2 answer. Sources: README.md.
 */
import type { CrmEntityType, CrmRecord, CrmStore, Deal, Lead, Quote } from './crm.ts'
import { crmError } from './errors.ts'
import { asList, intval } from './php.ts'
import {
  canRead, DATE_CREATE, entityId, obj, orderBy, PAGE_SIZE, param, type CallContext, type Handler, type MethodOutput,
} from './rest.ts'

type Row = Record<string, unknown>

const idOrNull = (id: number | null): string | null => (id === null ? null : String(id))
const money = (n: number): string => n.toFixed(2)

interface EntitySpec<T extends CrmRecord> {
  type: CrmEntityType
  records: (crm: CrmStore) => Map<number, T>
  row: (crm: CrmStore, r: T) => Row
  /** the get page's text for a record the user may not read (HTTP 400, empty code) */
  deniedText: string
  /** the get page's b24restdocs path */
  docs: string
}

// why: crm.deal.get docs: the fields of a deal; CONTACT_ID is the deal's primary contact (crm.deal.contact.*).
const dealRow = (crm: CrmStore, d: Deal): Row => ({
  ID: String(d.id),
  TITLE: d.title,
  TYPE_ID: 'SALE',
  CATEGORY_ID: '0',
  STAGE_ID: d.stageId,
  STAGE_SEMANTIC_ID: 'P',
  IS_NEW: 'N',
  IS_RECURRING: 'N',
  IS_RETURN_CUSTOMER: 'N',
  IS_REPEATED_APPROACH: 'N',
  PROBABILITY: null,
  CURRENCY_ID: d.currencyId,
  OPPORTUNITY: money(d.opportunity),
  IS_MANUAL_OPPORTUNITY: 'N',
  TAX_VALUE: '0.00',
  COMPANY_ID: idOrNull(d.companyId),
  CONTACT_ID: idOrNull(crm.dealContact.primaryOf(d.id)),
  QUOTE_ID: null,
  LEAD_ID: null,
  BEGINDATE: DATE_CREATE,
  CLOSEDATE: DATE_CREATE,
  OPENED: 'Y',
  CLOSED: 'N',
  COMMENTS: null,
  ASSIGNED_BY_ID: '1',
  CREATED_BY_ID: '1',
  MODIFY_BY_ID: '1',
  DATE_CREATE,
  DATE_MODIFY: DATE_CREATE,
  SOURCE_ID: null,
})

// why: crm.lead.get docs: TITLE, NAME, SECOND_NAME, LAST_NAME, STATUS_ID, COMPANY_ID, CONTACT_ID (the primary contact).
const leadRow = (crm: CrmStore, l: Lead): Row => ({
  ID: String(l.id),
  TITLE: l.title,
  HONORIFIC: null,
  NAME: l.name,
  SECOND_NAME: l.secondName,
  LAST_NAME: l.lastName,
  COMPANY_TITLE: null,
  COMPANY_ID: idOrNull(l.companyId),
  CONTACT_ID: idOrNull(crm.leadContact.primaryOf(l.id)),
  // why: lead link docs: the link methods do not recalculate IS_RETURN_CUSTOMER.
  IS_RETURN_CUSTOMER: 'N',
  SOURCE_ID: null,
  STATUS_ID: l.statusId,
  STATUS_SEMANTIC_ID: 'P',
  CURRENCY_ID: 'EUR',
  OPPORTUNITY: '0.00',
  HAS_PHONE: 'N',
  HAS_EMAIL: 'N',
  OPENED: 'Y',
  ASSIGNED_BY_ID: '1',
  CREATED_BY_ID: '1',
  MODIFY_BY_ID: '1',
  DATE_CREATE,
  DATE_MODIFY: DATE_CREATE,
})

// why: crm.quote.get docs; crm.quote.contact.items.get docs: "crm.quote.get returns only the primary contact in the CONTACT_ID field".
const quoteRow = (crm: CrmStore, q: Quote): Row => ({
  ID: String(q.id),
  TITLE: q.title,
  STATUS_ID: q.statusId,
  CURRENCY_ID: 'EUR',
  OPPORTUNITY: '0.00',
  TAX_VALUE: '0.00',
  COMPANY_ID: idOrNull(q.companyId),
  CONTACT_ID: idOrNull(crm.quoteContact.primaryOf(q.id)),
  DEAL_ID: idOrNull(q.dealId),
  LEAD_ID: null,
  OPENED: 'Y',
  CLOSED: 'N',
  BEGINDATE: DATE_CREATE,
  CLOSEDATE: DATE_CREATE,
  ASSIGNED_BY_ID: '1',
  CREATED_BY_ID: '1',
  MODIFY_BY_ID: '1',
  DATE_CREATE,
  DATE_MODIFY: DATE_CREATE,
})

const DEAL: EntitySpec<Deal> = { type: 'deal', records: crm => crm.deals, row: dealRow, deniedText: 'Access denied', docs: 'api-reference/crm/deals/crm-deal-get.md' }
const LEAD: EntitySpec<Lead> = { type: 'lead', records: crm => crm.leads, row: leadRow, deniedText: 'Access denied', docs: 'api-reference/crm/leads/crm-lead-get.md' }
const QUOTE: EntitySpec<Quote> = { type: 'quote', records: crm => crm.quotes, row: quoteRow, deniedText: 'Access denied.', docs: 'api-reference/crm/quote/crm-quote-get.md' }

function getHandler<T extends CrmRecord>(e: EntitySpec<T>): Handler {
  return (c, p) => {
    const r = e.records(c.state.crm).get(entityId(p))
    // why: crm.<entity>.get docs: a missing record is 400 "Not found"; one the
    // user may not read is 400 "Access denied", both with an empty code.
    if (!r) throw crmError('Not found')
    if (!canRead(c.user, r)) throw crmError(e.deniedText)
    return { result: e.row(c.state.crm, r) }
  }
}

/** One filter key of a list method: `>=`, `>`, `<=`, `<`, `@`, `!@`, `%`, `=`, `!=`, `!` and a field (crm.deal.list docs). */
export function matcher(key: string, value: unknown): ((row: Row) => boolean) | null {
  const m = /^(>=|<=|!@|!=|=%|%=|>|<|@|%|=|!)?(.+)$/.exec(key)
  if (!m) return null
  const op = m[1] ?? '=', field = m[2]!.toUpperCase()
  const list = (asList(value) ?? [value]).map(v => String(v))
  const num = (v: unknown) => Number(v)
  return (row) => {
    if (!(field in row)) return true // unknown fields filter nothing here
    const v = row[field]
    const s = v === null ? '' : String(v)
    switch (op) {
      case '@': return list.includes(s)
      case '!@': return !list.includes(s)
      case '%': return s.toLowerCase().includes(String(value).toLowerCase())
      case '=%': case '%=': {
        const pattern = String(value).toLowerCase().split('%').map(x => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')
        return new RegExp(`^${pattern}$`).test(s.toLowerCase())
      }
      case '!': case '!=': return s !== String(value ?? '')
      case '>': return num(v) > num(value)
      case '>=': return num(v) >= num(value)
      case '<': return num(v) < num(value)
      case '<=': return num(v) <= num(value)
      default: return Array.isArray(value) ? list.includes(s) : s === String(value ?? '')
    }
  }
}

function listHandler<T extends CrmRecord>(e: EntitySpec<T>): Handler {
  return (c, p): MethodOutput => {
    const filterRaw = param(p, 'filter'), orderRaw = param(p, 'order')
    // why: crm.deal.list / crm.quote.list docs: "Parameter 'filter' must be array." / "Parameter 'order' must be array."
    if (filterRaw !== undefined && filterRaw !== '' && !obj(filterRaw)) throw crmError('Parameter \'filter\' must be array.')
    if (orderRaw !== undefined && orderRaw !== '' && !obj(orderRaw)) throw crmError('Parameter \'order\' must be array.')
    const filters = Object.entries(obj(filterRaw) ?? {}).map(([k, v]) => matcher(k, v)).filter(f => f !== null)
    const crm = c.state.crm
    let rows = [...e.records(crm).values()]
      // why: like contacts (docs/bitrix24.md, Contact details): records the user may not read are absent, also from `total`.
      .filter(r => canRead(c.user, r))
      .map(r => e.row(crm, r))
      .filter(row => filters.every(f => f(row)))
    const fields: Record<string, (r: Row) => string | number> = {}
    for (const k of Object.keys(rows[0] ?? {})) {
      fields[k] = r => (k === 'ID' || k.endsWith('_ID') ? Number(r[k] ?? 0) : String(r[k] ?? ''))
    }
    rows = rows.sort(orderBy(orderRaw, fields))
    const select = asList(param(p, 'select'))?.map(s => String(s).toUpperCase()) ?? []
    const pick = (row: Row): Row => {
      if (!select.length || select.includes('*')) return row
      const out: Row = { ID: row.ID }
      for (const f of select) if (f in row) out[f] = row[f]
      return out
    }
    // why: docs/bitrix24.md, List methods: 50 a page, `start` offset, `next` and `total`; start -1 skips the count.
    const startRaw = intval(param(p, 'start'))
    if (startRaw === -1) return { result: rows.slice(0, PAGE_SIZE).map(pick) }
    const start = Math.max(0, startRaw)
    const out: MethodOutput = { result: rows.slice(start, start + PAGE_SIZE).map(pick), total: rows.length }
    if (start + PAGE_SIZE < rows.length) out.next = start + PAGE_SIZE
    return out
  }
}

export const ENTITY_METHODS: Record<string, Handler> = {
  'crm.deal.get': getHandler(DEAL),
  'crm.deal.list': listHandler(DEAL),
  'crm.lead.get': getHandler(LEAD),
  'crm.lead.list': listHandler(LEAD),
  'crm.quote.get': getHandler(QUOTE),
  'crm.quote.list': listHandler(QUOTE),
}

/** `crm.timeline.comment.*` ENTITY_TYPE values (crm data types, "CRM Object Types", entityTypeName in lower case). */
export const COMMENT_ENTITY_TYPES: readonly CrmEntityType[] = ['lead', 'deal', 'contact', 'company', 'quote']

/** The record a comment or a card is about, if it exists. */
export function recordOf(c: Pick<CallContext, 'state'>, type: string, id: number): CrmRecord | undefined {
  if (!(COMMENT_ENTITY_TYPES as readonly string[]).includes(type)) return undefined
  return c.state.crm.records(type as CrmEntityType).get(id)
}
