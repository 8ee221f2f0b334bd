/**
 * The control API (`/_emulator/…`, emulator/README.md): one table of routes.
 * `ROUTES` gives each route its methods and path patterns, `ControlApi` what
 * it takes and answers, `HANDLERS` what it does, with the validators beside
 * them. The server dispatches through `handleControl()`; the host page's
 * script builds its requests from the same `ROUTES` and types
 * (host/client/api.ts), so a route's path and body are defined once.
 *
 * Plain TypeScript without Node or DOM imports: the host page's bundle takes
 * `ROUTES`, `routeRequest()` and the types, and leaves the handlers out.
 */
import type {
  AuthTokens, CompanySpec, ContactSpec, FaultSpec, FrameContext, HookSpec, LinkRef, LogEntry,
  PlacementBindingInfo, Portal, PortalSettings, PortalUser, Role, TimelineCommentInfo,
} from './portal/api.ts'
import { CRM_ENTITY_TYPES, type CardInfo, type CrmEntityType, type CrmItemInfo, type PairLinkRow } from './portal/api-crm.ts'
import { HttpError, isRecord } from './common.ts'
import { contactOf, type ContactView } from './host/pages.ts'

// ------------------------------------------------------------------ shapes ----

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/** Where the emulator runs (GET info). */
export interface EmulatorInfo {
  portalOrigin: string
  appOrigin: string
  appUrl: string
  domain: string
  protocol: '0'
}

export type UserView = PortalUser & { isAdmin: boolean, current: boolean }
export interface CompanyRow { id: number, title: string, contactCount: number }
export interface CompanyLink { CONTACT_ID: number, SORT: number, ROLE_ID: number, IS_PRIMARY: 'Y' | 'N' }
export interface Ok { ok: true }

/** PATCH settings: any of the settings; rateLimit in part. */
export type SettingsPatch = Partial<Omit<PortalSettings, 'rateLimit'>> & { rateLimit?: Partial<PortalSettings['rateLimit']> }
/** POST faults: a FaultSpec whose count (1) and kind ('error') may be left out. */
export type FaultInput = Omit<FaultSpec, 'count' | 'kind'> & Partial<Pick<FaultSpec, 'count' | 'kind'>>
/** POST hooks: a HookSpec as JSON (no `run`). */
export type HookInput = Omit<HookSpec, 'run'>
export interface LinkItem { CONTACT_ID: number, SORT?: number, IS_PRIMARY?: 'Y' | 'N' }
export interface FrameCall { command: string, params?: unknown, ctx?: Partial<FrameContext> }

/**
 * What each route takes (`body` as JSON, `query` in the URL) and answers.
 * Path parameters come from the route's pattern in ROUTES (`:id` a number,
 * `:type` a CRM entity type).
 */
export interface ControlApi {
  info: { answer: EmulatorInfo }
  state: { answer: { settings: PortalSettings, users: UserView[], companies: CompanyRow[] } }
  settings: { answer: PortalSettings }
  patchSettings: { body: SettingsPatch, answer: PortalSettings }
  users: { answer: UserView[] }
  setRole: { body: { role: Role }, answer: UserView[] }
  expireTokens: { answer: Ok }
  tokens: { answer: AuthTokens }
  addFaults: { body: FaultInput | { faults: FaultInput[] }, answer: Ok }
  clearFaults: { answer: Ok }
  addHooks: { body: HookInput | { hooks: HookInput[] }, answer: Ok }
  clearHooks: { answer: Ok }
  reset: { answer: Ok & { settings: PortalSettings, companies: CompanyRow[] } }
  companies: { answer: CompanyRow[] }
  addCompany: { body: CompanySpec, answer: { id: number, cardUrl: string } }
  addContact: { body: ContactSpec, answer: { id: number } }
  contact: { answer: ContactView }
  mainCompany: { answer: { companyId: number | null } }
  links: { answer: CompanyLink[] }
  setLinks: { body: { items: LinkItem[] }, answer: CompanyLink[] }
  placements: { answer: PlacementBindingInfo[] }
  comments: { query?: { entityType?: CrmEntityType, entityId?: number }, answer: TimelineCommentInfo[] }
  options: { query?: { userId?: number }, answer: { app: Record<string, unknown>, user: Record<string, unknown> } }
  log: { query?: { since?: number }, answer: LogEntry[] }
  logFrame: { body: { name: string, params?: unknown }, answer: Ok }
  clearLog: { answer: Ok }
  frame: { body: FrameCall, answer: { answer?: unknown } }
  crmItems: { query?: { limit?: number }, answer: CrmItemInfo[] }
  card: { answer: CardInfo }
  pairLinks: { answer: PairLinkRow[] }
  cardTab: { answer: { placement: string, handlers: PlacementBindingInfo[] } }
  bindPlacement: { body: BindInput, answer: PlacementBindingInfo[] }
  unbindPlacement: { body: UnbindInput, answer: { count: number, placements: PlacementBindingInfo[] } }
}

/** POST placements/bind: the app's handler (default: the app's URL) on a placement, as its placement.bind would leave it. */
export interface BindInput { placement: string, handler?: string, title?: string }
/** POST placements/unbind: one handler's binding of a placement, or all of them. */
export interface UnbindInput { placement: string, handler?: string }

export type RouteName = keyof ControlApi

/**
 * Each route's patterns, `METHOD[|METHOD…] path` under `/_emulator/`; the
 * first is the one the host page's script uses, the others are kept for
 * older callers. `:id` matches a number, `:type` a CRM entity type.
 */
export const ROUTES = {
  info: ['GET info'],
  state: ['GET state'],
  settings: ['GET settings'],
  patchSettings: ['PATCH|POST|PUT settings'],
  users: ['GET users'],
  setRole: ['PUT|POST|PATCH users/:id/role', 'PUT|POST|PATCH users/:id'],
  expireTokens: ['POST tokens/expire'],
  tokens: ['POST tokens'],
  addFaults: ['POST faults'],
  clearFaults: ['DELETE faults', 'DELETE|POST faults/clear'],
  addHooks: ['POST hooks'],
  clearHooks: ['DELETE hooks', 'DELETE|POST hooks/clear'],
  reset: ['POST reset'],
  companies: ['GET companies'],
  addCompany: ['POST companies'],
  addContact: ['POST contacts'],
  contact: ['GET contacts/:id'],
  mainCompany: ['GET contacts/:id/main-company'],
  links: ['GET companies/:id/links'],
  setLinks: ['PUT|POST companies/:id/links'],
  placements: ['GET placements'],
  comments: ['GET comments'],
  options: ['GET options'],
  log: ['GET log'],
  logFrame: ['POST log'],
  clearLog: ['DELETE log'],
  frame: ['POST frame'],
  // The cards of issue 12's other pairs (deal, lead, quote, contact): what a card page will read.
  crmItems: ['GET crm/:type'],
  card: ['GET crm/:type/:id'],
  pairLinks: ['GET crm/:type/:id/links'],
  // A card type's tab: which handlers its placement has (as the card loads them), and binding or
  // unbinding the app's handler without REST (no admin needed, not logged).
  cardTab: ['GET crm/:type/tab'],
  bindPlacement: ['POST placements/bind'],
  unbindPlacement: ['POST placements/unbind'],
} as const satisfies { readonly [K in RouteName]: readonly [string, ...string[]] }

/** What a path parameter matches, and its value. */
interface ParamValues { id: number, type: CrmEntityType }
const PARAM_PATTERNS: { readonly [P in keyof ParamValues]: string } = {
  id: '\\d+',
  type: CRM_ENTITY_TYPES.join('|'),
}

type PathOf<S> = S extends `${string} ${infer P}` ? P : never
type ParamNamesIn<P> = P extends `${string}:${infer N}/${infer Rest}` ? N | ParamNamesIn<Rest> : P extends `${string}:${infer N}` ? N : never
/** The path parameters of a route, typed: `{id: number}` for `users/:id/role`. */
export type RouteParams<K extends RouteName> = { [N in ParamNamesIn<PathOf<(typeof ROUTES)[K][0]>> & keyof ParamValues]: ParamValues[N] }

type BodyOf<K extends RouteName> = ControlApi[K] extends { body: infer B } ? B : undefined
type QueryOf<K extends RouteName> = ControlApi[K] extends { query?: infer Q } ? Q : undefined
export type AnswerOf<K extends RouteName> = ControlApi[K]['answer']

/** What a caller passes for a route: its path parameters, body and query, each only where the route has them. */
export type ControlRequest<K extends RouteName> =
  & (keyof RouteParams<K> extends never ? { params?: undefined } : { params: RouteParams<K> })
  & (BodyOf<K> extends undefined ? { body?: undefined } : { body: BodyOf<K> })
  & (QueryOf<K> extends undefined ? { query?: undefined } : { query?: QueryOf<K> })

// ----------------------------------------------------------------- matching ----

interface CompiledPattern { name: RouteName, methods: readonly string[], re: RegExp, params: Array<keyof ParamValues> }

let compiled: CompiledPattern[] | undefined

function patterns(): CompiledPattern[] {
  compiled ??= (Object.keys(ROUTES) as RouteName[]).flatMap(name => ROUTES[name].map((spec: string) => {
    const [methods = '', path = ''] = spec.split(' ')
    const params: Array<keyof ParamValues> = []
    const source = path.split('/').map(segment => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      const param = segment.slice(1) as keyof ParamValues
      params.push(param)
      return `(${PARAM_PATTERNS[param]})`
    }).join('/')
    return { name, methods: methods.split('|'), re: new RegExp(`^${source}$`), params }
  }))
  return compiled
}

export type RouteMatch =
  | { name: RouteName, params: Record<string, number | string> }
  | { allow: string[] }

/**
 * The route for `method` and `path` (under /_emulator/, no trailing slash);
 * `{allow}` when the path is a route's but not for this method; undefined
 * when no route has the path.
 */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const allow = new Set<string>()
  for (const p of patterns()) {
    const m = p.re.exec(path)
    if (!m) continue
    if (!p.methods.includes(method)) {
      for (const x of p.methods) allow.add(x)
      continue
    }
    const params: Record<string, number | string> = {}
    p.params.forEach((name, i) => { params[name] = name === 'id' ? Number(m[i + 1]) : m[i + 1]! })
    return { name: p.name, params }
  }
  return allow.size ? { allow: [...allow] } : undefined
}

/** The method and URL path (with the query) of a call to route `name`: what the host page's script fetches. */
export function routeRequest<K extends RouteName>(name: K, req: ControlRequest<K> = {} as ControlRequest<K>): { method: HttpMethod, path: string } {
  const [methods = '', pattern = ''] = ROUTES[name][0].split(' ')
  const params = (req.params ?? {}) as Record<string, string | number>
  let path = `/_emulator/${pattern.replace(/:([a-z]+)/g, (_, p: string) => encodeURIComponent(String(params[p])))}`
  const query = Object.entries((req.query ?? {}) as Record<string, unknown>).filter(([, v]) => v !== undefined)
  if (query.length) path += `?${new URLSearchParams(query.map(([k, v]) => [k, String(v)])).toString()}`
  return { method: methods.split('|')[0] as HttpMethod, path }
}

// ---------------------------------------------------------------- validators ----

const ROLES: readonly Role[] = ['admin', 'editor', 'readonly']

export function toInt(v: unknown, what: string): number {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new HttpError(400, `${what} must be an integer`)
  return n
}

function intList(v: unknown, what: string): number[] {
  if (!Array.isArray(v)) throw new HttpError(400, `${what} must be an array`)
  return v.map(x => toInt(x, `${what}[]`))
}

function required(v: unknown, what: string, trim = false): string {
  if (typeof v !== 'string' || (trim ? v.trim() : v) === '') throw new HttpError(400, `${what} is required`)
  return v
}

function ms(v: unknown, what: string): number {
  const n = toInt(v, what)
  if (n < 0 || n > 120_000) throw new HttpError(400, `${what} must be 0…120000`)
  return n
}

export function settingsPatch(body: Record<string, unknown>, current: PortalSettings, userIds: number[]): Partial<PortalSettings> {
  const patch: Partial<PortalSettings> = {}
  for (const [key, value] of Object.entries(body)) {
    switch (key) {
      case 'userId': patch.userId = toInt(value, 'userId'); break
      case 'lang':
        if (typeof value !== 'string' || !/^[a-z]{2}$/.test(value)) throw new HttpError(400, 'lang must be a two-letter code')
        patch.lang = value
        break
      case 'latencyMs':
      case 'networkMs':
        patch[key] = ms(value, key)
        break
      case 'installed':
      case 'usersMayInstall':
        if (typeof value !== 'boolean') throw new HttpError(400, `${key} must be a boolean`)
        patch[key] = value
        break
      case 'rateLimit': {
        if (!isRecord(value)) throw new HttpError(400, 'rateLimit must be an object')
        const rl = { ...current.rateLimit }
        if ('perSecond' in value) rl.perSecond = Number(value.perSecond)
        if ('burst' in value) rl.burst = Number(value.burst)
        if ('enabled' in value) rl.enabled = value.enabled === true
        if (!(rl.perSecond > 0) || !(rl.burst > 0)) throw new HttpError(400, 'rateLimit.perSecond and burst must be positive')
        patch.rateLimit = rl
        break
      }
      default: throw new HttpError(400, `Unknown setting: ${key}`)
    }
  }
  if (patch.userId !== undefined && !userIds.includes(patch.userId)) {
    throw new HttpError(400, `No user with id ${patch.userId}`)
  }
  return patch
}

export function faultSpec(body: Record<string, unknown>): FaultSpec {
  const method = required(body.method, 'method')
  const kind = body.kind ?? 'error'
  if (kind !== 'error' && kind !== 'drop') throw new HttpError(400, "kind must be 'error' or 'drop'")
  const f: FaultSpec = { method: method.toLowerCase(), count: body.count === undefined ? 1 : toInt(body.count, 'count'), kind }
  if (body.status !== undefined) f.status = toInt(body.status, 'status')
  if (body.error !== undefined) f.error = String(body.error)
  if (body.description !== undefined) f.description = String(body.description)
  if (body.skip !== undefined) f.skip = toInt(body.skip, 'skip')
  return f
}

const OWNER_KEYS = ['companyId', 'dealId', 'leadId', 'quoteId'] as const

/** A hook's link or unlink: the contact and its owner, a company, deal, lead or quote (the model's LinkRef). */
export function linkRef(raw: unknown, what: string): LinkRef {
  if (!isRecord(raw)) throw new HttpError(400, `${what} must be an object`)
  const ref: LinkRef = { contactId: toInt(raw.contactId, `${what}.contactId`) }
  for (const key of OWNER_KEYS) if (raw[key] !== undefined) ref[key] = toInt(raw[key], `${what}.${key}`)
  if (!OWNER_KEYS.some(key => ref[key] !== undefined)) throw new HttpError(400, `${what} needs companyId, dealId, leadId or quoteId`)
  return ref
}

export function hookSpec(body: Record<string, unknown>): HookSpec {
  const h: HookSpec = { method: required(body.method, 'method').toLowerCase() }
  if (body.count !== undefined) h.count = toInt(body.count, 'count')
  if (body.skip !== undefined) h.skip = toInt(body.skip, 'skip')
  if (body.link !== undefined) {
    h.link = linkRef(body.link, 'link')
    if (isRecord(body.link) && body.link.sort !== undefined) h.link.sort = toInt(body.link.sort, 'link.sort')
  }
  if (body.unlink !== undefined) h.unlink = linkRef(body.unlink, 'unlink')
  if (body.holdMs !== undefined) h.holdMs = ms(body.holdMs, 'holdMs')
  if (!h.link && !h.unlink && !h.holdMs) throw new HttpError(400, 'a hook needs link, unlink or holdMs')
  return h
}

export function companySpec(body: Record<string, unknown>): CompanySpec {
  const spec: CompanySpec = { title: required(body.title, 'title', true) }
  if (body.contacts !== undefined) spec.contacts = toInt(body.contacts, 'contacts')
  if (body.contactIds !== undefined) spec.contactIds = intList(body.contactIds, 'contactIds')
  if (body.hiddenFrom !== undefined) spec.hiddenFrom = intList(body.hiddenFrom, 'hiddenFrom')
  for (const key of ['companyType', 'industry'] as const) if (body[key] !== undefined) spec[key] = String(body[key])
  for (const key of ['phones', 'emails'] as const) if (body[key] !== undefined) spec[key] = stringList(body[key], key)
  return spec
}

function stringList(v: unknown, what: string): string[] {
  if (!Array.isArray(v)) throw new HttpError(400, `${what} must be an array`)
  return v.map(String)
}

export function contactSpec(body: Record<string, unknown>): ContactSpec {
  const spec: ContactSpec = { name: required(body.name, 'name', true) }
  for (const key of ['lastName', 'secondName', 'post'] as const) {
    if (body[key] !== undefined) spec[key] = String(body[key])
  }
  for (const key of ['phones', 'emails'] as const) if (body[key] !== undefined) spec[key] = stringList(body[key], key)
  if (body.hiddenFrom !== undefined) spec.hiddenFrom = intList(body.hiddenFrom, 'hiddenFrom')
  return spec
}

export function linkItems(body: Record<string, unknown>): LinkItem[] {
  if (!Array.isArray(body.items)) throw new HttpError(400, 'items must be an array')
  return body.items.map((it: unknown) => {
    const r = isRecord(it) ? it : { CONTACT_ID: it }
    const item: LinkItem = { CONTACT_ID: toInt(r.CONTACT_ID, 'CONTACT_ID') }
    if (r.SORT !== undefined) item.SORT = toInt(r.SORT, 'SORT')
    if (r.IS_PRIMARY === 'Y' || r.IS_PRIMARY === 'N') item.IS_PRIMARY = r.IS_PRIMARY
    return item
  })
}

export function frameContext(raw: unknown, domain: string): FrameContext {
  const ctx = isRecord(raw) ? raw : {}
  return {
    placement: typeof ctx.placement === 'string' && ctx.placement !== '' ? ctx.placement : 'DEFAULT',
    placementOptions: ctx.placementOptions,
    domain: typeof ctx.domain === 'string' && ctx.domain !== '' ? ctx.domain : domain,
    protocol: ctx.protocol === '1' ? '1' : '0',
  }
}

/** `{key: [...]}` or one item alone: the items, each an object. */
function itemsOf(body: Record<string, unknown>, key: string): Array<Record<string, unknown>> {
  const list: unknown[] = Array.isArray(body[key]) ? body[key] : [body]
  return list.map(x => (isRecord(x) ? x : {}))
}

function queryInt(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name)
  return v ? toInt(v, name) : undefined
}

// ------------------------------------------------------------------ handlers ----

/** What a handler works with: the model and where the emulator runs. */
export interface ControlContext {
  portal: Portal
  info: EmulatorInfo
  /** the card URL of a company (POST companies answers it) */
  cardUrl(companyId: number): string
  /** the title of the app's tab, for a binding made from the control API */
  tabTitle: string
}

export interface HandlerInput<K extends RouteName> {
  params: RouteParams<K>
  query: URLSearchParams
  /** the JSON (or form) body, read when a handler asks for it */
  body(): Promise<Record<string, unknown>>
}

type Handler<K extends RouteName> = (input: HandlerInput<K>, ctx: ControlContext) => AnswerOf<K> | Promise<AnswerOf<K>>

const OK: Ok = { ok: true }

function usersView(portal: Portal): UserView[] {
  const s = portal.settings()
  return portal.users().map(u => ({ ...u, isAdmin: u.role === 'admin', current: u.id === s.userId }))
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new HttpError(404, what)
  return value
}

export const HANDLERS: { readonly [K in RouteName]: Handler<K> } = {
  info: (_, { info }) => info,
  state: (_, { portal }) => ({ settings: portal.settings(), users: usersView(portal), companies: portal.companies() }),
  settings: (_, { portal }) => portal.settings(),
  patchSettings: async ({ body }, { portal }) =>
    portal.update(settingsPatch(await body(), portal.settings(), portal.users().map(u => u.id))),
  users: (_, { portal }) => usersView(portal),
  setRole: async ({ params, body }, { portal }) => {
    const role = (await body()).role
    if (!ROLES.includes(role as Role)) throw new HttpError(400, `role must be one of ${ROLES.join(', ')}`)
    if (!portal.users().some(u => u.id === params.id)) throw new HttpError(404, `No user with id ${params.id}`)
    portal.setUserRole(params.id, role as Role)
    return usersView(portal)
  },
  expireTokens: (_, { portal }) => { portal.expireTokens(); return OK },
  tokens: (_, { portal }) => portal.refreshAuth(),
  addFaults: async ({ body }, { portal }) => {
    for (const f of itemsOf(await body(), 'faults')) portal.addFault(faultSpec(f))
    return OK
  },
  clearFaults: (_, { portal }) => { portal.clearFaults(); return OK },
  addHooks: async ({ body }, { portal }) => {
    for (const h of itemsOf(await body(), 'hooks')) portal.addHook(hookSpec(h))
    return OK
  },
  clearHooks: (_, { portal }) => { portal.clearHooks(); return OK },
  reset: (_, { portal }) => { portal.reset(); return { ok: true, settings: portal.settings(), companies: portal.companies() } },
  companies: (_, { portal }) => portal.companies(),
  addCompany: async ({ body }, { portal, cardUrl }) => {
    const id = portal.addCompany(companySpec(await body()))
    return { id, cardUrl: cardUrl(id) }
  },
  addContact: async ({ body }, { portal }) => ({ id: portal.addContact(contactSpec(await body())) }),
  contact: ({ params }, { portal }) => found(contactOf(portal, params.id), `No contact with id ${params.id}`),
  mainCompany: ({ params }, { portal }) => ({ companyId: found(portal.mainCompanyOf(params.id), 'No such contact') }),
  links: ({ params }, { portal }) => portal.links(params.id),
  setLinks: async ({ params, body }, { portal }) => {
    portal.setLinks(params.id, linkItems(await body()))
    return portal.links(params.id)
  },
  placements: (_, { portal }) => portal.placements(),
  comments: ({ query }, { portal }) => {
    const type = query.get('entityType')?.toLowerCase()
    const id = queryInt(query, 'entityId')
    return portal.comments().filter(c => (!type || c.entityType === type) && (id === undefined || c.entityId === id))
  },
  options: ({ query }, { portal }) => ({ app: portal.appOptions(), user: portal.userOptions(queryInt(query, 'userId')) }),
  log: ({ query }, { portal }) => portal.log(queryInt(query, 'since')),
  logFrame: async ({ body }, { portal }) => {
    const b = await body()
    portal.logFrame(required(b.name, 'name'), b.params)
    return OK
  },
  clearLog: (_, { portal }) => { portal.clearLog(); return OK },
  frame: async ({ body }, { portal, info }) => {
    const b = await body()
    const answer = portal.frame(required(b.command, 'command'), b.params, frameContext(b.ctx, info.domain))
    return answer === undefined ? {} : { answer }
  },
  crmItems: ({ params, query }, { portal }) => {
    const items = portal.crmItems(params.type)
    const limit = queryInt(query, 'limit')
    return limit === undefined ? items : items.slice(0, Math.max(0, limit))
  },
  card: ({ params }, { portal }) => found(portal.card(params.type, params.id), `No ${params.type} with id ${params.id}`),
  pairLinks: ({ params }, { portal }) => portal.pairLinks(params.type, params.id),
  cardTab: ({ params }, { portal }) => {
    const placement = portal.pairs().find(p => p.ownerType === params.type)!.placement
    return { placement, handlers: portal.placementHandlers(placement) }
  },
  bindPlacement: async ({ body }, { portal, info, tabTitle }) => {
    const b = await body()
    const placement = required(b.placement, 'placement', true).toUpperCase()
    const handler = b.handler === undefined ? info.appUrl : required(b.handler, 'handler', true)
    portal.bindPlacement({ placement, handler, title: b.title === undefined ? tabTitle : String(b.title) })
    return portal.placements()
  },
  unbindPlacement: async ({ body }, { portal }) => {
    const b = await body()
    const placement = required(b.placement, 'placement', true)
    const count = portal.unbindPlacement(placement, b.handler === undefined ? undefined : String(b.handler))
    return { count, placements: portal.placements() }
  },
}

/**
 * Run the control route for `method` and `path` (under /_emulator/, no
 * trailing slash) and return its answer. Unknown paths are a 404, a known
 * path with another method a 405 (with Allow), bad input a 400: HttpErrors.
 */
export async function handleControl(
  ctx: ControlContext,
  method: string,
  path: string,
  query: URLSearchParams,
  body: () => Promise<Record<string, unknown>>,
): Promise<unknown> {
  const match = matchRoute(method, path)
  if (!match) throw new HttpError(404, `No control route ${method} /_emulator/${path}`)
  if ('allow' in match) {
    throw new HttpError(405, `/_emulator/${path} takes ${match.allow.join(', ')}, not ${method}`, { Allow: match.allow.join(', ') })
  }
  const handler = HANDLERS[match.name] as Handler<RouteName>
  return handler({ params: match.params as never, query, body }, ctx)
}
