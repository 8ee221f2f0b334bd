/**
 * PHP semantics the portal applies to what it receives: `parse_str` for batch
 * sub-commands, `intval` for ids, truthiness for flags, and the JSON shape of
 * PHP arrays (a list becomes `[...]`, anything else `{...}`, empty is `[]`).
 * Browser-safe: uses only TextDecoder.
 */
import { RestError } from './errors.ts'

// ignoreBOM: PHP keeps a leading byte order mark; TextDecoder would drop it
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true })
const utf8Encode = new TextEncoder()

/** PHP `urldecode`: `+` is a space, `%XX` a byte; malformed escapes stay as they are. */
export function urlDecode(s: string): string {
  if (!s.includes('%') && !s.includes('+')) return s
  // why: a batch of 50 sub-commands with 50 ids each is ~60 KB of escapes; the
  // byte loop below took most of the emulator's time on it. decodeURIComponent
  // gives the same text whenever the escapes are well formed UTF-8, and throws otherwise.
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '))
  } catch {
    return urlDecodeBytewise(s)
  }
}

/** PHP `urldecode` byte by byte: also right for malformed escapes and bytes that are not UTF-8. */
export function urlDecodeBytewise(s: string): string {
  const bytes: number[] = []
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (ch === '+') { bytes.push(0x20); continue }
    if (ch === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16))
      i += 2
      continue
    }
    // a character outside the BMP is two UTF-16 units: encode the pair together
    const char = String.fromCodePoint(s.codePointAt(i)!)
    for (const b of utf8Encode.encode(char)) bytes.push(b)
    i += char.length - 1
  }
  return utf8.decode(new Uint8Array(bytes))
}

/**
 * Keys no parsed request may carry: in JS they reach `Object.prototype`
 * (`__proto__[x]=1` would change every object in the emulator until it
 * restarts). PHP has no such trap, so a portal never sees them as special;
 * the emulator refuses them with a 400.
 */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype'])

/** How many levels of brackets (or of JSON objects and arrays) below the top: PHP's `max_input_nesting_level` default. */
export const MAX_NESTING = 64

function refuse(description: string): never {
  throw new RestError(400, 'INVALID_REQUEST', description)
}

type Node = Map<string, Node | string>

function nextIndex(m: Node): string {
  let max = -1
  for (const k of m.keys()) if (/^(0|-?[1-9]\d*)$/.test(k)) max = Math.max(max, Number(k))
  return String(max + 1)
}

/** PHP arrays as JSON values: a Map with keys 0..n-1 in order becomes an array. */
function finish(v: Node | string): unknown {
  if (typeof v === 'string') return v
  const keys = [...v.keys()]
  if (keys.every((k, i) => k === String(i))) return keys.map(k => finish(v.get(k)!))
  const o: Record<string, unknown> = Object.create(null)
  for (const k of keys) o[k] = finish(v.get(k)!)
  return o
}

/**
 * PHP `parse_str`: `filter[@ID][0]=5&select[]=ID` becomes
 * `{filter: {'@ID': ['5']}, select: ['ID']}`. Every leaf is a string, as in PHP.
 * (The SDK builds batch sub-commands with `qs-esm`'s `stringify`, brackets
 * percent-encoded; keys are decoded before the brackets are read, like PHP.)
 * Objects have no prototype; a name with an UNSAFE_KEYS part, or more than
 * MAX_NESTING brackets, throws a 400 INVALID_REQUEST.
 */
export function parsePhpQuery(query: string): Record<string, unknown> {
  const root: Node = new Map()
  for (const part of query.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const rawName = urlDecode(eq < 0 ? part : part.slice(0, eq)).replace(/^ +/, '')
    const value = eq < 0 ? '' : urlDecode(part.slice(eq + 1))
    if (rawName === '') continue
    let open = rawName.indexOf('[')
    // PHP: a '[' without a closing ']' is not an array key (becomes '_').
    if (open > 0 && rawName.indexOf(']', open) < 0) open = -1
    if (open === 0) continue
    let base = open < 0 ? rawName : rawName.slice(0, open)
    base = base.replace(/[ .]/g, '_').replace(/\[/g, '_')
    const path: Array<string | null> = [base]
    let rest = open < 0 ? '' : rawName.slice(open)
    while (rest.startsWith('[')) {
      const close = rest.indexOf(']')
      if (close < 0) break
      const seg = rest.slice(1, close)
      path.push(seg === '' ? null : seg)
      rest = rest.slice(close + 1)
    }
    if (path.some(key => key !== null && UNSAFE_KEYS.has(key))) refuse(`The parameter name ${JSON.stringify(rawName)} is not allowed`)
    if (path.length - 1 > MAX_NESTING) refuse(`${JSON.stringify(rawName)} nests deeper than ${MAX_NESTING} levels`)
    let cur = root
    for (let i = 0; i < path.length; i++) {
      const key = path[i] ?? nextIndex(cur)
      if (i === path.length - 1) {
        cur.set(key, value)
      } else {
        let child = cur.get(key)
        if (!(child instanceof Map)) {
          child = new Map()
          cur.set(key, child)
        }
        cur = child
      }
    }
  }
  const out: Record<string, unknown> = Object.create(null)
  for (const [k, v] of root) out[k] = finish(v)
  return out
}

/** PHP `intval`: numbers truncate, strings use their leading integer, anything else 0. */
export function intval(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : 0
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'string') {
    const m = /^\s*([+-]?\d+)/.exec(v)
    return m ? parseInt(m[1]!, 10) : 0
  }
  return 0
}

/** PHP truthiness: "0", "", 0, false, null and empty arrays are false. */
export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return false
  if (typeof v === 'number') return v !== 0
  if (typeof v === 'string') return v !== '' && v !== '0'
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v).length > 0
  return true
}

/** An ordered key → value map as PHP's json_encode shows it: a list → array, empty → `[]`. */
export function phpJson(entries: Array<[string, unknown]>): unknown {
  if (entries.every(([k], i) => k === String(i))) return entries.map(([, v]) => v)
  const o: Record<string, unknown> = {}
  for (const [k, v] of entries) o[k] = v
  return o
}

/** A PHP array from JSON or parse_str as a list of values (objects with keys 0..n-1, arrays, or one scalar). */
export function asList(v: unknown): unknown[] | undefined {
  if (Array.isArray(v)) return v
  if (v !== null && typeof v === 'object') return Object.values(v)
  return undefined
}

/** PHP's string conversion when a value is spliced into a string (`str_replace`). */
export function phpString(v: unknown): string {
  if (v === null || v === undefined || v === false) return ''
  if (v === true) return '1'
  if (typeof v === 'object') return 'Array'
  return String(v)
}
