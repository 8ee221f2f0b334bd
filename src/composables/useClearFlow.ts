import { computed, ref, shallowRef } from 'vue'
import { useCardWords } from '@/composables/useCardWords'
import { AppErrorCode, B24Error } from '@/b24/errors'
import type { ItemDetails, Link } from '@/domain/types'
import { errorMessageKey } from '@/i18n/error-message'
import { contactsCsv, csvSeparator, type CsvContact } from '@/domain/export-csv'
import { downloadText } from '@/ui/download'
import { contactFullName } from '@/domain/contact-name'
import { isolate } from '@/domain/bidi'
import { trailComment } from '@/domain/trail'
import { useLinksStore, type ClearSnapshot } from '@/stores/links'

export type Notice =
  | { kind: 'cleared', text: string, notes: string[] }
  | { kind: 'restored', text: string, notes: string[] }
  | { kind: 'mismatch', text: string, notes: string[] }

export type TrailState = 'off' | 'writing' | 'written' | 'failed'

/** How many names a notice spells out before "and N more". */
const NAMES_SHOWN = 5

/**
 * What happens around a clear, for the view: the clear, the timeline trail,
 * Undo, the CSV downloads, and the words for each outcome. The store does the
 * work; this turns outcomes into messages.
 */
export function useClearFlow(options: { trailEnabled: () => boolean, ownerTitle: () => string, isAdmin: () => boolean }) {
  const { t, n: num, locale } = useCardWords()
  const store = useLinksStore()
  const notice = shallowRef<Notice | null>(null)
  const clearError = shallowRef<B24Error | null>(null)
  const undoError = shallowRef<B24Error | null>(null)
  const trail = ref<TrailState>('off')
  const trailError = shallowRef<B24Error | null>(null)
  /** the confirmation's code did not load, so nothing was asked or sent */
  const confirmFailed = ref(false)

  const reason = (e: B24Error | null) => (e ? t(errorMessageKey(e)) : '')
  const owner = () => isolate(options.ownerTitle())

  function reset() {
    notice.value = null
    clearError.value = null
    undoError.value = null
    confirmFailed.value = false
  }

  /** "Ada Quill, Boris Petrov and 3 more": names isolated, so none can turn the sentence around. */
  function names(links: readonly Link[], details: ReadonlyMap<number, ItemDetails>): string {
    const shown = links.slice(0, NAMES_SHOWN).map((l) => isolate(contactFullName(details.get(l.itemId) ?? null) || t('contacts.no_name', { id: l.itemId })))
    const more = links.length - shown.length
    return more > 0 ? t('contacts.names_and_more', { names: shown.join(', '), count: num(more) }, more) : shown.join(', ')
  }

  /** Clear all (`what` 'all') or unlink a selection ('some'): the store does it, this says what happened. */
  async function clear(confirmed: readonly Link[], what: 'all' | 'some' = 'all') {
    reset()
    try {
      const outcome = what === 'all' ? await store.clearAll(confirmed) : await store.unlinkSelected(confirmed)
      if (outcome.kind === 'empty') return
      const { snapshot, putBack, notPutBack, alreadyGone } = outcome
      // what the person confirmed and this clear unlinked
      const n = snapshot.links.length - notPutBack.length
      const notes: string[] = []
      const all = store.details
      if (putBack.length) notes.push(t('contacts.clear_all.put_back', { names: names(putBack, all) }, putBack.length))
      if (notPutBack.length) notes.push(t('contacts.clear_all.not_put_back', { names: names(notPutBack, all) }, notPutBack.length))
      if (alreadyGone.length) notes.push(t('contacts.clear_all.already_gone', { names: names(alreadyGone, all) }, alreadyGone.length))
      notice.value = { kind: 'cleared', text: t('contacts.clear_all.done', { count: num(n), title: owner() }, n), notes }
      if (snapshot.links.length) await writeTrail(snapshot, 'clear')
    } catch (error) {
      clearError.value = B24Error.from(error)
    }
  }

  /** The confirmation could not be shown (its code did not load): nothing was sent. */
  function failToConfirm() {
    reset()
    confirmFailed.value = true
  }

  /** What a failed clear means for the person: refused, unknown, or not done. */
  const clearErrorText = computed(() => {
    // Not Bitrix24's doing: the app's own code did not arrive; a reload fetches it again.
    if (confirmFailed.value) return t('contacts.clear_all.failed', { reason: t('boot.failed_text') })
    const e = clearError.value
    if (!e) return ''
    if (e.code === AppErrorCode.NOT_CONFIRMED) return t('contacts.clear_all.not_confirmed')
    // An administrator has no one to ask: the portal refused the change itself.
    if (e.code === 'ACCESS_DENIED') return t(options.isAdmin() ? 'contacts.clear_all.denied_admin' : 'contacts.clear_all.denied')
    return t('contacts.clear_all.failed', { reason: reason(e) })
  })

  /** Where Undo is kept, when that is worth saying: only in this tab (saving it on the portal failed, or it is too large). */
  const keepingNote = computed(() => {
    const keeping = store.undoKeeping
    return keeping === 'tab' || keeping === 'too-large' ? t(`contacts.undo.kept_${keeping === 'tab' ? 'tab' : 'too_large'}`) : ''
  })

  /**
   * The timeline comment of a clear (every contact it unlinked) or of its Undo
   * (every contact linked again). Each carries the clear's reference, so a
   * comment the SDK sent twice is found and removed (store.writeComment).
   */
  async function writeTrail(snapshot: ClearSnapshot, kind: 'clear' | 'undo') {
    trailError.value = null
    if (!options.trailEnabled()) {
      trail.value = 'off'
      return
    }
    trail.value = 'writing'
    const count = snapshot.links.length
    const who = store.user?.name || t('contacts.trail.someone')
    const ref = kind === 'clear' ? snapshot.ref : `${snapshot.ref}-U`
    const comment = trailComment(snapshot.links, snapshot.details, {
      heading: t(`contacts.trail.${kind === 'clear' ? 'heading' : 'undo_heading'}`, { user: who, count: num(count) }, count),
      unnamed: (id) => t('contacts.no_name', { id }),
    })
    try {
      await store.writeComment(`${comment}\n${t('contacts.trail.reference', { ref })}`, ref)
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
      const { snapshot } = outcome
      const n = snapshot.links.length
      trail.value = 'off'
      const resorted = outcome.diff.resorted.length
      notice.value = {
        kind: outcome.kind,
        text: t('contacts.undo.done', { count: num(n), title: owner() }, n),
        notes: resorted ? [t('contacts.undo.resorted', { count: num(resorted) }, resorted)] : [],
      }
      await writeTrail(snapshot, 'undo')
    } catch (error) {
      undoError.value = B24Error.from(error)
    }
  }

  async function download(rows: readonly CsvContact[], prefix: string) {
    const csv = await contactsCsv(rows, {
      id: t('contacts.csv.id'), name: t('contacts.csv.name'), position: t('contacts.csv.position'),
      phones: t('contacts.csv.phones'), emails: t('contacts.csv.emails'), mainCompany: t('contacts.csv.main_company'),
      sort: t('contacts.csv.sort'), yes: t('contacts.csv.yes'), no: t('contacts.csv.no'),
    }, csvSeparator(locale.value))
    const name = `${t('contacts.csv.file_name', { title: slug(options.ownerTitle()) })}${prefix}.csv`
    downloadText(name, csv)
  }

  /** Says which separator the CSV downloads use, for a note by their buttons. */
  const csvNote = computed(() => t('contacts.csv.separator_note', { separator: csvSeparator(locale.value) }))

  /** The contacts linked now. */
  function downloadCurrent() {
    return download(store.rows, '')
  }

  /** The contacts the last clear unlinked (kept until Undo succeeds). */
  function downloadUnlinked() {
    const snapshot = store.lastClear
    if (!snapshot) return Promise.resolve()
    const rows = snapshot.links.map((l) => ({ id: l.itemId, sort: l.sort, isPrimary: l.isPrimary, details: snapshot.details.get(l.itemId) ?? null }))
    return download(rows, '-unlinked')
  }

  return {
    notice, clearError, clearErrorText, undoError, trail, trailError, reason, keepingNote,
    clear, undo, downloadCurrent, downloadUnlinked, csvNote, reset, failToConfirm,
  }
}

function slug(title: string): string {
  return title.normalize('NFKC').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').toLowerCase().slice(0, 60) || 'record'
}
