/**
 * `npm run screenshots`: the README's pictures and the Market listing's,
 * taken from the built app inside the emulator (`npm run screenshots` builds
 * first; the script alone uses the dist/ that is there).
 *
 *   docs/screenshots/*.png                       the README's
 *   release/listing/screenshots/<en|ru|de>/*.png  the listing's (scripts/listing-screenshots.ts),
 *                                                which `npm run package` puts in release/listing/
 *
 *   npm run screenshots -- --only readme    (or --only listing)
 */
import { mkdirSync } from 'node:fs'
import { chromium } from 'playwright-core'
import { startEmulator } from '../emulator/server.ts'
import { CHROMIUM_ARGS, ensureChromium } from './chromium.ts'
import { takeListingScreenshots } from './listing-screenshots.ts'

const args = process.argv.slice(2)
const only = args[0] === '--only' ? args[1] : undefined
if ((args.length && !only) || args.length > 2 || (only && only !== 'readme' && only !== 'listing')) {
  console.error(`Unknown arguments: ${args.join(' ')}\nUsage: npm run screenshots -- [--only readme|listing]`)
  process.exit(2)
}

const out = new URL('../docs/screenshots/', import.meta.url).pathname
const listingOut = new URL('../release/listing/screenshots/', import.meta.url).pathname

const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS })
try {
  if (only !== 'listing') await readmeScreenshots()
  if (only !== 'readme') await takeListingScreenshots({ appDir: 'dist', outDir: listingOut, browser })
} finally {
  await browser.close()
}

/** docs/screenshots/: the README's pictures, from the seeded emulator. */
async function readmeScreenshots(): Promise<void> {
  mkdirSync(out, { recursive: true })
  const emulator = await startEmulator({ appDir: 'dist', quiet: true })
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

    // Arabic: the tab mirrored (right to left), phones and e-mails still left to right.
    await page.goto(emulator.cardUrl(1, { user: 1, lang: 'ar' }))
    await app.getByTestId('contact-row').first().waitFor()
    await page.waitForTimeout(600)
    await page.screenshot({ path: `${out}tab-ar.png` })

    await page.goto(emulator.cardUrl(1, { user: 3, lang: 'de', panel: true }))
    await app.getByTestId('contact-row').first().waitFor()
    await page.waitForTimeout(400)
    await page.screenshot({ path: `${out}emulator-panel.png` })
    await page.close()
    console.log(`Screenshots written to ${out}`)
  } finally {
    await emulator.close()
  }
}
