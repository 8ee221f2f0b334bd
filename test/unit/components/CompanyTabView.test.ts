// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import CompanyTabView from '@/views/CompanyTabView.vue'
import ClearContactsDialog from '@/components/ClearContactsDialog.vue'
import { B24_PORT } from '@/b24/port'
import { useSessionStore } from '@/stores/session'
import { useCompanyContactsStore } from '@/stores/company-contacts'
import { mountWithApp } from '../../fakes/mount'
import { createPortalEnv } from '../../fakes/app-env'
import { PortalPort } from '../../fakes/portal-port'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

const EDITOR = 2
const byText = (text: string) => [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)

async function until<T>(what: string, fn: () => T | null | undefined | false): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = fn()
    if (v) return v
    await flushPromises()
  }
  throw new Error(`never happened: ${what}`)
}

function openTab() {
  const env = createPortalEnv({ userId: EDITOR })
  const companyId = env.portal.addCompany({ title: 'Acme Test Ltd', contacts: 3 })
  const port = new PortalPort(env.portal, { companyId })
  const pinia = createPinia()
  useSessionStore(pinia).connected(port.context)
  wrapper = mountWithApp(CompanyTabView, { global: { plugins: [pinia], provide: { [B24_PORT as symbol]: port } } })
  return { env, companyId, pinia }
}

describe('CompanyTabView', () => {
  it('loads the confirmation only after the list is shown, and a click that comes first waits for it', async () => {
    const { env, companyId } = openTab()
    await until('the rows', () => wrapper!.findAll('[data-testid="contact-row"]').length === 3)
    // The list is up; the dialog's code has not been asked for yet.
    expect(wrapper!.findComponent(ClearContactsDialog).exists()).toBe(false)

    byText('Clear all contacts')!.click()
    await until('the confirmation', () => document.body.querySelector('[role="alertdialog"]'))
    byText('Clear 3 contacts')!.click()
    await until('the outcome', () => env.portal.links(companyId).length === 0)
    await until('the notice', () => wrapper!.text().includes('3 contacts were unlinked'))
  })

  it('without a click, the confirmation is mounted once the list has painted', async () => {
    openTab()
    await until('the rows', () => wrapper!.findAll('[data-testid="contact-row"]').length === 3)
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 10)))
    await until('the dialog component', () => wrapper!.findComponent(ClearContactsDialog).exists())
  })

  it('a click that waits for the confirmation ends quietly if Clear goes away meanwhile: no error, and no dialog popping up later', async () => {
    const { env, companyId, pinia } = openTab()
    await until('the rows', () => wrapper!.findAll('[data-testid="contact-row"]').length === 3)
    expect(wrapper!.findComponent(ClearContactsDialog).exists()).toBe(false)
    const store = useCompanyContactsStore(pinia)
    const links = store.links
    byText('Clear all contacts')!.click()
    // while its code loads, a re-read shows no contacts (a colleague unlinked them)…
    store.links = []
    await new Promise((resolve) => setTimeout(resolve, 50))
    await flushPromises()
    // …and then they are back: Clear is offered again, but nobody asked for the confirmation now
    store.links = links
    await until('the dialog component', () => wrapper!.findComponent(ClearContactsDialog).exists())
    await new Promise((resolve) => setTimeout(resolve, 50))
    await flushPromises()
    expect(document.body.querySelector('[role="alertdialog"]')).toBeNull()
    expect(document.body.querySelector('[role="alert"]')).toBeNull()
    expect(env.portal.links(companyId)).toHaveLength(3)
  })

  it('shows the company title in a <bdi>, so an RTL or RLO title cannot reorder the header', async () => {
    openTab()
    await until('the title', () => wrapper!.find('[data-testid="company-title"]').exists())
    expect(wrapper!.find('[data-testid="company-title"] bdi').text()).toBe('Acme Test Ltd')
  })
})
