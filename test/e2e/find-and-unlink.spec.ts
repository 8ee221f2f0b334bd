import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import { appFrame, logMark, restCalls, seeText, useHarness } from './support/harness'

const h = useHarness()
const ADMIN = SEED_USER.admin
const EDITOR = SEED_USER.editor

async function openTab(page: Page, companyId: number, user = EDITOR) {
  await page.goto(h.emulator.cardUrl(companyId, { user }))
  const app = appFrame(page)
  await app.getByTestId('contact-row').first().waitFor()
  return app
}

/** Every REST method the app ran since `since`, batch sub-commands included. */
const methodsRun = (since: number) => restCalls(h.emulator, since).flatMap((e) => e.sub ?? [e.name])

describe('find and unlink some', () => {
  it('searches 3,000 contacts on the client: no request, "N of 3,000 contacts", an empty result offers to clear the search', async () => {
    const { page } = await h.newPage()
    const app = await openTab(page, 3, ADMIN) // seed: Megastack Logistics, 3,000 contacts
    await seeText(app.getByTestId('contact-count'), '3,000 contacts')
    const target = h.emulator.portal.contact(h.emulator.portal.links(3)[2345]!.CONTACT_ID)!
    const since = logMark(h.emulator)
    const search = app.getByRole('searchbox', { name: /^Search/ })
    await search.fill(`${target.name} ${target.lastName}`.toUpperCase())
    await seeText(app.getByTestId('contact-count'), 'of 3,000 contacts')
    await seeText(app.getByRole('grid'), `${target.name}`)
    expect(restCalls(h.emulator, since)).toEqual([])
    await search.fill('zzzz-no-such-contact')
    await seeText(app.getByTestId('no-match'), 'No contacts match')
    await app.getByRole('button', { name: 'Clear search' }).click()
    await seeText(app.getByTestId('contact-count'), '3,000 contacts are linked')
  })

  it('selects two, unlinks exactly those with crm.company.contact.delete, and Undo puts them back with their SORT', async () => {
    const id = h.emulator.portal.addCompany({ title: 'Selection Browser Test Ltd', contacts: 5 })
    h.emulator.portal.setLinks(id, h.emulator.portal.links(id).map((l, i) => ({ CONTACT_ID: l.CONTACT_ID, SORT: 3 + i * 17 })))
    const before = h.emulator.portal.links(id)
    const [a, , c] = before.map((l) => h.emulator.portal.contact(l.CONTACT_ID)!)
    const { page } = await h.newPage()
    const app = await openTab(page, id)
    await app.getByRole('checkbox', { name: `Select ${a!.name} ${a!.lastName}` }).check()
    await app.getByRole('checkbox', { name: `Select ${c!.name} ${c!.lastName}` }).check()
    await seeText(app.getByTestId('selected-count'), '2 selected')
    const since = logMark(h.emulator)
    await app.getByRole('button', { name: /^Unlink 2 selected/ }).click()
    const dialog = app.getByRole('alertdialog')
    await seeText(dialog, `${a!.name} ${a!.lastName}`)
    await dialog.getByRole('button', { name: /^Unlink/ }).click()
    await seeText(app.getByTestId('notice'), '2 contacts were unlinked')
    const run = methodsRun(since)
    expect(run.filter((m) => m === 'crm.company.contact.delete')).toHaveLength(2)
    expect(run).not.toContain('crm.company.contact.items.delete')
    expect(run).not.toContain('crm.company.contact.items.set')
    expect(h.emulator.portal.links(id)).toEqual(before.filter((l) => l.CONTACT_ID !== a!.id && l.CONTACT_ID !== c!.id))
    await seeText(app.getByTestId('contact-count'), '3 contacts')
    await expect(app.getByTestId('selected-count').count()).resolves.toBe(0)
    await seeText(app.getByTestId('trail-written'), 'comment listing the unlinked contacts')
    await app.getByRole('button', { name: 'Undo', exact: true }).click()
    await seeText(app.getByTestId('notice'), 'All 2 contacts are linked')
    expect(h.emulator.portal.links(id)).toEqual(before)
  })

  it('a contact a colleague links while the confirmation is open stays linked', async () => {
    const id = h.emulator.portal.addCompany({ title: 'Open Confirmation Browser Test AG', contacts: 3 })
    const first = h.emulator.portal.contact(h.emulator.portal.links(id)[0]!.CONTACT_ID)!
    const { page } = await h.newPage()
    const app = await openTab(page, id)
    await app.getByRole('checkbox', { name: `Select ${first.name} ${first.lastName}` }).check()
    await app.getByRole('button', { name: /^Unlink 1 selected/ }).click()
    const dialog = app.getByRole('alertdialog')
    await dialog.waitFor()
    const newcomer = h.emulator.portal.addContact({ name: 'Colleague', lastName: 'Meanwhile' })
    h.emulator.portal.setLinks(id, [...h.emulator.portal.links(id), { CONTACT_ID: newcomer, SORT: 1 }])
    await dialog.getByRole('button', { name: /^Unlink/ }).click()
    await seeText(app.getByTestId('notice'), 'One contact was unlinked')
    const linked = h.emulator.portal.links(id).map((l) => l.CONTACT_ID)
    expect(linked).toContain(newcomer)
    expect(linked).not.toContain(first.id)
    expect(linked).toHaveLength(3)
  })

  it('unlinks one contact from its row', async () => {
    const id = h.emulator.portal.addCompany({ title: 'Row Unlink Browser Test BV', contacts: 3 })
    const second = h.emulator.portal.contact(h.emulator.portal.links(id)[1]!.CONTACT_ID)!
    const { page } = await h.newPage()
    const app = await openTab(page, id)
    await app.getByRole('button', { name: `Unlink ${second.name} ${second.lastName}` }).click()
    await app.getByRole('alertdialog').getByRole('button', { name: /^Unlink/ }).click()
    await seeText(app.getByTestId('notice'), 'One contact was unlinked')
    expect(h.emulator.portal.links(id).map((l) => l.CONTACT_ID)).not.toContain(second.id)
    expect(h.emulator.portal.links(id)).toHaveLength(2)
  })

  it('Select all selects every contact matching the search, not only the rows drawn; Shift+click selects a range', async () => {
    const { page } = await h.newPage()
    const app = await openTab(page, 3, ADMIN)
    await app.getByTestId('select-all').check()
    await seeText(app.getByTestId('selected-count'), '3,000 selected')
    await app.getByRole('button', { name: 'Clear selection' }).click()
    const rows = app.getByTestId('contact-row')
    await rows.nth(1).getByRole('checkbox').click()
    await rows.nth(4).getByRole('checkbox').click({ modifiers: ['Shift'] })
    await seeText(app.getByTestId('selected-count'), '4 selected')
  })

  it('the grid is keyboard-driven: Tab reaches one cell, arrows move, Space selects', async () => {
    const { page } = await h.newPage()
    const app = await openTab(page, 1, ADMIN)
    await app.getByRole('button', { name: 'Open Olivia Bennett' }).focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Space')
    await seeText(app.getByTestId('selected-count'), '1 selected')
    await expect(app.getByTestId('contact-row').nth(1).getAttribute('aria-selected')).resolves.toBe('true')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('Space')
    await expect(app.getByTestId('contact-row').nth(1).getAttribute('aria-selected')).resolves.toBe('false')
  })

  it('sorts by last name and keeps the choice for the user', async () => {
    const { page } = await h.newPage()
    const app = await openTab(page, 1, ADMIN)
    await app.getByRole('combobox', { name: 'Sort' }).selectOption('last_name')
    await expect.poll(() => h.emulator.portal.userOptions(ADMIN).cc_sort).toBe('last_name')
    const names = await app.getByTestId('contact-row').locator('[data-col="1"]').allTextContents()
    const at = (name: string) => names.indexOf(name)
    // Bennett, Hale, Müller-Lüdenscheidt: by last name, not by first name (Jürgen, Olivia, Victor)
    expect(at('Olivia Bennett')).toBeLessThan(at('Victor Hale'))
    expect(at('Victor Hale')).toBeLessThan(at('Jürgen Müller-Lüdenscheidt'))
    await page.goto(h.emulator.cardUrl(1, { user: ADMIN }))
    await expect(appFrame(page).getByRole('combobox', { name: 'Sort' }).inputValue()).resolves.toBe('last_name')
  })
})
