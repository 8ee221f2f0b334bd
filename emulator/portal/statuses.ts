/**
 * CRM directories (`crm.status.list`): the COMPANY_TYPE and INDUSTRY values a
 * portal starts with, so an app can show a company's type or industry by
 * name. Read-only: the model has no crm.status.add/update/delete.
 *
 * Sources (README.md, "Companies"): the row shape and `total` from docs
 * `crm/status/crm-status-list.md`; the directories' ids from
 * `crm/status/crm-status-entity-types.md`; the default values, their SORT and
 * SYSTEM flags from Bitrix24's crm module (code: `CCrmStatus::GetDefaultCompanyTypes`,
 * and `install/index.php`, "Create default industry list", which marks only
 * INDUSTRY OTHER as SYSTEM). The English names of IT, TELECOM and
 * MANUFACTURING are the docs' (tutorial `how-to-use-crm-status-field.md`);
 * the others are the emulator's wording of the codes.
 */
import { crmError } from './errors.ts'
import { matcher } from './entities.ts'
import { listPage, obj, orderBy, param, type Handler } from './rest.ts'

type Row = Record<string, unknown>

interface StatusSpec { statusId: string, name: string, sort: number, system: boolean }

const COMPANY_TYPES: StatusSpec[] = [
  { statusId: 'CUSTOMER', name: 'Client', sort: 10, system: false },
  { statusId: 'SUPPLIER', name: 'Supplier', sort: 20, system: false },
  { statusId: 'COMPETITOR', name: 'Competitor', sort: 30, system: false },
  { statusId: 'PARTNER', name: 'Partner', sort: 40, system: false },
  { statusId: 'OTHER', name: 'Other', sort: 50, system: false },
]

const INDUSTRIES: StatusSpec[] = [
  { statusId: 'IT', name: 'Information Technologies', sort: 10, system: false },
  { statusId: 'TELECOM', name: 'Telecommunications', sort: 20, system: false },
  { statusId: 'MANUFACTURING', name: 'Manufacturing', sort: 30, system: false },
  { statusId: 'BANKING', name: 'Banking services', sort: 40, system: false },
  { statusId: 'CONSULTING', name: 'Consulting', sort: 50, system: false },
  { statusId: 'FINANCE', name: 'Finance', sort: 60, system: false },
  { statusId: 'GOVERNMENT', name: 'Government', sort: 70, system: false },
  { statusId: 'DELIVERY', name: 'Delivery', sort: 80, system: false },
  { statusId: 'ENTERTAINMENT', name: 'Entertainment', sort: 90, system: false },
  { statusId: 'NOTPROFIT', name: 'Non-profit', sort: 100, system: false },
  { statusId: 'OTHER', name: 'Other', sort: 110, system: true },
]

/**
 * The rows as crm.status.list answers them: every value a string, NAME_INIT
 * the original name of a SYSTEM item and '' for the others (the docs'
 * example: "New" SYSTEM "Y" has NAME_INIT "New", "Document preparation"
 * SYSTEM "N" has ""), CATEGORY_ID and SEMANTICS null outside pipelines.
 */
export const STATUS_ROWS: readonly Row[] = [
  ...COMPANY_TYPES.map(s => ({ entityId: 'COMPANY_TYPE', ...s })),
  ...INDUSTRIES.map(s => ({ entityId: 'INDUSTRY', ...s })),
].map((s, i) => ({
  ID: String(41 + i * 2),
  ENTITY_ID: s.entityId,
  STATUS_ID: s.statusId,
  NAME: s.name,
  NAME_INIT: s.system ? s.name : '',
  SORT: String(s.sort),
  SYSTEM: s.system ? 'Y' : 'N',
  CATEGORY_ID: null,
  COLOR: '#',
  SEMANTICS: null,
}))

/** The directory values of one ENTITY_ID (e.g. INDUSTRY), by SORT: what a host page shows for a code. */
export function statusName(entityId: string, statusId: string): string | undefined {
  return STATUS_ROWS.find(r => r.ENTITY_ID === entityId && r.STATUS_ID === statusId)?.NAME as string | undefined
}

const ORDER_FIELDS: Record<string, (r: Row) => string | number> = {
  ID: r => Number(r.ID), SORT: r => Number(r.SORT), ENTITY_ID: r => String(r.ENTITY_ID),
  STATUS_ID: r => String(r.STATUS_ID), NAME: r => String(r.NAME),
}

/**
 * why: crm.status.list docs: `filter` and `order` by its fields (ENTITY_ID,
 * STATUS_ID, SORT, …), any user; the answer has `total`. Paged like every list
 * method (50 a page, docs/bitrix24.md, List methods); the default directories
 * are far shorter. A `filter` or `order` that is not an object: the docs'
 * "Invalid parameters." (HTTP 400).
 */
const statusList: Handler = (_c, p) => {
  const filterRaw = param(p, 'filter'), orderRaw = param(p, 'order')
  for (const v of [filterRaw, orderRaw]) {
    if (v !== undefined && v !== '' && !obj(v)) throw crmError('Invalid parameters.')
  }
  const filters = Object.entries(obj(filterRaw) ?? {}).map(([k, v]) => matcher(k, v)).filter(f => f !== null)
  const rows = STATUS_ROWS.filter(r => filters.every(f => f(r))).sort(orderBy(orderRaw, ORDER_FIELDS))
  return listPage(rows, param(p, 'start'), r => ({ ...r }))
}

export const STATUS_METHODS: Record<string, Handler> = {
  'crm.status.list': statusList,
}
