import { defineStore } from 'pinia'
import { computed, inject, ref, shallowRef } from 'vue'
import { B24_PORT } from '@/b24/port'
import { B24Error } from '@/b24/errors'
import {
  clearCompanyContacts, getCompanyLinks, getContactDetails, readCompany,
  type Company, type CompanyContactLink, type ContactDetails,
} from '@/b24/crm'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/** One row of the tab: a link, with the contact's details when the user may read them. */
export interface ContactRow {
  id: number
  sort: number
  isPrimary: boolean
  details: ContactDetails | null
}

/** What a confirmed clear removed: enough to put every link back (issue: undo). */
export interface ClearSnapshot {
  companyId: number
  links: CompanyContactLink[]
  details: Map<number, ContactDetails>
  at: number
}

/**
 * The links between one company and its contacts, kept equal to what the
 * portal has: every change is followed by a re-read of the links.
 */
export const useCompanyContactsStore = defineStore('company-contacts', () => {
  const port = inject(B24_PORT)
  if (!port) throw new Error('company-contacts store: no B24Port provided (app.provide(B24_PORT, port) before using the store)')

  const companyId = ref<number | null>(null)
  const company = shallowRef<Company | null>(null)
  const links = shallowRef<CompanyContactLink[]>([])
  const details = shallowRef<Map<number, ContactDetails>>(new Map())
  const status = ref<LoadStatus>('idle')
  /** a re-read while the list stays on screen */
  const refreshing = ref(false)
  const lastError = shallowRef<B24Error | null>(null)
  /** null until known (or when the portal would not say) */
  const canEdit = ref<boolean | null>(null)
  const clearing = ref(false)
  const loadedAt = ref(0)
  const lastClear = shallowRef<ClearSnapshot | null>(null)

  const count = computed(() => links.value.length)
  const rows = computed<ContactRow[]>(() => links.value.map((l) => ({
    id: l.contactId,
    sort: l.sort,
    isPrimary: l.isPrimary,
    details: details.value.get(l.contactId) ?? null,
  })))

  /** Open a company: company, links and edit right in one request, then the details in one more. */
  async function load(id: number) {
    companyId.value = id
    status.value = 'loading'
    lastError.value = null
    try {
      const snapshot = await readCompany(port!, id)
      const contactDetails = await getContactDetails(port!, snapshot.links.map((l) => l.contactId))
      if (companyId.value !== id) return
      company.value = snapshot.company
      canEdit.value = snapshot.canEdit
      links.value = snapshot.links
      details.value = contactDetails
      status.value = 'ready'
      loadedAt.value = Date.now()
    } catch (error) {
      if (companyId.value !== id) return
      lastError.value = B24Error.from(error)
      status.value = 'error'
    }
  }

  /**
   * Re-read the links (what the server has now) and fetch details only for
   * contacts not seen before. A failure keeps the list and is thrown.
   */
  async function reconcile(): Promise<void> {
    const id = companyId.value
    if (id === null) return
    refreshing.value = true
    try {
      const fresh = await getCompanyLinks(port!, id)
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
    } finally {
      refreshing.value = false
    }
  }

  /** Refresh button and tab-visible refresh: a full load when nothing is shown yet, else a re-read. */
  async function refresh() {
    if (companyId.value === null) return
    if (status.value !== 'ready') return load(companyId.value)
    try {
      await reconcile()
    } catch (error) {
      lastError.value = B24Error.from(error)
    }
  }

  /**
   * Unlink every contact (crm.company.contact.items.delete), keeping a
   * snapshot first. Whatever the answer, re-read the links so the list shows
   * what the server has; a failure is thrown as B24Error for the view.
   */
  async function clearAll(): Promise<ClearSnapshot> {
    const id = companyId.value
    if (id === null || clearing.value) throw new B24Error('APP_BUSY')
    clearing.value = true
    lastError.value = null
    const snapshot: ClearSnapshot = { companyId: id, links: links.value, details: details.value, at: Date.now() }
    try {
      let failure: B24Error | null = null
      try {
        await clearCompanyContacts(port!, id)
      } catch (error) {
        failure = B24Error.from(error)
      }
      await reconcile().catch(() => {})
      if (failure) throw failure
      lastClear.value = snapshot
      // why: no event fires when links change and the card does not refresh by itself (notes §3).
      void port!.placementCall('reloadData').catch(() => {})
      return snapshot
    } finally {
      clearing.value = false
    }
  }

  return {
    companyId, company, links, details, status, refreshing, lastError, canEdit, clearing, loadedAt, lastClear,
    count, rows,
    load, refresh, reconcile, clearAll,
  }
})
