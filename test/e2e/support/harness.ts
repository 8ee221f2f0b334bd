import { afterAll, afterEach, beforeAll, inject } from 'vitest'
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core'
import { startEmulator } from '../../../emulator/server'
import { CHROMIUM_ARGS } from '../../../scripts/chromium'

export type Emulator = Awaited<ReturnType<typeof startEmulator>>

export interface Harness {
  emulator: Emulator
  browser: Browser
  /** A fresh browser context and page (no shared state between tests). */
  newPage(): Promise<{ page: Page, context: BrowserContext }>
}

/**
 * One emulator (with the real portal model, fresh seed data) and one Chromium
 * for the test file; the built app is served on its own origin, as a real app
 * is, and loaded into the card by form POST.
 */
export function useHarness(): Harness {
  const harness = {} as Harness
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    harness.emulator = await startEmulator({ appDir: inject('appDir'), quiet: true, portalPort: 0, appPort: 0 })
    harness.browser = await chromium.launch({ executablePath: inject('chromiumPath'), args: CHROMIUM_ARGS, headless: true })
    harness.newPage = async () => {
      const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } })
      contexts.push(context)
      context.setDefaultTimeout(15_000)
      const page = await context.newPage()
      page.on('pageerror', (error) => pageErrors.push(error))
      return { page, context }
    }
  })
  // A page left open keeps talking to the portal (a reloading frame installs
  // again, a tab refreshes): each test's pages close when it ends.
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => {})
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await harness.browser?.close()
    await harness.emulator?.close()
  })
  return harness
}

/** Uncaught errors in any page (the Market forbids JS errors, docs/bitrix24.md, Market rules). */
export const pageErrors: Error[] = []

/** The app's iframe inside the card. */
export function appFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe[name*="|"]')
}

/** REST calls the app made since `sinceSeq`, by method name. */
export function restCalls(emulator: Emulator, sinceSeq = 0) {
  return emulator.portal.log(sinceSeq).filter((e) => e.kind === 'rest')
}

/** Wait until `locator` shows `text` (a substring); fails with Playwright's own message after `timeout`. */
export async function seeText(locator: Locator, text: string, timeout = 15_000): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible', timeout })
}

/** The seq of the newest log entry: pass it to restCalls() to see only what follows. */
export function logMark(emulator: Emulator): number {
  return emulator.portal.log().at(-1)?.seq ?? 0
}
