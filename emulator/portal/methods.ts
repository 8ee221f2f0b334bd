/**
 * The REST methods the model answers. Each handler gets the caller and the
 * params (JSON from a direct call, all-strings from a batch sub-command) and
 * returns `{result, total?, next?}` or throws a RestError.
 */
import type { Contact, CrmStore } from './crm.ts'
import { COMPANY_METHODS } from './companies.ts'
import { COMMENT_ENTITY_TYPES, ENTITY_METHODS, recordOf } from './entities.ts'
import { accessDenied, argumentNull, crmError, RestError } from './errors.ts'
import { PAIR_METHODS } from './pairs.ts'
import { asList, intval, phpJson } from './php.ts'
import { STATUS_METHODS } from './statuses.ts'
import {
  canEditCrm, canRead, DATE_CREATE, entityId, isAdmin, isoTime, multiRows, obj, orderBy, PAGE_SIZE, param,
  type CallContext, type Handler, type MethodOutput, type Params, type TimelineComment,
} from './rest.ts'

export type {
  CallContext, Handler, MethodOutput, Params, PlacementBinding, PortalState, TimelineComment,
} from './rest.ts'
export { PAGE_SIZE, param } from './rest.ts'

export const MEMBER_ID = 'f3e1b2c4d5a6978812ab34cd56ef7890'

const canReadContact = (u: CallContext['user'], c: Contact): boolean => canRead(u, c)

function requireEdit(c: CallContext): void {
  if (!canEditCrm(c.user)) throw accessDenied()
}

/** A comment's record the user may not read: 403 ACCESS_DENIED, as for a company (any CRM type). */
function requireReadRecord(c: CallContext, entityType: string, id: number): void {
  const r = recordOf(c, entityType, id)
  if (r && !canRead(c.user, r)) throw accessDenied()
}

// The link methods (crm.company.contact.*, crm.deal.contact.*, …) are table-driven: pairs.ts.

// ---------------------------------------------------------------- contacts (docs/bitrix24.md, Contact details)

/** A contact row as crm.contact.* answers it: ids and numbers as strings (REST v2). */
function contactRow(crm: CrmStore, c: Contact): Record<string, unknown> {
  const main = crm.mainCompanyOf(c.id)
  return {
    ID: String(c.id),
    HONORIFIC: null,
    NAME: c.name,
    SECOND_NAME: c.secondName,
    LAST_NAME: c.lastName,
    PHOTO: null,
    POST: c.post,
    TYPE_ID: 'CLIENT',
    SOURCE_ID: 'SELF',
    // why: the contact-company docs: the company of the primary link is the contact's COMPANY_ID.
    COMPANY_ID: main === null ? null : String(main),
    HAS_PHONE: c.phones.length ? 'Y' : 'N',
    HAS_EMAIL: c.emails.length ? 'Y' : 'N',
    OPENED: 'Y',
    EXPORT: 'Y',
    ASSIGNED_BY_ID: '1',
    CREATED_BY_ID: '1',
    DATE_CREATE,
    DATE_MODIFY: DATE_CREATE,
  }
}

function pick(crm: CrmStore, c: Contact, select: string[] | null): Record<string, unknown> {
  const full = contactRow(crm, c)
  const wantAll = !select || select.length === 0 || select.includes('*')
  const row: Record<string, unknown> = {}
  if (wantAll) Object.assign(row, full)
  else {
    row.ID = full.ID // ID always comes back
    for (const f of select) if (f in full) row[f] = full[f]
  }
  // why: docs/bitrix24.md, Contact details: PHONE and EMAIL only when named in select.
  for (const f of ['PHONE', 'EMAIL'] as const) {
    if (select?.includes(f)) {
      const values = multiRows(c, f)
      if (values.length) row[f] = values
    }
  }
  return row
}

function idsFrom(v: unknown): number[] {
  const list = asList(v) ?? (typeof v === 'string' && v.includes(',') ? v.split(',') : [v])
  return list.map(intval).filter(n => n > 0)
}

const orderFields = (crm: CrmStore): Record<string, (c: Contact) => string | number> => ({
  ID: c => c.id, NAME: c => c.name, LAST_NAME: c => c.lastName, SECOND_NAME: c => c.secondName,
  POST: c => c.post, COMPANY_ID: c => crm.mainCompanyOf(c.id) ?? 0,
})

const contactList: Handler = (c, p) => {
  const filter = obj(param(p, 'filter')) ?? {}
  const select = asList(param(p, 'select'))?.map(s => String(s).toUpperCase()) ?? null
  const startRaw = intval(param(p, 'start'))
  const crm = c.state.crm

  let rows: Contact[]
  const idKey = ['@ID', '=ID', 'ID'].find(k => k in filter)
  if (idKey) {
    // Cheap for big portals: only the asked ids are looked at (Map lookups).
    const seen = new Set<number>()
    rows = []
    for (const id of idsFrom(filter[idKey])) {
      const contact = crm.contacts.get(id)
      if (contact && !seen.has(id)) { seen.add(id); rows.push(contact) }
    }
  } else {
    rows = [...crm.contacts.values()]
  }
  if ('COMPANY_ID' in filter) {
    const companyIds = new Set(idsFrom(filter.COMPANY_ID))
    rows = rows.filter((r) => {
      const main = crm.mainCompanyOf(r.id)
      return main !== null && companyIds.has(main)
    })
  }
  // why: docs/bitrix24.md, Contact details: contacts the user may not read are simply absent.
  rows = rows.filter(r => canReadContact(c.user, r))

  rows.sort(orderBy(param(p, 'order'), orderFields(crm)))

  // why: docs/bitrix24.md, List methods: 50 a page, `start` offset, `next` and `total`; start -1 skips the count.
  if (startRaw === -1) return { result: rows.slice(0, PAGE_SIZE).map(r => pick(crm, r, select)) }
  const start = Math.max(0, startRaw)
  const page = rows.slice(start, start + PAGE_SIZE).map(r => pick(crm, r, select))
  const out: MethodOutput = { result: page, total: rows.length }
  if (start + PAGE_SIZE < rows.length) out.next = start + PAGE_SIZE
  return out
}

const contactGet: Handler = (c, p) => {
  const contact = c.state.crm.contacts.get(entityId(p))
  // why: docs/bitrix24.md, Contact details: a contact the user may not read is absent, like one that does not exist.
  if (!contact || !canReadContact(c.user, contact)) throw crmError('Not found')
  const row = contactRow(c.state.crm, contact)
  const phones = multiRows(contact, 'PHONE'), emails = multiRows(contact, 'EMAIL')
  if (phones.length) row.PHONE = phones
  if (emails.length) row.EMAIL = emails
  return { result: row }
}

const timelineCommentAdd: Handler = (c, p) => {
  const fields = obj(param(p, 'fields'))
  if (!fields) throw argumentNull('fields')
  const entityType = String(param(fields, 'ENTITY_TYPE') ?? '').toLowerCase()
  const id = intval(param(fields, 'ENTITY_ID'))
  const comment = String(param(fields, 'COMMENT') ?? '')
  // why: crm.timeline.comment.add docs: ENTITY_TYPE is a CRM object type (`lead`, `deal`, `contact`, `company`, …).
  if (!(COMMENT_ENTITY_TYPES as readonly string[]).includes(entityType)) throw argumentNull('ENTITY_TYPE')
  if (id <= 0) throw argumentNull('ENTITY_ID')
  if (comment.trim() === '') throw argumentNull('COMMENT')
  if (!recordOf(c, entityType, id)) throw crmError('Not found')
  // why: docs/bitrix24.md, Timeline (code): adding a comment needs edit permission.
  requireEdit(c)
  const entry = { id: c.state.nextCommentId++, entityType, entityId: id, comment, authorId: c.user.id, created: isoTime(c.now) }
  c.state.comments.push(entry)
  return { result: entry.id }
}

function commentRow(e: TimelineComment): Record<string, unknown> {
  return {
    ID: String(e.id), ENTITY_ID: String(e.entityId), ENTITY_TYPE: e.entityType, CREATED: e.created,
    COMMENT: e.comment, AUTHOR_ID: String(e.authorId), FILES: [],
  }
}

const COMMENT_ORDER: Record<string, (e: TimelineComment) => string | number> = { ID: e => e.id, CREATED: e => e.created, AUTHOR_ID: e => e.authorId }

/**
 * why: crm.timeline.comment.list docs: filter ENTITY_ID and ENTITY_TYPE are
 * mandatory, order by ID, CREATED or AUTHOR_ID, 50 a page with `start`, ids as
 * strings, `total`; read access to the entity.
 */
const timelineCommentList: Handler = (c, p) => {
  const filter = obj(param(p, 'filter')) ?? {}
  const entityType = String(param(filter, 'ENTITY_TYPE') ?? '').toLowerCase()
  const id = intval(param(filter, 'ENTITY_ID'))
  if (!entityType) throw argumentNull('ENTITY_TYPE')
  if (id <= 0) throw argumentNull('ENTITY_ID')
  requireReadRecord(c, entityType, id)
  let rows = c.state.comments.filter(e => e.entityType === entityType && e.entityId === id)
  const order = Object.entries(obj(param(p, 'order')) ?? { ID: 'ASC' })
    .filter(([k]) => k.toUpperCase() in COMMENT_ORDER)
    .map(([k, dir]) => ({ get: COMMENT_ORDER[k.toUpperCase()]!, desc: String(dir).toUpperCase() === 'DESC' }))
  if (!order.length) order.push({ get: COMMENT_ORDER.ID!, desc: false })
  rows = [...rows].sort((a, b) => {
    for (const o of order) {
      const x = o.get(a), y = o.get(b)
      if (x !== y) return (x < y ? -1 : 1) * (o.desc ? -1 : 1)
    }
    return 0
  })
  const select = asList(param(p, 'select'))?.map(s => String(s).toUpperCase()) ?? []
  const start = Math.max(0, intval(param(p, 'start')))
  const page = rows.slice(start, start + PAGE_SIZE).map((e) => {
    const full = commentRow(e)
    if (!select.length) return full
    return Object.fromEntries(Object.entries(full).filter(([k]) => k === 'ID' || select.includes(k)))
  })
  const out: MethodOutput = { result: page, total: rows.length }
  if (start + PAGE_SIZE < rows.length) out.next = start + PAGE_SIZE
  return out
}

/** why: crm.timeline.comment.delete docs: `id`; 400 NOT_FOUND "Not found."; result null. Deleting needs edit permission (as adding does). */
const timelineCommentDelete: Handler = (c, p) => {
  const id = intval(param(p, 'id'))
  const entry = c.state.comments.find(e => e.id === id)
  if (!entry) throw new RestError(400, 'NOT_FOUND', 'Not found.')
  requireEdit(c)
  requireReadRecord(c, entry.entityType, entry.entityId)
  c.state.comments = c.state.comments.filter(e => e !== entry)
  return { result: null }
}

// ---------------------------------------------------------------- options, users, app (docs/bitrix24.md, Options; Placements and install)

function optionsGet(store: Map<string, unknown>, p: Params): MethodOutput {
  const option = param(p, 'option')
  // why: app.option.get / user.option.get docs: a missing key is null; no settings at all is `[]`.
  if (option !== undefined && option !== '') return { result: store.has(String(option)) ? store.get(String(option)) : null }
  return { result: phpJson([...store.entries()]) }
}

function optionsSet(store: Map<string, unknown>, p: Params): MethodOutput {
  // why: the docs: without `options` the request params themselves are the settings.
  const { auth: _auth, ...rest } = p
  const options = obj(param(p, 'options')) ?? ('options' in p ? {} : rest)
  const entries = Object.entries(options)
  if (!entries.length) throw argumentNull('options')
  for (const [k, v] of entries) store.set(k, v)
  return { result: true }
}

function userOptions(c: CallContext): Map<string, unknown> {
  let m = c.state.userOptions.get(c.user.id)
  if (!m) c.state.userOptions.set(c.user.id, m = new Map())
  return m
}

const appOptionSet: Handler = (c, p) => {
  // why: docs/bitrix24.md, Options, and the app.option.set docs: admin only, 403 ACCESS_DENIED
  // "Access denied! Administrator authorization required".
  if (!isAdmin(c.user)) throw accessDenied('Access denied! Administrator authorization required')
  return optionsSet(c.state.appOptions, p)
}

const userAccess: Handler = (c, p) => {
  if (isAdmin(c.user)) return { result: true } // docs/bitrix24.md, Placements and install: always true for admins
  const raw = param(p, 'ACCESS')
  const codes = (asList(raw) ?? (raw === undefined ? [] : [raw])).map(String)
  // Simplification: every user is U<id>, authorised (AU), a visitor (G2) and in department 1.
  const mine = new Set([`U${c.user.id}`, 'AU', 'G2', 'D1', 'DR1'])
  return { result: codes.some(code => mine.has(code)) }
}

const userCurrent: Handler = c => ({
  result: {
    ID: String(c.user.id),
    XML_ID: '',
    ACTIVE: true,
    NAME: c.user.name,
    LAST_NAME: c.user.lastName,
    SECOND_NAME: '',
    EMAIL: `${c.user.name}.${c.user.lastName}@portal.example`.toLowerCase(),
    PERSONAL_GENDER: '',
    PERSONAL_PHOTO: '',
    TIME_ZONE: '',
    IS_ONLINE: 'Y',
    UF_DEPARTMENT: [1],
  },
})

const profile: Handler = c => ({
  result: {
    ID: String(c.user.id),
    ADMIN: isAdmin(c.user),
    NAME: c.user.name,
    LAST_NAME: c.user.lastName,
    PERSONAL_GENDER: '',
    TIME_ZONE: '',
  },
})

const appInfo: Handler = c => ({
  result: {
    ID: 7,
    CODE: 'local.company_contacts',
    VERSION: 1,
    STATUS: 'L',
    INSTALLED: c.state.settings.installed,
    PAYMENT_EXPIRED: 'N',
    DAYS: null,
    LANGUAGE_ID: c.state.settings.lang,
    LICENSE: `${c.state.settings.lang}_ent250`,
    LICENSE_TYPE: 'ent250',
    LICENSE_FAMILY: 'ent',
  },
})

// ---------------------------------------------------------------- placements (docs/bitrix24.md, Placements and install)

/** Placements this portal offers for the app's scopes (crm, placement). */
export const PLACEMENTS = [
  // why: widgets/crm/detail-tab docs: the detail tabs of leads, deals, contacts, companies, quotes (estimates)
  'CRM_COMPANY_DETAIL_TAB', 'CRM_CONTACT_DETAIL_TAB', 'CRM_DEAL_DETAIL_TAB', 'CRM_LEAD_DETAIL_TAB', 'CRM_QUOTE_DETAIL_TAB',
  'CRM_COMPANY_DETAIL_TOOLBAR', 'CRM_COMPANY_LIST_MENU', 'CRM_CONTACT_LIST_MENU', 'CRM_COMPANY_DETAIL_ACTIVITY',
  'LEFT_MENU', 'REST_APP_URI', 'PAGE_BACKGROUND_WORKER',
]

function requireAdmin(c: CallContext): void {
  // why: Bitrix\Rest\Api\Placement: AccessException() → 403 ACCESS_DENIED "Access denied!".
  if (!isAdmin(c.user)) throw accessDenied()
}

const placementBind: Handler = (c, p) => {
  requireAdmin(c)
  const placement = String(param(p, 'PLACEMENT') ?? '').toUpperCase()
  const handler = String(param(p, 'HANDLER') ?? '')
  if (!placement) throw argumentNull('PLACEMENT')
  if (placement === 'DEFAULT') throw new RestError(400, 'ERROR_ARGUMENT', 'Wrong value', { argument: 'PLACEMENT' })
  if (!handler) throw argumentNull('HANDLER')
  if (!PLACEMENTS.includes(placement)) throw new RestError(400, 'ERROR_PLACEMENT_NOT_FOUND', 'Placement not found')
  const userId = intval(param(p, 'USER_ID'))
  if (userId > 0 && placement !== 'PAGE_BACKGROUND_WORKER') {
    throw new RestError(400, 'ERROR_PLACEMENT_USER_MODE', 'User mode is not available')
  }
  const bound = c.state.placements.filter(b => b.placement === placement)
  if (placement === 'PAGE_BACKGROUND_WORKER' && bound.length) {
    throw new RestError(400, 'ERROR_PLACEMENT_MAX_COUNT', 'Placement max count exceeded')
  }
  // why: PlacementTable::checkUniq → "Handler already binded", thrown as ERROR_CORE
  // (a reinstall on a portal that still has the binding meets this).
  if (bound.some(b => b.handler === handler)) {
    throw new RestError(400, 'ERROR_CORE', 'Unable to set placement handler: Handler already binded')
  }
  c.state.touchedPlacements.add(placement)
  c.state.placements.push({
    placement,
    handler,
    title: String(param(p, 'TITLE') ?? ''),
    description: String(param(p, 'DESCRIPTION') ?? ''),
    langAll: obj(param(p, 'LANG_ALL')) ?? {},
    options: obj(param(p, 'OPTIONS')) ?? {},
  })
  return { result: true }
}

const placementUnbind: Handler = (c, p) => {
  requireAdmin(c)
  const placement = String(param(p, 'PLACEMENT') ?? '').toUpperCase()
  const handler = String(param(p, 'HANDLER') ?? '')
  if (!placement) throw argumentNull('PLACEMENT')
  c.state.touchedPlacements.add(placement)
  const before = c.state.placements.length
  c.state.placements = c.state.placements.filter(b => !(b.placement === placement && (!handler || b.handler === handler)))
  return { result: { count: before - c.state.placements.length } }
}

const placementGet: Handler = c => {
  requireAdmin(c)
  return {
    result: c.state.placements.map(b => ({
      placement: b.placement,
      userId: 0,
      handler: b.handler,
      options: phpJson(Object.entries(b.options)),
      title: b.title,
      description: b.description,
      langAll: phpJson(Object.entries(b.langAll)),
    })),
  }
}

export const METHODS: Record<string, Handler> = {
  ...PAIR_METHODS,
  ...ENTITY_METHODS,
  'crm.contact.list': contactList,
  'crm.contact.get': contactGet,
  ...COMPANY_METHODS,
  ...STATUS_METHODS,
  'crm.timeline.comment.add': timelineCommentAdd,
  'crm.timeline.comment.list': timelineCommentList,
  'crm.timeline.comment.delete': timelineCommentDelete,
  'app.option.get': (c, p) => optionsGet(c.state.appOptions, p),
  'app.option.set': appOptionSet,
  'user.option.get': (c, p) => optionsGet(userOptions(c), p),
  'user.option.set': (c, p) => optionsSet(userOptions(c), p),
  'user.admin': c => ({ result: isAdmin(c.user) }),
  'user.access': userAccess,
  'user.current': userCurrent,
  'profile': profile,
  'app.info': appInfo,
  'placement.bind': placementBind,
  'placement.unbind': placementUnbind,
  'placement.get': placementGet,
  'placement.list': () => ({ result: PLACEMENTS }),
}
