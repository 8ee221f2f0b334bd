// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import ContactListRow from '@/components/ContactListRow.vue'
import type { ContactRow } from '@/stores/company-contacts'
import { mountWithApp } from '../../fakes/mount'

let wrapper: VueWrapper | undefined
afterEach(() => wrapper?.unmount())

const row = (over: Partial<ContactRow> = {}): ContactRow => ({
  id: 7, sort: 10, isPrimary: true,
  details: { id: 7, name: '<img src=x onerror=alert(1)>', lastName: '', secondName: '', post: '<b>Quality</b>', photoUrl: null, phones: ['+44 20 7946 0011'], emails: ['q@example.test'] },
  ...over,
})

describe('ContactListRow', () => {
  it('shows contact data as text, never as HTML', async () => {
    wrapper = mountWithApp(ContactListRow, { props: { row: row(), position: 1, total: 1 } })
    await flushPromises()
    expect(wrapper.find('img[src="x"]').exists()).toBe(false)
    expect(wrapper.find('b').exists()).toBe(false)
    expect(wrapper.text()).toContain('<img src=x onerror=alert(1)>')
    expect(wrapper.text()).toContain('<b>Quality</b>')
    expect(wrapper.find('a[href="tel:+44 20 7946 0011"]').exists()).toBe(true)
    expect(wrapper.find('a[href="mailto:q@example.test"]').exists()).toBe(true)
  })

  it('names a contact the user may not read by its id, with a hint', async () => {
    wrapper = mountWithApp(ContactListRow, { props: { row: row({ details: null, isPrimary: false }), position: 3, total: 9 }, locale: 'de' })
    await flushPromises()
    expect(wrapper.find('button').attributes('aria-label')).toBe('Kontakt #7 öffnen')
    expect(wrapper.text()).toContain('Sie dürfen die Details dieses Kontakts nicht sehen.')
    expect(wrapper.find('[data-testid="main-company"]').exists()).toBe(false)
    expect(wrapper.find('li').attributes()).toMatchObject({ 'aria-posinset': '3', 'aria-setsize': '9' })
  })

  it('opens the contact when its name is clicked', async () => {
    wrapper = mountWithApp(ContactListRow, { props: { row: row(), position: 1, total: 1 } })
    await flushPromises()
    await wrapper.find('button').trigger('click')
    const inner = wrapper.findComponent(ContactListRow)
    expect(inner.emitted('open')).toEqual([[7]])
  })
})
