import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startEmulator } from '@emulator/server'
import { SEED_USER } from '@emulator/portal'
import { freePort, startNginx, type RunningNginx } from '../../scripts/nginx'
import { CHROMIUM_ARGS } from '../../scripts/chromium'
import { appFrame, seeText } from './support/harness'

/** In every frame, before the app runs: note each CSP violation the browser reports. */
function recordCspViolations() {
  const seen: string[] = []
  Object.assign(window, { cspViolations: seen })
  document.addEventListener('securitypolicyviolation', (e) => {
    seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`)
  })
}

// The built app served by the shipped nginx configuration (deploy/), loaded
// into the emulator's company card by form POST, as Bitrix24 loads it.
describe('the built app through nginx', () => {
  let nginx: RunningNginx
  let emulator: Awaited<ReturnType<typeof startEmulator>>
  let browser: Browser

  beforeAll(async () => {
    // The emulator is a portal on plain HTTP: the policy allows https: portals
    // only, so the test adds this one origin to it (scripts/nginx.ts), nothing else.
    const portalPort = await freePort()
    nginx = await startNginx({ appDir: inject('appDir'), httpPortalOrigin: `http://localhost:${portalPort}` })
    emulator = await startEmulator({ appUrl: `${nginx.origin}/`, quiet: true, portalPort })
    expect(emulator.portalOrigin).toBe(`http://localhost:${portalPort}`)
    browser = await chromium.launch({ executablePath: inject('chromiumPath'), args: CHROMIUM_ARGS })
  })
  afterAll(async () => {
    await browser?.close()
    await emulator?.close()
    await nginx?.stop()
  })

  /** A page that records the app's CSP violations (DOM events and the console's "Refused to…"), and the policy nginx sent. */
  async function watchedPage(): Promise<{ page: Page, violations: () => Promise<string[]>, policies: string[] }> {
    const page = await browser.newPage()
    await page.context().addInitScript(recordCspViolations)
    const consoleViolations: string[] = []
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) consoleViolations.push(m.text()) })
    const policies: string[] = []
    page.on('response', (r) => {
      if (r.url().startsWith(nginx.origin) && r.request().resourceType() === 'document') policies.push(r.headers()['content-security-policy'] ?? '')
    })
    const violations = async () => [
      ...consoleViolations,
      ...await appFrame(page).locator('body').evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ]
    return { page, violations, policies }
  }

  it('answers Bitrix24\'s POST with the page, and the tab works under the Content-Security-Policy, with no violation', async () => {
    const { page, violations, policies } = await watchedPage()
    const posts: string[] = []
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().startsWith(nginx.origin)) posts.push(r.url()) })
    await page.goto(emulator.cardUrl(1, { user: SEED_USER.admin }))
    const app = appFrame(page)
    await seeText(app.getByTestId('contact-count'), '12 contacts')
    expect(posts.length).toBeGreaterThan(0)
    // The policy really was in force.
    expect(policies.length).toBeGreaterThan(0)
    for (const csp of policies) expect(csp).toMatch(/script-src 'self'; style-src 'self'/)

    // The confirmation (a modal: focus trap, scroll lock) and the CSV download work under it too.
    await app.getByRole('button', { name: 'Clear all contacts' }).click()
    const dialog = app.getByRole('alertdialog')
    await seeText(dialog, 'All 12 contacts will be unlinked')
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    const [download] = await Promise.all([page.waitForEvent('download'), app.getByRole('button', { name: 'Download CSV' }).click()])
    expect(download.suggestedFilename()).toMatch(/\.csv$/)

    await page.waitForTimeout(300)
    expect(await violations()).toEqual([])
    await page.close()
  })

  it('shows the app\'s own page (settings) and installs, with no violation', async () => {
    const { page, violations } = await watchedPage()
    await page.goto(emulator.cardUrl(1, { user: SEED_USER.admin, placement: 'DEFAULT' }))
    await seeText(appFrame(page).getByRole('heading', { name: 'Settings' }), 'Settings')
    await page.goto(emulator.cardUrl(undefined, { placement: 'DEFAULT', install: true, user: SEED_USER.admin }))
    // installed, and the frame reloaded by the portal into the app's own page (the "Installed." status
    // before it lasts only until that reload)
    await expect.poll(() => emulator.portal.settings().installed, { timeout: 15_000 }).toBe(true)
    await seeText(appFrame(page).getByRole('heading', { name: 'Settings' }), 'Settings')
    expect(await violations()).toEqual([])
    await page.close()
  })
})
