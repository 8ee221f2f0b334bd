import { defineStore } from 'pinia'
import { computed, inject, ref, shallowRef } from 'vue'
import { B24_PORT } from '@/b24/port'
import { AppErrorCode, B24Error } from '@/b24/errors'
import {
  addCompanyComment, clearCompanyContacts, getCompanyLinks, getContactDetails, readCompany, setCompanyContacts,
  type Company, type CompanyContactLink, type ContactDetails, type PortalUser,
} from '@/b24/crm'
import { diffLinks, isSameIdSet, type LinkDiff } from '@/domain/link-diff'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/** One row of the tab: a link, with the contact's details when the user may read them. */
export interface ContactRow {
  id: number
  sort: number
  isPrimary: boolean
  details: ContactDetails | null
  /** marks after a refused (stale) clear: linked meanwhile, or unlinked meanwhile */
  change?: 'added' | 'removed'
}

/** What a confirmed clear removed: enough to put every link back. */
export interface ClearSnapshot {
  companyId: number
  links: CompanyContactLink[]
  details: Map<number, ContactDetails>
}

export type ClearOutcome =
  | { kind: 'cleared', snapshot: ClearSnapshot }
  /** nothing was linked: nothing sent, the last clear's snapshot kept */
  | { kind: 'empty' }
  /** the links changed since the user confirmed: nothing was sent */
  | { kind: 'stale', diff: LinkDiff }

export type UndoOutcome =
  | { kind: 'restored', snapshot: ClearSnapshot, diff: LinkDiff }
  /** the links now differ from the snapshot (someone changed them meanwhile) */
  | { kind: 'mismatch', snapshot: ClearSnapshot, diff: LinkDiff }

/**
 * The links between one company and its contacts, kept equal to what the
 * portal has: every change is followed by a re-read of the links. Destructive
 * actions keep a snapshot first, so they can be undone.
 */
export const useCompanyContactsStore = defineStore('company-contacts', () => {
  const port = inject(B24_PORT)
  if (!port) throw new Error('company-contacts store: no B24Port provided (app.provide(B24_PORT, port) before using the store)')

  const companyId = ref<number | null>(null)
  const company = shallowRef<Company | null>(null)
  const user = shallowRef<PortalUser | null>(null)
  const links = shallowRef<CompanyContactLink[]>([])
  const details = shallowRef<Map<number, ContactDetails>>(new Map())
  const status = ref<LoadStatus>('idle')
  /** a re-read while the list stays on screen */
  const refreshing = ref(false)
  const lastError = shallowRef<B24Error | null>(null)
  /** null until known (or when the portal would not say) */
  const canEdit = ref<boolean | null>(null)
  const clearing = ref(false)
  const undoing = ref(false)
  const loadedAt = ref(0)
  /** the last confirmed clear: Undo puts it back, for as long as the tab is open */
  const lastClear = shallowRef<ClearSnapshot | null>(null)
  /** differences found by the stale check, shown as marks until the next clear or load */
  const staleDiff = shallowRef<LinkDiff | null>(null)
  const removedMeanwhile = shallowRef<CompanyContactLink[]>([])

  const count = computed(() => links.value.length)
  const rows = computed<ContactRow[]>(() => {
    const added = new Set(staleDiff.value?.added ?? [])
    const row = (l: CompanyContactLink, change?: ContactRow['change']): ContactRow => ({
      id: l.contactId, sort: l.sort, isPrimary: l.isPrimary, details: details.value.get(l.contactId) ?? null, change,
    })
    return [
      ...links.value.map((l) => row(l, added.has(l.contactId) ? 'added' : undefined)),
      ...removedMeanwhile.value.map((l) => row(l, 'removed')),
    ]
  })
  const linkedRows = computed(() => rows.value.filter((r) => r.change !== 'removed'))

  /** the latest load: an older one that answers later is dropped */
  let loadSeq = 0

  /** Open a company: company, links, edit right and user in one request, then the details in one more. */
  async function load(id: number) {
    const seq = ++loadSeq
    companyId.value = id
    status.value = 'loading'
    lastError.value = null
    clearMarks()
    try {
      const snapshot = await readCompany(port!, id)
      const contactDetails = await getContactDetails(port!, snapshot.links.map((l) => l.contactId))
      if (seq !== loadSeq) return
      company.value = snapshot.company
      // why: the probe needs a linked contact; after a clear there is none, and
      // what was learned for this company before still holds.
      canEdit.value = snapshot.canEdit ?? (lastClear.value?.companyId === id && canEdit.value === true ? true : null)
      user.value = snapshot.user
      links.value = snapshot.links
      details.value = contactDetails
      status.value = 'ready'
      loadedAt.value = Date.now()
    } catch (error) {
      if (seq !== loadSeq) return
      lastError.value = B24Error.from(error)
      status.value = 'error'
    }
  }

  /** Show `fresh` as the server's links, fetching details only for contacts not seen before. */
  async function applyLinks(id: number, fresh: CompanyContactLink[]) {
    const missing = fresh.map((l) => l.contactId).filter((c) => !details.value.has(c))
    const added = missing.length ? await getContactDetails(port!, missing) : new Map<number, ContactDetails>()
    if (companyId.value !== id) return
    if (added.size) details.value = new Map([...details.value, ...added])
    links.value = fresh
    loadedAt.value = Date.now()
    if (status.value !== 'ready') {
      status.value = 'ready'
      lastError.value = null
    }
  }

  /** Re-read the links: what the server has now. A failure is thrown; the list stays. */
  async function reconcile(): Promise<CompanyContactLink[]> {
    const id = companyId.value
    if (id === null) return []
    refreshing.value = true
    try {
      const fresh = await getCompanyLinks(port!, id)
      await applyLinks(id, fresh)
      return fresh
    } finally {
      refreshing.value = false
    }
  }

  /** Refresh button and tab-visible refresh: a full load when nothing is shown yet, else a re-read. */
  async function refresh() {
    if (companyId.value === null) return
    if (status.value !== 'ready') return load(companyId.value)
    clearMarks()
    try {
      await reconcile()
      lastError.value = null
    } catch (error) {
      lastError.value = B24Error.from(error)
    }
  }

  function clearMarks() {
    staleDiff.value = null
    removedMeanwhile.value = []
  }

  /**
   * Unlink every contact the user confirmed. Right before the delete the links
   * are re-read: if they differ from what was confirmed, nothing is sent and
   * the differences are shown (outcome `stale`). Otherwise
   * crm.company.contact.items.delete runs and the links are re-read in the
   * same request. Success is reported only when the server shows none of the
   * confirmed links; anything else is thrown as B24Error after the list is
   * set to what the server has. The snapshot is kept for Undo whenever the
   * delete may have been applied: only a server that still shows every
   * confirmed link proves it was not.
   */
  async function clearAll(confirmed: readonly CompanyContactLink[]): Promise<ClearOutcome> {
    const id = companyId.value
    if (id === null || clearing.value || undoing.value) throw new B24Error(AppErrorCode.BUSY)
    clearing.value = true
    lastError.value = null
    try {
      const current = await getCompanyLinks(port!, id)
      if (!isSameIdSet(confirmed, current)) {
        const diff = diffLinks(confirmed, current)
        await applyLinks(id, current)
        staleDiff.value = diff
        removedMeanwhile.value = confirmed.filter((l) => diff.removed.includes(l.contactId))
        return { kind: 'stale', diff }
      }
      clearMarks()
      if (current.length === 0) return { kind: 'empty' }
      // The snapshot is taken before anything is sent: it is what Undo restores.
      const snapshot: ClearSnapshot = { companyId: id, links: current, details: details.value }
      const { writeError, after } = await clearCompanyContacts(port!, id)
      const truth = after ?? (await getCompanyLinks(port!, id).catch(() => null))
      if (truth) await applyLinks(id, truth)
      const stillLinked = new Set(truth?.map((l) => l.contactId))
      const untouched = truth !== null && current.every((l) => stillLinked.has(l.contactId))
      if (untouched) throw writeError ?? new B24Error(AppErrorCode.NOT_CONFIRMED)
      // The delete may have been applied: from here on, Undo must be possible.
      lastClear.value = snapshot
      const cleared = truth !== null && !current.some((l) => stillLinked.has(l.contactId))
      // why: a lost answer AND a failed re-read leave the outcome unknown: say so, keep Undo.
      if (!cleared) throw new B24Error(AppErrorCode.NOT_CONFIRMED, 0, writeError?.message ?? '')
      // Cleared, as the server shows, even if the delete's own answer was lost.
      // why: no event fires when links change and the card does not refresh by itself (notes §3).
      void port!.placementCall('reloadData').catch(() => {})
      return { kind: 'cleared', snapshot }
    } finally {
      clearing.value = false
    }
  }

  /**
   * Put back the links of the last clear with crm.company.contact.items.set,
   * each with its original SORT. Links made by someone else since the clear
   * are kept (items.set replaces the whole set, notes §3), so they are sent
   * too. Then re-read and compare with the snapshot. The snapshot stays until
   * the restore is confirmed, so a failed undo can be tried again.
   */
  async function undo(): Promise<UndoOutcome> {
    const snapshot = lastClear.value
    if (!snapshot || undoing.value || clearing.value) throw new B24Error(AppErrorCode.BUSY)
    undoing.value = true
    lastError.value = null
    clearMarks()
    try {
      const id = snapshot.companyId
      const current = await getCompanyLinks(port!, id)
      const restored = new Set(snapshot.links.map((l) => l.contactId))
      const keep = current.filter((l) => !restored.has(l.contactId))
      const { writeError, after } = await setCompanyContacts(port!, id, [...snapshot.links, ...keep])
      const truth = after ?? (await getCompanyLinks(port!, id).catch(() => null))
      if (truth) await applyLinks(id, truth)
      const back = truth !== null && snapshot.links.every((l) => truth.some((t) => t.contactId === l.contactId))
      if (!back) throw writeError ?? new B24Error(AppErrorCode.NOT_CONFIRMED)
      lastClear.value = null
      void port!.placementCall('reloadData').catch(() => {})
      // Restored exactly: every link with its SORT, and nothing else but the links kept above.
      const diff = diffLinks(snapshot.links, truth)
      const kept = new Set(keep.map((l) => l.contactId))
      const exact = diff.removed.length === 0 && diff.resorted.length === 0 && diff.added.every((c) => kept.has(c))
      return { kind: exact ? 'restored' : 'mismatch', snapshot, diff }
    } finally {
      undoing.value = false
    }
  }

  /** Write the trail of a clear to the company's timeline; throws B24Error when it cannot. */
  async function writeTrail(comment: string): Promise<number> {
    if (companyId.value === null) throw new B24Error(AppErrorCode.BUSY)
    return addCompanyComment(port!, companyId.value, comment)
  }

  return {
    companyId, company, user, links, details, status, refreshing, lastError, canEdit, clearing, undoing, loadedAt,
    lastClear, staleDiff, count, rows, linkedRows,
    load, refresh, reconcile, clearAll, undo, writeTrail,
  }
})
