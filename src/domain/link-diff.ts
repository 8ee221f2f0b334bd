import type { Link } from './types'

/** How two sets of links differ, by contact id. */
export interface LinkDiff {
  /** linked now, not in the reference */
  added: number[]
  /** in the reference, not linked now */
  removed: number[]
  /** linked in both, with another SORT */
  resorted: number[]
}

export function diffLinks(reference: readonly Link[], now: readonly Link[]): LinkDiff {
  const ref = new Map(reference.map((l) => [l.itemId, l]))
  const cur = new Map(now.map((l) => [l.itemId, l]))
  return {
    added: now.filter((l) => !ref.has(l.itemId)).map((l) => l.itemId),
    removed: reference.filter((l) => !cur.has(l.itemId)).map((l) => l.itemId),
    resorted: now.filter((l) => ref.has(l.itemId) && ref.get(l.itemId)!.sort !== l.sort).map((l) => l.itemId),
  }
}

export function isSameIdSet(a: readonly Link[], b: readonly Link[]): boolean {
  if (a.length !== b.length) return false
  const ids = new Set(a.map((l) => l.itemId))
  return b.every((l) => ids.has(l.itemId))
}

export function isEmptyDiff(d: LinkDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.resorted.length === 0
}

/** The links of `a`, then those of `b` whose contact is not in `a`, by SORT. */
export function union(a: readonly Link[], b: readonly Link[]): Link[] {
  const ids = new Set(a.map((l) => l.itemId))
  return [...a, ...b.filter((l) => !ids.has(l.itemId))].sort((x, y) => x.sort - y.sort)
}
