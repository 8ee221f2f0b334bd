import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { chromium, type Browser } from 'playwright-core'
import { startEmulator } from '../../emulator/server'
import { startNginx, type RunningNginx } from '../../scripts/nginx'
import { CHROMIUM_ARGS } from '../../scripts/chromium'
import { appFrame, seeText } from './support/harness'

// The built app served by the shipped nginx configuration (deploy/), loaded
// into the emulator's company card by form POST, as Bitrix24 loads it.
describe('the built app through nginx', () => {
  let nginx: RunningNginx
  let emulator: Awaited<ReturnType<typeof startEmulator>>
  let browser: Browser

  beforeAll(async () => {
    nginx = await startNginx({ appDir: inject('appDir') })
    emulator = await startEmulator({ appUrl: `${nginx.origin}/`, quiet: true })
    browser = await chromium.launch({ executablePath: inject('chromiumPath'), args: CHROMIUM_ARGS })
  })
  afterAll(async () => {
    await browser?.close()
    await emulator?.close()
    await nginx?.stop()
  })

  it('answers Bitrix24\'s POST with the page, and the tab works', async () => {
    const page = await browser.newPage()
    const posts: string[] = []
    page.on('request', (r) => { if (r.method() === 'POST' && r.url().startsWith(nginx.origin)) posts.push(r.url()) })
    await page.goto(emulator.cardUrl(1, { user: 1 }))
    await seeText(appFrame(page).getByTestId('contact-count'), '12 contacts')
    expect(posts.length).toBeGreaterThan(0)
    await page.close()
  })
})
