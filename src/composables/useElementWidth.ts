import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/**
 * The content width of `target` in px, kept current with a ResizeObserver
 * (0 until measured, or where there is no ResizeObserver). Layouts that depend
 * on the space the app has read this, not the window's width: in a portal the
 * frame's width follows the card, not the screen.
 */
export function useElementWidth(target: Ref<HTMLElement | null>): Ref<number> {
  const width = ref(0)
  let observer: ResizeObserver | null = null
  onMounted(() => {
    if (!target.value || typeof ResizeObserver === 'undefined') return
    observer = new ResizeObserver(([entry]) => { width.value = entry?.contentRect.width ?? 0 })
    observer.observe(target.value)
  })
  onBeforeUnmount(() => observer?.disconnect())
  return width
}
