import { onScopeDispose, ref } from 'vue'
import { useOverlay } from '@bitrix24/b24ui-nuxt/composables/useOverlay'
import type { ItemRow } from '@/domain/types'

/** What the confirmation asks about: every contact (Clear all) or some of them, of this card's owner. */
export interface UnlinkQuestion {
  rows: readonly ItemRow[]
  mode: 'all' | 'some'
  ownerTitle: string
}

// The confirmation (the UI kit's modal and its focus handling) is a chunk of its own, loaded only for people who may clear.
const loadDialog = () => import('@/components/ClearContactsDialog.vue')

/**
 * The confirmation before unlinking, awaited where the action starts:
 * `if (await confirm.open({ rows, mode, ownerTitle })) …`. The UI kit's
 * overlay (useOverlay; B24App mounts its provider) shows the dialog and
 * resolves with the value the dialog closes with.
 *
 * `open` loads the dialog's code first, so a chunk that fails to load rejects
 * (the caller says so; nothing was sent), where a lazy component
 * (defineAsyncComponent) would leave the overlay's promise unsettled. It
 * resolves false when the question is called off (`close`, or the view going
 * away): an open dialog closes, one whose code is still loading never shows.
 * `load` is the dialog's chunk (tests hold it back or make it fail).
 */
export function useUnlinkConfirmation(load: typeof loadDialog = loadDialog) {
  const overlay = useOverlay()
  /** the dialog is loading or open: a second click waits for this one */
  const pending = ref(false)
  /** the question being asked: its overlay once shown, and whether it was called off */
  let asking: { id: symbol | null, cancelled: boolean } | null = null

  /** Fetch the dialog's code ahead of a click (after the list has painted); a failure is retried by `open`. */
  function prefetch() {
    load().catch(() => {})
  }

  async function open(question: UnlinkQuestion): Promise<boolean> {
    if (asking) return false
    // The button that asked, taken now: it is disabled while pending, which takes focus from it.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const ask: { id: symbol | null, cancelled: boolean } = { id: null, cancelled: false }
    asking = ask
    pending.value = true
    try {
      const { default: dialog } = await load()
      if (ask.cancelled) return false
      // destroyOnClose: the provider drops the overlay once its closing animation has ended.
      const modal = overlay.create(dialog, { destroyOnClose: true })
      ask.id = modal.id
      return (await modal.open({ ...question, returnFocusTo: opener })) === true
    } finally {
      asking = null
      pending.value = false
    }
  }

  /** Call off the question: an open dialog closes with no, one still loading never shows. */
  function close() {
    if (!asking) return
    asking.cancelled = true
    const id = asking.id
    if (id && overlay.overlays.some((o) => o.id === id)) overlay.close(id, false)
  }

  onScopeDispose(close)

  return { open, close, prefetch, pending }
}
