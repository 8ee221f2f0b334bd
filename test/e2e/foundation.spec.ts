import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import { startEmulator, type Emulator } from '@emulator/server'
import { appFrame, failedRequest, logMark, restCalls, seeText, useHarness } from './support/harness'

const h = useHarness()

describe('the app inside the company card', () => {
  it('loads in the card by form POST and shows the company and how many contacts are linked', async () => {
    const companyId = h.emulator.portal.addCompany({ title: 'Contoso Browser Test GmbH', contacts: 12 })
    const { page } = await h.newPage()
    const since = logMark(h.emulator)
    await page.goto(h.emulator.cardUrl(companyId))
    const app = appFrame(page)
    await seeText(app.getByTestId('company-title'), 'Contoso Browser Test GmbH')
    await seeText(app.getByTestId('contact-count'), '12 contacts are linked')
    const calls = restCalls(h.emulator, since)
    expect(calls.map((e) => e.name)).toEqual(['batch', 'batch'])
    expect(calls[0]!.sub).toContain('crm.company.contact.items.get')
  })

  it('reads placement options sent as a JSON string', async () => {
    const companyId = h.emulator.portal.addCompany({ title: 'JSON Options Test AG', contacts: 3 })
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(companyId, { opts: 'json-string' }))
    await seeText(appFrame(page).getByTestId('contact-count'), '3 contacts')
  })

  it('shows a clear message and sends no REST call when the placement has no company id', async () => {
    const { page } = await h.newPage()
    const since = logMark(h.emulator)
    await page.goto(h.emulator.cardUrl(undefined, { opts: 'missing' }))
    const alert = appFrame(page).getByRole('alert')
    await seeText(alert, 'No company to show')
    expect(restCalls(h.emulator, since).filter((e) => e.name.startsWith('crm.'))).toEqual([])
  })

  it('recovers from an expired token without the person noticing', async () => {
    h.allowConsole(failedRequest(401))
    const companyId = h.emulator.portal.addCompany({ title: 'Expired Token Test SA', contacts: 4 })
    const { page } = await h.newPage()
    const since = logMark(h.emulator)
    // getInitData hands out a fresh token: expire it once the app holds it.
    await page.goto(h.emulator.cardUrl(companyId))
    await seeText(appFrame(page).getByTestId('contact-count'), '4 contacts')
    h.emulator.portal.expireTokens()
    await appFrame(page).getByRole('button', { name: 'Refresh' }).click()
    await expect.poll(() => restCalls(h.emulator, since).filter((e) => e.error === 'expired_token').length).toBeGreaterThan(0)
    await seeText(appFrame(page).getByTestId('contact-count'), '4 contacts')
    const frameLog = h.emulator.portal.log(since).filter((e) => e.kind === 'frame').map((e) => e.name)
    expect(frameLog).toContain('refreshAuth')
    await expect(appFrame(page).getByRole('alert').count()).resolves.toBe(0)
  })

  it('recovers from a rate-limit answer', async () => {
    h.allowConsole(failedRequest(503))
    const companyId = h.emulator.portal.addCompany({ title: 'Rate Limit Test Oy', contacts: 5 })
    // The limit answers a whole HTTP request (the app loads with batches), never one sub-command.
    h.emulator.portal.addFault({ method: 'batch', count: 1, kind: 'error', status: 503, error: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' })
    const { page } = await h.newPage()
    const since = logMark(h.emulator)
    await page.goto(h.emulator.cardUrl(companyId))
    await seeText(appFrame(page).getByTestId('contact-count'), '5 contacts', 20_000)
    const limited = restCalls(h.emulator, since).filter((e) => e.error === 'QUERY_LIMIT_EXCEEDED')
    expect(limited.length).toBe(1)
  })
})

describe('outside a working portal', () => {
  it('opened directly, outside any portal, shows a clear message instead of a blank page', async () => {
    const { page } = await h.newPage()
    await page.goto(h.emulator.appUrl)
    const alert = page.getByRole('alert')
    await seeText(alert, 'Open this app from Bitrix24')
  })

  it('a portal that never answers leads to a clear error within 10 s', async () => {
    const { page } = await h.newPage()
    const started = Date.now()
    await page.goto(h.emulator.cardUrl(undefined, { silent: true }))
    const alert = appFrame(page).getByRole('alert')
    await seeText(alert, 'Bitrix24 is not answering', 10_000)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  /**
   * The built app as an earlier deploy left it in a browser, with one chunk no
   * longer on the server (a newer deploy replaced the files): the emulator's
   * app server answers 404 for it. Runs `check` in a card opened on it.
   */
  async function withChunkGone(name: RegExp, check: (page: Page, chunk: string, stale: Emulator) => Promise<void>) {
    const dir = mkdtempSync(join(tmpdir(), 'stale-app-'))
    cpSync(inject('appDir'), dir, { recursive: true })
    const chunk = readdirSync(join(dir, 'assets')).find((f) => name.test(f))!
    rmSync(join(dir, 'assets', chunk))
    const stale = await startEmulator({ appDir: dir, quiet: true, portalPort: 0, appPort: 0 })
    try {
      h.allowConsole(failedRequest(404))
      h.allowConsole(/dynamically imported module/)
      const { page } = await h.newPage()
      await check(page, chunk, stale)
      expect(stale.exchanges().some((e) => e.path.endsWith(chunk) && e.status === 404)).toBe(true)
    } finally {
      await stale.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }

  it('an app whose code is gone from the server (a deploy replaced its files) says so instead of a blank tab', async () => {
    await withChunkGone(/^app-.*\.js$/, async (page, _chunk, stale) => {
      await page.goto(stale.cardUrl())
      await seeText(appFrame(page).getByRole('alert'), 'Company Contacts could not load. Reload the page to try again.')
    })
  })

  it('a confirmation whose code is gone from the server: Clear says nothing was unlinked, and nothing was', async () => {
    await withChunkGone(/^ClearContactsDialog-.*\.js$/, async (page, _chunk, stale) => {
      const id = stale.portal.addCompany({ title: 'Stale Deploy Ltd', contacts: 3 })
      await page.goto(stale.cardUrl(id, { user: SEED_USER.editor }))
      const app = appFrame(page)
      await seeText(app.getByTestId('contact-count'), '3 contacts')
      await app.getByRole('button', { name: 'Clear all contacts' }).click()
      await seeText(app.getByRole('alert'), 'The contacts were not unlinked. Reload the tab.')
      expect(stale.portal.links(id)).toHaveLength(3)
    })
  })
})
