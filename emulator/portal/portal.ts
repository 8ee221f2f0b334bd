/**
 * createPortal(): the portal model behind the emulator server, the host page
 * and the app's unit-test fake. See README.md for what it emulates and why.
 */
import type {
  AuthTokens, CompanySpec, ContactSpec, FaultSpec, FrameContext, HookSpec, LinkRef, LogEntry, PlacementBindingInfo, Portal,
  PortalSettings, PortalUser, RestResponse, Role,
} from './api.ts'
import { randomHex } from '../common.ts'
import { runBatch, type SubOutcome } from './batch.ts'
import { bindingOf, crmCardsApi } from './cards.ts'
import { CrmStore, type MainMode } from './crm.ts'
import {
  batchNotAllowed, expiredToken, methodNotFound, noAuth, queryLimit, RestError,
} from './errors.ts'
import {
  MEMBER_ID, METHODS, type CallContext, type MethodOutput, type Params, type PortalState,
} from './methods.ts'
import { linkAs, pairOfOwner, unlinkAs } from './pairs.ts'
import { generatedContact, seedCrm, SEED_USERS } from './seed.ts'

export interface CreatePortalOptions {
  /** Clock in ms (default Date.now). Token expiry, the rate limit and `time` use it. */
  now?: () => number
  /** false: no companies or contacts (users still exist). Default true. */
  seed?: boolean
}

/** docs/bitrix24.md, Frame protocol: AUTH_EXPIRES is in seconds; Bitrix24 tokens live one hour. */
export const AUTH_EXPIRES = 3600

interface Token { userId: number, expiresAt: number }
interface Fault extends FaultSpec { remaining: number, toSkip: number }
interface Hook extends HookSpec { remaining: number, toSkip: number }

const defaults = (): PortalSettings => ({
  userId: 1,
  lang: 'en',
  latencyMs: 0,
  networkMs: 0,
  installed: true,
  usersMayInstall: false,
  // why: docs/bitrix24.md, Limits: leaky bucket, 2 requests/s with a burst of 50.
  rateLimit: { perSecond: 2, burst: 50, enabled: true },
})

/** `2024-08-19T13:58:36+00:00`, the form Bitrix24 uses in `time`. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, '+00:00')
}

function clone<T>(v: T): T {
  return v === undefined ? v : structuredClone(v)
}

function entriesToObject(m: Map<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(m)
}

export function createPortal(opts: CreatePortalOptions = {}): Portal {
  const now = opts.now ?? (() => Date.now())
  const withSeed = opts.seed ?? true

  let users: PortalUser[] = []
  let state: PortalState
  /** users who have opened the app at least once (FIRST_RUN is true before that) */
  let opened = new Set<number>()
  const tokens = new Map<string, Token>()
  let faults: Fault[] = []
  let hooks: Hook[] = []
  let log: LogEntry[] = []
  let seq = 0
  let bucket = { level: 0, at: now() }
  /** the installed app's bindings until it binds or unbinds a placement itself (setDefaultBindings) */
  let defaultBindings: PlacementBindingInfo[] = []

  function fresh(): void {
    users = SEED_USERS.map(u => ({ ...u }))
    const crm = new CrmStore()
    if (withSeed) seedCrm(crm)
    state = {
      crm,
      settings: defaults(),
      appOptions: new Map(),
      userOptions: new Map(),
      placements: [],
      touchedPlacements: new Set(),
      comments: [],
      nextCommentId: 1,
    }
    opened = new Set()
    faults = []
    hooks = []
    bucket = { level: 0, at: now() }
  }
  fresh()

  const currentUser = (): PortalUser => {
    const u = users.find(x => x.id === state.settings.userId)
    if (!u) throw new Error(`no user ${state.settings.userId}`)
    return u
  }

  function issue(): AuthTokens {
    const t: AuthTokens = { AUTH_ID: randomHex(16), REFRESH_ID: randomHex(16), AUTH_EXPIRES }
    // Tokens belong to the user who was current when they were issued.
    tokens.set(t.AUTH_ID, { userId: currentUser().id, expiresAt: now() + AUTH_EXPIRES * 1000 })
    return t
  }

  function time(): Record<string, unknown> {
    const ms = now()
    const start = ms / 1000
    return {
      start,
      finish: start,
      duration: 0,
      processing: 0,
      date_start: isoSeconds(ms),
      date_finish: isoSeconds(ms),
      operating: 0,
      operating_reset_at: Math.floor(start) + 600,
    }
  }

  function push(e: Omit<LogEntry, 'seq' | 'at'>): void {
    log.push({ seq: ++seq, at: now(), ...e })
  }

  /** Leaky bucket (docs/bitrix24.md, Limits): each request adds 1, the bucket drains perSecond/s. */
  function admit(): boolean {
    const { perSecond, burst, enabled } = state.settings.rateLimit
    const t = now()
    bucket.level = Math.max(0, bucket.level - ((t - bucket.at) / 1000) * perSecond)
    bucket.at = t
    if (!enabled) return true
    if (bucket.level + 1 > burst) return false
    bucket.level += 1
    return true
  }

  function takeFault(method: string): Fault | undefined {
    const f = faults.find(x => x.method === method && x.remaining > 0)
    // A fault with `skip` lets that many calls of its method through first.
    if (f && f.toSkip > 0) {
      f.toSkip -= 1
      return undefined
    }
    if (f) f.remaining -= 1
    faults = faults.filter(x => x.remaining > 0)
    return f
  }

  const faultError = (f: Fault): RestError =>
    new RestError(f.status ?? 500, f.error ?? 'INTERNAL_SERVER_ERROR', f.description ?? 'Internal server error')

  function success(out: MethodOutput): Record<string, unknown> {
    const body: Record<string, unknown> = { result: out.result }
    if (out.next !== undefined) body.next = out.next
    if (out.total !== undefined) body.total = out.total
    body.time = time()
    return body
  }

  function authenticate(auth: unknown): PortalUser {
    if (typeof auth !== 'string' || auth === '') throw noAuth()
    const t = tokens.get(auth)
    if (!t) throw noAuth()
    // why: docs/bitrix24.md, Errors (the table): 401 expired_token; the SDK refreshes and retries once.
    if (now() >= t.expiresAt) throw expiredToken()
    const u = users.find(x => x.id === t.userId)
    if (!u) throw noAuth()
    return u
  }

  /** The methods one request asks for: its own, or each sub-command's of a batch. */
  function requestedMethods(name: string, params: Record<string, unknown>): Set<string> {
    const names = new Set([name])
    const cmd = name === 'batch' ? params?.cmd : undefined
    const rows = Array.isArray(cmd) ? cmd : cmd !== null && typeof cmd === 'object' ? Object.values(cmd) : []
    for (const row of rows) if (typeof row === 'string') names.add(row.split('?')[0]!.trim().toLowerCase())
    return names
  }

  /** Run the hooks a request triggers, before it runs; answers how long to hold its answer. */
  function runHooks(methods: Set<string>): number {
    let hold = 0
    for (const h of hooks) {
      if (h.remaining <= 0 || !methods.has(h.method)) continue
      if (h.toSkip > 0) {
        h.toSkip -= 1
        continue
      }
      h.remaining -= 1
      // A colleague's link or unlink, through the owner's pair (hookTarget: the owner named in the hook).
      const link = h.link && hookTarget(h.link)
      if (link) linkAs(state.crm, link.pair, link.ownerId, link.contactId, h.link!.sort)
      const unlink = h.unlink && hookTarget(h.unlink)
      if (unlink) unlinkAs(state.crm, unlink.pair, unlink.ownerId, unlink.contactId)
      h.run?.()
      hold = Math.max(hold, h.holdMs ?? 0)
    }
    hooks = hooks.filter(h => h.remaining > 0)
    return hold
  }

  /** The pair and owner a hook's link names: dealId, leadId or quoteId when given, else companyId; both records must exist. */
  function hookTarget(ref: LinkRef) {
    const [type, ownerId] = ref.dealId !== undefined ? ['deal', ref.dealId] as const
      : ref.leadId !== undefined ? ['lead', ref.leadId] as const
        : ref.quoteId !== undefined ? ['quote', ref.quoteId] as const
          : ['company', ref.companyId] as const
    const pair = pairOfOwner(type)
    if (!pair || ownerId === undefined || !state.crm.records(type).has(ownerId) || !state.crm.contacts.has(ref.contactId)) return undefined
    return { pair, ownerId, contactId: ref.contactId }
  }

  function rest(method: string, params: Record<string, unknown>): RestResponse {
    const name = String(method).trim().toLowerCase() // Bitrix24 method names are case-insensitive
    const holdMs = hooks.length ? runHooks(requestedMethods(name, params)) : 0
    if (holdMs > 0) return { ...restNow(name, params), holdMs }
    return restNow(name, params)
  }

  function restNow(name: string, params: Record<string, unknown>): RestResponse {
    const { auth, ...logged } = params ?? {}
    const entry: Omit<LogEntry, 'seq' | 'at'> = { kind: 'rest', name, params: clone(logged) }
    const answer = (res: RestResponse): RestResponse => {
      entry.status = res.status
      const body = res.body as { error?: unknown }
      if (res.status !== 200 && typeof body?.error === 'string') entry.error = body.error
      push(entry)
      return res
    }
    const fail = (e: RestError): RestResponse => answer({ status: e.status, body: e.body() })

    // why: docs/bitrix24.md, Limits: over the leaky bucket → 503 QUERY_LIMIT_EXCEEDED; a batch counts as one request.
    if (!admit()) return fail(queryLimit())
    let user: PortalUser
    try {
      user = authenticate(auth)
    } catch (e) {
      return fail(e as RestError)
    }
    // Faults apply after auth: an 'error' fault answers instead of the method,
    // a 'drop' fault lets it run and then tells the server to cut the socket.
    const fault = takeFault(name)
    if (fault?.kind === 'error') return fail(faultError(fault))
    const ctx: CallContext = { user, state, now: now() }
    let res: RestResponse
    try {
      if (name === 'batch') {
        let drop = false
        const run = runBatch(params ?? {}, (sub, subParams) => {
          const r = callInBatch(ctx, sub, subParams)
          if (r.drop) drop = true
          return r.outcome
        }, time)
        entry.sub = run.methods
        res = { status: 200, body: { result: run.result, time: time() } }
        if (drop) res.dropConnection = true
      } else {
        const handler = METHODS[name]
        if (!handler) throw methodNotFound()
        res = { status: 200, body: success(handler(ctx, params ?? {})) }
      }
    } catch (e) {
      if (!(e instanceof RestError)) throw e
      res = { status: e.status, body: e.body() }
    }
    if (fault?.kind === 'drop') res.dropConnection = true
    return answer(res)
  }

  /** One batch sub-command: same user, no rate limit of its own; faults apply here too. */
  function callInBatch(ctx: CallContext, method: string, params: Params): { outcome: SubOutcome, drop: boolean } {
    const name = method.toLowerCase()
    // why: docs/bitrix24.md, Batch (rest 24.0.0): no batch inside batch.
    if (name === 'batch') return { outcome: { ok: false, error: batchNotAllowed() }, drop: false }
    const fault = takeFault(name)
    if (fault?.kind === 'error') return { outcome: { ok: false, error: faultError(fault) }, drop: false }
    const handler = METHODS[name]
    if (!handler) return { outcome: { ok: false, error: methodNotFound() }, drop: fault !== undefined }
    try {
      return { outcome: { ok: true, out: handler(ctx, params) }, drop: fault !== undefined }
    } catch (e) {
      if (!(e instanceof RestError)) throw e
      return { outcome: { ok: false, error: e }, drop: fault !== undefined }
    }
  }

  function frame(command: string, params: unknown, ctx: FrameContext): unknown {
    push({ kind: 'frame', name: command, params: clone(params) })
    const user = currentUser()
    const admin = user.role === 'admin'
    const p = (params !== null && typeof params === 'object' ? params : {}) as Record<string, unknown>
    switch (command) {
      case 'getInitData': {
        const firstRun = !opened.has(user.id)
        opened.add(user.id)
        const userOpts = state.userOptions.get(user.id) ?? new Map<string, unknown>()
        // why: docs/bitrix24.md, Frame protocol: every getInitData field; empty option sets arrive as `[]` (PHP).
        return {
          DOMAIN: ctx.domain,
          PROTOCOL: ctx.protocol,
          PATH: '/rest/',
          LANG: state.settings.lang,
          ...issue(),
          MEMBER_ID,
          IS_ADMIN: admin,
          APP_OPTIONS: state.appOptions.size ? entriesToObject(state.appOptions) : [],
          USER_OPTIONS: userOpts.size ? entriesToObject(userOpts) : [],
          PLACEMENT: ctx.placement,
          PLACEMENT_OPTIONS: ctx.placementOptions,
          // why: docs/bitrix24.md, Placements and install: the first opening by an admin of a not-installed app comes with INSTALL: true.
          INSTALL: !state.settings.installed && (admin || state.settings.usersMayInstall),
          FIRST_RUN: firstRun,
        }
      }
      case 'refreshAuth':
        return issue() // docs/bitrix24.md, Frame protocol: {AUTH_ID, REFRESH_ID, AUTH_EXPIRES}
      case 'setAppOption':
        // why: docs/bitrix24.md, Options: the parent silently "succeeds" for non-admins without saving.
        if (admin && typeof p.name === 'string') state.appOptions.set(p.name, p.value)
        return {}
      case 'setUserOption': {
        if (typeof p.name !== 'string') return {}
        let m = state.userOptions.get(user.id)
        if (!m) state.userOptions.set(user.id, m = new Map())
        m.set(p.name, p.value)
        return {}
      }
      case 'setInstall':
        return {}
      case 'setInstallFinish':
        if (admin) state.settings.installed = true
        return {}
      default:
        return undefined
    }
  }

  function linkMode(flag: 'Y' | 'N' | undefined): MainMode {
    return flag === 'Y' ? 'make' : flag === 'N' ? 'not-this' : 'if-none'
  }

  return {
    ...crmCardsApi(() => state, () => defaultBindings),
    setDefaultBindings(specs) {
      defaultBindings = specs.map(bindingOf)
    },
    rest,
    frame,
    settings: () => clone(state.settings),
    update(patch) {
      if (patch.userId !== undefined && !users.some(u => u.id === patch.userId)) {
        throw new Error(`unknown user ${patch.userId}`)
      }
      state.settings = { ...state.settings, ...clone(patch) }
      return clone(state.settings)
    },
    users: () => users.map(u => ({ ...u })),
    setUserRole(userId: number, role: Role) {
      const u = users.find(x => x.id === userId)
      if (!u) throw new Error(`unknown user ${userId}`)
      u.role = role
    },
    expireTokens() {
      const t = now()
      for (const tok of tokens.values()) tok.expiresAt = Math.min(tok.expiresAt, t)
    },
    refreshAuth: issue,
    addFault(f: FaultSpec) {
      if (f.count > 0) faults.push({ ...f, method: f.method.toLowerCase(), remaining: f.count, toSkip: Math.max(0, Math.floor(f.skip ?? 0)) })
    },
    clearFaults() { faults = [] },
    addHook(h: HookSpec) {
      const count = h.count ?? 1
      if (count > 0) hooks.push({ ...h, method: h.method.toLowerCase(), remaining: count, toSkip: Math.max(0, Math.floor(h.skip ?? 0)) })
    },
    clearHooks() { hooks = [] },
    log: (sinceSeq = 0) => log.filter(e => e.seq > sinceSeq).map(e => ({ ...e })),
    logFrame(name: string, params?: unknown) { push({ kind: 'frame', name, params: clone(params) }) },
    clearLog() { log = [] },
    reset: fresh,
    addCompany(spec: CompanySpec) {
      const company = state.crm.addCompany(spec.title, {
        hiddenFrom: spec.hiddenFrom, companyType: spec.companyType, industry: spec.industry, phones: spec.phones, emails: spec.emails,
      })
      const ids = [...(spec.contactIds ?? [])]
      for (let n = 0; n < (spec.contacts ?? 0); n++) {
        ids.push(state.crm.addContact(generatedContact(company.id * 7919 + n)).id)
      }
      ids.forEach((id, i) => {
        if (!state.crm.contacts.has(id)) throw new Error(`unknown contact ${id}`)
        state.crm.link(company.id, id, (i + 1) * 10, 'if-none')
      })
      return company.id
    },
    addContact(spec: ContactSpec) {
      return state.crm.addContact(spec).id
    },
    setLinks(companyId, items) {
      if (!state.crm.companies.has(companyId)) throw new Error(`unknown company ${companyId}`)
      for (const i of items) if (!state.crm.contacts.has(i.CONTACT_ID)) throw new Error(`unknown contact ${i.CONTACT_ID}`)
      state.crm.replace(state.crm.contactCompany, 'left', companyId, items.map((i, n) => ({
        id: i.CONTACT_ID,
        sort: i.SORT ?? (n + 1) * 10,
        main: linkMode(i.IS_PRIMARY),
      })), 'lowest-id')
    },
    links: companyId => state.crm.linksOf(companyId),
    companies: () => [...state.crm.companies.values()].map(c => ({ id: c.id, title: c.title, contactCount: state.crm.contactCompany.count('left', c.id) })),
    contact: (contactId) => {
      const c = state.crm.contacts.get(contactId)
      if (!c) return undefined
      return {
        id: c.id, name: c.name, lastName: c.lastName, secondName: c.secondName, post: c.post,
        phones: c.phones.map(p => p.value), emails: c.emails.map(e => e.value),
      }
    },
    mainCompanyOf: contactId => (state.crm.contacts.has(contactId) ? state.crm.mainCompanyOf(contactId) : undefined),
    placements: () => clone(state.placements),
    comments: () => clone(state.comments),
    appOptions: () => clone(entriesToObject(state.appOptions)),
    userOptions: (userId?: number) => clone(entriesToObject(state.userOptions.get(userId ?? state.settings.userId) ?? new Map())),
  }
}
