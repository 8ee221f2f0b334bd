// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { mount, type VueWrapper } from '@vue/test-utils'
import { useVisibleAgain } from '@/composables/useVisibleAgain'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  vi.useRealTimers()
})

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state })
  document.dispatchEvent(new Event('visibilitychange'))
}

describe('useVisibleAgain', () => {
  it('refreshes when the tab comes back after the stale time, not before, and not after unmount', () => {
    vi.useFakeTimers({ now: 1_000_000 })
    const refresh = vi.fn()
    const loadedAt = 1_000_000
    wrapper = mount(defineComponent({ setup() { useVisibleAgain(refresh, () => loadedAt, 30_000); return () => h('div') } }))
    setVisibility('hidden')
    vi.setSystemTime(1_000_000 + 10_000)
    setVisibility('visible')
    expect(refresh).not.toHaveBeenCalled()
    vi.setSystemTime(1_000_000 + 45_000)
    setVisibility('hidden')
    expect(refresh).not.toHaveBeenCalled()
    setVisibility('visible')
    expect(refresh).toHaveBeenCalledTimes(1)
    wrapper.unmount()
    wrapper = undefined
    setVisibility('visible')
    expect(refresh).toHaveBeenCalledTimes(1)
  })
})
