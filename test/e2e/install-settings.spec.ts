import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import { SETTINGS_OPTION_KEY } from '../../src/domain/settings'
import { appFrame, failedRequest, seeText, useHarness } from './support/harness'

const h = useHarness()
const ADMIN = SEED_USER.admin
const EDITOR = SEED_USER.editor

function tabBindings() {
  return h.emulator.portal.placements().filter((b) => b.placement === 'CRM_COMPANY_DETAIL_TAB')
}

async function openAppPage(page: Page, user: number) {
  await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', user }))
  return appFrame(page)
}

/** A portal where the app's tab is bound to these handlers (as an admin would have left it). */
function bindTabs(handlers: string[]) {
  h.emulator.portal.update({ userId: ADMIN })
  const token = String((h.emulator.portal.frame('getInitData', {}, { placement: 'DEFAULT', placementOptions: [], domain: 'localhost', protocol: '0' }) as { AUTH_ID: string }).AUTH_ID)
  h.emulator.portal.rest('placement.unbind', { auth: token, PLACEMENT: 'CRM_COMPANY_DETAIL_TAB' })
  for (const handler of handlers) h.emulator.portal.rest('placement.bind', { auth: token, PLACEMENT: 'CRM_COMPANY_DETAIL_TAB', HANDLER: handler, TITLE: 'Contacts' })
}

function setOption(value: string) {
  h.emulator.portal.update({ userId: ADMIN })
  h.emulator.portal.frame('setAppOption', { name: SETTINGS_OPTION_KEY, value }, { placement: 'DEFAULT', placementOptions: [], domain: 'localhost', protocol: '0' })
}

describe('install', () => {
  it('binds the tab with every title, finishes, and a second install leaves one binding', async () => {
    for (const round of [1, 2]) {
      const { page } = await h.newPage()
      await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', install: true, user: ADMIN }))
      // The "Installed." status shows only until the portal reloads the frame (300 ms after installFinish,
      // too short to catch on a loaded machine): the install is over when the portal says so and the
      // reloaded frame is the app's own page.
      await expect.poll(() => h.emulator.portal.settings().installed, { timeout: 15_000, message: `round ${round}` }).toBe(true)
      await seeText(appFrame(page).getByRole('heading', { name: 'Settings' }), 'Settings')
      const bindings = tabBindings()
      expect(bindings, `round ${round}`).toHaveLength(1)
      expect(bindings[0]!.handler).toBe(h.emulator.appUrl)
      expect(bindings[0]!.langAll).toMatchObject({ en: { TITLE: 'Contacts' }, ru: { TITLE: 'Контакты' }, de: { TITLE: 'Kontakte' } })
      await page.close()
    }
  })

  it('shows a non-admin a clear message and binds nothing', async () => {
    h.emulator.portal.update({ usersMayInstall: true })
    const before = tabBindings().length
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', install: true, user: EDITOR }))
    await seeText(appFrame(page).getByRole('alert'), 'Only an administrator can install this app')
    expect(tabBindings()).toHaveLength(before)
    expect(h.emulator.portal.settings().installed).toBe(false)
    h.emulator.portal.update({ usersMayInstall: false, installed: true })
  })

  it('a reinstall that fails to bind keeps the old tab', async () => {
    h.allowConsole(failedRequest(400))
    // A portal that still has the tab bound to the app's old address.
    bindTabs(['https://old.example.test/app/'])
    h.emulator.portal.addFault({ method: 'placement.bind', count: 1, kind: 'error', status: 400, error: 'ERROR_PLACEMENT_MAX_COUNT', description: 'Placement max count exceeded' })
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', install: true, user: ADMIN }))
    const app = appFrame(page)
    await seeText(app.getByRole('alert'), 'no more tabs of this kind')
    expect(tabBindings().map((b) => b.handler)).toEqual(['https://old.example.test/app/'])
    // Retried, the new address replaces the old one: still exactly one tab.
    await app.getByRole('button', { name: 'Try again' }).click()
    await seeText(app.getByRole('status'), 'Installed.')
    expect(tabBindings().map((b) => b.handler)).toEqual([h.emulator.appUrl])
  })

  it('a failing bind says so and can be retried', async () => {
    h.allowConsole(failedRequest(400))
    bindTabs([])
    h.emulator.portal.addFault({ method: 'placement.bind', count: 1, kind: 'error', status: 400, error: 'ERROR_PLACEMENT_MAX_COUNT', description: 'Placement max count exceeded' })
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', install: true, user: ADMIN }))
    const app = appFrame(page)
    await seeText(app.getByRole('alert'), 'could not be added to company cards')
    expect(h.emulator.portal.settings().installed).toBe(false)
    await app.getByRole('button', { name: 'Try again' }).click()
    await seeText(app.getByRole('status'), 'Installed.')
    expect(tabBindings()).toHaveLength(1)
  })
})

describe('settings', () => {
  it('a non-admin sees them read-only and cannot save', async () => {
    const { page } = await h.newPage()
    const app = await openAppPage(page, EDITOR)
    await seeText(app.getByTestId('settings-read-only'), 'Only administrators can change these settings')
    await expect(app.getByRole('button', { name: 'Save' }).count()).resolves.toBe(0)
    await expect(app.getByRole('radio', { name: 'Administrators only' }).isDisabled()).resolves.toBe(true)
  })

  it('"administrators only" hides the clear from an editor and shows it to an admin', async () => {
    const { page } = await h.newPage()
    const app = await openAppPage(page, ADMIN)
    await app.getByRole('radio', { name: 'Administrators only' }).click()
    await app.getByRole('button', { name: 'Save' }).click()
    await seeText(app.getByRole('status'), 'Settings saved.')
    expect(JSON.parse(String(h.emulator.portal.appOptions()[SETTINGS_OPTION_KEY]))).toMatchObject({ version: 1, clearPolicy: 'admins' })

    await page.goto(h.emulator.cardUrl(1, { user: EDITOR }))
    await seeText(appFrame(page).getByTestId('cannot-clear'), 'Only administrators may unlink all contacts')
    await expect(appFrame(page).getByRole('button', { name: 'Clear all contacts' }).count()).resolves.toBe(0)

    await page.goto(h.emulator.cardUrl(1, { user: ADMIN }))
    await appFrame(page).getByRole('button', { name: 'Clear all contacts' }).waitFor()
  })

  it('"selected users" lets a picked editor clear, and no one else but admins', async () => {
    const { page } = await h.newPage()
    const app = await openAppPage(page, ADMIN)
    await app.getByRole('radio', { name: 'Selected users (and administrators)' }).click()
    await app.getByRole('button', { name: 'Choose users' }).click()
    const picker = page.getByRole('dialog')
    await picker.getByLabel('Boris Petrov').check()
    await picker.getByRole('button', { name: 'Select' }).click()
    await seeText(app.getByRole('listitem'), 'Boris Petrov')
    await app.getByRole('button', { name: 'Save' }).click()
    await seeText(app.getByRole('status'), 'Settings saved.')
    expect(JSON.parse(String(h.emulator.portal.appOptions()[SETTINGS_OPTION_KEY]))).toMatchObject({ clearPolicy: 'users', clearUserIds: [EDITOR] })

    await page.goto(h.emulator.cardUrl(1, { user: EDITOR }))
    await appFrame(page).getByRole('button', { name: 'Clear all contacts' }).waitFor()

    setOption(JSON.stringify({ version: 1, clearPolicy: 'users', clearUserIds: [3], trail: true }))
    await page.goto(h.emulator.cardUrl(1, { user: EDITOR }))
    await seeText(appFrame(page).getByTestId('cannot-clear'), 'Only selected users may unlink all contacts')
  })

  it('a corrupt option gives safe defaults and a notice for admins', async () => {
    setOption('{"version":1,"clearPolicy":')
    const { page } = await h.newPage()
    const app = await openAppPage(page, ADMIN)
    await seeText(app.getByTestId('settings-problem'), 'could not be read')
    await expect(app.getByRole('radio', { name: 'Administrators only' }).isChecked()).resolves.toBe(true)
    await page.goto(h.emulator.cardUrl(1, { user: EDITOR }))
    await seeText(appFrame(page).getByTestId('cannot-clear'), 'Only administrators may unlink')
  })

  it('switching the trail off means no timeline comment after a clear', async () => {
    setOption(JSON.stringify({ version: 1, clearPolicy: 'editors', clearUserIds: [], trail: false }))
    const id = h.emulator.portal.addCompany({ title: 'No Trail Test GmbH', contacts: 2 })
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(id, { user: EDITOR }))
    const app = appFrame(page)
    await app.getByRole('button', { name: 'Clear all contacts' }).click()
    await app.getByRole('alertdialog').getByRole('button', { name: /^Clear/ }).click()
    await seeText(app.getByTestId('notice'), '2 contacts were unlinked')
    expect(h.emulator.portal.comments().filter((c) => c.entityId === id)).toEqual([])
  })
})
