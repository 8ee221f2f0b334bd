import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import { SETTINGS_OPTION_KEY } from '../../src/domain/settings'
import { CARD_PLACEMENTS, type CardType } from '../../src/domain/cards'
import { appFrame, failedRequest, seeText, useHarness } from './support/harness'

const h = useHarness()
const ADMIN = SEED_USER.admin
const EDITOR = SEED_USER.editor

function tabBindings() {
  return h.emulator.portal.placements().filter((b) => b.placement === 'CRM_COMPANY_DETAIL_TAB')
}

/** The app's tabs in every card, as "PLACEMENT handler" (the app's own address as "app"). */
function cardTabs() {
  return h.emulator.portal.placements()
    .filter((b) => Object.values(CARD_PLACEMENTS).includes(b.placement))
    .map((b) => `${b.placement} ${b.handler === h.emulator.appUrl ? 'app' : b.handler}`)
    .sort()
}

const storedOption = () => JSON.parse(String(h.emulator.portal.appOptions()[SETTINGS_OPTION_KEY]))

async function openAppPage(page: Page, user: number) {
  await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', user }))
  return appFrame(page)
}

/** A portal where the app's company tab is bound to these handlers, and no other card has one (as an admin would have left it). */
function bindTabs(handlers: string[], others: CardType[] = []) {
  h.emulator.portal.update({ userId: ADMIN })
  const token = String((h.emulator.portal.frame('getInitData', {}, { placement: 'DEFAULT', placementOptions: [], domain: 'localhost', protocol: '0' }) as { AUTH_ID: string }).AUTH_ID)
  for (const placement of Object.values(CARD_PLACEMENTS)) h.emulator.portal.rest('placement.unbind', { auth: token, PLACEMENT: placement })
  for (const handler of handlers) h.emulator.portal.rest('placement.bind', { auth: token, PLACEMENT: 'CRM_COMPANY_DETAIL_TAB', HANDLER: handler, TITLE: 'Contacts' })
  for (const card of others) h.emulator.portal.rest('placement.bind', { auth: token, PLACEMENT: CARD_PLACEMENTS[card], HANDLER: h.emulator.appUrl, TITLE: 'Contacts' })
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
    await expect.poll(() => h.emulator.portal.settings().installed, { timeout: 15_000 }).toBe(true)
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
    await expect.poll(() => h.emulator.portal.settings().installed, { timeout: 15_000 }).toBe(true)
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
    expect(storedOption()).toMatchObject({ version: 2, cards: ['company'], clear: { company: { policy: 'admins', userIds: [] } } })

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
    expect(storedOption()).toMatchObject({ clear: { company: { policy: 'users', userIds: [EDITOR] } } })

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

describe('the cards with the tab', () => {
  it('choosing cards binds and unbinds exactly those placements, and the page shows where the tab is', async () => {
    bindTabs([h.emulator.appUrl])
    setOption(JSON.stringify({ version: 1, clearPolicy: 'editors', clearUserIds: [], trail: true }))
    const { page } = await h.newPage()
    const app = await openAppPage(page, ADMIN)
    await seeText(app.getByTestId('tabs-bound'), 'The tab is now in company cards.')
    await expect(app.getByRole('checkbox', { name: 'Companies' }).getAttribute('aria-checked')).resolves.toBe('true')

    await app.getByRole('checkbox', { name: 'Deals' }).click()
    await app.getByRole('checkbox', { name: 'Leads' }).click()
    await app.getByRole('checkbox', { name: 'Companies' }).click()
    await seeText(app.getByTestId('tabs-bound'), 'Saving adds it to deal and lead cards. Saving removes it from company cards.')
    // Who may clear, per card: administrators only for leads.
    await app.getByRole('group', { name: 'Who may clear all contacts of a lead' }).getByRole('radio', { name: 'Administrators only' }).click()
    await app.getByRole('button', { name: 'Save' }).click()
    await seeText(app.getByRole('status'), 'Settings saved.')

    expect(cardTabs()).toEqual(['CRM_DEAL_DETAIL_TAB app', 'CRM_LEAD_DETAIL_TAB app'])
    expect(storedOption()).toMatchObject({ version: 2, cards: ['deal', 'lead'], clear: { deal: { policy: 'editors' }, lead: { policy: 'admins' }, company: { policy: 'editors' } } })
    await seeText(app.getByTestId('tabs-bound'), 'The tab is now in deal and lead cards.')
    // Each binding carries the tab's title in every language.
    const lead = h.emulator.portal.placements().find((b) => b.placement === 'CRM_LEAD_DETAIL_TAB')!
    expect(lead.langAll).toMatchObject({ en: { TITLE: 'Contacts' }, ru: { TITLE: 'Контакты' }, de: { TITLE: 'Kontakte' } })

    // Read back on a fresh page, and a contact card's tab is titled Companies.
    await page.reload()
    const again = appFrame(page)
    await seeText(again.getByTestId('tabs-bound'), 'The tab is now in deal and lead cards.')
    await expect(again.getByRole('checkbox', { name: 'Deals' }).getAttribute('aria-checked')).resolves.toBe('true')
    await expect(again.getByRole('checkbox', { name: 'Companies' }).getAttribute('aria-checked')).resolves.toBe('false')
    await again.getByRole('checkbox', { name: 'Contacts' }).click()
    await again.getByRole('button', { name: 'Save' }).click()
    await seeText(again.getByRole('status'), 'Settings saved.')
    expect(cardTabs()).toEqual(['CRM_CONTACT_DETAIL_TAB app', 'CRM_DEAL_DETAIL_TAB app', 'CRM_LEAD_DETAIL_TAB app'])
    expect(h.emulator.portal.placements().find((b) => b.placement === 'CRM_CONTACT_DETAIL_TAB')!.langAll).toMatchObject({ en: { TITLE: 'Companies' }, ru: { TITLE: 'Компании' } })
  })

  it('a failed bind keeps the old tabs and the old settings, and says so', async () => {
    h.allowConsole(failedRequest(400))
    bindTabs([h.emulator.appUrl], ['quote'])
    setOption(JSON.stringify({ version: 2, cards: ['company', 'quote'], clear: { company: { policy: 'admins', userIds: [] } }, trail: true, userNames: {} }))
    const before = storedOption()
    const { page } = await h.newPage()
    const app = await openAppPage(page, ADMIN)
    await seeText(app.getByTestId('tabs-bound'), 'The tab is now in company and quote cards.')
    await app.getByRole('checkbox', { name: 'Deals' }).click()
    await app.getByRole('checkbox', { name: 'Quotes' }).click()
    h.emulator.portal.addFault({ method: 'placement.bind', count: 1, kind: 'error', status: 400, error: 'ERROR_PLACEMENT_MAX_COUNT', description: 'Placement max count exceeded' })
    await app.getByRole('button', { name: 'Save' }).click()
    await seeText(app.getByRole('alert'), 'Nothing was changed: the tab could not be added to deal cards, so the tabs and the settings stay as they were.')
    await seeText(app.getByRole('alert'), 'Bitrix24 allows no more tabs of this kind for the app.')
    expect(cardTabs()).toEqual(['CRM_COMPANY_DETAIL_TAB app', 'CRM_QUOTE_DETAIL_TAB app'])
    expect(storedOption()).toEqual(before)
    await seeText(app.getByTestId('tabs-bound'), 'The tab is now in company and quote cards.')
    // The choice is still on screen; saving again goes through.
    await expect(app.getByRole('checkbox', { name: 'Deals' }).getAttribute('aria-checked')).resolves.toBe('true')
    await app.getByRole('button', { name: 'Save' }).click()
    await seeText(app.getByRole('status'), 'Settings saved.')
    expect(cardTabs()).toEqual(['CRM_COMPANY_DETAIL_TAB app', 'CRM_DEAL_DETAIL_TAB app'])
  })

  it('asks before leaving with unsaved changes', async () => {
    bindTabs([h.emulator.appUrl])
    const { page } = await h.newPage()
    const app = await openAppPage(page, ADMIN)
    await seeText(app.getByTestId('tabs-bound'), 'The tab is now in company cards.')
    await app.getByRole('checkbox', { name: 'Quotes' }).click()
    await seeText(app.getByTestId('settings-unsaved'), 'You have unsaved changes.')
    const asked = new Promise<string>((resolve) => page.once('dialog', (d) => { resolve(d.type()); void d.accept() }))
    await page.close({ runBeforeUnload: true })
    await expect(Promise.race([asked, new Promise((r) => setTimeout(() => r('not asked'), 5_000))])).resolves.toBe('beforeunload')
  })

  it('install binds the cards an administrator chose before, and removes the app\'s tab from the others', async () => {
    bindTabs([h.emulator.appUrl], ['lead'])
    setOption(JSON.stringify({ version: 2, cards: ['company', 'deal'], clear: {}, trail: true }))
    h.emulator.portal.update({ installed: false })
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', install: true, user: ADMIN }))
    await expect.poll(() => h.emulator.portal.settings().installed, { timeout: 15_000 }).toBe(true)
    expect(cardTabs()).toEqual(['CRM_COMPANY_DETAIL_TAB app', 'CRM_DEAL_DETAIL_TAB app'])
  })
})
