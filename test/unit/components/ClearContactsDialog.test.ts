// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import ClearContactsDialog from '@/components/ClearContactsDialog.vue'
import type { ItemRow } from '@/domain/types'
import { mountWithApp } from '../../fakes/mount'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

const rows: ItemRow[] = Array.from({ length: 8 }, (_, i) => ({
  id: i + 1, sort: (i + 1) * 10, isPrimary: true,
  details: { id: i + 1, name: `Person${i + 1}`, lastName: 'Test', secondName: '', post: '', photoUrl: null, phones: [], emails: [] },
}))

/** Show the dialog as the overlay does (open), and the first value it closes with. */
async function open(what: { rows: ItemRow[], ownerTitle: string, mode?: 'all' | 'some' } = { rows, ownerTitle: 'Acme Test Ltd' }) {
  let close: (confirmed: boolean) => void = () => {}
  const answer = new Promise<boolean>((resolve) => { close = resolve })
  wrapper = mountWithApp(ClearContactsDialog, { props: { open: true, rows: what.rows, mode: what.mode ?? 'all', ownerTitle: what.ownerTitle, onClose: (v: boolean) => close(v) } })
  await flushPromises()
  return { answer }
}

const byText = (text: string) => [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)

describe('ClearContactsDialog', () => {
  it('says how many contacts will be unlinked, names the first five, and resolves true on Clear', async () => {
    const { answer } = await open()
    const dialog = document.body.querySelector('[role="alertdialog"]')
    expect(dialog?.textContent).toContain('Unlink all contacts from “\u2068Acme Test Ltd\u2069”?')
    expect(dialog?.textContent).toContain('All 8 contacts will be unlinked')
    expect([...dialog!.querySelectorAll('[data-testid="clear-preview"] li')].map((li) => li.textContent?.trim())).toEqual([
      'Person1 Test', 'Person2 Test', 'Person3 Test', 'Person4 Test', 'Person5 Test', 'and 3 more',
    ])
    byText('Clear 8 contacts')!.click()
    await expect(answer).resolves.toBe(true)
  })

  it('resolves false on Cancel', async () => {
    const { answer } = await open()
    byText('Cancel')!.click()
    await expect(answer).resolves.toBe(false)
  })

  it('resolves false on Escape', async () => {
    const { answer } = await open()
    document.body.querySelector('[role="alertdialog"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await expect(answer).resolves.toBe(false)
  })

  it('isolates the company title in its sentence and each name in a <bdi>; a name nobody can see is "Contact #ID"', async () => {
    const named = (id: number, name: string, lastName = ''): ItemRow =>
      ({ id, sort: id * 10, isPrimary: true, details: { id, name, lastName, secondName: '', post: '', photoUrl: null, phones: [], emails: [] } })
    await open({
      rows: [named(1, 'Eve\u202Etxt.exe'), named(2, '\u200B\u200B', '\u00AD'), named(3, 'محمد', 'العلي'), named(4, '\u202E')],
      ownerTitle: 'Evil\u202E Corp',
    })
    const dialog = document.body.querySelector('[role="alertdialog"]')!
    // the RLO left open inside the title is dropped; the title sits between U+2068 and U+2069
    expect(dialog.textContent).toContain('Unlink all contacts from “\u2068Evil Corp\u2069”?')
    const items = [...dialog.querySelectorAll('[data-testid="clear-preview"] li')]
    expect(items.map((li) => li.querySelector('bdi')?.textContent)).toEqual(['Eve\u202Etxt.exe', 'Contact #2', 'محمد العلي', 'Contact #4'])
    expect(items.map((li) => li.textContent?.trim())).toEqual(['Eve\u202Etxt.exe', 'Contact #2', 'محمد العلي', 'Contact #4'])
  })

  it('asks about a selection in its own words: "Unlink" with the count, never "Clear"', async () => {
    const { answer } = await open({ rows: rows.slice(0, 2), ownerTitle: 'Acme Test Ltd', mode: 'some' })
    const dialog = document.body.querySelector('[role="alertdialog"]')!
    expect(dialog.textContent).toContain('Unlink 2 contacts from “\u2068Acme Test Ltd\u2069”?')
    expect([...dialog.querySelectorAll('[data-testid="clear-preview"] li')].map((li) => li.textContent?.trim())).toEqual(['Person1 Test', 'Person2 Test'])
    expect(byText('Clear 2 contacts')).toBeUndefined()
    byText('Unlink 2 contacts')!.click()
    await expect(answer).resolves.toBe(true)
  })
})
