import type {
  AuthTokens, CompanySpec, ContactSpec, FaultSpec, FrameContext, LogEntry, Portal,
  PortalSettings, PortalUser, RestResponse, Role,
} from './api.ts'

export interface CreatePortalOptions {
  /** Clock in ms (defaults to Date.now); tokens, rate limit and `time` use it. */
  now?: () => number
  /** false: start empty (no companies or contacts). Default true. */
  seed?: boolean
}

/** Work in progress: a minimal model so the server can be built against it. */
export function createPortal(opts: CreatePortalOptions = {}): Portal {
  const now = opts.now ?? (() => Date.now())
  const users: PortalUser[] = [
    { id: 1, name: 'Anna', lastName: 'Lindqvist', role: 'admin' },
    { id: 2, name: 'Boris', lastName: 'Petrov', role: 'editor' },
    { id: 3, name: 'Chiara', lastName: 'Rossi', role: 'readonly' },
  ]
  const defaults = (): PortalSettings => ({
    userId: 1, lang: 'en', latencyMs: 0, installed: true,
    rateLimit: { perSecond: 2, burst: 50, enabled: true },
  })
  let settings = defaults()
  let seq = 0
  let entries: LogEntry[] = []
  const tokens = new Map<string, { userId: number, expiresAt: number }>()
  const hex = (): string => Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('')
  const issue = (): AuthTokens => {
    const t = { AUTH_ID: hex(), REFRESH_ID: hex(), AUTH_EXPIRES: 3600 }
    tokens.set(t.AUTH_ID, { userId: settings.userId, expiresAt: now() + 3600_000 })
    return t
  }
  const time = () => {
    const s = now() / 1000
    const iso = new Date(now()).toISOString().replace(/\.\d+Z$/, '+00:00')
    return { start: s, finish: s, duration: 0, processing: 0, date_start: iso, date_finish: iso, operating: 0, operating_reset_at: Math.floor(s) + 600 }
  }
  const push = (e: Omit<LogEntry, 'seq' | 'at'>) => { entries.push({ ...e, seq: ++seq, at: now() }) }
  return {
    rest(method: string, params: Record<string, unknown>): RestResponse {
      const { auth: _auth, ...rest } = params
      push({ kind: 'rest', name: method, params: rest, status: 404, error: 'ERROR_METHOD_NOT_FOUND' })
      void time
      return { status: 404, body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } }
    },
    frame(command: string, params: unknown, ctx: FrameContext): unknown {
      push({ kind: 'frame', name: command, params })
      if (command === 'getInitData') {
        const t = issue()
        const user = users.find(u => u.id === settings.userId)
        return {
          DOMAIN: ctx.domain, PROTOCOL: ctx.protocol, PATH: '/rest/', LANG: settings.lang,
          ...t, MEMBER_ID: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', IS_ADMIN: user?.role === 'admin',
          APP_OPTIONS: [], USER_OPTIONS: [], PLACEMENT: ctx.placement, PLACEMENT_OPTIONS: ctx.placementOptions,
          INSTALL: !settings.installed && user?.role === 'admin', FIRST_RUN: false,
        }
      }
      if (command === 'refreshAuth') return issue()
      return undefined
    },
    settings: () => structuredClone(settings),
    update(patch) { settings = { ...settings, ...patch }; return structuredClone(settings) },
    users: () => users.map(u => ({ ...u })),
    setUserRole(userId: number, role: Role) { const u = users.find(x => x.id === userId); if (u) u.role = role },
    expireTokens() { for (const t of tokens.values()) t.expiresAt = Math.min(t.expiresAt, now()) },
    addFault(_f: FaultSpec) {},
    clearFaults() {},
    log: (since = 0) => entries.filter(e => e.seq > since),
    logFrame(name: string, params?: unknown) { push({ kind: 'frame', name, params }) },
    clearLog() { entries = [] },
    reset() { settings = defaults(); tokens.clear() },
    addCompany(_spec: CompanySpec) { return 0 },
    addContact(_spec: ContactSpec) { return 0 },
    setLinks() {},
    links: () => [],
    companies: () => [],
  }
}
