/**
 * The benchmark's summaries, its targets (issue 6) and its tables.
 * Targets are checked against what was measured; nothing here is expected
 * by the measurement itself.
 */
import { BUDGET, kb, type PageBundle } from './bundle.ts'
import { median, type ActionSample, type BenchResults, type OpenSample, type SizeResult } from './core.ts'

/** Most DOM rows a virtualized list may keep ("hundreds, not thousands"). */
export const MAX_DOM_ROWS = 200

export interface SizeSummary {
  size: number
  runs: number
  /** worst run */
  openRequests: number
  openRequestsBeforeList: number
  openErrors: string[]
  /** issue 6's time to list: from the end of the app frame's load event to the list in the DOM; median, min, max of the cold runs */
  timeToListMs: number
  timeToListMinMs: number
  timeToListMaxMs: number
  /** timeToListMs / (2 × latency) */
  ratio: number
  /** median of the time to list counted from the frame's navigation start instead (includes downloading and running the app) */
  fromNavigationMs: number
  /** medians of each run's parts: navigation start → first REST call sent; first call → last answer before the list; last answer → list in the DOM */
  bootMs: number
  restMs: number
  renderMs: number
  /** medians, ms from navigation start: HTML received, DOMContentLoaded, load event, first REST call sent, last REST answer before the list */
  htmlMs: number
  domContentLoadedMs: number
  loadEventMs: number
  firstRestMs: number
  lastRestEndMs: number
  /** median of (list − first REST call sent) */
  fromFirstRestMs: number
  /** the time to list (from the load event) opening the card a second time in the same context */
  warmTimeToListMs: number | null
  warmRequests: number | null
  rows: number
  domNodes: number
  heapUsedBytes: number | null
  clear: ActionSummary | null
  undo: ActionSummary | null
  pageErrors: string[]
}

export interface ActionSummary {
  /** every run ended with its notice */
  ok: boolean
  /** worst run, without the trail */
  requests: number
  trailRequests: number
  /** the same in every run, or the worst */
  deletes: number
  sets: number
  errors: string[]
  timeMs: number
}

export interface Target {
  what: string
  limit: string
  measured: string
  pass: boolean
}

const round = (x: number, d = 0) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : NaN)
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : NaN)

function summarizeAction(samples: Array<ActionSample | undefined>): ActionSummary | null {
  const s = samples.filter((x): x is ActionSample => x !== undefined)
  if (!s.length) return null
  return {
    ok: s.length === samples.length && s.every((x) => x.ok),
    requests: max(s.map((x) => x.requests)),
    trailRequests: max(s.map((x) => x.trailRequests)),
    deletes: max(s.map((x) => x.deletes)),
    sets: max(s.map((x) => x.sets)),
    errors: [...new Set(s.flatMap((x) => x.errors))],
    timeMs: round(median(s.map((x) => x.timeMs ?? NaN))),
  }
}

export function summarize(r: SizeResult, latencyMs: number): SizeSummary {
  const cold = r.runs.map((x) => x.cold)
  const warm = r.runs.flatMap((x) => (x.warm ? [x.warm] : []))
  const fromLoad = (c: OpenSample): number => (c.loadEventMs ? c.timeToListMs - c.loadEventMs : NaN)
  const times = cold.map(fromLoad)
  const time = median(times)
  const heap = median(cold.map((c) => c.heapUsedBytes ?? NaN))
  return {
    size: r.size,
    runs: r.runs.length,
    openRequests: max(cold.map((c) => c.requests)),
    openRequestsBeforeList: max(cold.map((c) => c.requestsBeforeList)),
    openErrors: [...new Set(cold.flatMap((c) => c.errors))],
    timeToListMs: round(time),
    timeToListMinMs: round(Math.min(...times)),
    timeToListMaxMs: round(Math.max(...times)),
    fromNavigationMs: round(median(cold.map((c) => c.timeToListMs))),
    bootMs: round(median(cold.map((c) => c.firstRestMs ?? NaN))),
    restMs: round(median(cold.map((c) => (c.firstRestMs !== null && c.lastRestEndMs !== null ? c.lastRestEndMs - c.firstRestMs : NaN)))),
    renderMs: round(median(cold.map((c) => (c.lastRestEndMs !== null ? c.timeToListMs - c.lastRestEndMs : NaN)))),
    ratio: round(time / (2 * latencyMs), 2),
    htmlMs: round(median(cold.map((c) => c.htmlMs ?? NaN))),
    domContentLoadedMs: round(median(cold.map((c) => c.domContentLoadedMs ?? NaN))),
    loadEventMs: round(median(cold.map((c) => c.loadEventMs ?? NaN))),
    firstRestMs: round(median(cold.map((c) => c.firstRestMs ?? NaN))),
    lastRestEndMs: round(median(cold.map((c) => c.lastRestEndMs ?? NaN))),
    fromFirstRestMs: round(median(cold.map((c) => (c.firstRestMs !== null ? c.timeToListMs - c.firstRestMs : NaN)))),
    warmTimeToListMs: warm.length ? round(median(warm.map(fromLoad))) : null,
    warmRequests: warm.length ? max(warm.map((w) => w.requests)) : null,
    rows: max([...cold.map((c) => c.rows), r.scroll?.maxRows ?? 0]),
    domNodes: round(median(cold.map((c) => c.domNodes))),
    heapUsedBytes: Number.isFinite(heap) ? heap : null,
    clear: summarizeAction(r.size > 0 ? r.runs.map((x) => x.clear) : []),
    undo: summarizeAction(r.size > 0 ? r.runs.map((x) => x.undo) : []),
    pageErrors: [...new Set(r.runs.flatMap((x) => x.pageErrors))],
  }
}

const fmtN = (n: number) => n.toLocaleString('en-US')

/** The issue's targets, checked against a run (and the bundle, when measured). */
export function targets(results: BenchResults, summaries: SizeSummary[], bundle?: PageBundle): Target[] {
  const out: Target[] = []
  const lat = results.latencyMs
  for (const s of summaries) {
    const reqLimit = s.size <= 2500 ? 2 : s.size <= 5000 ? 3 : null
    if (reqLimit !== null) {
      out.push({
        what: `requests on opening, ${fmtN(s.size)} contacts`,
        limit: `≤ ${reqLimit}`,
        measured: `${s.openRequests}${s.openErrors.length ? ` (errors: ${s.openErrors.join(', ')})` : ''}`,
        pass: s.openRequests <= reqLimit && s.openErrors.length === 0,
      })
    }
    const factor = s.size <= 500 ? 1.5 : s.size <= 5000 ? 2.5 : null
    if (factor !== null) {
      out.push({
        what: `time to list, ${fmtN(s.size)} contacts (median of ${s.runs})`,
        limit: `≤ ${factor} × 2 × ${lat} ms = ${factor * 2 * lat} ms`,
        measured: `${s.timeToListMs} ms (${s.ratio} ×), from the frame's load event; ${s.fromNavigationMs} ms from its navigation start`,
        pass: s.timeToListMs <= factor * 2 * lat,
      })
    }
    if (s.clear) {
      out.push({
        what: `clear, ${fmtN(s.size)} contacts`,
        limit: '1 delete + the stale-check read: ≤ 2 requests, 1 items.delete',
        measured: s.clear.ok
          ? `${s.clear.requests} requests, ${s.clear.deletes} items.delete (+ ${s.clear.trailRequests} for the timeline comment)`
          : 'did not finish',
        pass: s.clear.ok && s.clear.requests <= 2 && s.clear.deletes === 1 && s.clear.errors.length === 0,
      })
    }
    if (s.undo) {
      out.push({
        what: `undo, ${fmtN(s.size)} contacts`,
        limit: '1 set + 1 read: ≤ 2 requests, 1 items.set',
        measured: s.undo.ok ? `${s.undo.requests} requests, ${s.undo.sets} items.set` : 'did not finish',
        pass: s.undo.ok && s.undo.requests <= 2 && s.undo.sets === 1 && s.undo.errors.length === 0,
      })
    }
    if (s.size >= 500) {
      out.push({
        what: `DOM rows, ${fmtN(s.size)} contacts (after load and while scrolling)`,
        limit: `≤ ${MAX_DOM_ROWS}`,
        measured: `${s.rows}`,
        pass: s.rows <= MAX_DOM_ROWS,
      })
    }
  }
  if (bundle) {
    out.push({ what: `initial JS of the tab (${bundle.page}), gzip`, limit: `≤ ${kb(BUDGET.js)}`, measured: kb(bundle.initialJsGzip), pass: bundle.initialJsGzip <= BUDGET.js })
    out.push({ what: `initial CSS of the tab (${bundle.page}), gzip`, limit: `≤ ${kb(BUDGET.css)}`, measured: kb(bundle.initialCssGzip), pass: bundle.initialCssGzip <= BUDGET.css })
  }
  if (results.tabs) {
    const t = results.tabs
    out.push({
      what: `${t.tabs} tabs at once, ${fmtN(t.size)} contacts, rate limit ${t.rateLimit.perSecond}/s burst ${t.rateLimit.burst}`,
      limit: `no QUERY_LIMIT_EXCEEDED, ${t.tabs} lists shown`,
      measured: `${t.queryLimitExceeded} QUERY_LIMIT_EXCEEDED, ${t.shown} shown, ${t.requests} requests, bucket peak ${t.peakBucket}/${t.rateLimit.burst}`,
      pass: t.queryLimitExceeded === 0 && t.shown === t.tabs,
    })
  }
  return out
}

const mb = (b: number | null) => (b === null ? '–' : `${(b / 1024 / 1024).toFixed(1)} MB`)
const ms = (x: number | null) => (x === null || !Number.isFinite(x) ? '–' : `${x}`)

/** Opening the tab, as Markdown. */
export function openTable(summaries: SizeSummary[], latencyMs: number): string[] {
  const lines = [
    `| contacts | requests to open | time to list from the frame's load event, ms: median (min–max) | ÷ (2 × ${latencyMs} ms) | from navigation start, ms | boot → first REST call, ms | REST: first call → last answer, ms | render, ms | warm: time to list, ms | DOM rows | DOM elements | JS heap |`,
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const s of summaries) {
    lines.push(`| ${fmtN(s.size)} | ${s.openRequests} | **${ms(s.timeToListMs)}** (${ms(s.timeToListMinMs)}–${ms(s.timeToListMaxMs)}) | ${s.ratio} | ${ms(s.fromNavigationMs)} | ${ms(s.bootMs)} | ${ms(s.restMs)} | ${ms(s.renderMs)} | ${ms(s.warmTimeToListMs)} | ${s.rows} | ${fmtN(s.domNodes)} | ${mb(s.heapUsedBytes)} |`)
  }
  return lines
}

/** Clear and undo, as Markdown. */
export function actionTable(summaries: SizeSummary[]): string[] {
  const rows = summaries.filter((s) => s.clear || s.undo)
  if (!rows.length) return []
  const lines = [
    '| contacts | clear: requests | items.delete | + timeline comment | clear, ms | undo: requests | items.set | undo, ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const s of rows) {
    const c = s.clear
    const u = s.undo
    lines.push(`| ${fmtN(s.size)} | ${c ? (c.ok ? c.requests : 'failed') : '–'} | ${c?.deletes ?? '–'} | ${c?.trailRequests ?? '–'} | ${c ? ms(c.timeMs) : '–'} | ${u ? (u.ok ? u.requests : 'failed') : '–'} | ${u?.sets ?? '–'} | ${u ? ms(u.timeMs) : '–'} |`)
  }
  return lines
}

export function scrollTable(results: BenchResults): string[] {
  const rows = results.sizes.filter((s) => s.scroll)
  if (!rows.length) return []
  const lines = [
    '| contacts | steps (one viewport each, 2 frames apart) | most DOM rows while scrolling | last row reached | long tasks (> 50 ms) | step p95, ms (33 = no frame dropped) |',
    '|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of rows) {
    const s = r.scroll!
    lines.push(`| ${fmtN(r.size)} | ${s.steps} | ${s.maxRows} | ${s.lastPosition === r.size ? 'yes' : `no (${s.lastPosition})`} | ${s.longTasks} | ${s.stepP95Ms} |`)
  }
  return lines
}

export function targetTable(ts: Target[]): string[] {
  return [
    '| target | limit | measured | |',
    '|---|---|---|---|',
    ...ts.map((t) => `| ${t.what} | ${t.limit} | ${t.measured} | ${t.pass ? 'pass' : '**FAIL**'} |`),
  ]
}
