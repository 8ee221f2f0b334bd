// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import CardTabView from '@/views/CardTabView.vue'
import { B24_PORT } from '@/b24/port'
import { useSessionStore } from '@/stores/session'
import { useLinksStore } from '@/stores/links'
import { SEED_USER } from '@emulator/portal'
import { mountWithApp, until } from '../../fakes/mount'
import { createPortalEnv } from '../../fakes/app-env'
import { PortalPort } from '../../fakes/portal-port'

/**
 * The confirmation's chunk as the view imports it: each request counted, and
 * failing while `fail` is set. A chunk that has loaded once stays loaded for
 * this file, so the tests that need it unloaded come first.
 */
const dialogChunk = vi.hoisted(() => ({ requests: 0, fail: false }))
vi.mock('@/components/ClearContactsDialog.vue', async (importOriginal) => {
  dialogChunk.requests++
  if (dialogChunk.fail) throw new TypeError('Failed to fetch dynamically imported module')
  return importOriginal()
})
// Compiled ahead (not through the mock), so a click waits for the chunk, not for the test runner's compiler.
beforeAll(() => vi.importActual('@/components/ClearContactsDialog.vue'))

let wrapper: VueWrapper | undefined
afterEach(() => {
  dialogChunk.fail = false
  wrapper?.unmount()
  document.body.innerHTML = ''
})

const EDITOR = SEED_USER.editor
const byText = (text: string) => [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)

function openTab(options: { userId?: number, env?: ReturnType<typeof createPortalEnv>, companyId?: number } = {}) {
  const env = options.env ?? createPortalEnv({ userId: options.userId ?? EDITOR })
  const companyId = options.companyId ?? env.portal.addCompany({ title: 'Acme Test Ltd', contacts: 3 })
  const port = new PortalPort(env.portal, { companyId })
  const pinia = createPinia()
  useSessionStore(pinia).connected(port.context)
  wrapper = mountWithApp(CardTabView, { global: { plugins: [pinia], provide: { [B24_PORT as symbol]: port } } })
  return { env, companyId, pinia }
}

describe('CardTabView', () => {
  // These two run while the chunk has never loaded.
  it('fetches the confirmation\'s code only once the list has painted', async () => {
    dialogChunk.fail = true
    const requests = dialogChunk.requests
    openTab()
    await until('the rows', () => wrapper!.findAll('[data-testid="contact-row"]').length === 3)
    expect(dialogChunk.requests).toBe(requests)
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 10)))
    await until('the prefetch', () => dialogChunk.requests > requests)
  })

  it('a confirmation whose code does not load: the person is told, in their language, nothing is sent, and the next click tries again', async () => {
    dialogChunk.fail = true
    const { env, companyId } = openTab()
    await until('the rows', () => wrapper!.findAll('[data-testid="contact-row"]').length === 3)
    const requests = dialogChunk.requests
    byText('Clear all contacts')!.click()
    const alert = await until('the alert', () => document.body.querySelector('[role="alert"]')?.textContent)
    expect(alert).toContain('The contacts were not unlinked. Reload the tab.')
    expect(dialogChunk.requests).toBeGreaterThan(requests)
    expect(document.body.querySelector('[role="alertdialog"]')).toBeNull()
    expect(env.portal.links(companyId)).toHaveLength(3)
    // The chunk arrives this time: the click that came before it waits for it, then asks.
    dialogChunk.fail = false
    expect(byText('Clear all contacts')!.disabled).toBe(false)
    byText('Clear all contacts')!.click()
    // (real time: the first import of the real module is the test runner's work, not a promise away)
    await vi.waitFor(() => expect(document.body.querySelector('[role="alertdialog"]')).not.toBeNull(), { timeout: 5_000 })
    byText('Clear 3 contacts')!.click()
    await until('the outcome', () => env.portal.links(companyId).length === 0)
    await until('the notice', () => wrapper!.text().includes('3 contacts were unlinked'))
    expect(document.body.querySelector('[role="alert"]')).toBeNull()
  })

  it('when Clear goes away while the confirmation is open, it closes as a no: nothing sent, nothing reported, and it does not come back', async () => {
    const { env, companyId, pinia } = openTab()
    await until('the rows', () => wrapper!.findAll('[data-testid="contact-row"]').length === 3)
    const store = useLinksStore(pinia)
    const links = store.links
    byText('Clear all contacts')!.click()
    await until('the confirmation', () => document.body.querySelector('[role="alertdialog"]'))
    // a re-read shows no contacts (a colleague unlinked them)…
    store.links = []
    await until('the confirmation closed', () => !document.body.querySelector('[role="alertdialog"]'))
    // …and then they are back: Clear is offered again, but nobody asked for the confirmation now
    store.links = links
    await until('Clear offered again', () => byText('Clear all contacts') && !byText('Clear all contacts')!.disabled)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await flushPromises()
    expect(document.body.querySelector('[role="alertdialog"]')).toBeNull()
    expect(document.body.querySelector('[role="alert"]')).toBeNull()
    expect(env.portal.links(companyId)).toHaveLength(3)
  })

  it('a second click while the confirmation is open asks nothing more', async () => {
    const { env, companyId } = openTab()
    await until('the rows', () => wrapper!.findAll('[data-testid="contact-row"]').length === 3)
    byText('Clear all contacts')!.click()
    const dialog = await until('the confirmation', () => document.body.querySelector('[role="alertdialog"]'))
    expect(byText('Clear all contacts')!.disabled).toBe(true)
    // a row's own Unlink, clicked behind the dialog
    ;(document.body.querySelector('button[aria-label^="Unlink "]') as HTMLButtonElement).click()
    await flushPromises()
    expect(document.body.querySelectorAll('[role="alertdialog"]')).toHaveLength(1)
    expect(dialog.textContent).toContain('All 3 contacts will be unlinked')
    byText('Cancel')!.click()
    await until('the confirmation closed', () => !document.body.querySelector('[role="alertdialog"]'))
    expect(env.portal.links(companyId)).toHaveLength(3)
  })

  it('an empty tab says once that no contact is linked (the count line), and what to expect', async () => {
    const env = createPortalEnv({ userId: EDITOR })
    openTab({ env, companyId: env.portal.addCompany({ title: 'Empty Test Ltd' }) })
    await until('the empty state', () => wrapper!.find('[data-testid="empty-state"]').exists())
    expect(wrapper!.find('[data-testid="contact-count"]').text()).toBe('No contacts are linked to this company')
    expect(wrapper!.text().split('No contacts are linked').length - 1).toBe(1)
    expect(wrapper!.find('[data-testid="empty-state"]').text()).toContain('When contacts are linked to this company in Bitrix24, they will appear here.')
  })

  it('shows the company title in a <bdi>, so an RTL or RLO title cannot reorder the header', async () => {
    openTab()
    await until('the title', () => wrapper!.find('[data-testid="company-title"]').exists())
    expect(wrapper!.find('[data-testid="company-title"] bdi').text()).toBe('Acme Test Ltd')
  })

  async function clearFromTheTab() {
    await until('the rows', () => wrapper!.findAll('[data-testid="contact-row"]').length > 0)
    byText('Clear all contacts')!.click()
    const confirm = await until('the confirm button', () => [...document.body.querySelectorAll('[role="alertdialog"] button')].find((b) => b.textContent?.startsWith('Clear')))
    ;(confirm as HTMLButtonElement).click()
  }

  it('names a contact someone linked while the person confirmed: unlinked with the rest, linked again at once', async () => {
    const { env, companyId } = openTab()
    const newcomer = env.portal.addContact({ name: 'Nadia', lastName: 'Latecomer' })
    env.portal.addHook({ method: 'crm.company.contact.items.delete', link: { companyId, contactId: newcomer, sort: 90 } })
    await clearFromTheTab()
    const note = await until('the note', () => wrapper!.find('[data-testid="notice-note"]').exists() && wrapper!.find('[data-testid="notice-note"]').text())
    expect(note).toBe('\u2068Nadia Latecomer\u2069 was linked while you confirmed, so it was unlinked with the others; the app linked it again at once.')
    expect(wrapper!.find('[data-testid="mark-added"]').exists()).toBe(true)
    expect(env.portal.links(companyId).map((l) => l.CONTACT_ID)).toEqual([newcomer])
  })

  it('tells an administrator whose delete is refused what to check, not to ask an administrator', async () => {
    const { env } = openTab({ userId: SEED_USER.admin })
    env.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'error', status: 403, error: 'ACCESS_DENIED', description: 'Access denied!' })
    await clearFromTheTab()
    const alert = await until('the alert', () => document.body.querySelector('[role="alert"]')?.textContent)
    expect(alert).toContain('although you are an administrator')
    expect(alert).not.toContain('Ask your administrator')
  })

  it('a non-administrator whose delete is refused is told to ask one', async () => {
    const { env } = openTab()
    env.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'error', status: 403, error: 'ACCESS_DENIED', description: 'Access denied!' })
    await clearFromTheTab()
    const alert = await until('the alert', () => document.body.querySelector('[role="alert"]')?.textContent)
    expect(alert).toContain('Ask your administrator')
  })

  it('offers the Undo kept from before a reload, with its time', async () => {
    const first = openTab()
    await clearFromTheTab()
    await until('the notice', () => wrapper!.text().includes('3 contacts were unlinked'))
    await until('the kept record', () => Object.keys(first.env.portal.userOptions(EDITOR)).length > 0)
    wrapper!.unmount()
    document.body.innerHTML = ''
    // The card is reloaded: a new frame and a new app.
    openTab({ env: first.env, companyId: first.companyId })
    const offered = await until('the offer', () => wrapper!.find('[data-testid="undo-offered"]').exists() && wrapper!.find('[data-testid="undo-offered"]').text())
    expect(offered).toMatch(/Your last clear of this company, \d\d:\d\d( [AP]M)?, can still be undone\./)
    byText('Undo')!.click()
    await until('restored', () => first.env.portal.links(first.companyId).length === 3)
  })
})
