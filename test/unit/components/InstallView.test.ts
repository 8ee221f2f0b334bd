// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import InstallView from '@/views/InstallView.vue'
import { createAppI18n, loadLocale, SUPPORTED_LOCALES } from '@/i18n'
import { B24_PORT, type B24Port } from '@/b24/port'
import { SETTINGS_OPTION_KEY } from '@/domain/settings'
import { CARD_PLACEMENTS, type CardType } from '@/domain/cards'
import { SEED_USER } from '@emulator/portal'
import { mountWithApp } from '../../fakes/mount'
import { createPortalEnv, portWith } from '../../fakes/app-env'
import { PortalPort } from '../../fakes/portal-port'

// Binding a tab titles it in all 20 languages: load their files once, before the tests wait on them.
beforeAll(async () => {
  const i18n = createAppI18n()
  await Promise.all(SUPPORTED_LOCALES.map((l) => loadLocale(i18n.global as unknown as Parameters<typeof loadLocale>[0], l)))
}, 120_000)

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

const OTHER = 'https://old.example.test/app/'
const text = () => document.body.textContent?.replace(/\s+/g, ' ') ?? ''
const statusText = () => [...document.body.querySelectorAll('[role="status"]')].map((s) => s.textContent?.replace(/\s+/g, ' ').trim()).join(' | ')

/** A portal where the app is not installed yet, its option and tabs as given; the install page opened by an admin. */
function installEnv(option?: unknown, bound: Array<[CardType, string]> = []) {
  const env = createPortalEnv({ userId: SEED_USER.admin })
  const auth = String((env.portal.frame('getInitData', {}, env.port.frameContext) as { AUTH_ID: string }).AUTH_ID)
  if (option !== undefined) env.portal.frame('setAppOption', { name: SETTINGS_OPTION_KEY, value: JSON.stringify(option) }, env.port.frameContext)
  for (const [card, handler] of bound) env.portal.rest('placement.bind', { auth, PLACEMENT: CARD_PLACEMENTS[card], HANDLER: handler, TITLE: 'Contacts' })
  env.portal.update({ installed: false })
  // The app's own page, opened for installation (getInitData says INSTALL: true now).
  return { portal: env.portal, port: new PortalPort(env.portal, { placement: 'DEFAULT', placementOptions: [] }) }
}

function mountInstall(port: B24Port) {
  wrapper = mountWithApp(InstallView, { global: { plugins: [createPinia()], provide: { [B24_PORT as symbol]: port } } })
}

const tabs = (env: { portal: ReturnType<typeof createPortalEnv>['portal'] }) => env.portal.placements().map((b) => `${b.placement}${b.handler === OTHER ? ' (other)' : ''}`).sort()

describe('InstallView', () => {
  it('shows a spinner while it binds, then says where the tab is, with a link to the settings', async () => {
    const env = installEnv()
    expect(env.port.context.isInstall).toBe(true)
    let release!: () => void
    const held = new Promise<void>((resolve) => { release = resolve })
    mountInstall(portWith(env.port, { batch: async (...args: Parameters<B24Port['batch']>) => { await held; return env.port.batch(...args) } }))
    const spinner = await vi.waitFor(() => {
      const s = document.body.querySelector('[data-testid="install-progress"]')
      expect(s).not.toBeNull()
      return s!
    }, { timeout: 10_000 })
    expect(spinner.getAttribute('role')).toBe('status')
    expect(spinner.querySelector('svg.animate-spin')).not.toBeNull()
    expect(spinner.textContent).toContain('Installing…')
    expect(text()).toContain('Add the tab to company cards — Installing…')

    release()
    await vi.waitFor(() => expect(statusText()).toContain('Installed: the Contacts tab is now in company cards.'), { timeout: 10_000 })
    expect(document.body.querySelector('[data-testid="install-progress"]')).toBeNull()
    expect(tabs(env)).toEqual(['CRM_COMPANY_DETAIL_TAB'])
    expect(env.portal.settings().installed).toBe(true)

    const link = [...document.body.querySelectorAll('a')].find((a) => a.textContent?.trim() === 'Open the settings')!
    expect(link).toBeDefined()
    link.click()
    await vi.waitFor(() => expect([...document.body.querySelectorAll('h2')].map((h) => h.textContent)).toContain('Settings'), { timeout: 10_000 })
  }, 20_000)

  it('binds the cards an administrator chose before and removes the app\'s other tabs, naming the cards', async () => {
    const env = installEnv({ version: 2, cards: ['company', 'deal', 'contact'], clear: {}, trail: true }, [['lead', OTHER]])
    mountInstall(env.port)
    await vi.waitFor(() => expect(statusText()).toContain('Installed: the Contacts tab is now in company and deal cards. Contact cards have a Companies tab.'), { timeout: 10_000 })
    expect(tabs(env)).toEqual(['CRM_COMPANY_DETAIL_TAB', 'CRM_CONTACT_DETAIL_TAB', 'CRM_DEAL_DETAIL_TAB'])
    expect(env.portal.placements().find((b) => b.placement === 'CRM_CONTACT_DETAIL_TAB')!.langAll).toMatchObject({ en: { TITLE: 'Companies' }, de: { TITLE: 'Unternehmen' } })
  }, 20_000)

  it('with settings it cannot read, binds company cards and leaves the other tabs alone', async () => {
    const env = installEnv({ version: 9 }, [['lead', OTHER]])
    mountInstall(env.port)
    await vi.waitFor(() => expect(statusText()).toContain('Installed: the Contacts tab is now in company cards.'), { timeout: 10_000 })
    expect(tabs(env)).toEqual(['CRM_COMPANY_DETAIL_TAB', 'CRM_LEAD_DETAIL_TAB (other)'])
  }, 20_000)

  it('a failed bind says so, naming the cards, and installs nothing', async () => {
    const env = installEnv({ version: 2, cards: ['deal'], clear: {}, trail: true })
    env.portal.addFault({ method: 'placement.bind', count: 1, kind: 'error', status: 400, error: 'ERROR_PLACEMENT_MAX_COUNT', description: 'Placement max count exceeded' })
    mountInstall(env.port)
    await vi.waitFor(() => expect(document.body.querySelector('[role="alert"]')?.textContent).toContain('The tab could not be added to deal cards.'), { timeout: 10_000 })
    expect(tabs(env)).toEqual([])
    expect(env.portal.settings().installed).toBe(false)
  }, 20_000)
})
