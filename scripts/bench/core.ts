/**
 * The benchmark's core: the built app in the emulator's company card, in
 * headless Chromium, for companies of several sizes. Used by `npm run bench`
 * (scripts/bench.ts) and by the browser tests' smoke run
 * (test/e2e/bench-smoke.spec.ts), so there is one implementation.
 *
 * Everything counted comes from what really happened: REST requests from the
 * emulator's log, times from the app frame's own clock (see probe.ts).
 */
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core'
import { startEmulator, type Emulator } from '../../emulator/server.ts'
import type { LogEntry, PortalSettings } from '../../emulator/portal/api.ts'
import { SEED_USER } from '../../emulator/portal/seed.ts'
import { CHROMIUM_ARGS } from '../chromium.ts'
import { probeScript, type ProbeSnapshot, type ScrollResult } from './probe.ts'

export interface BenchOptions {
  /** the built app (vite build output) */
  appDir: string
  chromiumPath: string
  /** numbers of linked contacts, one card each */
  sizes: number[]
  /** the card whose tab is measured: a company's contacts (default) or a deal's (issue 12) */
  card?: BenchCard
  /** measured runs per size (each in a fresh browser context) */
  runs: number
  /** the portal's server time on every REST request, ms (emulator latencyMs) */
  latencyMs: number
  /** the network between the app's frame and the servers, ms per HTTP exchange: handler POST, asset, preflight, REST (emulator networkMs) */
  networkMs?: number
  /** also open the tab a second time in the same context (warm) */
  warm?: boolean
  /** one discarded run first, so the first measured run does not pay for cold server and browser caches */
  warmup?: boolean
  /** scroll the whole list once per size (first run) and count rows while scrolling */
  scroll?: boolean
  /** open the tab this many times at once with the rate limit on (0: skip) */
  tabs?: number
  /** undo with the portal's rate limit on (default true; opening and clearing run with it off) */
  undoRateLimit?: boolean
  /** company size for the simultaneous tabs (default: the largest size) */
  tabsSize?: number
  /** progress lines */
  log?: (line: string) => void
}

/** One REST HTTP request as the portal saw it. */
export interface RestRequest {
  name: string
  sub?: string[]
  status?: number
  error?: string
}

export interface OpenSample {
  /** REST HTTP requests from navigation until the app went quiet (emulator log) */
  requests: number
  /** CORS preflights (OPTIONS) the frame sent meanwhile (the emulator's exchange log) */
  preflights: number
  /** requests to the app's server until the list was shown: the handler POST and the assets not taken from the browser's cache */
  appRequests: number
  /** of those, the ones the frame had received before the list was in the DOM (resource timing) */
  requestsBeforeList: number
  calls: RestRequest[]
  errors: string[]
  /** ms from the frame's navigation start to the first contact row (0 contacts: the count line) in the DOM (minus loadEventMs: issue 6's time to list) */
  timeToListMs: number
  /** ms from navigation start to the HTML received / DOMContentLoaded / the first REST request sent */
  htmlMs: number | null
  domContentLoadedMs: number | null
  /** ms from navigation start to the end of the frame's load event (the app's scripts have run by then) */
  loadEventMs: number | null
  firstRestMs: number | null
  /** ms from navigation start to the end of the last REST answer received before the list */
  lastRestEndMs: number | null
  /** each REST request the frame made while opening: ms from navigation start to sent and to answered (resource timing) */
  restTimings: Array<{ start: number, end: number }>
  rows: number
  domNodes: number
  /** JS heap used by the app frame after a forced GC (CDP Performance.getMetrics JSHeapUsedSize) */
  heapUsedBytes: number | null
  heapSource: 'frame' | 'page' | null
  longTasks: number
}

export interface ActionSample {
  ok: boolean
  /**
   * REST HTTP requests of the action itself: every request from the click
   * until quiet except the background ones below. A clear is one halting
   * batch (read, edit guard, the read saved in the user's options,
   * items.delete, re-read); an undo is crm.company.contact.add per contact,
   * 50 commands a batch, the re-read in the last one.
   */
  requests: number
  calls: RestRequest[]
  /**
   * Requests the app sends in the background once the outcome is shown: a
   * lone user.option.set (the Undo record kept in the user's options, or its
   * removal after an undo) and the timeline trail (one batch of
   * crm.timeline.comment.add + crm.timeline.comment.list).
   */
  background: RestRequest[]
  /** of the background requests: user.option.set alone */
  optionRequests: number
  /** of the background requests: the timeline trail */
  trailRequests: number
  /** CORS preflights (OPTIONS) from the click until quiet */
  preflights: number
  /** requests of the action that carry a crm.company.contact.items.delete */
  deleteRequests: number
  /** method calls across the action's requests (batch sub-commands counted one by one) */
  deletes: number
  sets: number
  adds: number
  /** crm.company.contact.delete commands (unlinking a selection) */
  unlinks: number
  reads: number
  /**
   * requests the portal refused with QUERY_LIMIT_EXCEEDED (503) before running
   * them; the SDK sends such a request again, so they are not in `requests`
   */
  refused: number
  /** error codes of every other request from the click until quiet (the background ones too) */
  errors: string[]
  /** ms from the click on the confirming button (or Undo) to the outcome notice in the DOM */
  timeMs: number | null
  /** ms from the first to the last request of the action reaching the portal (the emulator's clock) */
  spanMs: number | null
  /** the portal's rate limit was on during the action */
  rateLimited: boolean
  notice: string
}

export interface RunSample {
  cold: OpenSample
  /** ms from typing a search to the list shown for it (filter and DOM update), one per query of FILTER_QUERIES */
  filterMs?: number[]
  /** issue 11: `n` contacts selected (a click and a Shift+click), unlinked, then put back with Undo */
  selection?: { n: number, unlink: ActionSample, undo: ActionSample }
  warm?: OpenSample
  clear?: ActionSample
  undo?: ActionSample
  pageErrors: string[]
}

/** The cards the benchmark can open: each has its own contacts pair (crm.<card>.contact.*). */
export type BenchCard = 'company' | 'deal'

export interface SizeResult {
  size: number
  /** the measured card's id (a company's, or a deal's with --card deal) */
  companyId: number
  runs: RunSample[]
  scroll?: Omit<ScrollResult, 'stepMs'> & { stepP95Ms: number }
}

export interface TabsResult {
  tabs: number
  size: number
  rateLimit: PortalSettings['rateLimit']
  shown: number
  requests: number
  errors: string[]
  queryLimitExceeded: number
  /** the leaky bucket's highest level during the run, replayed from the log's timestamps */
  peakBucket: number
  /** ms from the first navigation until every tab showed its list (wall clock, Node side) */
  allShownMs: number
}

export interface BenchResults {
  card: BenchCard
  latencyMs: number
  networkMs: number
  runs: number
  sizes: SizeResult[]
  tabs?: TabsResult
  browser: string
}

const EDITOR = SEED_USER.editor
const ROW = '[data-testid="contact-row"]'
const COUNT = '[data-testid="contact-count"]'
const APP_IFRAME = 'iframe[name*="|"]'

export const median = (xs: number[]): number => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b)
  if (!s.length) return NaN
  const m = Math.floor(s.length / 2)
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const methodsOf = (r: RestRequest): string[] => (r.name === 'batch' ? r.sub ?? [] : [r.name])

function restSince(emulator: Emulator, since: number): Array<LogEntry & RestRequest> {
  return emulator.portal.log(since).filter((e) => e.kind === 'rest')
}

const toRequest = (e: LogEntry): RestRequest => ({
  name: e.name,
  ...(e.sub ? { sub: e.sub } : {}),
  ...(e.status !== undefined ? { status: e.status } : {}),
  ...(e.error ? { error: e.error } : {}),
})

const lastSeq = (emulator: Emulator): number => emulator.portal.log().at(-1)?.seq ?? 0
const lastExchange = (emulator: Emulator): number => emulator.exchanges().at(-1)?.seq ?? 0
const preflightsSince = (emulator: Emulator, since: number): number => emulator.exchanges(since).filter((e) => e.kind === 'preflight').length

/** Wait until no new REST request has reached the portal for `quietMs` (answers arrive after the latency). */
async function waitQuiet(emulator: Emulator, since: number, quietMs: number, maxMs = 60_000): Promise<void> {
  let count = restSince(emulator, since).length
  let changed = Date.now()
  const start = Date.now()
  while (Date.now() - changed < quietMs && Date.now() - start < maxMs) {
    await sleep(25)
    const n = restSince(emulator, since).length
    if (n !== count) {
      count = n
      changed = Date.now()
    }
  }
}

async function until<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const start = Date.now()
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await sleep(20)
  }
}

const snapshot = (frame: Frame): Promise<ProbeSnapshot> => frame.evaluate('window.__bench.snapshot()') as Promise<ProbeSnapshot>

async function appFrame(page: Page): Promise<Frame> {
  const el = await page.waitForSelector(APP_IFRAME, { state: 'attached' })
  const frame = await el.contentFrame()
  if (!frame) throw new Error('the app iframe has no frame')
  return frame
}

async function heapUsed(page: Page, frame: Frame): Promise<{ bytes: number | null, source: 'frame' | 'page' | null }> {
  // The app runs on another site than the card, so Chromium's site isolation
  // puts it in its own process: ask that frame's CDP session. If the frame is
  // in the page's process after all, the page's heap includes the card's.
  let source: 'frame' | 'page' = 'frame'
  const session = await page.context().newCDPSession(frame).catch(async () => {
    source = 'page'
    return page.context().newCDPSession(page)
  })
  try {
    await session.send('HeapProfiler.collectGarbage')
    await session.send('Performance.enable')
    const { metrics } = await session.send('Performance.getMetrics')
    const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value
    return { bytes: used ?? null, source: used === undefined ? null : source }
  } catch {
    return { bytes: null, source: null }
  } finally {
    await session.detach().catch(() => {})
  }
}

/** Open the company's card and measure the tab until it has shown the list and gone quiet. */
/** The card's page on the emulated portal. */
function cardUrl(emulator: Emulator, card: BenchCard, id: number): string {
  return card === 'company' ? emulator.cardUrl(id) : emulator.crmCardUrl(card, id)
}

async function open(emulator: Emulator, page: Page, card: BenchCard, companyId: number, size: number, latencyMs: number, networkMs = 0): Promise<{ sample: OpenSample, frame: Frame }> {
  const since = lastSeq(emulator)
  const exchangesSince = lastExchange(emulator)
  await page.goto(cardUrl(emulator, card, companyId))
  const frame = await appFrame(page)
  await frame.waitForSelector(size > 0 ? ROW : COUNT, { state: 'attached', timeout: 60_000 })
  await waitQuiet(emulator, since, Math.max(500, 3 * (latencyMs + 2 * networkMs)))
  const snap = await snapshot(frame)
  const shownAt = size > 0 ? snap.marks.row : snap.marks.count
  if (shownAt === undefined) throw new Error('the probe saw no list')
  const calls = restSince(emulator, since)
  const before = snap.rest.filter((r) => r.end <= shownAt)
  const heap = await heapUsed(page, frame)
  return {
    frame,
    sample: {
      requests: calls.length,
      preflights: preflightsSince(emulator, exchangesSince),
      // (after the list, the app prefetches the confirmation's code: not part of the first load)
      appRequests: emulator.exchanges(exchangesSince).filter((e) => e.kind === 'app' && e.at <= snap.origin + shownAt).length,
      requestsBeforeList: before.length,
      calls: calls.map(toRequest),
      errors: calls.flatMap((c) => (c.error ? [c.error] : [])),
      timeToListMs: shownAt,
      htmlMs: snap.nav?.responseEnd ?? null,
      domContentLoadedMs: snap.nav?.domContentLoaded || null,
      loadEventMs: snap.nav?.load || null,
      firstRestMs: snap.rest[0]?.start ?? null,
      lastRestEndMs: before.length ? Math.max(...before.map((r) => r.end)) : null,
      restTimings: snap.rest.map((r) => ({ start: Math.round(r.start * 10) / 10, end: Math.round(r.end * 10) / 10 })),
      rows: snap.rows,
      domNodes: snap.domNodes,
      heapUsedBytes: heap.bytes,
      heapSource: heap.source,
      longTasks: snap.longTasks.filter((t) => t.t <= shownAt).length,
    },
  }
}

const TRAIL_METHODS = new Set(['crm.timeline.comment.add', 'crm.timeline.comment.list', 'crm.timeline.comment.delete'])
const only = (r: RestRequest, ok: (m: string) => boolean) => methodsOf(r).length > 0 && methodsOf(r).every(ok)
/** A lone user.option.set: the kept Undo record (or its removal), sent after the outcome. */
export const isOptionWrite = (r: RestRequest): boolean => only(r, (m) => m === 'user.option.set')
/** The timeline trail: comment add + list in one batch (and a delete of a duplicate, if the SDK re-sent the add). */
export const isTrail = (r: RestRequest): boolean => only(r, (m) => TRAIL_METHODS.has(m))
/** Short form of a request, e.g. `batch(crm.timeline.comment.add, crm.timeline.comment.list)`. */
export const describeRequest = (r: RestRequest): string => (r.name === 'batch' ? `batch(${[...new Set(r.sub ?? [])].join(', ')})` : r.name)

/**
 * Click a button, then wait for the outcome notice that follows the click
 * (up to `timeoutMs`); count what reached the portal from the click until no
 * request has arrived for a while, the background requests apart.
 */
async function action(emulator: Emulator, frame: Frame, card: BenchCard, click: () => Promise<void>, latencyMs: number, timeoutMs: number, rateLimited: boolean): Promise<ActionSample> {
  const before = await snapshot(frame)
  const clicksBefore = before.clicks.length
  const noticeBefore = before.notices.at(-1)?.text ?? ''
  const since = lastSeq(emulator)
  const exchangesSince = lastExchange(emulator)
  await click()
  let timeMs: number | null = null
  let notice = ''
  let ok = true
  try {
    const found = await until('the outcome notice', async () => {
      const s = await snapshot(frame)
      const clicked = s.clicks[clicksBefore]
      if (!clicked) return null
      const n = s.notices.find((x) => x.t >= clicked.t && x.text !== '' && x.text !== noticeBefore)
      return n ? { t: n.t - clicked.t, text: n.text } : null
    }, timeoutMs)
    timeMs = found.t
    notice = found.text
  } catch {
    ok = false
  }
  // The background requests wait for the SDK's own throttle (2/s once its
  // burst is spent, e.g. after a long undo): 1.5 s of quiet covers the gap.
  await waitQuiet(emulator, since, Math.max(1500, 4 * latencyMs))
  // A refused request never ran (the portal does not even parse a refused batch): counted apart.
  const isRefused = (r: RestRequest) => r.error === 'QUERY_LIMIT_EXCEEDED'
  const entries = restSince(emulator, since)
  const all = entries.filter((r) => !isRefused(r)).map(toRequest)
  const isBackground = (r: RestRequest) => isOptionWrite(r) || isTrail(r)
  const main = entries.filter((r) => !isRefused(r) && !isBackground(r))
  const calls = main.map(toRequest)
  const background = all.filter(isBackground)
  const count = (method: string) => calls.flatMap(methodsOf).filter((m) => m === method).length
  const pair = `crm.${card}.contact`
  return {
    ok,
    requests: calls.length,
    calls,
    background,
    optionRequests: background.filter(isOptionWrite).length,
    trailRequests: background.filter(isTrail).length,
    preflights: preflightsSince(emulator, exchangesSince),
    deleteRequests: calls.filter((r) => methodsOf(r).includes(`${pair}.items.delete`)).length,
    deletes: count(`${pair}.items.delete`),
    sets: count(`${pair}.items.set`),
    adds: count(`${pair}.add`),
    unlinks: count(`${pair}.delete`),
    reads: count(`${pair}.items.get`),
    refused: entries.filter(isRefused).length,
    errors: all.flatMap((c) => (c.error ? [c.error] : [])),
    timeMs,
    spanMs: main.length ? main.at(-1)!.at - main[0]!.at : null,
    rateLimited,
    notice,
  }
}

/** How many contacts the benchmark selects and unlinks at a size (issue 11: 50 and 500). */
export const selectionFor = (size: number): number => (size >= 2500 ? 500 : size >= 500 ? 50 : 0)

/** Requests unlinking `n` selected contacts takes: a read, n deletes and a re-read, 50 commands a batch. */
export const unlinkRequestsFor = (n: number): number => Math.ceil((n + 2) / 50)

/**
 * Select the first `n` rows as a person does (the first checkbox, then
 * Shift+click on the n-th row, scrolled into the DOM), unlink them behind the
 * confirmation, then put them back with Undo (the rate limit off: this measures
 * the requests, and leaves the company as it was for the next run).
 */
async function selectAndUnlink(emulator: Emulator, page: Page, frame: Frame, card: BenchCard, n: number, latencyMs: number): Promise<RunSample['selection']> {
  const app = page.frameLocator(APP_IFRAME)
  await app.getByTestId('contact-row').first().getByRole('checkbox').click()
  await frame.evaluate(`(() => { const s = document.querySelector('[data-testid="contact-scroller"]'); const row = document.querySelector('[data-testid="contact-row"]'); s.scrollTop = ${n - 1} * row.getBoundingClientRect().height; s.dispatchEvent(new Event('scroll')) })()`)
  await app.locator(`[aria-rowindex="${n}"] input[type="checkbox"]`).click({ modifiers: ['Shift'] })
  await app.getByTestId('selected-count').filter({ hasText: `${n.toLocaleString('en-US')} selected` }).waitFor()
  await app.getByTestId('unlink-selected').click()
  const dialog = app.getByRole('alertdialog')
  await dialog.waitFor()
  const unlink = await action(emulator, frame, card, () => dialog.getByRole('button', { name: /^Unlink/ }).click(), latencyMs, 120_000, false)
  const undo = await action(emulator, frame, card, () => app.getByRole('button', { name: 'Undo', exact: true }).click(), latencyMs, 120_000, false)
  return { n, unlink, undo }
}

/** Requests an undo of `n` contacts takes: 50 adds a batch, the re-read in the last one when it has room. */
export const undoRequestsFor = (n: number): number => Math.ceil((n + 1) / 50)

async function newContext(browser: Browser, emulator: Emulator): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  context.setDefaultTimeout(60_000)
  await context.addInitScript({ content: probeScript(emulator.appOrigin) })
  return context
}

/**
 * Turns the portal's rate limit on and off for the phases that measure it.
 * The portal's leaky bucket keeps its level while the limit is off (it only
 * drains), so a phase right after a long undo would start with a nearly full
 * bucket: `on()` replays the last phase's requests from the log (from an
 * empty bucket, which this ensures) and waits until the bucket has drained.
 */
export interface RateLimitPhases {
  on(): Promise<void>
  off(): void
  readonly settings: PortalSettings['rateLimit']
}

function rateLimitPhases(emulator: Emulator, settings: PortalSettings['rateLimit']): RateLimitPhases {
  let since: number | null = null
  let until: number | null = null
  const levelNow = (): number => {
    if (since === null) return 0
    let level = 0
    let at = 0
    for (const e of restSince(emulator, since)) {
      if (until !== null && e.seq > until) break
      level = Math.max(0, level - ((e.at - at) / 1000) * settings.perSecond)
      at = e.at
      if (e.error !== 'QUERY_LIMIT_EXCEEDED') level = Math.min(settings.burst, level + 1)
    }
    return Math.max(0, level - ((Date.now() - at) / 1000) * settings.perSecond)
  }
  return {
    settings,
    async on() {
      const level = levelNow()
      if (level > 0) await sleep((level / settings.perSecond) * 1000 + 100)
      since = lastSeq(emulator)
      until = null
      emulator.portal.update({ rateLimit: { ...settings, enabled: true } })
    },
    off() {
      emulator.portal.update({ rateLimit: { ...settings, enabled: false } })
      until = lastSeq(emulator)
    },
  }
}

/**
 * Searches typed into the tab (issue 11: filtered on the client, no request):
 * a name's letters one by one, phone digits, an e-mail fragment, nothing found,
 * and back to the whole list.
 */
export const FILTER_QUERIES = ['m', 'ma', 'mar', '55', '555 0', 'example', 'zz-none', '']

/**
 * In the app's frame: type each query into the search box (the input event a
 * person's typing fires) and time it to the first DOM change that follows:
 * Vue filters and patches in one microtask flush, and the MutationObserver's
 * callback runs right after it. A frame passes between queries.
 */
function filterScript(queries: string[]): string {
  return `(async () => {
  const input = document.querySelector('[data-testid="contact-search"]');
  if (!input) return [];
  const out = [];
  for (const q of ${JSON.stringify(queries)}) {
    const done = new Promise((resolve) => {
      const mo = new MutationObserver(() => { mo.disconnect(); resolve(performance.now()); });
      mo.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
      setTimeout(() => { mo.disconnect(); resolve(null); }, 2000);
    });
    const t0 = performance.now();
    input.value = q;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    const t1 = await done;
    if (t1 !== null) out.push(t1 - t0);
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r)));
  }
  return out;
})()`
}

/** One run: a fresh context (cold caches), open, [scroll], [search], clear, undo, [open again: warm]. */
async function run(emulator: Emulator, browser: Browser, companyId: number, size: number, o: BenchOptions & { doScroll: boolean, limit?: RateLimitPhases }): Promise<{ sample: RunSample, scroll?: ScrollResult }> {
  const context = await newContext(browser, emulator)
  const pageErrors: string[] = []
  // how long a request takes at most without the app's own work: the quiet windows below scale with it
  const roundTripMs = o.latencyMs + 2 * (o.networkMs ?? 0)
  try {
    const page = await context.newPage()
    page.on('pageerror', (e) => pageErrors.push(e.message))
    const card = o.card ?? 'company'
    const { sample: cold, frame } = await open(emulator, page, card, companyId, size, o.latencyMs, o.networkMs)
    const sample: RunSample = { cold, pageErrors }
    let scroll: ScrollResult | undefined
    if (o.doScroll && size > 0) scroll = (await frame.evaluate('window.__bench.scrollThrough()')) as ScrollResult
    if (size >= 500) sample.filterMs = (await frame.evaluate(filterScript(FILTER_QUERIES))) as number[]
    if (size > 0) {
      const app = page.frameLocator(APP_IFRAME)
      await app.getByRole('button', { name: 'Clear all contacts' }).click()
      const dialog = app.getByRole('alertdialog')
      await dialog.waitFor()
      sample.clear = await action(emulator, frame, card, () => dialog.getByRole('button', { name: /^Clear/ }).click(), roundTripMs, 60_000, false)
      if (sample.clear.ok) {
        // The undo with the portal's rate limit on (its bucket drained while it
        // was off, as a person's would be a few seconds after opening the tab):
        // above 50 requests the SDK's own throttle (2/s once its burst of 50 is
        // spent) sets the pace. One second a request on top of a minute allows
        // for 503 retries.
        const limited = o.undoRateLimit !== false && o.limit !== undefined
        if (limited) await o.limit!.on()
        try {
          sample.undo = await action(emulator, frame, card, () => app.getByRole('button', { name: 'Undo' }).click(), roundTripMs, 60_000 + 1_000 * undoRequestsFor(size), limited)
        } finally {
          if (limited) o.limit!.off()
        }
      }
      const n = selectionFor(size)
      if (n > 0 && sample.undo?.ok) sample.selection = await selectAndUnlink(emulator, page, frame, card, n, roundTripMs)
    }
    if (o.warm) sample.warm = (await open(emulator, page, card, companyId, size, o.latencyMs, o.networkMs)).sample
    return { sample, scroll }
  } finally {
    await context.close().catch(() => {})
  }
}

/** Open `tabs` tabs of one company at once, with the portal's rate limit on, and read what the portal answered. */
async function simultaneousTabs(emulator: Emulator, browser: Browser, card: BenchCard, companyId: number, size: number, tabs: number, limit: RateLimitPhases, latencyMs: number): Promise<TabsResult> {
  const rateLimit = limit.settings
  await limit.on()
  const context = await newContext(browser, emulator)
  try {
    const pages = await Promise.all(Array.from({ length: tabs }, () => context.newPage()))
    const since = lastSeq(emulator)
    const t0 = Date.now()
    const shown = await Promise.all(pages.map(async (page) => {
      try {
        await page.goto(cardUrl(emulator, card, companyId))
        await page.frameLocator(APP_IFRAME).locator(size > 0 ? ROW : COUNT).first().waitFor({ state: 'attached', timeout: 120_000 })
        return true
      } catch {
        return false
      }
    }))
    const allShownMs = Date.now() - t0
    await waitQuiet(emulator, since, Math.max(1500, 4 * latencyMs))
    const calls = restSince(emulator, since)
    let level = 0
    let peak = 0
    let at = calls[0]?.at ?? 0
    for (const c of calls) {
      level = Math.max(0, level - ((c.at - at) / 1000) * rateLimit.perSecond)
      at = c.at
      level += c.error === 'QUERY_LIMIT_EXCEEDED' ? 0 : 1
      peak = Math.max(peak, level)
    }
    const errors = calls.flatMap((c) => (c.error ? [c.error] : []))
    return {
      tabs,
      size,
      rateLimit: { ...rateLimit, enabled: true },
      shown: shown.filter(Boolean).length,
      requests: calls.length,
      errors,
      queryLimitExceeded: errors.filter((e) => e === 'QUERY_LIMIT_EXCEEDED').length,
      peakBucket: Math.round(peak * 10) / 10,
      allShownMs,
    }
  } finally {
    await context.close().catch(() => {})
    limit.off()
  }
}

export async function runBench(o: BenchOptions): Promise<BenchResults> {
  const log = o.log ?? (() => {})
  const opts = { warm: true, warmup: true, scroll: true, tabs: 10, undoRateLimit: true, ...o }
  const emulator = await startEmulator({ appDir: o.appDir, quiet: true, portalPort: 0, appPort: 0 })
  const browser = await chromium.launch({ executablePath: o.chromiumPath, args: CHROMIUM_ARGS, headless: true })
  try {
    const defaults = emulator.portal.settings()
    // The timing runs measure one tab on an otherwise idle portal. The
    // portal's rate limit is off while opening and clearing (a run sends about
    // ten requests within a few seconds, more than the 2/s the bucket refills,
    // and the opening's targets are about latency), on for the undo (its 101
    // requests at 5,000 contacts are what the limit is about) and for the
    // simultaneous tabs below. The SDK throttles itself to 2/s, burst 50, in
    // every case.
    emulator.portal.update({ userId: EDITOR, lang: 'en', latencyMs: o.latencyMs, networkMs: o.networkMs ?? 0, rateLimit: { ...defaults.rateLimit, enabled: false } })
    const limit = rateLimitPhases(emulator, defaults.rateLimit)
    const runOpts = { ...opts, limit }
    const card = o.card ?? 'company'
    // A deal's tab is there once the app has bound it, as on a portal.
    if (card === 'deal') emulator.portal.bindPlacement({ placement: 'CRM_DEAL_DETAIL_TAB', handler: emulator.appUrl })
    const companies = new Map<number, number>()
    const companyOf = (size: number): number => {
      let id = companies.get(size)
      if (id === undefined) {
        id = emulator.portal.addCompany({ title: `Benchmark ${size} Ltd`, contacts: size })
        // The deal gets the same new contacts, in the same order.
        if (card === 'deal') id = emulator.portal.addCrmItem('deal', { title: `Benchmark ${size} deal`, contactIds: emulator.portal.links(id).map((l) => l.CONTACT_ID) })
        companies.set(size, id)
      }
      return id
    }
    const linksOf = (size: number) => emulator.portal.pairLinks(card, companyOf(size))
      .map((r) => ({ id: Number(r.CONTACT_ID), SORT: Number(r.SORT), IS_PRIMARY: r.IS_PRIMARY === 'Y' ? 'Y' as const : 'N' as const }))
    const sizes = [...new Set(o.sizes)]
    for (const s of sizes) companyOf(s)
    const seeds = new Map(sizes.map((s) => [s, linksOf(s)]))
    const restore = (size: number) => emulator.portal.setPairLinks(card, companyOf(size), seeds.get(size)!)

    if (opts.warmup && sizes.length) {
      const s = Math.min(...sizes.filter((x) => x > 0), 10)
      if (!seeds.has(s)) seeds.set(s, linksOf(s))
      log(`warm-up run at ${s} contacts (discarded)`)
      await run(emulator, browser, companyOf(s), s, { ...runOpts, doScroll: false, warm: false })
      restore(s)
    }

    // Round robin (every size once, then again…), so that a burst of other
    // work on the machine spreads over the sizes instead of skewing one.
    const results: SizeResult[] = sizes.map((size) => ({ size, companyId: companyOf(size), runs: [] }))
    for (let i = 0; i < o.runs; i++) {
      for (const result of results) {
        const size = result.size
        restore(size)
        const { sample, scroll } = await run(emulator, browser, result.companyId, size, { ...runOpts, doScroll: opts.scroll && i === 0 && size > 0 })
        restore(size)
        result.runs.push(sample)
        if (scroll) {
          const { stepMs, ...rest } = scroll
          result.scroll = { ...rest, stepP95Ms: Math.round(percentile(stepMs, 95) * 10) / 10 }
        }
        const c = sample.cold
        const afterLoad = (x: OpenSample) => (x.loadEventMs ? `${(x.timeToListMs - x.loadEventMs).toFixed(0)} ms after the load event` : 'no load event')
        log(`run ${i + 1}/${o.runs}, ${String(size).padStart(5)} contacts: ${c.requests} requests, list ${afterLoad(c)} (${c.timeToListMs.toFixed(0)} ms after navigation start), ${c.rows} rows`
          + (sample.clear ? `; clear ${sample.clear.requests} req, ${sample.clear.deletes} items.delete (+${sample.clear.background.length} background) ${sample.clear.timeMs?.toFixed(0) ?? '-'} ms` : '')
          + (sample.undo ? `; undo ${sample.undo.requests} req, ${sample.undo.adds} adds, ${sample.undo.sets} items.set (+${sample.undo.background.length} background${sample.undo.refused ? `, ${sample.undo.refused} refused by the rate limit` : ''}) ${sample.undo.timeMs?.toFixed(0) ?? '-'} ms${sample.undo.errors.length ? ` errors: ${sample.undo.errors.join(', ')}` : ''}` : '')
          + (sample.warm ? `; warm: list ${afterLoad(sample.warm)}` : ''))
      }
    }

    let tabs: TabsResult | undefined
    if (opts.tabs > 0 && sizes.length) {
      const size = opts.tabsSize ?? Math.max(...sizes)
      restore(size)
      log(`${opts.tabs} tabs at once, ${size} contacts, rate limit ${defaults.rateLimit.perSecond}/s burst ${defaults.rateLimit.burst}`)
      tabs = await simultaneousTabs(emulator, browser, card, companyOf(size), size, opts.tabs, limit, o.latencyMs)
    }
    return { card, latencyMs: o.latencyMs, networkMs: o.networkMs ?? 0, runs: o.runs, sizes: results, tabs, browser: browser.version() }
  } finally {
    await browser.close().catch(() => {})
    await emulator.close()
  }
}
