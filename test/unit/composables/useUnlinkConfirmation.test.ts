// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { defineComponent, effectScope, h } from 'vue'
import ClearContactsDialog from '@/components/ClearContactsDialog.vue'
import { useUnlinkConfirmation, type UnlinkQuestion } from '@/composables/useUnlinkConfirmation'
import type { ItemRow } from '@/domain/types'
import { mountWithApp, until } from '../../fakes/mount'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

const rows: ItemRow[] = [1, 2].map((id) => ({
  id, sort: id * 10, isPrimary: false,
  details: { id, name: `Person${id}`, lastName: 'Test', secondName: '', post: '', photoUrl: null, phones: [], emails: [] },
}))
const question: UnlinkQuestion = { rows, mode: 'all', ownerTitle: 'Acme Test Ltd' }
const byText = (text: string) => [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)
const dialogShown = () => document.body.querySelector('[role="alertdialog"]')

/**
 * The composable in a scope of its own, next to <B24App> (which mounts the
 * overlay provider) as in the app; `goAway()` ends that scope, as a view that
 * goes away. The dialog's chunk arrives when `arrive()` is called, or fails
 * with `fail()`.
 */
function setUp() {
  let arrive!: () => void
  let fail!: () => void
  const chunk = new Promise<{ default: typeof ClearContactsDialog }>((resolve, reject) => {
    arrive = () => resolve({ default: ClearContactsDialog })
    fail = () => reject(new TypeError('Failed to fetch dynamically imported module'))
  })
  let loads = 0
  wrapper = mountWithApp(defineComponent({ setup: () => () => h('div') }))
  const scope = effectScope()
  const confirm = scope.run(() => useUnlinkConfirmation(() => { loads++; return chunk }))!
  return { confirm: () => confirm, arrive, fail, goAway: () => scope.stop(), loads: () => loads }
}

describe('useUnlinkConfirmation', () => {
  it('resolves with what the dialog closes with: true for Clear, false for Cancel', async () => {
    const t = setUp()
    t.arrive()
    const yes = t.confirm().open(question)
    await until('the dialog', dialogShown)
    byText('Clear 2 contacts')!.click()
    await expect(yes).resolves.toBe(true)
    const no = t.confirm().open({ ...question, mode: 'some', rows: rows.slice(0, 1) })
    await until('the dialog for one contact', () => byText('Unlink one contact'))
    byText('Cancel')!.click()
    await expect(no).resolves.toBe(false)
  })

  it('is pending from the call until the answer, and a second question meanwhile is a no at once', async () => {
    const t = setUp()
    const first = t.confirm().open(question)
    expect(t.confirm().pending.value).toBe(true)
    await expect(t.confirm().open(question)).resolves.toBe(false)
    t.arrive()
    await until('the dialog', dialogShown)
    await expect(t.confirm().open(question)).resolves.toBe(false)
    expect(document.body.querySelectorAll('[role="alertdialog"]')).toHaveLength(1)
    expect(t.loads()).toBe(1)
    byText('Cancel')!.click()
    await expect(first).resolves.toBe(false)
    expect(t.confirm().pending.value).toBe(false)
  })

  it('rejects when the chunk does not load, and is not left pending', async () => {
    const t = setUp()
    const asked = t.confirm().open(question)
    t.fail()
    await expect(asked).rejects.toThrow('Failed to fetch')
    expect(t.confirm().pending.value).toBe(false)
    expect(dialogShown()).toBeNull()
  })

  // Called off by the view (Clear went away) or the view itself going away: the same outcome.
  const endings = {
    'called off': (t: ReturnType<typeof setUp>) => t.confirm().close(),
    'the view going away': (t: ReturnType<typeof setUp>) => t.goAway(),
  }

  it.each(Object.keys(endings) as Array<keyof typeof endings>)('%s while the chunk loads: a no, and the dialog never shows', async (ending) => {
    const t = setUp()
    const asked = t.confirm().open(question)
    endings[ending](t)
    await flushPromises()
    t.arrive()
    await expect(asked).resolves.toBe(false)
    await flushPromises()
    expect(dialogShown()).toBeNull()
  })

  it.each(Object.keys(endings) as Array<keyof typeof endings>)('%s while the dialog is open: it closes with no', async (ending) => {
    const t = setUp()
    t.arrive()
    const asked = t.confirm().open(question)
    await until('the dialog', dialogShown)
    endings[ending](t)
    await expect(asked).resolves.toBe(false)
    await until('the dialog gone', () => !dialogShown())
  })
})
