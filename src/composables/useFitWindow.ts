import { inject, onBeforeUnmount, onMounted, type Ref } from 'vue'
import { B24_PORT } from '@/b24/port'

/**
 * Keep the frame as tall as the app's content: Bitrix24 apps must not show
 * scrollbars in the frame at ≥1280 px (docs/bitrix24.md, Market rules), and the SDK's fitWindow is
 * fire-and-forget, so call it again whenever the content's size changes.
 */
export function useFitWindow(target: Ref<HTMLElement | null>) {
  const port = inject(B24_PORT, null)
  let observer: ResizeObserver | null = null
  let frame = 0

  onMounted(() => {
    if (!port || !target.value || typeof ResizeObserver === 'undefined') return
    observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        if (target.value) void port.fitWindow(target.value.offsetHeight).catch(() => {})
      })
    })
    observer.observe(target.value)
  })
  onBeforeUnmount(() => {
    observer?.disconnect()
    cancelAnimationFrame(frame)
  })
}
