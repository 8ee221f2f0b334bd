import { beforeEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import { appFrame, failedRequest, seeText, useHarness } from './support/harness'
import { axeViolations } from './support/axe'

/**
 * axe-core at WCAG 2.1 AA (support/axe.ts) over every screen a person meets,
 * in English and in Arabic (right to left): the tab, the confirmation, the
 * notices after a clear (success with Undo, a warning, an error), the app's
 * page with the settings, and the install page while it works and when it
 * fails. README.md, Accessibility, has the results.
 */
const h = useHarness()
const ADMIN = SEED_USER.admin
// Each test on the seed portal: no fault, hook or binding left by the one before.
beforeEach(() => h.emulator.portal.reset())

async function openTab(page: Page, companyId: number, lang: string) {
  await page.goto(h.emulator.cardUrl(companyId, { user: ADMIN, lang }))
  const app = appFrame(page)
  await app.getByTestId('contact-row').first().waitFor()
  return app
}

async function clearAll(page: Page) {
  const app = appFrame(page)
  await app.getByTestId('clear-all').click()
  await app.getByRole('alertdialog').getByRole('button').last().click()
  await app.getByTestId('notice').waitFor()
}

describe.each(['en', 'ar'])('no WCAG 2.1 AA violation (axe-core), in %s', (lang) => {
  it('the tab, the confirmation, and the notice with Undo after a clear', async () => {
    const id = h.emulator.portal.addCompany({ title: `Axe ${lang} Test GmbH`, contacts: 6 })
    const { page } = await h.newPage()
    const app = await openTab(page, id, lang)
    // The row's Unlink shows on hover: checked as it is seen.
    await app.getByTestId('contact-row').first().hover()
    expect(await axeViolations(page), 'the tab').toEqual([])
    await app.getByTestId('clear-all').click()
    await app.getByRole('alertdialog').waitFor()
    expect(await axeViolations(page), 'the confirmation').toEqual([])
    await app.getByRole('alertdialog').getByRole('button').last().click()
    await app.getByTestId('undo').waitFor()
    expect(await axeViolations(page), 'the success notice with Undo').toEqual([])
  })

  it('the warning notice (a contact linked meanwhile) and an error', async () => {
    h.allowConsole(failedRequest(500))
    const id = h.emulator.portal.addCompany({ title: `Axe ${lang} Warning Oy`, contacts: 3 })
    const newcomer = h.emulator.portal.addContact({ name: 'Nadia', lastName: 'Latecomer' })
    h.emulator.portal.addHook({ method: 'crm.company.contact.items.delete', link: { companyId: id, contactId: newcomer, sort: 999 } })
    const { page } = await h.newPage()
    const app = await openTab(page, id, lang)
    await clearAll(page)
    await app.getByTestId('notice-note').waitFor()
    expect(await axeViolations(page), 'the warning notice').toEqual([])
    // Undo fails: an error, next to the notice.
    h.emulator.portal.addFault({ method: 'crm.company.contact.add', count: 4, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await app.getByTestId('undo').click()
    await app.getByRole('alert').waitFor()
    expect(await axeViolations(page), 'the error').toEqual([])
  })

  it('the app page with the settings', async () => {
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', user: ADMIN, lang }))
    const app = appFrame(page)
    await app.getByRole('radiogroup').waitFor()
    await app.getByRole('button').last().waitFor()
    expect(await axeViolations(page), 'the settings, editable').toEqual([])
    await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', user: SEED_USER.editor, lang }))
    await app.getByTestId('settings-read-only').waitFor()
    expect(await axeViolations(page), 'the settings, read-only').toEqual([])
  })

  it('the install page, when binding fails and while it binds', async () => {
    h.allowConsole(failedRequest(400))
    h.emulator.portal.addFault({ method: 'placement.bind', count: 1, kind: 'error', status: 400, error: 'ERROR_PLACEMENT_MAX_COUNT', description: 'Placement max count exceeded' })
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', install: true, user: ADMIN, lang }))
    const app = appFrame(page)
    await app.getByRole('alert').waitFor()
    expect(await axeViolations(page), 'the install page, failed').toEqual([])
    // Binding, its answer held back: the page as it shows progress (the bind failed above, so this one binds).
    h.emulator.portal.addHook({ method: 'placement.bind', holdMs: 10_000 })
    await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', install: true, user: ADMIN, lang }))
    await app.getByTestId('install-steps').waitFor()
    expect(await axeViolations(page), 'the install page, working').toEqual([])
    await page.close()
  })
})

describe('while a clear runs', () => {
  it('Clear all says "Clearing…" with its spinner, in full colour, and takes no second click (disabled)', async () => {
    const id = h.emulator.portal.addCompany({ title: 'Clearing Label Test Ltd', contacts: 3 })
    const { page } = await h.newPage()
    const app = await openTab(page, id, 'en')
    h.emulator.portal.addHook({ method: 'crm.company.contact.items.delete', holdMs: 3000 })
    await app.getByTestId('clear-all').click()
    await app.getByRole('alertdialog').getByRole('button').last().click()
    const button = app.getByTestId('clear-all')
    await seeText(button, 'Clearing…')
    const look = await button.evaluate((el) => ({
      opacity: getComputedStyle(el).opacity,
      disabled: (el as HTMLButtonElement).disabled,
      spinner: el.querySelector('[data-slot="baseLoading"] svg') !== null,
      label: getComputedStyle(el.querySelector('[data-slot="baseLine"]')!).visibility,
    }))
    expect(look).toEqual({ opacity: '1', disabled: true, spinner: true, label: 'visible' })
    await seeText(app.getByTestId('announcer'), 'Unlinking contacts…')
    await app.getByTestId('notice').waitFor()
    // Nothing left to clear: the button is gone.
    await expect(button.count()).resolves.toBe(0)
  })
})
