import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import { appFrame, failedRequest, logMark, restCalls, seeText, useHarness } from './support/harness'

const h = useHarness()
const ADMIN = SEED_USER.admin
const EDITOR = SEED_USER.editor
const READ_ONLY = SEED_USER.reader

async function openTab(page: Page, companyId: number, user = EDITOR, lang = 'en') {
  await page.goto(h.emulator.cardUrl(companyId, { user, lang }))
  const app = appFrame(page)
  await app.getByTestId('contact-count').waitFor()
  return app
}

describe('the Contacts tab', () => {
  it('lists names, positions, phones, e-mails and the main-company mark', async () => {
    const { page } = await h.newPage()
    const app = await openTab(page, 1, ADMIN) // seed: Northwind Trading Co., 12 contacts
    await seeText(app.getByTestId('contact-count'), '12 contacts')
    const list = app.getByRole('grid', { name: 'Contacts linked to Northwind Trading Co.' })
    await seeText(list, 'Olivia Bennett')
    await seeText(list, 'Head of Procurement')
    await seeText(list, '+44 20 7946 0011')
    await seeText(list, 'olivia.bennett@northwind.example')
    await seeText(list, 'Дмитрий Иванович Соколов')
    const olivia = app.getByTestId('contact-row').filter({ hasText: 'Olivia Bennett' })
    await expect(olivia.getByTestId('main-company').count()).resolves.toBe(1)
    // seed: contact 3 has another main company, so no mark here
    const notMain = app.getByTestId('contact-row').filter({ hasText: 'Jürgen' })
    await expect(notMain.getByTestId('main-company').count()).resolves.toBe(0)
  })

  it('opens a contact in the Bitrix24 slider from its name', async () => {
    const { page } = await h.newPage()
    const app = await openTab(page, 1, ADMIN)
    const since = logMark(h.emulator)
    await app.getByRole('button', { name: 'Open Olivia Bennett' }).click()
    await expect.poll(() => h.emulator.portal.log(since).filter((e) => e.kind === 'frame').map((e) => e.name)).toContain('openPath')
    await seeText(page.getByRole('dialog', { name: 'Olivia Bennett' }), 'Head of Procurement')
  })

  it('shows a contact named with HTML as text, and nothing in it runs', async () => {
    const { page } = await h.newPage()
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    const app = await openTab(page, 1, ADMIN)
    await seeText(app.getByRole('grid'), '<img src=x onerror=alert(1)>')
    await expect(app.locator('img[src="x"]').count()).resolves.toBe(0)
    await page.waitForTimeout(300)
    expect(dialogs).toEqual([])
  })

  it('Cancel and Escape send nothing', async () => {
    const id = h.emulator.portal.addCompany({ title: 'Cancel Test Ltd', contacts: 6 })
    const { page } = await h.newPage()
    const app = await openTab(page, id)
    const since = logMark(h.emulator)
    await app.getByRole('button', { name: 'Clear all contacts' }).click()
    const dialog = app.getByRole('alertdialog')
    await seeText(dialog, 'All 6 contacts will be unlinked')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await app.getByRole('button', { name: 'Clear all contacts' }).click()
    await app.getByRole('alertdialog').waitFor()
    await page.keyboard.press('Escape')
    await app.getByRole('alertdialog').waitFor({ state: 'hidden' })
    expect(restCalls(h.emulator, since)).toEqual([])
    expect(h.emulator.portal.links(id)).toHaveLength(6)
  })

  it('the confirm sends exactly one items.delete with the company id, and the list empties', async () => {
    const id = h.emulator.portal.addCompany({ title: 'Sold Company Test AG', contacts: 7 })
    const { page } = await h.newPage()
    const app = await openTab(page, id)
    await app.getByRole('button', { name: 'Clear all contacts' }).click()
    const dialog = app.getByRole('alertdialog')
    await seeText(dialog, 'and 2 more')
    const since = logMark(h.emulator)
    const confirm = dialog.getByRole('button', { name: /^Clear/ })
    await expect(confirm.textContent()).resolves.toBe('Clear 7 contacts')
    await confirm.click()
    // The title is a bidi isolate inside the quotes (U+2068 … U+2069).
    await seeText(app.getByTestId('notice'), '7 contacts were unlinked from “\u2068Sold Company Test AG\u2069”')
    await seeText(app.getByTestId('contact-count'), 'No contacts are linked')
    // The delete goes in one request with the re-read of the links that follows it.
    const deletes = restCalls(h.emulator, since).filter((e) => e.sub?.includes('crm.company.contact.items.delete'))
    expect(deletes).toHaveLength(1)
    expect(deletes[0]!.sub!.filter((m) => m === 'crm.company.contact.items.delete')).toHaveLength(1)
    expect(deletes[0]!.params).toMatchObject({ cmd: { write: `crm.company.contact.items.delete?id=${id}` } })
    expect(h.emulator.portal.links(id)).toEqual([])
    await expect(app.getByRole('button', { name: 'Clear all contacts' }).count()).resolves.toBe(0)
    await expect.poll(() => h.emulator.portal.log(since).filter((e) => e.kind === 'frame').map((e) => e.name)).toContain('reloadData')
  })

  it('does not offer the clear to a read-only user, and says why', async () => {
    const { page } = await h.newPage()
    const app = await openTab(page, 1, READ_ONLY)
    await seeText(app.getByTestId('cannot-clear'), 'not unlink them')
    await expect(app.getByRole('button', { name: 'Clear all contacts' }).count()).resolves.toBe(0)
    expect(h.emulator.portal.links(1).length).toBe(12)
  })

  it('ACCESS_DENIED on delete shows an alert and keeps the list', async () => {
    const id = h.emulator.portal.addCompany({ title: 'Denied Test Oy', contacts: 4 })
    const { page } = await h.newPage()
    const app = await openTab(page, id)
    h.emulator.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'error', status: 403, error: 'ACCESS_DENIED', description: 'Access denied!' })
    await app.getByRole('button', { name: 'Clear all contacts' }).click()
    await app.getByRole('alertdialog').getByRole('button', { name: /^Clear/ }).click()
    await seeText(app.getByRole('alert'), 'The contacts were not unlinked')
    await seeText(app.getByRole('alert'), 'does not allow unlinking contacts from this company')
    await expect(app.getByRole('alert').textContent()).resolves.not.toContain('Access denied!')
    await seeText(app.getByTestId('contact-count'), '4 contacts')
    await expect(app.getByTestId('contact-row').count()).resolves.toBe(4)
  })

  it('recovers from QUERY_LIMIT_EXCEEDED and an expired token during the load', async () => {
    h.allowConsole(failedRequest(401))
    h.allowConsole(failedRequest(503))
    const id = h.emulator.portal.addCompany({ title: 'Flaky Load Test SA', contacts: 8 })
    h.emulator.portal.addFault({ method: 'batch', count: 1, kind: 'error', status: 401, error: 'expired_token', description: 'The access token provided has expired.' })
    // The rate limit answers a whole HTTP request, so it hits the batch, never one sub-command.
    h.emulator.portal.addFault({ method: 'batch', count: 1, kind: 'error', status: 503, error: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' })
    const { page } = await h.newPage()
    const since = logMark(h.emulator)
    await page.goto(h.emulator.cardUrl(id, { user: EDITOR }))
    const app = appFrame(page)
    await seeText(app.getByTestId('contact-count'), '8 contacts', 20_000)
    const errors = restCalls(h.emulator, since).map((e) => e.error).filter(Boolean)
    expect(errors).toContain('expired_token')
    expect(errors).toContain('QUERY_LIMIT_EXCEEDED')
    expect(h.emulator.portal.log(since).some((e) => e.kind === 'frame' && e.name === 'refreshAuth')).toBe(true)
  })

  it.each([
    ['ru', 'Отвязать все контакты', 'К компании привязано 12 контактов'],
    ['de', 'Alle Kontakte lösen', 'Mit diesem Unternehmen sind 12 Kontakte verknüpft'],
  ])('speaks the portal language %s', async (lang, button, count) => {
    const { page } = await h.newPage()
    const app = await openTab(page, 1, ADMIN, lang)
    await seeText(app.getByTestId('contact-count'), count)
    await app.getByRole('button', { name: button }).waitFor()
    await app.getByRole('button', { name: button }).click()
    const cancel = lang === 'ru' ? 'Отмена' : 'Abbrechen'
    await app.getByRole('alertdialog').getByRole('button', { name: cancel }).click()
  })

  it('keeps 3,000 contacts to a few dozen DOM rows, and scrolling shows the later ones', async () => {
    const { page } = await h.newPage()
    const app = await openTab(page, 3, ADMIN) // seed: Megastack Logistics, 3,000 contacts
    await seeText(app.getByTestId('contact-count'), '3,000 contacts')
    const rows = await app.getByTestId('contact-row').count()
    expect(rows).toBeGreaterThan(5)
    expect(rows).toBeLessThan(60)
    await app.getByTestId('contact-scroller').evaluate((el) => { el.scrollTop = el.scrollHeight })
    await expect.poll(() => app.getByTestId('contact-row').last().getAttribute('aria-rowindex')).toBe('3000')
    expect(await app.getByTestId('contact-row').count()).toBeLessThan(60)
  })

  it('has no scrollbars in the frame at 1280 px: the frame follows the content, also when it shrinks', async () => {
    const id = h.emulator.portal.addCompany({ title: 'Frame Size Test Ltd', contacts: 9 })
    const { page } = await h.newPage()
    const app = await openTab(page, id)
    const frame = page.frames().find((f) => f.url().startsWith(h.emulator.appOrigin))!
    const fits = () => frame.evaluate(() => document.documentElement.scrollHeight <= document.documentElement.clientHeight + 1
      && document.documentElement.scrollWidth <= document.documentElement.clientWidth)
    await expect.poll(fits).toBe(true)
    const tall = await page.locator('iframe[name*="|"]').evaluate((el) => el.getBoundingClientRect().height)
    await app.getByRole('button', { name: 'Clear all contacts' }).click()
    await app.getByRole('alertdialog').getByRole('button', { name: /^Clear/ }).click()
    await seeText(app.getByTestId('contact-count'), 'No contacts are linked')
    await expect.poll(() => page.locator('iframe[name*="|"]').evaluate((el) => el.getBoundingClientRect().height)).toBeLessThan(tall)
    await expect.poll(fits).toBe(true)
  })

  it('moves focus into the confirmation and back to the button', async () => {
    const id = h.emulator.portal.addCompany({ title: 'Focus Test AB', contacts: 2 })
    const { page } = await h.newPage()
    const app = await openTab(page, id)
    const button = app.getByRole('button', { name: 'Clear all contacts' })
    await button.click()
    const dialog = app.getByRole('alertdialog')
    await dialog.waitFor()
    await expect.poll(() => dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true)
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => button.evaluate((el) => el === document.activeElement)).toBe(true)
  })
})

