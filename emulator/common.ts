/**
 * Small pieces the server, the model, the control routes and the host page's
 * script share: plain TypeScript with no Node or DOM imports, so the host
 * page's bundle takes them as they are.
 */

/** A plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

/** `bytes` random bytes as lower-case hex (tokens, APP_SID). */
export function randomHex(bytes = 16): string {
  const a = new Uint8Array(bytes)
  globalThis.crypto.getRandomValues(a)
  return Array.from(a, b => b.toString(16).padStart(2, '0')).join('')
}

/** A client mistake the server answers with this status and a JSON error body (control API, request parsing). */
export class HttpError extends Error {
  constructor(readonly status: number, message: string, readonly headers: Readonly<Record<string, string>> = {}) {
    super(message)
  }
}
