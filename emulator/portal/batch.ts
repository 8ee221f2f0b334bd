/**
 * `batch`: up to 50 sub-commands `method?query` run in order (docs/bitrix24.md, Batch).
 * The answer's shape follows the batch doc page and the SDK's parser
 * (core/interaction/batch/processing/v2): `result`, `result_error`,
 * `result_total`, `result_next`, `result_time`, each keyed like `cmd`, and
 * each `[]` when empty (PHP's json_encode of an empty array).
 */
import { batchTooLong, type RestError } from './errors.ts'
import type { MethodOutput, Params } from './methods.ts'
import { parsePhpQuery, phpJson, phpString, truthy } from './php.ts'

/** rest/classes/general/rest_util.php: BATCH_MAX_LENGTH = 50. */
export const BATCH_MAX = 50

export type SubOutcome = { ok: true, out: MethodOutput } | { ok: false, error: RestError }

export interface BatchRun {
  result: unknown
  /** the sub-commands' method names, for the log */
  methods: string[]
}

/**
 * `$result[key][0][FIELD]` → that value from an earlier command. Same rules as
 * CRestUtil::processBatchElement: the match runs to the next whitespace; a
 * missing key stops the walk where it is; a whole-value reference keeps the
 * value's type, a reference inside text is spliced in as PHP would.
 */
function substitute(v: unknown, results: Map<string, unknown>): unknown {
  if (typeof v === 'string') {
    const re = /\$result([^\s]*)/gi
    let out: unknown = v
    for (const m of v.matchAll(re)) {
      const segs = [...m[1]!.matchAll(/\[([^\]]+)\]/g)].map(s => s[1]!)
      if (!segs.length) continue
      let r: unknown = Object.fromEntries(results)
      for (const key of segs) {
        if (r !== null && typeof r === 'object' && key in r && (r as Record<string, unknown>)[key] !== null) {
          r = (r as Record<string, unknown>)[key]
        } else break
      }
      out = m[0] === v ? r : String(out).replace(m[0], () => phpString(r))
    }
    return out
  }
  if (Array.isArray(v)) return v.map(x => substitute(x, results))
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, results)]))
  }
  return v
}

export function runBatch(
  params: Params,
  call: (method: string, params: Params) => SubOutcome,
  time: () => unknown,
): BatchRun {
  const cmd = params.cmd
  const entries: Array<[string, unknown]> = Array.isArray(cmd)
    ? cmd.map((c, i) => [String(i), c])
    : cmd !== null && typeof cmd === 'object' ? Object.entries(cmd) : []
  if (entries.length > BATCH_MAX) throw batchTooLong()
  const halt = truthy(params.halt)

  const result = new Map<string, unknown>()
  const errors: Array<[string, unknown]> = []
  const totals: Array<[string, unknown]> = []
  const nexts: Array<[string, unknown]> = []
  const times: Array<[string, unknown]> = []
  const methods: string[] = []

  // Every query is parsed before the first command runs: one the emulator
  // refuses (parsePhpQuery: an unsafe name) fails the whole batch, with nothing applied.
  const commands = entries.flatMap(([key, row]) => {
    if (typeof row !== 'string') return [] // PHP skips non-string commands
    const q = row.indexOf('?')
    return [{ key, method: (q < 0 ? row : row.slice(0, q)).trim(), query: parsePhpQuery(q < 0 ? '' : row.slice(q + 1)) }]
  })

  for (const { key, method, query } of commands) {
    methods.push(method)
    const subParams = substitute(query, result) as Params
    const outcome = call(method, subParams)
    if (outcome.ok) {
      result.set(key, outcome.out.result)
      if (outcome.out.total !== undefined) totals.push([key, outcome.out.total])
      if (outcome.out.next !== undefined) nexts.push([key, outcome.out.next])
      times.push([key, time()])
    } else {
      errors.push([key, { error: outcome.error.code, error_description: outcome.error.description }])
      if (halt) break
    }
  }

  return {
    methods,
    result: {
      result: phpJson([...result.entries()]),
      result_error: phpJson(errors),
      result_total: phpJson(totals),
      result_next: phpJson(nexts),
      result_time: phpJson(times),
    },
  }
}
