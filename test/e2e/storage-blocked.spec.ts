import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { createServer, type ViteDevServer } from 'vite'
import { startEmulator } from '@emulator/server'
import { SEED_USER } from '@emulator/portal'
import { CHROMIUM_ARGS } from '../../scripts/chromium'
import { appFrame, describeProblem, seeText, useHarness, watchPage } from './support/harness'

/**
 * A browser that blocks third-party storage (Chromium and Firefox with
 * third-party cookies blocked) throws a SecurityError as soon as a cross-site
 * frame reads `window.localStorage` or `window.sessionStorage` (docs/bitrix24.md, Storage in the frame).
 * This init script does the same in every frame but the top one: the app's.
 */
function blockStorageInFrames() {
  if (window.top === window) return
  Object.assign(window, { storageBlockedByTest: true })
  for (const name of ['localStorage', 'sessionStorage'] as const) {
    Object.defineProperty(window, name, {
      configurable: true,
      get() {
        throw new DOMException(`Failed to read the '${name}' property from 'Window': Access is denied for this document.`, 'SecurityError')
      },
    })
  }
}

/** Open the card with storage blocked in the app's frame; the tab must list the contacts, with no error in any frame. */
async function expectTabRendersWithStorageBlocked(page: Page, cardUrl: string, timeout = 15_000) {
  await page.context().addInitScript(blockStorageInFrames)
  const errors = watchPage(page)
  await page.goto(cardUrl)
  const app = appFrame(page)
  await seeText(app.getByTestId('contact-count'), '12 contacts', timeout)
  await seeText(app.getByRole('grid', { name: 'Contacts linked to Northwind Trading Co.' }), 'Olivia Bennett', timeout)
  await page.waitForTimeout(300)
  expect(errors.map(describeProblem)).toEqual([])
  // The block was in place in the app's frame.
  await expect(app.locator('body').evaluate(() => 'storageBlockedByTest' in window)).resolves.toBe(true)
}

describe('with third-party storage blocked', () => {
  const h = useHarness()

  it('the built tab renders its contact list, with no page errors', async () => {
    const { page } = await h.newPage()
    await expectTabRendersWithStorageBlocked(page, h.emulator.cardUrl(1, { user: SEED_USER.admin }))
  })

  it('where storage works, the built app stores nothing in it (the kit\'s colour mode used to)', async () => {
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(1, { user: SEED_USER.admin }))
    const app = appFrame(page)
    await seeText(app.getByTestId('contact-count'), '12 contacts')
    await page.waitForTimeout(300)
    await expect(app.locator('body').evaluate(() => [localStorage.length, sessionStorage.length])).resolves.toEqual([0, 0])
  })

  describe('under the dev server (npm start)', () => {
    let vite: ViteDevServer
    let emulator: Awaited<ReturnType<typeof startEmulator>>
    let browser: Browser
    // A cache of its own, so a dev server running in the same tree is not disturbed.
    const cacheDir = mkdtempSync(join(tmpdir(), 'vite-cache-'))

    beforeAll(async () => {
      vite = await createServer({
        configFile: new URL('../../vite.config.ts', import.meta.url).pathname,
        cacheDir,
        server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false },
        clearScreen: false,
        logLevel: 'silent',
      })
      await vite.listen()
      const address = vite.httpServer?.address()
      if (!address || typeof address === 'string') throw new Error('the dev server has no port')
      emulator = await startEmulator({ appUrl: `http://127.0.0.1:${address.port}/`, quiet: true, portalPort: 0 })
      browser = await chromium.launch({ executablePath: inject('chromiumPath'), args: CHROMIUM_ARGS })
    })
    afterAll(async () => {
      await browser?.close()
      await emulator?.close()
      await vite?.close()
      rmSync(cacheDir, { recursive: true, force: true })
    })

    it('the tab renders its contact list, with no page errors', { timeout: 90_000 }, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
      context.setDefaultTimeout(45_000)
      try {
        // The dev server transforms every module on first request: slow on a busy machine.
        await expectTabRendersWithStorageBlocked(await context.newPage(), emulator.cardUrl(1, { user: SEED_USER.admin }), 45_000)
      } finally {
        await context.close()
      }
    })
  })
})
