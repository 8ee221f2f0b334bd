import { onBeforeUnmount, onMounted, type Ref } from 'vue'

/**
 * Ask before the page goes while `dirty` (unsaved changes): the browser's
 * own "Leave site?" question on reload, close or a navigation of the frame.
 * Browsers show their own words; the page only asks for the question.
 */
export function useLeaveGuard(dirty: Readonly<Ref<boolean>>) {
  function onBeforeUnload(event: BeforeUnloadEvent) {
    if (!dirty.value) return
    event.preventDefault()
    // why: older Chromium and Safari ask only when returnValue is set as well
    event.returnValue = ''
  }
  onMounted(() => window.addEventListener('beforeunload', onBeforeUnload))
  onBeforeUnmount(() => window.removeEventListener('beforeunload', onBeforeUnload))
}
