import { onBeforeUnmount, onMounted } from 'vue'

/**
 * Call `refresh` when the tab becomes visible again after at least `staleMs`
 * since `lastLoadedAt()`: links can change elsewhere and Bitrix24 fires no
 * event for it (docs/bitrix24.md, CRM links).
 */
export function useVisibleAgain(refresh: () => void, lastLoadedAt: () => number, staleMs = 30_000) {
  function onVisibility() {
    if (document.visibilityState === 'visible' && Date.now() - lastLoadedAt() >= staleMs) refresh()
  }
  onMounted(() => document.addEventListener('visibilitychange', onVisibility))
  onBeforeUnmount(() => document.removeEventListener('visibilitychange', onVisibility))
}
