/**
 * The control API from the host page: `api('setRole', {params: {id: 2}, body: {role: 'admin'}})`.
 * The route's method, path and types come from emulator/control.ts.
 */
import { isRecord } from '../../common.ts'
import { routeRequest, type AnswerOf, type ControlRequest, type RouteName } from '../../control.ts'

/** A route's request is optional where it has no path parameters and no body. */
type Args<K extends RouteName> = Partial<ControlRequest<K>> extends ControlRequest<K> ? [req?: ControlRequest<K>] : [req: ControlRequest<K>]

export async function api<K extends RouteName>(name: K, ...args: Args<K>): Promise<AnswerOf<K>> {
  const req = (args[0] ?? {}) as ControlRequest<K>
  const { method, path } = routeRequest(name, req)
  const init: RequestInit = { method, headers: { Accept: 'application/json' } }
  if (req.body !== undefined) {
    init.body = JSON.stringify(req.body)
    init.headers = { 'Content-Type': 'application/json', Accept: 'application/json' }
  }
  const res = await fetch(path, init)
  const data = await res.json() as unknown
  if (!res.ok) {
    const text = isRecord(data) ? String(data.error_description ?? data.error ?? res.status) : String(res.status)
    throw new Error(text)
  }
  return data as AnswerOf<K>
}
