import { describe, expect, inject, it } from 'vitest'
import { runBench } from '../../scripts/bench/core'
import { summarize } from '../../scripts/bench/report'

// The benchmark at its small sizes, one run each, through the same code as
// `npm run bench`. It asserts what is exact (requests, rows, the rate limit),
// never times: machines are noisy.
describe('the benchmark, smoke run (0 and 10 contacts)', () => {
  it('opens in ≤ 2 requests, clears with 1 delete, undoes with 1 set, and ten tabs stay inside the rate limit', async () => {
    const results = await runBench({
      appDir: inject('appDir'),
      chromiumPath: inject('chromiumPath'),
      sizes: [0, 10],
      runs: 1,
      latencyMs: 100,
      warm: false,
      warmup: false,
      scroll: false,
      tabs: 10,
    })
    const [empty, ten] = results.sizes.map((s) => summarize(s, results.latencyMs))
    expect(empty!.openRequests).toBeLessThanOrEqual(2)
    expect(empty!.openErrors).toEqual([])
    expect(empty!.rows).toBe(0)
    expect(ten!.openRequests).toBeLessThanOrEqual(2)
    expect(ten!.openErrors).toEqual([])
    expect(ten!.rows).toBe(10)
    expect(ten!.timeToListMs).toBeGreaterThan(0)
    expect(ten!.clear).toMatchObject({ ok: true, deletes: 1, errors: [] })
    expect(ten!.clear!.requests).toBeLessThanOrEqual(2)
    expect(ten!.undo).toMatchObject({ ok: true, sets: 1, errors: [] })
    expect(ten!.undo!.requests).toBeLessThanOrEqual(2)
    expect([...empty!.pageErrors, ...ten!.pageErrors]).toEqual([])
    expect(results.tabs).toMatchObject({ tabs: 10, shown: 10, queryLimitExceeded: 0 })
  }, 180_000)
})
