// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import SettingsForm from '@/components/SettingsForm.vue'
import { createAppI18n, loadLocale, SUPPORTED_LOCALES } from '@/i18n'
import { B24_PORT } from '@/b24/port'
import { B24Error } from '@/b24/errors'
import { SETTINGS_OPTION_KEY } from '@/domain/settings'
import type { AppLocale } from '@/i18n'
import { SEED_USER } from '@emulator/portal'
import { mountWithApp, until } from '../../fakes/mount'
import { createPortalEnv } from '../../fakes/app-env'

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

const ADMIN = SEED_USER.admin
const button = (name: string) => [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === name || b.getAttribute('aria-label') === name)

/** Saving loads the tab's title in all 20 languages first: wait in real time, not in promise rounds. */
const saved = () => vi.waitFor(() => expect(document.body.textContent).toContain('Settings saved.'), { timeout: 10_000 })
const checkbox = (name: string) => [...document.body.querySelectorAll<HTMLElement>('[role="checkbox"]')].find((c) => labelOf(c) === name)
function labelOf(el: HTMLElement): string {
  const id = el.getAttribute('id')
  return (id && document.body.querySelector(`label[for="${id}"]`)?.textContent?.trim()) || el.getAttribute('aria-label') || ''
}
const text = (testId: string) => document.body.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? null
const placements = (env: ReturnType<typeof createPortalEnv>) => env.portal.placements().map((b) => b.placement).sort()

/** The settings form as an admin sees it, with "Selected users" already saved and Boris picked. */
async function openForm(locale: AppLocale = 'en') {
  const env = createPortalEnv({ userId: ADMIN })
  env.portal.frame('setAppOption', { name: SETTINGS_OPTION_KEY, value: '{"version":1,"clearPolicy":"users","clearUserIds":[2],"trail":true,"userNames":{"2":"Boris Petrov"}}' }, env.port.frameContext)
  wrapper = mountWithApp(SettingsForm, { locale, props: { editable: true }, global: { plugins: [createPinia()], provide: { [B24_PORT as symbol]: env.port } } })
  await until('the saved settings', () => document.body.textContent?.includes('Boris Petrov'))
  return env
}

describe('SettingsForm', () => {
  it('says in the user\'s words when the user picker fails, and keeps the draft', async () => {
    const env = await openForm()
    // The admin changes things, then picks a user (the picker's name has spaces around it).
    const trail = document.body.querySelector<HTMLButtonElement>('button[role="switch"]')!
    expect(trail.getAttribute('aria-checked')).toBe('true')
    trail.click()
    await until('trail off', () => trail.getAttribute('aria-checked') === 'false')
    env.port.nextPickedUsers = [{ id: 3, name: '  Chiara Rossi ' }]
    button('Choose users')!.click()
    await until('Chiara in the list', () => document.body.textContent?.includes('Chiara Rossi'))

    // Now the portal's picker fails.
    env.port.selectUsers = () => Promise.reject(new B24Error('NETWORK_ERROR', 0, 'socket hang up'))
    button('Choose users')!.click()
    const alert = await until('the error', () => document.body.querySelector('[data-testid="pick-users-failed"]'))
    expect(alert.getAttribute('role')).toBe('alert')
    expect(alert.textContent).toContain('The user picker could not be opened.')
    expect(alert.textContent).toContain('Bitrix24 could not be reached.')
    expect(alert.textContent).not.toContain('socket hang up')
    // Nothing of the draft is lost.
    expect(trail.getAttribute('aria-checked')).toBe('false')
    expect(button('Remove Boris Petrov')).toBeDefined()
    expect(button('Remove Chiara Rossi')).toBeDefined()
    expect(button('Choose users')!.disabled).toBe(false)

    // The draft saves as it stands; the name is kept without its spaces, and the save is confirmed.
    button('Save')!.click()
    await saved()
    expect(JSON.parse(String(env.portal.appOptions()[SETTINGS_OPTION_KEY]))).toMatchObject({
      version: 2, cards: ['company'], clear: { company: { policy: 'users', userIds: [2, 3] } }, trail: false, userNames: { 2: 'Boris Petrov', 3: 'Chiara Rossi' },
    })

    // A picker that works again clears the error.
    env.port.selectUsers = async () => []
    button('Choose users')!.click()
    await until('the error gone', () => !document.body.querySelector('[data-testid="pick-users-failed"]'))
  }, 20_000)

  it.each([
    ['ru', 'Не удалось открыть выбор пользователей.', 'Выбрать пользователей'],
    ['de', 'Die Benutzerauswahl ließ sich nicht öffnen.', 'Benutzer auswählen'],
  ] as const)('says it in %s too', async (locale, text, pick) => {
    const env = await openForm(locale)
    env.port.selectUsers = () => Promise.reject(new Error('the dialog broke'))
    button(pick)!.click()
    const alert = await until('the error', () => document.body.querySelector('[data-testid="pick-users-failed"]'))
    expect(alert.textContent).toContain(text)
  })
})

describe('SettingsForm: the cards with the tab', () => {
  it('shows where the tab is now, binds a newly ticked card and asks who may clear there', async () => {
    const env = await openForm()
    await until('the tabs read', () => text('tabs-bound'))
    expect(text('tabs-bound')).toBe('The tab is not in any card now. Saving adds it to company cards.')
    expect(checkbox('Companies')!.getAttribute('aria-checked')).toBe('true')
    expect(checkbox('Deals')!.getAttribute('aria-checked')).toBe('false')
    expect(document.body.textContent).not.toContain('Who may clear all contacts of a deal')

    checkbox('Deals')!.click()
    await until('the deal\'s rule', () => document.body.textContent?.includes('Who may clear all contacts of a deal'))
    expect(document.body.textContent).toContain('Everyone who may edit the deal')
    expect(text('settings-unsaved')).toBe('You have unsaved changes.')
    expect(text('tabs-bound')).toBe('The tab is not in any card now. Saving adds it to company and deal cards.')

    button('Save')!.click()
    await saved()
    expect(placements(env)).toEqual(['CRM_COMPANY_DETAIL_TAB', 'CRM_DEAL_DETAIL_TAB'])
    expect(text('tabs-bound')).toBe('The tab is now in company and deal cards.')
    expect(text('settings-unsaved')).toBeNull()
    expect(JSON.parse(String(env.portal.appOptions()[SETTINGS_OPTION_KEY]))).toMatchObject({ cards: ['company', 'deal'], clear: { deal: { policy: 'editors' } } })

    // Unticking companies removes their tab; the deal's stays.
    checkbox('Companies')!.click()
    await until('the preview', () => text('tabs-bound')?.includes('Saving removes it from company cards.'))
    button('Save')!.click()
    await vi.waitFor(() => expect(placements(env)).toEqual(['CRM_DEAL_DETAIL_TAB']), { timeout: 10_000 })
  }, 20_000)

  it('needs at least one card: says so and saves nothing', async () => {
    const env = await openForm()
    await until('the tabs read', () => text('tabs-bound'))
    checkbox('Companies')!.click()
    const error = await until('the error', () => document.body.querySelector('[data-testid="cards-none"]'))
    expect(error.getAttribute('role')).toBe('alert')
    expect(error.textContent).toBe('Choose at least one kind of card to show the tab in.')
    const since = env.portal.log().at(-1)?.seq ?? 0
    button('Save')!.click()
    await new Promise((r) => setTimeout(r, 50))
    expect(env.portal.log(since).filter((e) => e.kind === 'rest')).toEqual([])
    expect(env.portal.appOptions()[SETTINGS_OPTION_KEY]).toContain('"version":1')
  })

  it.each([
    ['en', 'Nothing was changed: the tab could not be added to lead cards, so the tabs and the settings stay as they were.', 'Bitrix24 allows no more tabs of this kind for the app.'],
    ['ru', 'Ничего не изменено: не удалось добавить вкладку в карточки лидов, поэтому вкладки и настройки остались прежними.', ''],
  ] as const)('a failed bind keeps the old tabs and settings, and says so (%s)', async (locale, says, reason) => {
    const env = await openForm(locale)
    await until('the tabs read', () => text('tabs-bound'))
    checkbox(locale === 'en' ? 'Leads' : 'Лиды')!.click()
    await until('ticked', () => checkbox(locale === 'en' ? 'Leads' : 'Лиды')!.getAttribute('aria-checked') === 'true')
    env.portal.addFault({ method: 'placement.bind', skip: 1, count: 1, kind: 'error', status: 400, error: 'ERROR_PLACEMENT_MAX_COUNT', description: 'Placement max count exceeded' })
    button(locale === 'en' ? 'Save' : 'Сохранить')!.click()
    await vi.waitFor(() => expect(text('settings-error')).toContain(says), { timeout: 10_000 })
    if (reason) expect(text('settings-error')).toContain(reason)
    expect(text('settings-error')).not.toContain('Placement max count exceeded')
    expect(placements(env)).toEqual([])
    expect(env.portal.appOptions()[SETTINGS_OPTION_KEY]).toContain('"version":1')
    // The draft is kept, to try again.
    expect(checkbox(locale === 'en' ? 'Leads' : 'Лиды')!.getAttribute('aria-checked')).toBe('true')
  }, 20_000)

  it('asks before the page goes with unsaved changes, and not otherwise', async () => {
    await openForm()
    await until('the tabs read', () => text('tabs-bound'))
    const leave = () => {
      const event = new Event('beforeunload', { cancelable: true })
      window.dispatchEvent(event)
      return event.defaultPrevented
    }
    expect(leave()).toBe(false)
    checkbox('Quotes')!.click()
    await until('dirty', () => text('settings-unsaved'))
    expect(leave()).toBe(true)
    checkbox('Quotes')!.click()
    await until('clean', () => !text('settings-unsaved'))
    expect(leave()).toBe(false)
  })

  it('shows a non-admin the cards read-only, and reads no tabs', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    wrapper = mountWithApp(SettingsForm, { props: { editable: false }, global: { plugins: [createPinia()], provide: { [B24_PORT as symbol]: env.port } } })
    await until('the form', () => checkbox('Companies'))
    expect(checkbox('Companies')!.hasAttribute('disabled') || checkbox('Companies')!.getAttribute('aria-disabled') === 'true' || checkbox('Companies')!.hasAttribute('data-disabled')).toBe(true)
    expect(text('tabs-bound')).toBeNull()
    expect(button('Save')).toBeUndefined()
  })
})
