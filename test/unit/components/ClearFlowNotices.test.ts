// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { nextTick, reactive } from 'vue'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import ClearFlowNotices from '@/components/ClearFlowNotices.vue'
import type { Notice } from '@/composables/useClearFlow'
import { mountWithApp } from '../../fakes/mount'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

const props = {
  notice: null as Notice | null, clearError: '', undoError: null, trail: 'off' as const, trailError: null, canUndo: false,
  undoing: false, undoProgress: null, keepingNote: '', offered: '', reason: () => '', clearing: false, csvNote: '',
}
const cleared: Notice = { kind: 'cleared', text: '3 contacts were unlinked from “Acme”.', notes: ['Ada was linked while you confirmed.'] }

describe('ClearFlowNotices', () => {
  it('says what happens in one live region that is there from the start; the notice itself is none', async () => {
    const state = reactive({ ...props })
    wrapper = mountWithApp(ClearFlowNotices, { props: state })
    await flushPromises()
    const announcer = () => wrapper!.find('[data-testid="announcer"]')
    expect(announcer().attributes('role')).toBe('status')
    expect(announcer().text()).toBe('')
    state.clearing = true
    await nextTick()
    expect(announcer().text()).toBe('Unlinking contacts…')
    Object.assign(state, { clearing: false, notice: cleared, canUndo: true })
    await nextTick()
    expect(announcer().text()).toBe('3 contacts were unlinked from “Acme”. Ada was linked while you confirmed.')
    expect(wrapper.findAll('[role="status"]')).toHaveLength(1)
    expect(wrapper.find('[data-testid="notice"]').attributes('role')).toBeUndefined()
    state.undoing = true
    await nextTick()
    expect(announcer().text()).toBe('Restoring the links…')
  })

  it('closes a notice and an error with their close buttons; a new one shows again', async () => {
    const state = reactive({ ...props, notice: cleared, clearError: 'The contacts were not unlinked.' })
    wrapper = mountWithApp(ClearFlowNotices, { props: state })
    await flushPromises()
    const close = (within: string) => wrapper!.find(`${within} button[aria-label="Close"]`).trigger('click')
    await close('[data-testid="notice"]')
    expect(wrapper.find('[data-testid="notice"]').exists()).toBe(false)
    await close('[role="alert"]')
    expect(wrapper.find('[role="alert"]').exists()).toBe(false)
    expect(wrapper.findComponent(ClearFlowNotices).emitted('closed')).toHaveLength(2)
    Object.assign(state, { notice: { ...cleared }, clearError: '' })
    await nextTick()
    state.clearError = 'The contacts were not unlinked.'
    await nextTick()
    expect(wrapper.find('[data-testid="notice"]').exists()).toBe(true)
    expect(wrapper.find('[role="alert"]').exists()).toBe(true)
  })
})
