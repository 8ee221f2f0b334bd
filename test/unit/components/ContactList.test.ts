// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { nextTick, reactive } from 'vue'
import ContactList from '@/components/ContactList.vue'
import type { ItemRow } from '@/domain/types'
import { mountWithApp } from '../../fakes/mount'

let wrapper: VueWrapper | undefined
afterEach(() => wrapper?.unmount())

const row = (over: Partial<ItemRow> = {}): ItemRow => ({
  id: 7, sort: 10, isPrimary: true,
  details: { id: 7, name: '<img src=x onerror=alert(1)>', lastName: '', secondName: '', post: '<b>Quality</b>', photoUrl: null, phones: ['+44 20 7946 0011'], emails: ['q@example.test'] },
  ...over,
})

const list = (rows: ItemRow[], selected: ReadonlySet<number> = new Set()) => ({ rows, label: 'Contacts of Example Ltd', selected, canUnlink: true })
const many = (n: number): ItemRow[] => Array.from({ length: n }, (_, i) => row({ id: i + 1, sort: (i + 1) * 10, details: { ...row().details!, id: i + 1, name: `Person ${i + 1}` } }))
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve))

describe('ContactList and its rows', () => {
  it('shows contact data as text, never as HTML', async () => {
    wrapper = mountWithApp(ContactList, { props: list([row()]) })
    await flushPromises()
    expect(wrapper.find('img[src="x"]').exists()).toBe(false)
    expect(wrapper.find('b').exists()).toBe(false)
    expect(wrapper.text()).toContain('<img src=x onerror=alert(1)>')
    expect(wrapper.text()).toContain('<b>Quality</b>')
    expect(wrapper.find('a[href="tel:+44 20 7946 0011"]').exists()).toBe(true)
    expect(wrapper.find('a[href="mailto:q@example.test"]').exists()).toBe(true)
  })

  it('names a contact the user may not read by its id, with a hint', async () => {
    const rows = many(9)
    rows[2] = row({ id: 7, details: null, isPrimary: false })
    wrapper = mountWithApp(ContactList, { props: list(rows), locale: 'de' })
    await flushPromises()
    const third = wrapper.findAll('[data-testid="contact-row"]')[2]!
    expect(third.find('[data-col="1"]').attributes('aria-label')).toBe('Kontakt #7 öffnen')
    expect(third.text()).toContain('Sie dürfen die Details dieses Kontakts nicht sehen.')
    expect(third.find('[data-testid="main-company"]').exists()).toBe(false)
    expect(third.attributes()).toMatchObject({ 'aria-rowindex': '3' })
    expect(wrapper.find('[role="grid"]').attributes('aria-rowcount')).toBe('9')
    expect(wrapper.findAll('[data-testid="contact-row"]')[0]!.find('[data-testid="main-company"]').text()).toBe('Hauptunternehmen')
  })

  it('opens the contact when its name is clicked', async () => {
    wrapper = mountWithApp(ContactList, { props: list([row()]) })
    await flushPromises()
    await wrapper.find('[data-col="1"]').trigger('click')
    expect(wrapper.findComponent(ContactList).emitted('open')).toEqual([[7]])
  })

  it('paints the rows in view first, then a margin below; never thousands of rows', async () => {
    wrapper = mountWithApp(ContactList, { props: list(many(5000)) })
    // 640 px of 64 px rows: 10 in view
    expect(wrapper.findAll('[data-testid="contact-row"]')).toHaveLength(10)
    await nextFrame()
    await flushPromises()
    expect(wrapper.findAll('[data-testid="contact-row"]')).toHaveLength(18)
    expect(wrapper.findAll('[data-testid="contact-row"]').at(-1)!.attributes('aria-rowindex')).toBe('18')
  })

  it('shows each name inside its own <bdi>, so an RLO or an RTL name cannot reorder the row', async () => {
    const rlo = row({ id: 3, details: { ...row().details!, id: 3, name: 'Eve\u202Etxt.exe' } })
    const arabic = row({ id: 4, details: { ...row().details!, id: 4, name: 'محمد', lastName: 'العلي' } })
    wrapper = mountWithApp(ContactList, { props: list([rlo, arabic]) })
    await flushPromises()
    const names = wrapper.findAll('[data-col="1"]').map((b) => b.find('bdi'))
    expect(names.map((b) => b.exists())).toEqual([true, true])
    expect(names[0]!.text()).toBe('Eve\u202Etxt.exe')
    expect(names[1]!.text()).toBe('محمد العلي')
  })

  it.each([
    ['zero-width spaces', '\u200B\u200B'],
    ['a soft hyphen', '\u00AD'],
    ['an RLO', '\u202E'],
    ['mixed invisible characters', '\u200D\u2060\uFEFF\u3164\u00A0'],
  ])('names a contact whose name is only %s "Contact #ID", with no invisible initial', async (_, invisible) => {
    wrapper = mountWithApp(ContactList, { props: list([row({ details: { ...row().details!, name: invisible, lastName: invisible } })]) })
    await flushPromises()
    const button = wrapper.find('[data-col="1"]')
    expect(button.find('bdi').text()).toBe('Contact #7')
    expect(button.attributes('aria-label')).toBe('Open Contact #7')
    expect(wrapper.find('[data-slot="fallback"]').element.textContent).toBe('#')
  })

  it('takes the avatar\'s initials from visible letters only', async () => {
    wrapper = mountWithApp(ContactList, { props: list([row({ details: { ...row().details!, name: '\u200B\u202Eanna', lastName: '\u00ADlind' } })]) })
    await flushPromises()
    expect(wrapper.find('[data-slot="fallback"]').element.textContent).toBe('AL')
  })

  it('draws up to 50 rows in full (those in view first, the rest a frame later), with no scroll area of its own; above that it scrolls, virtualized', async () => {
    wrapper = mountWithApp(ContactList, { props: list(many(50)) })
    expect(wrapper.findAll('[data-testid="contact-row"]')).toHaveLength(10)
    await nextFrame()
    await flushPromises()
    expect(wrapper.findAll('[data-testid="contact-row"]')).toHaveLength(50)
    expect(wrapper.find('[data-testid="contact-scroller"]').attributes('style') ?? '').not.toContain('height')
    wrapper.unmount()
    wrapper = mountWithApp(ContactList, { props: list(many(51)) })
    await flushPromises()
    expect(wrapper.findAll('[data-testid="contact-row"]').length).toBeLessThan(51)
    expect(wrapper.find('[data-testid="contact-scroller"]').attributes('style')).toContain('height: 640px')
  })

  it.each([
    ['en', 'Scroll the list to see all 3,000 contacts'],
    ['de', 'Scrollen Sie durch die Liste, um alle 3.000 Kontakte zu sehen'],
    ['ru', 'В списке 3\u00a0000 контактов — прокрутите его, чтобы увидеть все'],
  ] as const)('says a virtualized list scrolls, with the count as %s writes it; no such line for a list drawn in full', async (locale, text) => {
    wrapper = mountWithApp(ContactList, { props: list(many(3000)), locale })
    await flushPromises()
    expect(wrapper.find('[data-testid="scroll-hint"]').text()).toBe(text)
    wrapper.unmount()
    wrapper = mountWithApp(ContactList, { props: list(many(50)), locale })
    await flushPromises()
    expect(wrapper.find('[data-testid="scroll-hint"]').exists()).toBe(false)
  })

  it('stacks its rows when its own width is below 640 px, virtualized at the stacked height, the same row at the top', async () => {
    const observers: Array<(entries: Array<{ contentRect: { width: number } }>) => void> = []
    vi.stubGlobal('ResizeObserver', class {
      constructor(cb: (entries: Array<{ contentRect: { width: number } }>) => void) { observers.push(cb) }
      observe() {}
      disconnect() {}
    })
    try {
      wrapper = mountWithApp(ContactList, { props: list(many(500)) })
      await flushPromises()
      const resize = async (width: number) => {
        for (const cb of observers) cb([{ contentRect: { width } }])
        await flushPromises()
      }
      const scroller = wrapper.find('[data-testid="contact-scroller"]')
      const spacer = () => (scroller.element.firstElementChild as HTMLElement).style.height
      const rows = () => wrapper!.findAll('[data-testid="contact-row"]')
      await resize(1000)
      expect(spacer()).toBe(`${500 * 64}px`)
      expect(rows()[0]!.attributes('style')).toContain('height: 64px')
      expect(rows()[0]!.find('[data-testid="row-unlink"]').classes()).toContain('opacity-0')
      // Row 100 at the top, then the list narrows: row 100 is still at the top.
      scroller.element.scrollTop = 100 * 64
      await scroller.trigger('scroll')
      await resize(360)
      expect(spacer()).toBe(`${500 * 112}px`)
      expect(scroller.element.scrollTop).toBe(100 * 112)
      expect(rows()[0]!.attributes('style')).toContain('height: 112px')
      expect(rows().map((r) => Number(r.attributes('data-row-index')))).toContain(100)
      expect(rows().length).toBeLessThan(30)
      // A stacked row shows its Unlink without hover (touch screens have none).
      expect(rows()[0]!.find('[data-testid="row-unlink"]').classes()).not.toContain('opacity-0')
      await resize(1000)
      expect(spacer()).toBe(`${500 * 64}px`)
      expect(scroller.element.scrollTop).toBe(100 * 64)
    } finally {
      vi.unstubAllGlobals()
    }
  })

  it('each row has a checkbox named after the contact; a click toggles it, Shift+click asks for a range', async () => {
    wrapper = mountWithApp(ContactList, { props: list(many(3), new Set([2])) })
    await flushPromises()
    const boxes = wrapper.findAll('input[type="checkbox"]')
    expect(boxes.map((b) => b.attributes('aria-label'))).toEqual(['Select Person 1', 'Select Person 2', 'Select Person 3'])
    expect(boxes.map((b) => (b.element as HTMLInputElement).checked)).toEqual([false, true, false])
    expect(wrapper.findAll('[role="row"]').map((r) => r.attributes('aria-selected'))).toEqual(['false', 'true', 'false'])
    await boxes[0]!.trigger('click')
    await boxes[2]!.trigger('click', { shiftKey: true })
    expect(wrapper.findComponent(ContactList).emitted('toggle')).toEqual([[1, false], [3, true]])
  })

  it('offers Unlink on each row, named after the contact', async () => {
    wrapper = mountWithApp(ContactList, { props: list(many(2)) })
    await flushPromises()
    const buttons = wrapper.findAll('[data-testid="row-unlink"]')
    expect(buttons.map((b) => b.attributes('aria-label'))).toEqual(['Unlink Person 1', 'Unlink Person 2'])
    await buttons[1]!.trigger('click')
    expect(wrapper.findComponent(ContactList).emitted('unlink')).toEqual([[2]])
  })

  it('is a grid with one tab stop: arrows move between rows and cells, Space selects the row', async () => {
    wrapper = mountWithApp(ContactList, { props: list(many(4)) })
    await flushPromises()
    const tabbable = () => wrapper!.findAll('[data-col]').filter((c) => c.attributes('tabindex') === '0')
    expect(tabbable().map((c) => c.attributes('data-col'))).toEqual(['1'])
    const first = wrapper.find('[data-row-index="0"] [data-col="1"]')
    ;(first.element as HTMLElement).focus()
    await first.trigger('keydown', { key: 'ArrowDown' })
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.find('[data-row-index="1"] [data-col="1"]').element)
    await wrapper.find('[data-row-index="1"] [data-col="1"]').trigger('keydown', { key: 'ArrowLeft' })
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.find('[data-row-index="1"] [data-col="0"]').element)
    await wrapper.find('[data-row-index="1"] [data-col="0"]').trigger('keydown', { key: 'End', ctrlKey: true })
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.find('[data-row-index="3"] [data-col="0"]').element)
    expect(tabbable().map((c) => c.attributes('data-col'))).toEqual(['0'])
    await wrapper.find('[data-row-index="3"] [data-col="0"]').trigger('keydown', { key: 'ArrowRight' })
    await flushPromises()
    await wrapper.find('[data-row-index="3"] [data-col="1"]').trigger('keydown', { key: ' ' })
    expect(wrapper.findComponent(ContactList).emitted('toggle')).toEqual([[4, false]])
  })

  it('a new list (a search typed) draws the rows in view at once and the rest a frame later', async () => {
    const props = reactive(list(many(40)))
    wrapper = mountWithApp(ContactList, { props })
    await nextFrame()
    await flushPromises()
    expect(wrapper.findAll('[data-testid="contact-row"]')).toHaveLength(40)
    props.rows = many(30)
    await nextTick()
    expect(wrapper.findAll('[data-testid="contact-row"]')).toHaveLength(10)
    await nextFrame()
    await flushPromises()
    expect(wrapper.findAll('[data-testid="contact-row"]')).toHaveLength(30)
  })
})
