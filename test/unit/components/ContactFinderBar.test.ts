// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import ContactFinderBar from '@/components/ContactFinderBar.vue'
import type { AppLocale } from '@/i18n'
import { mountWithApp } from '../../fakes/mount'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

const props = { query: '', sortBy: 'sort' as const, shown: 3000, selectedCount: 3000, allShownSelected: true, someShownSelected: false, canUnlink: true, busy: false }

describe('ContactFinderBar', () => {
  it.each<[AppLocale, string, string]>([
    ['en', '3,000 selected', 'Unlink 3,000 selected'],
    ['ru', 'Выбрано: 3\u00a0000', 'Отвязать выбранные (3\u00a0000)'],
    ['de', '3.000 ausgewählt', 'Auswahl lösen (3.000)'],
  ])('writes counts as the user\'s language does (%s)', async (locale, selected, button) => {
    wrapper = mountWithApp(ContactFinderBar, { props, locale })
    await flushPromises()
    expect(wrapper.find('[data-testid="selected-count"]').text()).toBe(selected)
    expect(wrapper.find('[data-testid="unlink-selected"]').text()).toBe(button)
  })

  it('names its controls: a search box, Sort, Select all (checked for every matching row)', async () => {
    wrapper = mountWithApp(ContactFinderBar, { props: { ...props, selectedCount: 0, allShownSelected: false } })
    await flushPromises()
    expect(wrapper.find('input[type="search"]').attributes('aria-label')).toBe('Search contacts')
    expect(wrapper.find('label select').exists()).toBe(true)
    expect(wrapper.find('[data-testid="select-all"]').element.closest('label')?.textContent?.trim()).toBe('Select all')
    expect(wrapper.find('[data-testid="unlink-selected"]').exists()).toBe(false)
    await wrapper.find('input[type="search"]').setValue('ada')
    expect(wrapper.findComponent(ContactFinderBar).emitted('update:query')).toEqual([['ada']])
  })
})
