// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { createPinia } from 'pinia'
import SettingsForm from '@/components/SettingsForm.vue'
import { B24_PORT } from '@/b24/port'
import { B24Error } from '@/b24/errors'
import { SETTINGS_OPTION_KEY } from '@/domain/settings'
import type { AppLocale } from '@/i18n'
import { SEED_USER } from '@emulator/portal'
import { mountWithApp, until } from '../../fakes/mount'
import { createPortalEnv } from '../../fakes/app-env'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  document.body.innerHTML = ''
})

const ADMIN = SEED_USER.admin
const button = (name: string) => [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === name || b.getAttribute('aria-label') === name)

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
    await until('saved', () => document.body.textContent?.includes('Settings saved.'))
    expect(JSON.parse(String(env.portal.appOptions()[SETTINGS_OPTION_KEY]))).toEqual({
      version: 1, clearPolicy: 'users', clearUserIds: [2, 3], trail: false, userNames: { 2: 'Boris Petrov', 3: 'Chiara Rossi' },
    })

    // A picker that works again clears the error.
    env.port.selectUsers = async () => []
    button('Choose users')!.click()
    await until('the error gone', () => !document.body.querySelector('[data-testid="pick-users-failed"]'))
  })

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
