/**
 * Companies over REST: `crm.company.get` and `crm.company.list`, what a
 * contact's companies tab reads (title, type, industry, logo, phones and
 * e-mails of the ids its `crm.contact.company.items.get` answered). Rows carry
 * ids and numbers as strings, like every `crm.<entity>.*` REST v2 answer.
 * Sources: README.md ("Companies"), docs/bitrix24.md ("Company details").
 */
import type { Company } from './crm.ts'
import { matcher } from './entities.ts'
import { accessDenied, crmError } from './errors.ts'
import { asList } from './php.ts'
import {
  canRead, DATE_CREATE, entityId, listPage, multiRows, obj, orderBy, param, type Handler,
} from './rest.ts'

type Row = Record<string, unknown>

/**
 * A company as crm.company.get answers it (docs `crm/companies/crm-company-get.md`):
 * COMPANY_TYPE and INDUSTRY are STATUS_IDs of their directories (crm.status.list),
 * LOGO null when there is none (the model has no files), HAS_PHONE/HAS_EMAIL "Y"/"N".
 */
export function companyRow(c: Company): Row {
  return {
    ID: String(c.id),
    COMPANY_TYPE: c.companyType,
    TITLE: c.title,
    LOGO: null,
    LEAD_ID: null,
    HAS_PHONE: c.phones.length ? 'Y' : 'N',
    HAS_EMAIL: c.emails.length ? 'Y' : 'N',
    HAS_IMOL: 'N',
    ASSIGNED_BY_ID: '1',
    CREATED_BY_ID: '1',
    MODIFY_BY_ID: '1',
    INDUSTRY: c.industry,
    REVENUE: '0',
    CURRENCY_ID: 'EUR',
    EMPLOYEES: 'EMPLOYEES_1',
    COMMENTS: '',
    DATE_CREATE,
    DATE_MODIFY: DATE_CREATE,
    OPENED: 'Y',
    IS_MY_COMPANY: 'N',
  }
}

/**
 * `select` as crm.company.list reads it (docs `crm/companies/crm-company-list.md`):
 * none or `*` is every field except the multiple ones; PHONE and EMAIL come
 * only when named (and only when the company has some, as for contacts); ID always.
 */
function pick(c: Company, select: string[] | null): Row {
  const full = companyRow(c)
  const all = !select || select.length === 0 || select.includes('*')
  const row: Row = all ? { ...full } : { ID: full.ID }
  if (!all) for (const f of select) if (f in full) row[f] = full[f]
  for (const f of ['PHONE', 'EMAIL'] as const) {
    if (!select?.includes(f)) continue
    const values = multiRows(c, f)
    if (values.length) row[f] = values
  }
  return row
}

const companyGet: Handler = (c, p) => {
  const company = c.state.crm.companies.get(entityId(p))
  if (!company) throw crmError('Not found')
  // The emulator has always answered an unreadable company 403 ACCESS_DENIED, as the link methods do (README.md, Deliberate simplifications).
  if (!canRead(c.user, company)) throw accessDenied()
  const row = companyRow(company)
  const phones = multiRows(company, 'PHONE'), emails = multiRows(company, 'EMAIL')
  if (phones.length) row.PHONE = phones
  if (emails.length) row.EMAIL = emails
  return { result: row }
}

const ORDER_FIELDS: Record<string, (r: Row) => string | number> = {
  ID: r => Number(r.ID), TITLE: r => String(r.TITLE), COMPANY_TYPE: r => String(r.COMPANY_TYPE),
  INDUSTRY: r => String(r.INDUSTRY), DATE_CREATE: r => String(r.DATE_CREATE), DATE_MODIFY: r => String(r.DATE_MODIFY),
}

/**
 * why: crm.company.list docs and docs/bitrix24.md, List methods: `filter` with
 * the list prefixes (`@ID` an array of ids), `order`, `select`, 50 a page with
 * `start`, `next`, `total`; like crm.contact.list, companies the user may not
 * read are absent, also from `total`.
 */
const companyList: Handler = (c, p) => {
  const filterRaw = param(p, 'filter'), orderRaw = param(p, 'order')
  if (filterRaw !== undefined && filterRaw !== '' && !obj(filterRaw)) throw crmError('Parameter \'filter\' must be array.')
  if (orderRaw !== undefined && orderRaw !== '' && !obj(orderRaw)) throw crmError('Parameter \'order\' must be array.')
  const filter = obj(filterRaw) ?? {}
  const crm = c.state.crm
  let companies: Company[]
  const idKey = ['@ID', '=ID', 'ID'].find(k => k in filter && (k === '@ID' || Array.isArray(filter[k])))
  if (idKey) {
    // Only the asked ids are looked at: the tab asks for 50 at a time.
    const ids = (asList(filter[idKey]) ?? [filter[idKey]]).map(Number).filter(n => Number.isInteger(n) && n > 0)
    companies = [...new Set(ids)].map(id => crm.companies.get(id)).filter((x): x is Company => x !== undefined)
  } else {
    companies = [...crm.companies.values()]
  }
  const rest = Object.entries(filter).filter(([k]) => k !== idKey).map(([k, v]) => matcher(k, v)).filter(f => f !== null)
  const rows = companies
    .filter(r => canRead(c.user, r))
    .map(r => ({ r, row: companyRow(r) }))
    .filter(({ row }) => rest.every(f => f(row)))
  const byRow = orderBy<Row>(orderRaw, ORDER_FIELDS)
  rows.sort((a, b) => byRow(a.row, b.row))
  const select = asList(param(p, 'select'))?.map(s => String(s).toUpperCase()) ?? null
  return listPage(rows, param(p, 'start'), ({ r }) => pick(r, select))
}

export const COMPANY_METHODS: Record<string, Handler> = {
  'crm.company.get': companyGet,
  'crm.company.list': companyList,
}
