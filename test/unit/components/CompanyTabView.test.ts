// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import CompanyTabView from '@/views/CompanyTabView.vue'
import ClearContactsDialog from '@/components/ClearContactsDialog.vue'
import { B24_PORT } from '@/b24/port'
import { useSessionStore } from '@/stores/session'
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
  return { env, companyId }
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
})
