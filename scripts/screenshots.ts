/**
 * `npm run screenshots`: the README's pictures, taken from the built app inside
 * the emulator (run `npm run build` first). Writes docs/screenshots/*.png.
 */
import { mkdirSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { startEmulator } from '../emulator/server.ts'
import { CHROMIUM_ARGS, ensureChromium } from './chromium.ts'

const out = new URL('../docs/screenshots/', import.meta.url).pathname
mkdirSync(out, { recursive: true })

const emulator = await startEmulator({ appDir: 'dist', quiet: true })
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS })
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } })
  const app = page.frameLocator('iframe[name*="|"]')

  await page.goto(emulator.cardUrl(1, { user: 1 }))
  await app.getByTestId('contact-row').first().waitFor()
  await page.waitForTimeout(600) // the frame follows the content's height
  await page.screenshot({ path: `${out}tab.png` })

  await app.getByRole('button', { name: 'Clear all contacts' }).click()
  await app.getByRole('alertdialog').waitFor()
  await page.waitForTimeout(400)
  await page.screenshot({ path: `${out}confirm.png` })

  // Finding and selecting: a search, then two contacts selected (a fresh card: nothing cleared yet).
  await page.keyboard.press('Escape')
  await page.goto(emulator.cardUrl(1, { user: 1 }))
  await app.getByTestId('contact-row').first().waitFor()
  await app.getByRole('searchbox', { name: /^Search/ }).fill('northwind')
  await page.waitForTimeout(400)
  await page.screenshot({ path: `${out}search.png` })
  await app.getByRole('searchbox', { name: /^Search/ }).fill('')
  await app.getByRole('checkbox', { name: 'Select Olivia Bennett' }).check()
  await app.getByRole('checkbox', { name: /^Select Дмитрий/ }).check()
  await page.waitForTimeout(400)
  await page.screenshot({ path: `${out}selection.png` })

  // The tab at a phone's width: the portal's menu folds away and the rows stack.
  const narrow = await browser.newPage({ viewport: { width: 360, height: 960 } })
  await narrow.goto(emulator.cardUrl(1, { user: 1 }))
  await narrow.frameLocator('iframe[name*="|"]').getByTestId('contact-row').first().waitFor()
  await narrow.waitForTimeout(600)
  // Not fullPage: Chromium paints a cross-origin frame only where it was in the viewport.
  await narrow.screenshot({ path: `${out}narrow.png` })
  await narrow.close()

  await page.goto(emulator.cardUrl(1, { user: 3, lang: 'de', panel: true }))
  await app.getByTestId('contact-row').first().waitFor()
  await page.waitForTimeout(400)
  await page.screenshot({ path: `${out}emulator-panel.png` })
  console.log(`Screenshots written to ${out}`)
} finally {
  await browser.close()
  await emulator.close()
}
