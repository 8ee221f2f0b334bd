/**
 * Small helpers for tests that drive the model directly (no HTTP, no frame).
 */
import type { Portal, RestResponse } from './api.ts'
import { SEED_USERS } from './seed.ts'

export interface PortalClient {
  token: string
  /** The raw answer: `{status, body}`. */
  call(method: string, params?: Record<string, unknown>): RestResponse
  /** `body.result` of a successful call; throws with the error code otherwise. */
  result<T = unknown>(method: string, params?: Record<string, unknown>): T
}

/** Issue a token for `userId` (default: the current user) and call with it. */
export function connect(portal: Portal, userId?: number): PortalClient {
  const previous = portal.settings().userId
  if (userId !== undefined) portal.update({ userId })
  const token = portal.refreshAuth().AUTH_ID
  if (userId !== undefined) portal.update({ userId: previous })
  const call = (method: string, params: Record<string, unknown> = {}): RestResponse =>
    portal.rest(method, { ...params, auth: token })
  return {
    token,
    call,
    result<T>(method: string, params?: Record<string, unknown>): T {
      const r = call(method, params)
      const body = r.body as { result?: unknown, error?: string, error_description?: string }
      if (r.status !== 200) throw new Error(`${method}: ${r.status} ${body.error} ${body.error_description}`)
      return body.result as T
    },
  }
}

/** A client for each seeded user (seed.ts): Anna the admin, Boris the editor, Chiara read-only. */
export function seededClients(portal: Portal): { admin: PortalClient, editor: PortalClient, reader: PortalClient } {
  const as = (role: string) => connect(portal, SEED_USERS.find((u) => u.role === role)!.id)
  return { admin: as('admin'), editor: as('editor'), reader: as('readonly') }
}
