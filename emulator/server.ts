/**
 * The local Bitrix24 portal: REST over HTTP, the CRM company card that hosts
 * the app in an iframe (emulator/host/), and a JSON control API for tests and
 * the control panel. Plain node:http; the portal's behaviour lives in the model
 * (emulator/portal/, contract in api.ts).
 *
 * Two origins, two sites, as in production: the portal at
 * http://localhost:<port> and the app at http://127.0.0.1:<appPort> (or the
 * dev server's origin).
 */
import { createServer } from 'node:http'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CrmEntityType, Portal, PortalSettings } from './portal/api.ts'
import { cardPath, createPortal, parseCardPath } from './portal/index.ts'
import { MEMBER_ID } from './portal/methods.ts'
import { HttpError, randomHex } from './common.ts'
import { handleControl, type ControlContext } from './control.ts'
import { parseBody, parseForm, parseRestBody, readBody, sendJson, sendText, serveAppDir } from './host/http.ts'
import { buildHostScript, hostAsset } from './host/assets.ts'
import type { HostConfig } from './host/config.ts'
import {
  cardPlacementOf, parseOptsMode, placementOptionsFor, renderAppPage, renderCardPage,
  renderNotEmulated, renderPlaceholderApp, renderSliderPage, renderStartPage,
} from './host/pages.ts'

export interface EmulatorOptions {
  /** portal port on localhost; 0 or absent = a free port */
  portalPort?: number
  /** port of the static app server on 127.0.0.1 (with appDir, or the placeholder); 0 or absent = a free port */
  appPort?: number
  /** a built app folder (vite build with base './') to serve on the app origin */
  appDir?: string
  /** an already-running app, e.g. the Vite dev server http://127.0.0.1:5173/ (its origin becomes the app origin) */
  appUrl?: string
  /** the portal model; a fresh seeded createPortal() when absent */
  portal?: Portal
  /** no console output */
  quiet?: boolean
  /** title of the app's tab on the card (placement.bind TITLE); default "Contacts" */
  tabTitle?: string
}

export interface CardUrlOptions {
  /** how PLACEMENT_OPTIONS is sent (default object) */
  opts?: HostConfig['optsMode']
  /** 'DEFAULT' opens the app's own page instead of the company tab */
  placement?: string
  /** the host page ignores every frame message */
  silent?: boolean
  /** the host page ignores only these frame commands, e.g. ['refreshAuth'] */
  ignore?: string[]
  /** open the control panel */
  panel?: boolean
  /** switch the portal's current user before the page renders */
  user?: number
  /** switch the portal language before the page renders */
  lang?: string
  /** mark the app not installed before the page renders (INSTALL: true for admins) */
  install?: boolean
}

/** One HTTP exchange of the app's frame, as the emulator's servers saw it. */
export interface Exchange {
  /** 1, 2, … in arrival order */
  seq: number
  /** Date.now() on arrival */
  at: number
  /** app: the handler POST or an asset, from the app server; rest: a REST call; preflight: a CORS preflight of one */
  kind: 'app' | 'rest' | 'preflight'
  method: string
  path: string
  /** the answer's status (0 if none was sent, e.g. a dropped connection) */
  status: number
}

export interface Emulator {
  /** http://localhost:<port> */
  portalOrigin: string
  /** http://127.0.0.1:<port>, or the origin of appUrl */
  appOrigin: string
  /** the handler URL the host page posts to */
  appUrl: string
  /** DOMAIN as the app sees it: localhost:<port> */
  domain: string
  /** the company card hosting the app (the first company when no id is given) */
  cardUrl(companyId?: number, opts?: CardUrlOptions): string
  /**
   * The card of any CRM record: `/crm/<type>/details/<id>/` (a quote's
   * `/crm/type/7/details/<id>/`), with the app's tab when the app bound the
   * card's placement. `placement: 'DEFAULT'` is for cardUrl only.
   */
  crmCardUrl(type: CrmEntityType, id: number, opts?: Omit<CardUrlOptions, 'placement'> & { placement?: string }): string
  portal: Portal
  /**
   * The HTTP exchanges the app's frame made (with appDir or the placeholder:
   * not with appUrl), oldest first: what a network between the frame and the
   * servers carried. The benchmark counts preflights and asset requests here.
   */
  exchanges(since?: number): Exchange[]
  close(): Promise<void>
}

/**
 * What a portal's rest module sends on every `/rest/` answer and on the answer
 * to a preflight (docs/bitrix24.md, REST over HTTP, "CORS"): any origin, three
 * request headers, no Allow-Methods (POST and GET need none) and no Max-Age,
 * so a browser keeps a preflight 5 s, per URL, and the SDK's fresh
 * `bx24_request_id` in every URL means none is ever reused.
 */
const REST_CORS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': 'origin, content-type, accept',
  'X-Content-Type-Options': 'nosniff',
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const onError = (err: Error): void => reject(err)
    server.once('error', onError)
    server.listen(port, host, () => {
      server.off('error', onError)
      resolvePort((server.address() as AddressInfo).port)
    })
  })
}

function closeServer(server: Server): Promise<void> {
  return new Promise(done => {
    if (!server.listening) { done(); return }
    server.close(() => done())
    server.closeAllConnections()
  })
}

/** The `error` of a control API or request-parsing failure, by status. */
const ERROR_CODES: Readonly<Record<number, string>> = { 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED' }

const sleep = (ms: number): Promise<void> => new Promise(r => setTimeout(r, ms))

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  // The host page's script, bundled now: a broken one stops the start, not the first page.
  await buildHostScript()
  const portal = opts.portal ?? createPortal()
  const tabTitle = opts.tabTitle ?? 'Contacts'
  const say = (msg: string): void => { if (!opts.quiet) console.log(msg) }
  const warn = (msg: string, err?: unknown): void => { if (!opts.quiet) console.error(msg, err ?? '') }
  /**
   * The network between the app's frame and the servers: every HTTP exchange
   * the frame makes (the handler POST, an app asset, a preflight, a REST
   * request) waits settings().networkMs once, before the server handles it,
   * so one round trip costs networkMs (emulator/README.md, "The network").
   */
  const network = async (): Promise<void> => {
    const ms = portal.settings().networkMs
    if (ms > 0) await sleep(ms)
  }
  const exchangeLog: Exchange[] = []
  const noteExchange = (kind: Exchange['kind'], req: IncomingMessage, res: ServerResponse, path: string): void => {
    const entry: Exchange = { seq: exchangeLog.length + 1, at: Date.now(), kind, method: req.method ?? 'GET', path, status: 0 }
    exchangeLog.push(entry)
    if (exchangeLog.length > 20_000) exchangeLog.splice(0, exchangeLog.length - 10_000)
    res.on('finish', () => { entry.status = res.statusCode })
  }

  // ---- the app origin ------------------------------------------------------
  let appServer: Server | undefined
  let appOrigin: string
  let appUrl: string
  if (opts.appUrl) {
    const u = new URL(opts.appUrl)
    appOrigin = u.origin
    appUrl = u.toString()
  } else {
    const dir = opts.appDir
    appServer = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://app.invalid')
      noteExchange('app', req, res, url.pathname)
      if (req.method === 'POST') req.resume()
      network().then(() => {
        if (dir) return serveAppDir(dir, req, res, url.pathname)
        sendText(res, 200, renderPlaceholderApp(), 'text/html; charset=utf-8')
      }).catch((err: unknown) => {
        warn('app server error', err)
        if (!res.headersSent) sendText(res, 500, 'Internal error', 'text/plain; charset=utf-8')
        else res.destroy()
      })
    })
    const port = await listen(appServer, opts.appPort ?? 0, '127.0.0.1')
    appOrigin = `http://127.0.0.1:${port}`
    appUrl = `${appOrigin}/`
  }
  // The app is installed (the default state): its company tab is there until the app binds or unbinds that placement itself.
  portal.setDefaultBindings([{ placement: 'CRM_COMPANY_DETAIL_TAB', handler: appUrl, title: tabTitle }])

  // ---- the portal origin ---------------------------------------------------
  const servers: Server[] = []
  const portalOrigins = new Set<string>()
  let portalOrigin = ''
  let domain = ''

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof HttpError) {
        if (!res.headersSent) sendJson(res, err.status, { error: ERROR_CODES[err.status] ?? 'BAD_REQUEST', error_description: err.message }, { ...err.headers })
        return
      }
      warn(`emulator: ${req.method} ${req.url} failed`, err)
      if (!res.headersSent) sendJson(res, 500, { error: 'INTERNAL_SERVER_ERROR', error_description: err instanceof Error ? err.message : String(err) })
      else res.destroy()
    })
  }

  async function handleRest(req: IncomingMessage, res: ServerResponse, url: URL, rawMethod: string): Promise<void> {
    // On every answer, errors included (also those thrown from here: writeHead keeps these).
    for (const [name, value] of Object.entries(REST_CORS)) res.setHeader(name, value)
    noteExchange(req.method === 'OPTIONS' ? 'preflight' : 'rest', req, res, url.pathname)
    await network()
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Content-Length': '0' })
      res.end()
      return
    }
    if (req.method !== 'POST' && req.method !== 'GET') {
      sendJson(res, 405, { error: 'ERROR_METHOD_NOT_ALLOWED', error_description: 'Use POST' }, { Allow: 'POST, GET, OPTIONS' })
      return
    }
    let method: string
    try {
      method = decodeURIComponent(rawMethod).replace(/\.json$/i, '').toLowerCase()
    } catch {
      throw new HttpError(400, 'Bad method name')
    }
    // The SDK adds bx24_request_id / bx24_sdk_* to the query: telemetry, not params.
    const query = parseForm(url.search.slice(1))
    for (const key of Object.keys(query)) if (key.startsWith('bx24_')) delete query[key]
    let body: Record<string, unknown>
    try {
      body = req.method === 'POST' ? parseRestBody(await readBody(req), req.headers['content-type']) : {}
    } catch (err) {
      if (err instanceof HttpError) {
        sendJson(res, err.status, { error: 'INVALID_REQUEST', error_description: err.message })
        return
      }
      throw err
    }
    const params = { ...query, ...body }
    const latency = portal.settings().latencyMs
    if (latency > 0) await sleep(latency)
    // Applied even when the client has gone away meanwhile: a real portal does too.
    const answer = portal.rest(method, params)
    if (answer.dropConnection) {
      // The call was applied; the client never hears back (a lost answer).
      req.socket.destroy()
      return
    }
    // A hook's slow answer: computed now, heard later (after answers to later requests).
    if (answer.holdMs) await sleep(answer.holdMs)
    if (res.destroyed) return
    sendJson(res, answer.status, answer.body)
  }

  async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
    return parseBody(await readBody(req), req.headers['content-type'] ?? 'application/json')
  }

  function controlContext(): ControlContext {
    return { portal, info: { portalOrigin, appOrigin, appUrl, domain, protocol: '0' }, cardUrl: id => cardUrl(id), tabTitle }
  }

  /**
   * The handler a card's tab loads: the first bound to the card's placement,
   * as a portal loads it, when it is on the app origin (the one app the
   * emulator serves); a handler elsewhere (an old address) loads the app's URL.
   */
  function tabHandler(placement: string): { bound: boolean, handlerUrl: string, title?: string } {
    const binding = portal.placementHandlers(placement)[0]
    if (!binding) return { bound: false, handlerUrl: appUrl }
    let onAppOrigin = false
    try {
      onAppOrigin = new URL(binding.handler).origin === appOrigin
    } catch {
      // not a URL: the app's own
    }
    const lang = portal.settings().lang
    const langTitle = (binding.langAll[lang] as { TITLE?: unknown } | undefined)?.TITLE
    const title = typeof langTitle === 'string' && langTitle ? langTitle : binding.title || undefined
    return { bound: true, handlerUrl: onAppOrigin ? binding.handler : appUrl, title }
  }

  /**
   * What the page's script is told. `recordId` is the record PLACEMENT_OPTIONS
   * names (a card's id; on the app page the `?company=`); `extra` adds the
   * card's fields (companyId, cardType, handlerUrl…).
   */
  function hostConfig(url: URL, placement: string, recordId: number | undefined, extra: Partial<HostConfig> = {}): HostConfig {
    const optsMode = parseOptsMode(url.searchParams.get('opts'))
    let po: { ctx: unknown, field: string | undefined }
    if (placement === 'DEFAULT') {
      // The app's own page: Bitrix24 sends an empty PHP array here.
      po = url.searchParams.has('opts') && recordId !== undefined ? placementOptionsFor(optsMode, recordId) : { ctx: [], field: '[]' }
    } else {
      po = placementOptionsFor(optsMode, recordId ?? 0)
    }
    const cfg: HostConfig = {
      appOrigin,
      handlerUrl: appUrl,
      domain,
      protocol: '0',
      appSid: randomHex(16),
      placement,
      optsMode,
      silent: ['1', 'true', 'yes'].includes(url.searchParams.get('silent') ?? ''),
      ignore: (url.searchParams.get('ignore') ?? '').split(',').map(c => c.trim()).filter(Boolean),
      panelOpen: ['1', 'open', 'true'].includes(url.searchParams.get('panel') ?? ''),
      memberId: memberId,
    }
    if (po.ctx !== undefined) cfg.placementOptions = po.ctx
    if (po.field !== undefined) cfg.placementOptionsField = po.field
    return { ...cfg, ...extra }
  }

  /** `?user=2&lang=de&install=1` on a host page: switch the portal before rendering (manual testing). */
  function applyPageSwitches(url: URL): void {
    const patch: Partial<PortalSettings> = {}
    const user = url.searchParams.get('user')
    if (user && /^\d+$/.test(user) && portal.users().some(u => u.id === Number(user))) patch.userId = Number(user)
    const lang = url.searchParams.get('lang')
    if (lang && /^[a-z]{2}$/.test(lang)) patch.lang = lang
    const install = url.searchParams.get('install')
    if (install === '1' || install === 'true') patch.installed = false
    if (Object.keys(patch).length > 0) portal.update(patch)
  }

  const html = (res: ServerResponse, status: number, body: string): void => sendText(res, status, body, 'text/html; charset=utf-8')

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', portalOrigin)
    const path = url.pathname
    let match: RegExpExecArray | null

    if ((match = /^\/rest\/(.+)$/.exec(path))) return handleRest(req, res, url, match[1] ?? '')
    if (path.startsWith('/_emulator/assets/')) {
      const asset = await hostAsset(path.slice('/_emulator/assets/'.length))
      if (!asset) throw new HttpError(404, 'No such asset')
      return sendText(res, 200, asset.text, asset.type)
    }
    if (path.startsWith('/_emulator/')) {
      // Only the portal's own pages (and tools without an Origin, like tests) may drive the emulator:
      // the app must not be able to change the portal behind the test's back, even with a no-cors request.
      const origin = req.headers.origin
      if (origin && !portalOrigins.has(origin)) throw new HttpError(403, 'The control API is for the portal origin only')
      try {
        const route = path.slice('/_emulator/'.length).replace(/\/$/, '')
        return sendJson(res, 200, await handleControl(controlContext(), req.method ?? 'GET', route, url.searchParams, () => jsonBody(req)))
      } catch (err) {
        // The model rejects bad input (unknown user, contact…) with a plain Error: a client mistake.
        if (err instanceof HttpError || !(err instanceof Error)) throw err
        throw new HttpError(400, err.message)
      }
    }

    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'POST') {
      return sendText(res, 405, 'Method Not Allowed', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD, POST' })
    }
    if (req.method === 'POST') req.resume()
    const iframeMode = url.searchParams.get('IFRAME') === 'Y'

    if (path === '/' || path === '/index.html' || path === '/crm/' || path === '/crm/company/') {
      return html(res, 200, renderStartPage(portal, appUrl))
    }
    const card = parseCardPath(path)
    if (card) {
      const { type, id } = card
      if (iframeMode) return html(res, 200, renderSliderPage(portal, type, id))
      applyPageSwitches(url)
      const own = cardPlacementOf(portal, type)
      const placement = (url.searchParams.get('placement') ?? own).toUpperCase()
      if (placement === 'DEFAULT' && type === 'company') {
        return html(res, 200, renderAppPage({ portal, cfg: hostConfig(url, placement, id, { companyId: id }), tokens: formTokens(), tabTitle }))
      }
      // The card's tab shows when the app bound the card's own placement (`?placement=` only changes what the frame is told).
      const tab = tabHandler(own)
      const cfg = hostConfig(url, placement, id, {
        ...(type === 'company' ? { companyId: id } : {}), cardType: type, cardId: id, tabBound: tab.bound, handlerUrl: tab.handlerUrl,
      })
      return html(res, 200, renderCardPage({ portal, cfg, tokens: formTokens(), tabTitle: tab.title ?? tabTitle, type, id }))
    }
    if ((match = /^\/marketplace\/app\/(\d+)\/?$/.exec(path))) {
      applyPageSwitches(url)
      const company = url.searchParams.get('company')
      const companyId = company && /^\d+$/.test(company) ? Number(company) : undefined
      const cfg = hostConfig(url, 'DEFAULT', companyId, companyId === undefined ? {} : { companyId })
      return html(res, 200, renderAppPage({ portal, cfg, tokens: formTokens(), tabTitle }))
    }
    if (path === '/favicon.ico') {
      res.writeHead(204)
      res.end()
      return
    }
    return html(res, 404, renderNotEmulated(path))
  }

  function cardUrl(companyId?: number, o: CardUrlOptions = {}): string {
    const id = companyId ?? portal.companies()[0]?.id ?? 1
    const isDefault = (o.placement ?? '').toUpperCase() === 'DEFAULT'
    const u = new URL(isDefault ? '/marketplace/app/1/' : cardPath('company', id), portalOrigin)
    if (isDefault && companyId !== undefined) u.searchParams.set('company', String(companyId))
    return withPageOptions(u, o, isDefault)
  }

  function crmCardUrl(type: CrmEntityType, id: number, o: CardUrlOptions = {}): string {
    if (type === 'company') return cardUrl(id, o)
    return withPageOptions(new URL(cardPath(type, id), portalOrigin), o, false)
  }

  function withPageOptions(u: URL, o: CardUrlOptions, isDefault: boolean): string {
    if (o.placement && !isDefault) u.searchParams.set('placement', o.placement)
    if (o.opts) u.searchParams.set('opts', o.opts)
    if (o.silent) u.searchParams.set('silent', '1')
    if (o.ignore?.length) u.searchParams.set('ignore', o.ignore.join(','))
    if (o.panel) u.searchParams.set('panel', '1')
    if (o.user !== undefined) u.searchParams.set('user', String(o.user))
    if (o.lang) u.searchParams.set('lang', o.lang)
    if (o.install) u.searchParams.set('install', '1')
    return u.toString()
  }

  // The portal's one member_id: the form posts what getInitData answers, as a portal does.
  const memberId = MEMBER_ID
  /** Real tokens of the current user for the form fields (refreshAuth issues without logging). */
  function formTokens(): { auth: string, refresh: string } {
    const t = portal.refreshAuth()
    return { auth: t.AUTH_ID, refresh: t.REFRESH_ID }
  }
  try {
    const v4 = createServer(handler)
    const port = await listen(v4, opts.portalPort ?? 0, '127.0.0.1')
    servers.push(v4)
    // `localhost` may resolve to ::1 first (browsers, Node's fetch): listen there too.
    const v6 = createServer(handler)
    try {
      await listen(v6, port, '::1')
      servers.push(v6)
    } catch {
      // no IPv6 loopback on this machine: 127.0.0.1 is enough
    }
    portalOrigin = `http://localhost:${port}`
    for (const host of ['localhost', '127.0.0.1', '[::1]']) portalOrigins.add(`http://${host}:${port}`)
    domain = `localhost:${port}`
  } catch (err) {
    if (appServer) await closeServer(appServer)
    throw err
  }

  say(`Bitrix24 emulator: portal ${portalOrigin}, app ${appUrl}`)

  let closed = false
  return {
    portalOrigin,
    appOrigin,
    appUrl,
    domain,
    cardUrl,
    crmCardUrl,
    portal,
    exchanges: (since = 0) => exchangeLog.filter((e) => e.seq > since),
    async close() {
      if (closed) return
      closed = true
      await Promise.all([...servers, ...(appServer ? [appServer] : [])].map(closeServer))
    },
  }
}
