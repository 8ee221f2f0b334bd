import type { ContactLink } from './types'

/** How two sets of links differ, by contact id. */
export interface LinkDiff {
  /** linked now, not in the reference */
  added: number[]
  /** in the reference, not linked now */
  removed: number[]
  /** linked in both, with another SORT */
  resorted: number[]
}

export function diffLinks(reference: readonly ContactLink[], now: readonly ContactLink[]): LinkDiff {
  const ref = new Map(reference.map((l) => [l.contactId, l]))
  const cur = new Map(now.map((l) => [l.contactId, l]))
  return {
    added: now.filter((l) => !ref.has(l.contactId)).map((l) => l.contactId),
    removed: reference.filter((l) => !cur.has(l.contactId)).map((l) => l.contactId),
    resorted: now.filter((l) => ref.has(l.contactId) && ref.get(l.contactId)!.sort !== l.sort).map((l) => l.contactId),
  }
}

export function isSameIdSet(a: readonly ContactLink[], b: readonly ContactLink[]): boolean {
  if (a.length !== b.length) return false
  const ids = new Set(a.map((l) => l.contactId))
  return b.every((l) => ids.has(l.contactId))
}

export function isEmptyDiff(d: LinkDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.resorted.length === 0
}

/** The links of `a`, then those of `b` whose contact is not in `a`, by SORT. */
export function union(a: readonly ContactLink[], b: readonly ContactLink[]): ContactLink[] {
  const ids = new Set(a.map((l) => l.contactId))
  return [...a, ...b.filter((l) => !ids.has(l.contactId))].sort((x, y) => x.sort - y.sort)
}
