/**
 * What every REST handler of the model shares: the state it works on, the
 * caller, the handler signature, and the small readers of params and rights.
 * methods.ts, pairs.ts and entities.ts build on it (and nothing here imports
 * them, so the three can import each other's tables without a cycle).
 */
import type { PlacementBindingInfo, PortalSettings, PortalUser, TimelineCommentInfo } from './api.ts'
import type { CrmRecord, CrmStore, MultiField } from './crm.ts'
import { crmError } from './errors.ts'
import { intval } from './php.ts'

/** The model keeps bindings and comments in the shapes its contract reads them out in (api.ts). */
export type PlacementBinding = PlacementBindingInfo
export type TimelineComment = TimelineCommentInfo

export interface PortalState {
  crm: CrmStore
  settings: PortalSettings
  appOptions: Map<string, unknown>
  userOptions: Map<number, Map<string, unknown>>
  placements: PlacementBinding[]
  /** placements bound or unbound since the start (placement.bind/unbind, direct binds): default bindings no longer count there */
  touchedPlacements: Set<string>
  comments: TimelineComment[]
  nextCommentId: number
}

export interface CallContext { user: PortalUser, state: PortalState, now: number }
export interface MethodOutput { result: unknown, total?: number, next?: number }
export type Params = Record<string, unknown>
export type Handler = (c: CallContext, p: Params) => MethodOutput

/** List methods answer 50 rows a page (docs/bitrix24.md, List methods). */
export const PAGE_SIZE = 50

// why: CRM REST proxies upper-case their top-level keys, so `id`/`ID` and
// `fields`/`FIELDS` both work; we look keys up case-insensitively.
export function param(p: Params, name: string): unknown {
  if (name in p) return p[name]
  const lower = name.toLowerCase()
  for (const k of Object.keys(p)) if (k.toLowerCase() === lower) return p[k]
  return undefined
}

/** An object param (a PHP array): an object as is, a list as an object keyed 0…n-1; anything else undefined. */
export function obj(v: unknown): Params | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Params : Array.isArray(v) ? { ...v } : undefined
}

export const isAdmin = (u: PortalUser): boolean => u.role === 'admin'
/** Simplification (README): admins and editors may edit every CRM record, read-only users none. */
export const canEditCrm = (u: PortalUser): boolean => u.role === 'admin' || u.role === 'editor'
/** Readability is per record: `hiddenFrom`. */
export const canRead = (u: PortalUser, r: CrmRecord): boolean => !r.hiddenFrom.has(u.id)

/** The `id` of crm.*.get: 400, empty code, "ID is not defined or invalid." (docs: crm.contact.get, crm.deal.get). */
export function entityId(p: Params): number {
  const id = intval(param(p, 'id'))
  if (id <= 0) throw crmError('ID is not defined or invalid.')
  return id
}

/** `2024-03-18T10:15:00+00:00`, the form of the docs' dates. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, '+00:00')
}

/** The fixed creation date of seeded records (DATE_CREATE, DATE_MODIFY). */
export const DATE_CREATE = '2024-03-18T10:15:00+00:00'

/** `order` of a list method as comparators: `{FIELD: 'ASC'|'DESC'}` over the known fields, ID ascending by default. */
export function orderBy<T>(raw: unknown, fields: Record<string, (r: T) => string | number>): (a: T, b: T) => number {
  const order = Object.entries(obj(raw) ?? { ID: 'ASC' })
    .filter(([k]) => k.toUpperCase() in fields)
    .map(([k, dir]) => ({ get: fields[k.toUpperCase()]!, desc: String(dir).toUpperCase() === 'DESC' }))
  if (!order.length && fields.ID) order.push({ get: fields.ID, desc: false })
  return (a, b) => {
    for (const o of order) {
      const x = o.get(a), y = o.get(b)
      if (x !== y) return (x < y ? -1 : 1) * (o.desc ? -1 : 1)
    }
    return 0
  }
}

/**
 * PHONE or EMAIL as crm.contact.* and crm.company.* answer them: `[{ID, VALUE_TYPE, VALUE, TYPE_ID}]`,
 * the ID a string (docs/bitrix24.md, Contact details; docs `crm/data-types.md`, crm_multifield).
 */
export function multiRows(r: { phones: MultiField[], emails: MultiField[] }, type: 'PHONE' | 'EMAIL'): Array<Record<string, string>> {
  return (type === 'PHONE' ? r.phones : r.emails)
    .map(m => ({ ID: String(m.id), VALUE_TYPE: m.valueType, VALUE: m.value, TYPE_ID: type }))
}

/**
 * A list method's page (docs/bitrix24.md, List methods): 50 rows from `start`,
 * with `total` and, when more follow, `next`; `start: -1` skips the count and
 * answers the first page without either.
 */
export function listPage<T>(rows: T[], startParam: unknown, map: (r: T) => unknown): MethodOutput {
  const startRaw = intval(startParam)
  if (startRaw === -1) return { result: rows.slice(0, PAGE_SIZE).map(map) }
  const start = Math.max(0, startRaw)
  const out: MethodOutput = { result: rows.slice(start, start + PAGE_SIZE).map(map), total: rows.length }
  if (start + PAGE_SIZE < rows.length) out.next = start + PAGE_SIZE
  return out
}
