import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { AppErrorCode, B24Error } from '@/b24/errors'
import type { CompanyContactLink } from '@/b24/crm'
import { errorMessageKey } from '@/i18n/error-message'
import { contactsCsv, downloadText, type CsvContact } from '@/domain/export-csv'
import { trailComment } from '@/domain/trail'
import { useCompanyContactsStore, type ClearSnapshot } from '@/stores/company-contacts'

export type Notice =
  | { kind: 'cleared', text: string }
  | { kind: 'stale', text: string }
  | { kind: 'restored', text: string, note: string }
  | { kind: 'mismatch', text: string, note: string }

export type TrailState = 'off' | 'writing' | 'written' | 'failed'

/**
 * What happens around a clear, for the view: the clear itself with its stale
 * check, the timeline trail, Undo, the CSV downloads, and the words for each
 * outcome. The store does the work; this turns outcomes into messages.
 */
export function useClearFlow(options: { trailEnabled: () => boolean, companyTitle: () => string }) {
  const { t } = useI18n()
  const store = useCompanyContactsStore()
  const notice = shallowRef<Notice | null>(null)
  const clearError = shallowRef<B24Error | null>(null)
  const undoError = shallowRef<B24Error | null>(null)
  const trail = ref<TrailState>('off')
  const trailError = shallowRef<B24Error | null>(null)

  const reason = (e: B24Error | null) => (e ? t(errorMessageKey(e)) : '')

  function reset() {
    notice.value = null
    clearError.value = null
    undoError.value = null
  }

  async function clear(confirmed: readonly CompanyContactLink[]) {
    reset()
    try {
      const outcome = await store.clearAll(confirmed)
      if (outcome.kind === 'stale') {
        notice.value = { kind: 'stale', text: t('contacts.stale', { added: outcome.diff.added.length, removed: outcome.diff.removed.length }) }
        return
      }
      if (outcome.kind === 'empty') return
      const n = outcome.snapshot.links.length
      notice.value = { kind: 'cleared', text: t('contacts.clear_all.done', { count: n, company: options.companyTitle() }, n) }
      await writeTrail(outcome.snapshot)
    } catch (error) {
      clearError.value = B24Error.from(error)
    }
  }

  /** The confirmation could not be shown (its code did not load): nothing was sent. */
  function failToConfirm() {
    reset()
    clearError.value = new B24Error(AppErrorCode.UNKNOWN, 0, 'the confirmation dialog did not load')
  }

  /** What a failed clear means for the person: refused, unknown, or not done. */
  const clearErrorText = computed(() => {
    const e = clearError.value
    if (!e) return ''
    if (e.code === AppErrorCode.NOT_CONFIRMED) return t('contacts.clear_all.not_confirmed')
    if (e.code === 'ACCESS_DENIED') return t('contacts.clear_all.denied')
    return t('contacts.clear_all.failed', { reason: reason(e) })
  })

  async function writeTrail(snapshot: ClearSnapshot) {
    trailError.value = null
    if (!options.trailEnabled()) {
      trail.value = 'off'
      return
    }
    trail.value = 'writing'
    const comment = trailComment(snapshot.links, snapshot.details, {
      heading: t('contacts.trail.heading', { user: store.user?.name || t('contacts.trail.someone'), count: snapshot.links.length }, snapshot.links.length),
      unnamed: (id) => t('contacts.no_name', { id }),
    })
    try {
      await store.writeTrail(comment)
      trail.value = 'written'
    } catch (error) {
      trailError.value = B24Error.from(error)
      trail.value = 'failed'
    }
  }

  async function undo() {
    reset()
    try {
      const outcome = await store.undo()
      const n = outcome.snapshot.links.length
      const hadOtherMain = outcome.snapshot.links.filter((l) => !l.isPrimary).length
      const note = hadOtherMain > 0 ? t('contacts.undo.primary_note', { count: hadOtherMain }) : ''
      trail.value = 'off'
      notice.value = outcome.kind === 'restored'
        ? { kind: 'restored', text: t('contacts.undo.done', { count: n, company: options.companyTitle() }, n), note }
        : {
            kind: 'mismatch',
            note,
            text: t('contacts.undo.mismatch', { missing: outcome.diff.removed.length, resorted: outcome.diff.resorted.length, extra: outcome.diff.added.length }),
          }
    } catch (error) {
      undoError.value = B24Error.from(error)
    }
  }

  async function download(rows: readonly CsvContact[], prefix: string) {
    const csv = await contactsCsv(rows, {
      id: t('contacts.csv.id'), name: t('contacts.csv.name'), position: t('contacts.csv.position'),
      phones: t('contacts.csv.phones'), emails: t('contacts.csv.emails'), mainCompany: t('contacts.csv.main_company'),
      sort: t('contacts.csv.sort'), yes: t('contacts.csv.yes'), no: t('contacts.csv.no'),
    })
    const name = `${t('contacts.csv.file_name', { company: slug(options.companyTitle()) })}${prefix}.csv`
    downloadText(name, csv)
  }

  /** The contacts linked now. */
  function downloadCurrent() {
    return download(store.linkedRows, '')
  }

  /** The contacts the last clear unlinked (kept until Undo succeeds). */
  function downloadUnlinked() {
    const snapshot = store.lastClear
    if (!snapshot) return Promise.resolve()
    const rows = snapshot.links.map((l) => ({ id: l.contactId, sort: l.sort, isPrimary: l.isPrimary, details: snapshot.details.get(l.contactId) ?? null }))
    return download(rows, '-unlinked')
  }

  return {
    notice, clearError, clearErrorText, undoError, trail, trailError, reason,
    clear, undo, downloadCurrent, downloadUnlinked, reset, failToConfirm,
  }
}

function slug(title: string): string {
  return title.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60) || 'company'
}
