/**
 * The contract between the portal model (emulator/portal/) and everything that
 * drives it: the HTTP server and host page (emulator/server.ts, emulator/host/),
 * the control API, and the unit tests' port, whose SDK requests a test `fetch`
 * hands to the model (test/fakes/).
 *
 * The model is plain TypeScript with no Node or DOM imports, so the same code
 * runs in the emulator server, in Vitest (node or happy-dom) and nowhere else
 * needs a second copy of "what Bitrix24 does".
 */

import type { CrmCardsApi } from './api-crm.ts'

export type Role = 'admin' | 'editor' | 'readonly'

export interface PortalUser {
  id: number
  name: string
  lastName: string
  /** admin: portal administrator; editor: may edit companies; readonly: may only read CRM. */
  role: Role
}

/** Portal-side language codes (Bitrix24 LANG). */
export type LangCode = string

/** What the model answers to one REST call (before latency and connection faults). */
export interface RestResponse {
  status: number
  body: unknown
  /** Set by a "drop" fault: the call WAS applied, but the server must cut the connection instead of answering. */
  dropConnection?: boolean
  /** Set by a hook's `holdMs`: the server holds the (already computed) answer this long (a slow answer). */
  holdMs?: number
}

export interface AuthTokens {
  AUTH_ID: string
  REFRESH_ID: string
  /** seconds */
  AUTH_EXPIRES: number
}

/** One injected fault: the next `count` calls of `method` fail. */
export interface FaultSpec {
  method: string
  count: number
  /** let this many calls of the method through before the fault starts (default 0) */
  skip?: number
  /** 'error': answer {status, error, description} without applying the call;
   *  'drop': apply the call, then drop the connection (no answer). */
  kind: 'error' | 'drop'
  status?: number
  error?: string
  description?: string
}

/**
 * What "a colleague" does when a request arrives whose method is `method` (a
 * direct call, or any sub-command of a batch), before the request runs: the
 * races a real portal has between two requests of the app.
 */
export interface HookSpec {
  /** the method that triggers it: a direct call, or any sub-command of a batch */
  method: string
  /** how many matching requests trigger it (default 1) */
  count?: number
  /** let this many matching requests through first (default 0) */
  skip?: number
  /**
   * link a contact to a company, deal, lead or quote (SORT given, or after the
   * owner's last one), as someone else would. The owner is `dealId`, `leadId`
   * or `quoteId` when given, else `companyId`; a company↔contact link is one
   * row, seen from the contact's side too (crm.contact.company.*)
   */
  link?: LinkRef & { sort?: number }
  /** unlink a contact from a company, deal, lead or quote (same owner rule), as someone else would */
  unlink?: LinkRef
  /** hold the answer this long after the request ran: a slow answer that arrives after later ones */
  holdMs?: number
  /** in-process only (tests that hold the model): anything else, run before the request */
  run?: () => void
}

/** A link between a contact and one owner: a company (the original shape), or a deal, lead or quote. */
export interface LinkRef {
  contactId: number
  companyId?: number
  dealId?: number
  leadId?: number
  quoteId?: number
}

export interface LogEntry {
  seq: number
  at: number
  kind: 'rest' | 'frame'
  /** REST method name, or the frame command. */
  name: string
  params?: unknown
  status?: number
  /** error code when the call failed */
  error?: string
  /** for `batch`: the sub-commands' method names */
  sub?: string[]
}

export interface PortalSettings {
  userId: number
  lang: LangCode
  /** ms added to every REST answer by the server: the portal's own time (REST only) */
  latencyMs: number
  /**
   * ms of network between the app's frame and the servers, once per HTTP
   * exchange: the handler POST, each app asset, each CORS preflight, each
   * REST request (emulator/README.md, "The network")
   */
  networkMs: number
  /** false: the app is not yet installed; the first opening comes with INSTALL: true */
  installed: boolean
  /**
   * true: a portal where users other than administrators may install apps, so
   * a non-admin can reach the app's install page (INSTALL: true) and meet
   * admin-only methods (placement.bind) failing. Default false: only admins.
   */
  usersMayInstall: boolean
  rateLimit: { perSecond: number, burst: number, enabled: boolean }
}

/** What the host page is showing: which placement the iframe was opened for. */
export interface FrameContext {
  /** e.g. CRM_COMPANY_DETAIL_TAB, or DEFAULT for the app's own page */
  placement: string
  /** sent to the app as-is: an object, or a JSON string (real portals send both) */
  placementOptions: unknown
  /** portal host as the app must see it in DOMAIN (with port locally), e.g. "localhost:7400" */
  domain: string
  protocol: '0' | '1'
}

/** A company for a test or the control panel to create. */
export interface CompanySpec {
  title: string
  /** Create this many new fictional contacts and link them (SORT 10, 20, …). */
  contacts?: number
  /** Or link these existing contact ids, in this order. */
  contactIds?: number[]
  /** user ids who may NOT read this company (its REST calls answer ACCESS_DENIED for them) */
  hiddenFrom?: number[]
  /** COMPANY_TYPE (a STATUS_ID of crm.status.list's COMPANY_TYPE directory); default CUSTOMER */
  companyType?: string
  /** INDUSTRY (a STATUS_ID of the INDUSTRY directory); default OTHER */
  industry?: string
  phones?: string[]
  emails?: string[]
}

/** A contact for a test to create. */
export interface ContactSpec {
  name: string
  lastName?: string
  secondName?: string
  post?: string
  phones?: string[]
  emails?: string[]
  /** user ids who may NOT read this contact (it is then absent from their lists) */
  hiddenFrom?: number[]
}

export type * from './api-crm.ts'

export interface Portal extends CrmCardsApi {
  /** Handle `POST /rest/<method>` with the JSON body (auth included in params.auth). */
  rest(method: string, params: Record<string, unknown>): RestResponse
  /**
   * Handle one frame command that needs portal state and answer with what the
   * parent posts back (`CALLBACK:JSON`): getInitData (fresh tokens, IS_ADMIN,
   * LANG, APP_OPTIONS, USER_OPTIONS, PLACEMENT, PLACEMENT_OPTIONS, INSTALL,
   * FIRST_RUN…), refreshAuth, setAppOption (silently ignored for non-admins,
   * like the real parent), setUserOption, setInstall, setInstallFinish.
   * Logs the command. Commands that are pure UI (resizeWindow, setTitle,
   * openPath, reloadWindow, reloadData…) are handled by the host page; it still
   * calls this so they are logged, and gets `undefined` back.
   */
  frame(command: string, params: unknown, ctx: FrameContext): unknown
  settings(): PortalSettings
  update(patch: Partial<PortalSettings>): PortalSettings
  users(): PortalUser[]
  setUserRole(userId: number, role: Role): void
  /** Make every token issued so far expire now (401 expired_token until refreshAuth). */
  expireTokens(): void
  addFault(f: FaultSpec): void
  clearFaults(): void
  /** Arm a hook: an action run when a matching request arrives, before it runs. */
  addHook(h: HookSpec): void
  /** Remove every hook that has not fired yet. */
  clearHooks(): void
  log(sinceSeq?: number): LogEntry[]
  logFrame(name: string, params?: unknown): void
  clearLog(): void
  /** Restore seed data and defaults. */
  reset(): void
  /** Seed data for tests and the control panel. Return the new id. */
  addCompany(spec: CompanySpec): number
  addContact(spec: ContactSpec): number
  /** Replace a company's links directly (as "someone else" would), bypassing REST and its limits. */
  setLinks(companyId: number, items: Array<{ CONTACT_ID: number, SORT?: number, IS_PRIMARY?: 'Y' | 'N' }>): void
  /** Read a company's links directly (what the server has), for assertions. */
  links(companyId: number): Array<{ CONTACT_ID: number, SORT: number, ROLE_ID: number, IS_PRIMARY: 'Y' | 'N' }>
  companies(): Array<{ id: number, title: string, contactCount: number }>
  /** Issue fresh tokens for the current user (what the frame's refreshAuth answers). */
  refreshAuth(): AuthTokens
  /** One contact as the host page's contact card shows it (no REST, no log entry); undefined when unknown. */
  contact(contactId: number): { id: number, name: string, lastName: string, secondName: string, post: string, phones: string[], emails: string[] } | undefined
  /** The contact's main company (IS_PRIMARY "Y" there), or null; undefined for an unknown contact. */
  mainCompanyOf(contactId: number): number | null | undefined
  /** Placement bindings made through placement.bind, for assertions. */
  placements(): PlacementBindingInfo[]
  /** Timeline comments added through crm.timeline.comment.add, for assertions. */
  comments(): TimelineCommentInfo[]
  /** Saved app options (app.option.set / frame setAppOption). */
  appOptions(): Record<string, unknown>
  /** Saved user options of a user (default: the current user). */
  userOptions(userId?: number): Record<string, unknown>
}

export interface PlacementBindingInfo {
  placement: string
  handler: string
  title: string
  description: string
  langAll: Record<string, unknown>
  options: Record<string, unknown>
}

export interface TimelineCommentInfo {
  id: number
  entityType: string
  entityId: number
  comment: string
  authorId: number
  /** when it was added, as crm.timeline.comment.list answers CREATED */
  created: string
}
