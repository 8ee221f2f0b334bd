import type { AjaxResult, TypeB24 } from '@bitrix24/b24jssdk'
import { AppErrorCode, B24Error } from './errors'
import { sendFormEncoded } from './rest-transport'
import type { B24Port, BatchCommand, BatchOptions, BatchOutcome, RestParams } from './port'

/**
 * What the REST half needs of the SDK: its `actions` and its HTTP client. A
 * `B24Frame` has both (the app, sdk-port.ts), and so has a `B24Hook` (unit
 * tests drive this same code through a hook: test/fakes/portal-port.ts).
 */
export type SdkRestClient = Pick<TypeB24, 'actions' | 'getHttpClient'>

/**
 * The REST half of the port over @bitrix24/b24jssdk: one call, one batch, and
 * what the SDK makes of the portal's answers turned into the app's
 * B24Error / BatchOutcome (docs/bitrix24.md, Batch and The SDK). It has the
 * SDK post form-encoded bodies (rest-transport.ts) on the object it is given.
 * The SDK object stays in a private field: it must never enter Vue reactivity
 * (its #private fields break behind a Proxy, docs/bitrix24.md, The SDK).
 */
export class SdkRest implements Pick<B24Port, 'call' | 'batch'> {
  readonly #b24: SdkRestClient

  constructor(b24: SdkRestClient) {
    this.#b24 = b24
    sendFormEncoded(b24)
  }

  async call<T>(method: string, params: RestParams = {}): Promise<T> {
    let response: AjaxResult<T>
    try {
      response = await this.#b24.actions.v2.call.make<T>({ method, params })
    } catch (error) {
      throw fromSdkError(error)
    }
    // why: call.make throws for most failures but resolves with isSuccess
    // false for a few "soft" codes (docs/bitrix24.md, The SDK): handle both the same way.
    if (!response.isSuccess) throw fromSdkError(firstError(response.getErrors()))
    const data = response.getData()
    if (!data) throw new B24Error(AppErrorCode.BAD_ANSWER)
    return data.result
  }

  async batch<T>(commands: Record<string, BatchCommand>, options: BatchOptions = {}): Promise<Record<string, BatchOutcome<T>>> {
    const keys = Object.keys(commands)
    if (keys.length === 0) return {}
    const calls: Record<string, [string, RestParams]> = {}
    for (const key of keys) calls[key] = [commands[key]!.method, commands[key]!.params ?? {}]
    let response
    try {
      response = await this.#b24.actions.v2.batch.make<T>({
        calls,
        options: { isHaltOnError: options.halt === true, returnAjaxResult: true },
      })
    } catch (error) {
      throw fromSdkError(error)
    }
    const rows = (response.getData() ?? {}) as Record<string, AjaxResult<T> | undefined>
    const errors = response.getErrorsByKey()
    const out: Record<string, BatchOutcome<T>> = {}
    for (const key of keys) {
      const row = rows[key]
      const result = row?.isSuccess ? row.getData()?.result : undefined
      if (result !== undefined) {
        out[key] = { ok: true, result: result as T }
      } else if (row?.isSuccess) {
        // why: a sub-command that failed with `error: ""` (CRM binding methods,
        // docs/bitrix24.md, Errors) comes back from the SDK as a success without a result.
        out[key] = { ok: false, error: new B24Error('', 400, emptyCodeDescription(row)) }
      } else {
        // A command after a halting error has no row and no error of its own: it did not run.
        const error = row ? firstError(row.getErrors()) : errors[key] ?? errors['base-error'] ?? (options.halt ? new B24Error(AppErrorCode.NOT_RUN) : undefined)
        out[key] = { ok: false, error: subCommandError(error) }
      }
    }
    return out
  }
}

/**
 * why: when the portal answers `error: ""` with HTTP 400 (CRM binding methods,
 * docs/bitrix24.md, Errors), the SDK throws code ERR_BAD_REQUEST (axios's) instead of the
 * portal's empty code. Give the app the portal's shape back.
 */
function fromSdkError(error: unknown): B24Error {
  const e = B24Error.from(error)
  if (e.code !== 'ERR_BAD_REQUEST') return e
  // The portal's own description is still in the answer the SDK's AjaxError carries (its public `originalError`).
  const answer = (error as { originalError?: { response?: { data?: unknown } } } | null)?.originalError?.response?.data
  return new B24Error('', e.status || 400, portalDescription(answer) ?? e.description)
}

/**
 * The portal's description of a batch sub-command that failed with
 * `error: ""`. The SDK's row keeps the portal's answer for it, description
 * included, but hands out only `result` and `time` (getData()); the answer
 * itself is in the row's `_data` (SDK `core/http/ajax-result.mjs`, where
 * `core/interaction/batch/processing/v2/abstract-processing.mjs` puts
 * `error_description`). The app needs it: a missing company is told by
 * crm.company.get's "Not found" (crm.ts).
 */
function emptyCodeDescription(row: AjaxResult<unknown>): string {
  return portalDescription((row as unknown as { _data?: unknown })._data) ?? ''
}

function portalDescription(answer: unknown): string | undefined {
  const description = (answer as { error_description?: unknown } | null | undefined)?.error_description
  return typeof description === 'string' ? description : undefined
}

/** A sub-command's error has no HTTP status of its own (the batch answered 200). */
function subCommandError(error: unknown): B24Error {
  const e = B24Error.from(error ?? new B24Error(AppErrorCode.BAD_ANSWER))
  return new B24Error(e.code, e.status === 200 ? 0 : e.status, e.description)
}

function firstError(errors: Iterable<Error>): B24Error {
  for (const error of errors) return B24Error.from(error)
  return new B24Error(AppErrorCode.BAD_ANSWER)
}
