import { describe, expect, inject, it } from 'vitest'
import { runBench } from '../../scripts/bench/core'
import { summarize } from '../../scripts/bench/report'

// The benchmark at its small sizes, one run each, through the same code as
// `npm run bench`. It asserts what is exact (requests, rows, the rate limit),
// never times: machines are noisy.
describe('the benchmark, smoke run (0 and 10 contacts)', () => {
  it('opens in ≤ 2 requests and no preflight, fetching its files in one round of connections (cold) or none (warm), clears in 1 request with 1 delete, undoes with 10 adds in 1 request and no items.set, no preflight anywhere, and ten tabs stay inside the rate limit', async () => {
    const results = await runBench({
      appDir: inject('appDir'),
      chromiumPath: inject('chromiumPath'),
      sizes: [0, 10],
      runs: 1,
      latencyMs: 20,
      // a network delay on every exchange of the frame, so that a preflight or an uncached asset would show
      networkMs: 20,
      warm: true,
      warmup: false,
      scroll: false,
      tabs: 10,
    })
    const [empty, ten] = results.sizes.map((s) => summarize(s, results.networkMs))
    expect(empty!.openRequests).toBeLessThanOrEqual(2)
    expect(empty!.openErrors).toEqual([])
    expect(empty!.rows).toBe(0)
    expect(ten!.openRequests).toBeLessThanOrEqual(2)
    expect(ten!.openErrors).toEqual([])
    expect(ten!.rows).toBe(10)
    expect(ten!.fromNavigationMs).toBeGreaterThan(0)

    // Issue 13: REST calls are CORS-simple (form bodies): no OPTIONS, opening cold or warm.
    expect(empty!.preflights).toBe(0)
    expect(ten!.preflights).toBe(0)
    // Cold: the handler POST, then the entry, the code it shares with the app, the app chunk, the bundler's runtime and the two stylesheets
    // at once, within the 6 connections a browser opens to a host over HTTP/1.1. Warm: the assets come
    // from the cache (immutable), only the POST goes out.
    expect(ten!.appRequests).toBeGreaterThanOrEqual(2)
    expect(ten!.appRequests).toBeLessThanOrEqual(1 + 6)
    expect(ten!.warmAppRequests).toBe(1)

    // Clear all: one halting batch that carries the one items.delete; the kept
    // Undo record (user.option.set) and the timeline trail go in the background.
    const clear = results.sizes[1]!.runs[0]!.clear!
    expect(ten!.clear).toMatchObject({ ok: true, requests: 1, deleteRequests: 1, deletes: 1, sets: 0, refused: 0, errors: [] })
    expect(clear.calls[0]).toMatchObject({ name: 'batch' })
    expect(clear.calls[0]!.sub).toEqual([
      'crm.company.contact.items.get',
      'crm.company.contact.add',
      'user.option.get',
      'user.option.set',
      'crm.company.contact.items.delete',
      'crm.company.contact.items.get',
    ])
    expect(ten!.clear).toMatchObject({ optionRequests: 1, trailRequests: 1, backgroundRequests: 2, preflights: 0 })

    // Undo of 10: ⌈(10 + 1) / 50⌉ = 1 request of 10 crm.company.contact.add and
    // the re-read, never items.set, with the portal's rate limit on; then the
    // record's removal (user.option.set) and the trail in the background.
    const undo = results.sizes[1]!.runs[0]!.undo!
    expect(ten!.undo).toMatchObject({ ok: true, requests: 1, adds: 10, sets: 0, deletes: 0, refused: 0, errors: [], rateLimited: true })
    expect(undo.calls[0]!.sub).toEqual([...Array(10).fill('crm.company.contact.add'), 'crm.company.contact.items.get'])
    expect(ten!.undo).toMatchObject({ optionRequests: 1, trailRequests: 1, backgroundRequests: 2, preflights: 0 })

    expect([...empty!.pageErrors, ...ten!.pageErrors]).toEqual([])
    expect(results.tabs).toMatchObject({ tabs: 10, shown: 10, queryLimitExceeded: 0 })
  }, 180_000)
})
