import { ownerKey } from './cards'
import type { Link, Owner } from './types'

/**
 * What Undo needs after the card is reloaded, kept in the user's own app
 * options on the portal (REST user.option.set; read back from getInitData's
 * USER_OPTIONS when the tab opens).
 *
 *   cc_undo_<owner>       {"v":1,"at":<ms>,"ref":"<trail reference>","parts":<n>}
 *   cc_undo_<owner>_<i>   the i-th slice of [[itemId, sort, primary 0|1, name], …] as JSON
 *
 * <owner> is ownerKey (src/domain/cards.ts): a company's id alone, as before
 * other cards had a tab; `deal_12`, `contact_7`… for the others.
 *
 * Bitrix24's docs give no size limit for an option value (the pages of
 * user.option.set, user.option.get and BX24.userOption.set say none); the app keeps each value under PART_CHARS characters and a record
 * under MAX_PARTS values, which holds about 20,000 contacts. A larger clear
 * keeps its Undo only while the tab stays open, and the person is told.
 */
export interface UndoRecord {
  owner: Owner
  /** when the clear ran (ms since the epoch) */
  at: number
  /** the reference its timeline comment carries */
  ref: string
  links: Link[]
  /** names for display (the CSV and the notices), by contact id */
  names: Map<number, string>
}

export const UNDO_RECORD_VERSION = 1
/** How long Undo is offered after a reload. */
export const UNDO_KEEP_MS = 60 * 60 * 1000
export const PART_CHARS = 30_000
export const MAX_PARTS = 20

export function undoKey(owner: Owner): string {
  return `cc_undo_${ownerKey(owner)}`
}

const partKey = (owner: Owner, i: number) => `${undoKey(owner)}_${i}`

/** The options to save (key → string value); null when the record is too large to keep. */
export function encodeUndoRecord(r: UndoRecord, limits = { partChars: PART_CHARS, maxParts: MAX_PARTS }): Record<string, string> | null {
  const rows = r.links.map((l) => [l.itemId, l.sort, l.isPrimary ? 1 : 0, r.names.get(l.itemId) ?? ''])
  const json = JSON.stringify(rows)
  const parts = Math.max(1, Math.ceil(json.length / limits.partChars))
  if (parts > limits.maxParts) return null
  const options: Record<string, string> = {
    [undoKey(r.owner)]: JSON.stringify({ v: UNDO_RECORD_VERSION, at: r.at, ref: r.ref, parts }),
  }
  for (let i = 0; i < parts; i++) options[partKey(r.owner, i)] = json.slice(i * limits.partChars, (i + 1) * limits.partChars)
  return options
}

/** The options that drop a record (Bitrix24 has no user.option.delete: an empty value reads as missing). */
export function dropUndoRecord(owner: Owner, parts = 0): Record<string, string> {
  const options: Record<string, string> = { [undoKey(owner)]: '' }
  for (let i = 0; i < parts; i++) options[partKey(owner, i)] = ''
  return options
}

export type DecodedUndo =
  | { kind: 'none' }
  /** there is one, but it is too old (or cannot be read): drop it */
  | { kind: 'stale', parts: number }
  | { kind: 'record', record: UndoRecord, parts: number }

/** Read a record back; anything odd in it is treated as no record (it is dropped, never trusted). */
export function decodeUndoRecord(get: (key: string) => unknown, owner: Owner, now: number): DecodedUndo {
  const head = parse(get(undoKey(owner)))
  if (head === undefined) return { kind: 'none' }
  const h = (typeof head === 'object' && head !== null ? head : {}) as Record<string, unknown>
  const parts = Number.isSafeInteger(h.parts) && (h.parts as number) > 0 && (h.parts as number) <= MAX_PARTS ? h.parts as number : 0
  const at = h.at
  if (h.v !== UNDO_RECORD_VERSION || parts === 0 || typeof at !== 'number' || typeof h.ref !== 'string') return { kind: 'stale', parts }
  if (!(now - at >= 0 && now - at <= UNDO_KEEP_MS)) return { kind: 'stale', parts }
  let json = ''
  for (let i = 0; i < parts; i++) {
    const part = get(partKey(owner, i))
    if (typeof part !== 'string') return { kind: 'stale', parts }
    json += part
  }
  const rows = parse(json)
  if (!Array.isArray(rows) || rows.length === 0) return { kind: 'stale', parts }
  const links: Link[] = []
  const names = new Map<number, string>()
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== 4) return { kind: 'stale', parts }
    const [id, sort, primary, name] = row as unknown[]
    if (!Number.isSafeInteger(id) || (id as number) <= 0 || !Number.isSafeInteger(sort) || (primary !== 0 && primary !== 1) || typeof name !== 'string') return { kind: 'stale', parts }
    links.push({ itemId: id as number, sort: sort as number, isPrimary: primary === 1 })
    if (name) names.set(id as number, name)
  }
  return { kind: 'record', parts, record: { owner, at, ref: h.ref, links, names } }
}

function parse(value: unknown): unknown {
  if (typeof value !== 'string' || value === '') return undefined
  try {
    return JSON.parse(value)
  } catch {
    return null
  }
}
