import { afterAll, afterEach, beforeAll, inject } from 'vitest'
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core'
import { startEmulator } from '@emulator/server'
import { CHROMIUM_ARGS } from '../../../scripts/chromium'

export type Emulator = Awaited<ReturnType<typeof startEmulator>>

export interface Harness {
  emulator: Emulator
  browser: Browser
  /**
   * A fresh browser context and page (no shared state between tests). The
   * test fails, when it ends, on any uncaught error or console error in the
   * page or its frames (the card and the app): the Market forbids JS errors
   * (docs/bitrix24.md, Market rules).
   */
  newPage(): Promise<{ page: Page, context: BrowserContext }>
  /**
   * Let console errors matching `pattern` pass in the current test only: for
   * a test that makes something fail on purpose (Chromium logs a request the
   * portal answers with an error status). Uncaught errors are never let pass.
   */
  allowConsole(pattern: RegExp): void
}

/**
 * One emulator (with the real portal model, fresh seed data) and one Chromium
 * for the test file; the built app is served on its own origin, as a real app
 * is, and loaded into the card by form POST.
 */
export function useHarness(): Harness {
  const harness = {} as Harness
  const contexts: BrowserContext[] = []
  let problems: PageProblem[] = []
  let allowed: RegExp[] = []
  harness.allowConsole = (pattern) => { allowed.push(pattern) }
  beforeAll(async () => {
    harness.emulator = await startEmulator({ appDir: inject('appDir'), quiet: true, portalPort: 0, appPort: 0 })
    harness.browser = await chromium.launch({ executablePath: inject('chromiumPath'), args: CHROMIUM_ARGS, headless: true })
    harness.newPage = async () => {
      const context = await harness.browser.newContext({ viewport: { width: 1280, height: 900 } })
      contexts.push(context)
      context.setDefaultTimeout(15_000)
      // Every page of the context: this one, and any the card or the app opens.
      context.on('page', (page) => watchPage(page, problems))
      const page = await context.newPage()
      return { page, context }
    }
  })
  // A page left open keeps talking to the portal (a reloading frame installs
  // again, a tab refreshes): each test's pages close when it ends.
  afterEach(async () => {
    const found = problems.filter((p) => p.kind === 'pageerror' || !allowed.some((pattern) => pattern.test(p.text)))
    problems = []
    allowed = []
    for (const c of contexts.splice(0)) await c.close().catch(() => {})
    if (found.length) throw new Error(`Errors in the page:\n${found.map(describeProblem).join('\n')}`)
  })
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {})
    await harness.browser?.close()
    await harness.emulator?.close()
  })
  return harness
}

/** An uncaught error in a page or one of its frames, or a message it logged as a console error. */
export interface PageProblem {
  kind: 'pageerror' | 'console'
  text: string
  /** where: the script (console) or the page (uncaught error) */
  url: string
}

/**
 * Collect `page`'s uncaught errors and console errors (all its frames) into
 * `into`, from now on; returns `into`. For a page the harness did not open.
 */
export function watchPage(page: Page, into: PageProblem[] = []): PageProblem[] {
  page.on('pageerror', (error) => into.push({ kind: 'pageerror', text: `${error.name}: ${error.message}`, url: page.url() }))
  page.on('console', (message) => {
    if (message.type() !== 'error') return
    const { url, lineNumber } = message.location()
    into.push({ kind: 'console', text: message.text(), url: url ? `${url}:${lineNumber + 1}` : page.url() })
  })
  return into
}

/**
 * Chromium's console error for a request that failed on purpose: the portal
 * answered with HTTP `status`, or (`'no answer'`) dropped the connection.
 */
export function failedRequest(status: number | 'no answer'): RegExp {
  return status === 'no answer'
    ? /^Failed to load resource: net::ERR_EMPTY_RESPONSE$/
    : new RegExp(`^Failed to load resource: the server responded with a status of ${status} `)
}

export function describeProblem(p: PageProblem): string {
  return `  ${p.kind === 'pageerror' ? 'uncaught' : 'console error'}: ${p.text} (${p.url})`
}

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
