import { afterAll } from 'vitest'
import { parseForm, parseRestBody } from '@emulator/host/http'
import type { Portal } from '@emulator/portal'

/**
 * `fetch` for the SDK in unit tests: a POST to a test webhook's URL reaches a
 * portal model (emulator/portal/) the way the emulator's HTTP server hands a
 * REST request over (emulator/server.ts, `handleRest`): the method from the
 * path, the query (without the SDK's `bx24_*` telemetry) and the body read
 * as the portal reads it (a form body through PHP's `parse_str`,
 * docs/bitrix24.md, REST over HTTP), then the model's status and JSON body.
 * A lost answer (the model applied the call, then its `dropConnection`) is a
 * rejected fetch, as after a socket hang-up; a hook's `holdMs` delays the answer.
 *
 * The SDK's HTTP client calls the global `fetch` (src/b24/axios-lite.ts has
 * no per-instance transport), so the first route replaces it for the test
 * file; any other URL goes to the real fetch, which is put back after the file.
 */

/** Where the test webhooks point: `https://portal.test/rest/<user>/<route>/<method>`. */
export const TEST_PORTAL_ORIGIN = 'https://portal.test'

export interface ModelRoute {
  portal: Portal
  /** the access token the request carries (a frame's `auth`; the webhook's secret only names the route) */
  auth(): string
}

const routes = new Map<string, WeakRef<ModelRoute>>()
let realFetch: typeof fetch | undefined
let routeCount = 0

afterAll(() => {
  if (realFetch) globalThis.fetch = realFetch
  realFetch = undefined
  routes.clear()
})

/**
 * A webhook URL whose requests reach `route`'s model. The route is held
 * weakly: it lives as long as whoever holds it (the port), not the test file.
 */
export function webhookUrlFor(route: ModelRoute, userId = 1): string {
  if (!realFetch) {
    realFetch = globalThis.fetch
    globalThis.fetch = portalFetch
  }
  const key = `model${++routeCount}`
  routes.set(key, new WeakRef(route))
  return `${TEST_PORTAL_ORIGIN}/rest/${userId}/${key}/`
}

async function portalFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(input instanceof Request ? input.url : String(input))
  const match = /^\/rest\/\d+\/([^/]+)\/([^/]+)$/.exec(url.pathname)
  const route = url.origin === TEST_PORTAL_ORIGIN && match ? routes.get(match[1]!)?.deref() : undefined
  if (!route) {
    if (url.origin === TEST_PORTAL_ORIGIN) throw new TypeError(`fetch failed: no test portal at ${url.pathname}`)
    return realFetch!(input, init)
  }
  const method = decodeURIComponent(match![2]!).replace(/\.json$/i, '').toLowerCase()
  const query = parseForm(url.search.slice(1))
  for (const key of Object.keys(query)) if (key.startsWith('bx24_')) delete query[key]
  const body = typeof init?.body === 'string' ? init.body : ''
  const params = { ...query, ...parseRestBody(body, new Headers(init?.headers).get('content-type') ?? undefined) }
  const answer = route.portal.rest(method, { ...params, auth: route.auth() })
  // The call was applied; the client never hears back.
  if (answer.dropConnection) throw new TypeError('fetch failed', { cause: new Error('socket hang up') })
  if (answer.holdMs) await new Promise((resolve) => setTimeout(resolve, answer.holdMs))
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } })
}
