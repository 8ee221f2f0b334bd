import { defineStore } from 'pinia'
import { computed, inject, ref, shallowRef } from 'vue'
import { B24_PORT } from '@/b24/port'
import { AppErrorCode, B24Error } from '@/b24/errors'
import {
  addComment, clearAllLinks, clearRecordKey, deleteComments, recoverClearRecord, getLinks, getItemDetails, latestComments,
  linkAgain, openOwner, unlinkItems,
  type OpenedOwner, type TimelineComment,
} from '@/b24/crm'
import { saveUserOptions } from '@/b24/user-options'
import { ownerKey, sameOwner } from '@/domain/cards'
import type { ItemDetails, Link, ItemRow, Owner, OwnerInfo, PortalUser } from '@/domain/types'
import { contactFullName } from '@/domain/contact-name'
import { diffLinks, union, type LinkDiff } from '@/domain/link-diff'
import { decodeUndoRecord, dropUndoRecord, encodeUndoRecord } from '@/domain/undo-record'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/** Where the Undo of a clear is kept: in the user's options on the portal (it survives a reload), or only in this tab. */
export type UndoKeeping = 'saving' | 'portal' | 'tab' | 'too-large'

/** What a clear removed: enough to put every link back. */
export interface ClearSnapshot {
  owner: Owner
  links: Link[]
  /** the items' details when the clear ran (after a reload: only their names, as kept) */
  details: Map<number, ItemDetails>
  /** the reference its timeline comments carry, so a re-sent comment is recognised */
  ref: string
  /** when the clear ran (ms) */
  at: number
  /** read back from the user's options after a reload of the card */
  kept?: true
}

export type ClearOutcome =
  | {
    kind: 'cleared'
    snapshot: ClearSnapshot
    /** contacts linked while the person confirmed: unlinked by the delete with the rest, and linked again at once */
    putBack: Link[]
    /** such contacts that could not be linked again: they are in the snapshot, for Undo */
    notPutBack: Link[]
    /** confirmed, but no longer linked when the delete ran (someone else unlinked them) */
    alreadyGone: Link[]
  }
  /** nothing was linked: nothing sent, the last clear's snapshot kept */
  | { kind: 'empty' }

export type UndoOutcome =
  | { kind: 'restored', snapshot: ClearSnapshot, diff: LinkDiff }
  /** every link is back, but someone linked some of them again meanwhile with another SORT (their choice is kept) */
  | { kind: 'mismatch', snapshot: ClearSnapshot, diff: LinkDiff }

/**
 * The links between one card's owner (a company, deal, lead, quote or
 * contact) and its items (contacts, or a contact's companies), kept equal to
 * what the portal has: every change is followed by a re-read of the links,
 * and a newer read always wins over an older one. Destructive actions keep a
 * record of what they removed, built from a read in the same request as the
 * delete. Which REST methods serve the card: src/b24/pairs.ts.
 */
export const useLinksStore = defineStore('links', () => {
  const port = inject(B24_PORT)
  if (!port) throw new Error('links store: no B24Port provided (app.provide(B24_PORT, port) before using the store)')

  const owner = shallowRef<Owner | null>(null)
  /** the owner's title as read (null until the first read) */
  const info = shallowRef<OwnerInfo | null>(null)
  const user = shallowRef<PortalUser | null>(null)
  const links = shallowRef<Link[]>([])
  const details = shallowRef<Map<number, ItemDetails>>(new Map())
  const status = ref<LoadStatus>('idle')
  /** a re-read while the list stays on screen */
  const refreshing = ref(false)
  const lastError = shallowRef<B24Error | null>(null)
  /** null until known (or when the portal would not say) */
  const canEdit = ref<boolean | null>(null)
  /** the permission probe linked this contact by accident and could not unlink it again */
  const probeLeftLinked = ref<number | null>(null)
  const clearing = ref(false)
  const undoing = ref(false)
  /** contacts linked again so far by a running Undo, of how many */
  const undoProgress = shallowRef<{ done: number, total: number } | null>(null)
  const loadedAt = ref(0)
  /** the last clear: Undo puts it back, also after a reload (see undoKeeping) */
  const lastClear = shallowRef<ClearSnapshot | null>(null)
  const undoKeeping = ref<UndoKeeping | null>(null)
  /** marks after a clear: contacts linked meanwhile, unlinked with the rest and linked again */
  const linkedMeanwhile = shallowRef<ReadonlySet<number>>(new Set())

  const count = computed(() => links.value.length)
  const rows = computed<ItemRow[]>(() => links.value.map((l) => ({
    id: l.itemId, sort: l.sort, isPrimary: l.isPrimary, details: details.value.get(l.itemId) ?? null,
    change: linkedMeanwhile.value.has(l.itemId) ? 'added' : undefined,
  })))

  /**
   * Every read of the links takes a number when it is sent; an answer is shown
   * only if no read sent after it has been shown already (a slow refresh that
   * started before a clear never overwrites the clear's re-read).
   */
  let readSeq = 0
  let shownSeq = 0
  /** the latest load: an older one that fails later does not show its error */
  let loadSeq = 0
  /** cards whose kept Undo (from the frame's init data) was looked at: once a page */
  const undoChecked = new Set<string>()
  /** how many parts the kept Undo record of lastClear has on the portal (to drop them) */
  let keptParts = 0

  /**
   * Open a card: owner, links, edit right and user in one request, then the
   * details in one more (openOwner). `opened` is that read when it is already
   * under way (main.ts starts it before the UI loads).
   */
  async function load(id: Owner, opened?: Promise<OpenedOwner>) {
    const seq = ++readSeq
    loadSeq = seq
    if (!sameOwner(owner.value, id)) info.value = null
    owner.value = id
    status.value = 'loading'
    lastError.value = null
    linkedMeanwhile.value = new Set()
    try {
      const { details: itemDetails, ...snapshot } = await (opened ?? openOwner(port!, id))
      if (seq !== loadSeq || seq < shownSeq) return
      shownSeq = seq
      info.value = snapshot.owner
      // why: the probe needs a linked item; after a clear there is none, and
      // what was learned for this card before still holds.
      canEdit.value = snapshot.canEdit ?? (sameOwner(lastClear.value?.owner, id) && canEdit.value === true ? true : null)
      probeLeftLinked.value = snapshot.probeLeftLinked
      user.value = snapshot.user
      links.value = snapshot.links
      details.value = itemDetails
      status.value = 'ready'
      loadedAt.value = Date.now()
      adoptKeptUndo(id)
    } catch (error) {
      if (seq !== loadSeq) return
      lastError.value = B24Error.from(error)
      status.value = 'error'
    }
  }

  /** Show `fresh` (read as number `seq`) as the server's links, fetching details only for items not seen before. */
  async function applyLinks(id: Owner, fresh: Link[], seq: number): Promise<boolean> {
    if (seq < shownSeq) return false
    const missing = fresh.map((l) => l.itemId).filter((c) => !details.value.has(c))
    const added = missing.length ? await getItemDetails(port!, id.card, missing).catch(() => new Map<number, ItemDetails>()) : new Map<number, ItemDetails>()
    if (!sameOwner(owner.value, id) || seq < shownSeq) return false
    shownSeq = seq
    if (added.size) details.value = new Map([...details.value, ...added])
    links.value = fresh
    loadedAt.value = Date.now()
    if (status.value !== 'ready') {
      status.value = 'ready'
      lastError.value = null
    }
    return true
  }

  /** Re-read the links: what the server has now (null when that read fails). */
  async function reread(id: Owner): Promise<Link[] | null> {
    const seq = ++readSeq
    const fresh = await getLinks(port!, id).catch(() => null)
    if (fresh) await applyLinks(id, fresh, seq)
    return fresh
  }

  /**
   * What the server has after a write: the links its own request re-read
   * (`after`, read as number `seq`), else a fresh re-read (null when that fails too).
   */
  async function truthAfter(id: Owner, seq: number, after: Link[] | null): Promise<Link[] | null> {
    if (!after) return reread(id)
    await applyLinks(id, after, seq)
    return after
  }

  /**
   * Run one unlinking action (Clear all, a selection): one at a time, never
   * during an Undo; `clearing` while it runs. `record` keeps its snapshot for
   * Undo merged with a clear of the same card not undone yet, so a second
   * one never makes the first one's links unrecoverable.
   */
  async function unlinking(run: (id: Owner, record: (s: ClearSnapshot) => ClearSnapshot, older: ClearSnapshot | null) => Promise<ClearOutcome>): Promise<ClearOutcome> {
    const id = owner.value
    if (id === null || clearing.value || undoing.value) throw new B24Error(AppErrorCode.BUSY)
    clearing.value = true
    lastError.value = null
    linkedMeanwhile.value = new Set()
    try {
      const older = sameOwner(lastClear.value?.owner, id) ? lastClear.value : null
      return await run(id, (snapshot) => (older ? mergeSnapshots(snapshot, older) : snapshot), older)
    } finally {
      clearing.value = false
    }
  }

  /** Refresh button and tab-visible refresh: a full load when nothing is shown yet, else a re-read. */
  async function refresh() {
    const id = owner.value
    if (id === null) return
    if (status.value !== 'ready') return load(id)
    linkedMeanwhile.value = new Set()
    refreshing.value = true
    const seq = ++readSeq
    try {
      await applyLinks(id, await getLinks(port!, id), seq)
      lastError.value = null
    } catch (error) {
      lastError.value = B24Error.from(error)
    } finally {
      refreshing.value = false
    }
  }

  /**
   * Unlink every item, as one request: read the links, delete them all,
   * read again (clearAllLinks). The record of the clear (Undo, the
   * trail, the CSV) is built from the read that ran right before the delete,
   * so it holds every link the delete removed, also one a colleague made
   * after the person confirmed: such links are put back at once (they were
   * never confirmed) and reported. Success is reported only when the server
   * shows none of the links any more; the record is kept whenever the delete
   * may have been applied.
   */
  function clearAll(confirmed: readonly Link[]): Promise<ClearOutcome> {
    return unlinking(async (id, withOlder, older) => {
      const seq = ++readSeq
      const ref = newRef()
      const { before, writeError, after } = await clearAllLinks(port!, id, ref)
      const truth = await truthAfter(id, seq, after)
      // What this clear may have unlinked: what the server had right before the
      // delete. When that read is unknown or empty (a lost answer, or the SDK's
      // second run of the request after one), the copy the first run saved on
      // the portal tells; what the person confirmed is always in the record too.
      const trusted = before && before.length > 0 ? before : await recoverClearRecord(port!, id, ref)
      // A confirmed link the read did not show is in the record too: the read may be a later run's.
      const candidates = union(trusted ?? [], confirmed)
      if (candidates.length === 0) return { kind: 'empty' }
      const confirmedIds = new Set(confirmed.map((l) => l.itemId))
      if (!truth) {
        // why: a lost answer AND a failed re-read leave the outcome unknown: say so, keep Undo.
        keepUndo(withOlder(newSnapshot(id, candidates, ref)))
        throw new B24Error(AppErrorCode.NOT_CONFIRMED, 0, writeError?.message ?? '')
      }
      const linkedNow = new Set(truth.map((l) => l.itemId))
      const gone = candidates.filter((l) => !linkedNow.has(l.itemId))
      if (gone.length === 0) throw writeError ?? new B24Error(AppErrorCode.NOT_CONFIRMED)
      // The record comes first: kept before anything else is sent.
      let snapshot = newSnapshot(id, gone, ref)
      keepUndo(withOlder(snapshot))
      const beforeIds = new Set(trusted?.map((l) => l.itemId))
      const alreadyGone = trusted ? confirmed.filter((l) => !beforeIds.has(l.itemId)) : []
      const { putBack, notPutBack } = await putBackExtras(id, gone.filter((l) => !confirmedIds.has(l.itemId)))
      if (putBack.length > 0) {
        snapshot = { ...snapshot, links: gone.filter((l) => !putBack.includes(l)) }
        if (snapshot.links.length === 0 && !older) dropUndo()
        else keepUndo(withOlder(snapshot))
      }
      // why: the delete may have left some confirmed links (a partial failure): say so, keep Undo.
      if (candidates.some((l) => confirmedIds.has(l.itemId) && linkedNow.has(l.itemId))) {
        throw new B24Error(AppErrorCode.NOT_CONFIRMED, 0, writeError?.message ?? 'some links are still there')
      }
      // why: no event fires when links change and the card does not refresh by itself (docs/bitrix24.md, CRM links).
      void port!.placementCall('reloadData').catch(() => {})
      return { kind: 'cleared', snapshot, putBack, notPutBack, alreadyGone }
    })
  }

  /**
   * Unlink exactly the items the person selected and confirmed
   * (unlinkItems: crm.<owner>.<item>.delete each, never items.delete or
   * items.set), so no other link is touched whatever a colleague does
   * meanwhile. The record for Undo, the trail and the CSV holds every
   * selected contact that is no longer linked, with the SORT and main-company
   * flag read in the same request as the first deletes; one that someone
   * else had unlinked already is reported. `progress` hears how many are done.
   */
  function unlinkSelected(selected: readonly Link[]): Promise<ClearOutcome> {
    return unlinking(async (id, withOlder) => {
      if (selected.length === 0) return { kind: 'empty' }
      const seq = ++readSeq
      const { before, notLinked, failed, after } = await unlinkItems(port!, id, selected.map((l) => l.itemId))
      const truth = await truthAfter(id, seq, after)
      // The link as the server had it when the deletes began (its SORT and flag), else as the person saw it.
      const server = new Map(before?.map((l) => [l.itemId, l]))
      const chosen = selected.map((l) => server.get(l.itemId) ?? l)
      if (!truth) {
        keepUndo(withOlder(newSnapshot(id, chosen, newRef())))
        throw new B24Error(AppErrorCode.NOT_CONFIRMED, 0, firstOf(failed)?.message ?? '')
      }
      const linkedNow = new Set(truth.map((l) => l.itemId))
      const gone = chosen.filter((l) => !linkedNow.has(l.itemId))
      if (gone.length === 0) throw firstOf(failed) ?? new B24Error(AppErrorCode.NOT_CONFIRMED)
      const snapshot = newSnapshot(id, gone, newRef())
      keepUndo(withOlder(snapshot))
      // Not linked when its delete ran, and not in the read before: someone else unlinked it.
      const alreadyGone = gone.filter((l) => notLinked.has(l.itemId) && before !== null && !server.has(l.itemId))
      if (chosen.some((l) => linkedNow.has(l.itemId))) {
        throw firstOf(failed) ?? new B24Error(AppErrorCode.NOT_CONFIRMED, 0, 'some selected links are still there')
      }
      void port!.placementCall('reloadData').catch(() => {})
      return { kind: 'cleared', snapshot, putBack: [], notPutBack: [], alreadyGone }
    })
  }

  /** Link again, each with its SORT, the items a clear unlinked that nobody confirmed. */
  async function putBackExtras(id: Owner, extras: Link[]) {
    if (extras.length === 0) return { putBack: [], notPutBack: [] }
    const seq = ++readSeq
    const { failed, after } = await linkAgain(port!, id, extras)
    const truth = await truthAfter(id, seq, after)
    const back = new Set(truth?.map((l) => l.itemId))
    const putBack = extras.filter((l) => back.has(l.itemId) && !failed.has(l.itemId))
    linkedMeanwhile.value = new Set(putBack.map((l) => l.itemId))
    return { putBack, notPutBack: extras.filter((l) => !putBack.includes(l)) }
  }

  function newSnapshot(id: Owner, gone: Link[], ref: string): ClearSnapshot {
    return { owner: id, links: gone, details: details.value, ref, at: Date.now() }
  }

  /**
   * Keep the record for Undo: in the tab at once, and in the user's options on
   * the portal (it survives a reload).
   */
  function keepUndo(snapshot: ClearSnapshot) {
    lastClear.value = snapshot
    const names = new Map(snapshot.links.map((l) => [l.itemId, contactFullName(snapshot.details.get(l.itemId) ?? null)]))
    const encoded = encodeUndoRecord({ owner: snapshot.owner, at: snapshot.at, ref: snapshot.ref, links: snapshot.links, names })
    if (!encoded) {
      undoKeeping.value = 'too-large'
      return
    }
    // The clear's own copy of its read (clearAllLinks) is not needed once the record is kept.
    const options = { ...encoded, [clearRecordKey(snapshot.owner)]: '' }
    undoKeeping.value = 'saving'
    const parts = Object.keys(encoded).length - 1
    void saveKept(options).then(
      () => {
        keptParts = Math.max(keptParts, parts)
        if (lastClear.value === snapshot) undoKeeping.value = 'portal'
      },
      () => { if (lastClear.value === snapshot) undoKeeping.value = 'tab' },
    )
  }

  /** Writes of the kept record go one after the other, so an older one never lands after a newer one. */
  let keeping: Promise<unknown> = Promise.resolve()
  function saveKept(options: Record<string, string>): Promise<void> {
    const next = keeping.catch(() => {}).then(() => saveUserOptions(port!, options))
    keeping = next
    return next
  }

  /** The kept record is used up (or was never needed): drop it here and on the portal. */
  function dropUndo() {
    const snapshot = lastClear.value
    lastClear.value = null
    undoKeeping.value = null
    if (snapshot) void saveKept(dropUndoRecord(snapshot.owner, keptParts)).catch(() => {})
    keptParts = 0
  }

  /** After a reload: offer the Undo this user kept for this card, unless it expired (then drop it). */
  function adoptKeptUndo(id: Owner) {
    const key = ownerKey(id)
    if (undoChecked.has(key)) return
    undoChecked.add(key)
    const kept = decodeUndoRecord((key) => port!.initialUserOption(key), id, Date.now())
    if (kept.kind === 'stale') void saveKept(dropUndoRecord(id, kept.parts)).catch(() => {})
    if (kept.kind !== 'record' || lastClear.value) return
    const r = kept.record
    const named = new Map([...r.names].map(([itemId, name]) => [itemId, nameOnly(itemId, name)]))
    lastClear.value = { owner: id, links: r.links, details: named, ref: r.ref, at: r.at, kept: true }
    keptParts = kept.parts
    undoKeeping.value = 'portal'
  }

  /**
   * Put back the links of the last clear: crm.<owner>.<item>.add per item,
   * each with its SORT and primary flag, 50 a request (linkAgain). It never removes a link: whatever someone linked
   * before or during the Undo stays linked. Success only when the server
   * shows every link back; the record stays until then, so a failed Undo can
   * be tried again.
   */
  async function undo(): Promise<UndoOutcome> {
    const snapshot = lastClear.value
    if (!snapshot || undoing.value || clearing.value) throw new B24Error(AppErrorCode.BUSY)
    undoing.value = true
    lastError.value = null
    linkedMeanwhile.value = new Set()
    undoProgress.value = { done: 0, total: snapshot.links.length }
    try {
      const id = snapshot.owner
      const seq = ++readSeq
      const { failed, after } = await linkAgain(port!, id, snapshot.links, (done) => {
        undoProgress.value = { done, total: snapshot.links.length }
      })
      const truth = await truthAfter(id, seq, after)
      const linkedNow = new Set(truth?.map((l) => l.itemId))
      const back = truth !== null && snapshot.links.every((l) => linkedNow.has(l.itemId))
      if (!back) throw firstOf(failed) ?? new B24Error(AppErrorCode.NOT_CONFIRMED)
      dropUndo()
      void port!.placementCall('reloadData').catch(() => {})
      // Every link is back; one a colleague linked again meanwhile keeps their SORT.
      const diff = diffLinks(snapshot.links, truth)
      return { kind: diff.resorted.length === 0 ? 'restored' : 'mismatch', snapshot, diff }
    } finally {
      undoing.value = false
      undoProgress.value = null
    }
  }

  /**
   * Write a comment on the owner's timeline that carries `ref` (unique to
   * this write). The SDK re-sends a request whose answer was lost, which would
   * write the comment twice: the comments read back in the same request show
   * every copy, and all but the first are deleted. When the write itself
   * fails, the latest comments tell whether it was written after all.
   */
  async function writeComment(comment: string, ref: string): Promise<void> {
    const id = owner.value
    if (id === null) throw new B24Error(AppErrorCode.BUSY)
    let latest: TimelineComment[]
    try {
      latest = await addComment(port!, id, comment)
    } catch (error) {
      latest = await latestComments(port!, id).catch(() => [])
      if (!latest.some((c) => c.comment.includes(ref))) throw error
    }
    const copies = latest.filter((c) => c.comment.includes(ref)).map((c) => c.id).sort((a, b) => a - b)
    if (copies.length > 1) await deleteComments(port!, id, copies.slice(1)).catch(() => {})
  }

  return {
    owner, info, user, links, details, status, refreshing, lastError, canEdit, probeLeftLinked, clearing, undoing,
    undoProgress, loadedAt, lastClear, undoKeeping, count, rows,
    load, refresh, clearAll, unlinkSelected, undo, writeComment,
  }
})

/** `newer` with the links of `older` it does not have (each contact once, with the newer SORT), details of both. */
function mergeSnapshots(newer: ClearSnapshot, older: ClearSnapshot): ClearSnapshot {
  return { ...newer, links: union(newer.links, older.links), details: new Map([...older.details, ...newer.details]) }
}

/** The first error of a write that failed for some contacts (any: they share a cause in practice). */
function firstOf(failed: ReadonlyMap<number, B24Error>): B24Error | undefined {
  return failed.values().next().value
}

/** An item known only by the name kept with an Undo record. */
function nameOnly(id: number, name: string): ItemDetails {
  return { id, name, lastName: '', secondName: '', post: '', photoUrl: null, phones: [], emails: [] }
}

/** A reference for a clear's timeline comments: unique enough to tell this clear's comments from any other's. */
function newRef(): string {
  const bytes = new Uint8Array(5)
  crypto.getRandomValues(bytes)
  return `CC-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase()}`
}
