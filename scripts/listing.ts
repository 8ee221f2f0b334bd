/**
 * The Bitrix24 Market listing that `npm run package` writes next to the zip,
 * in release/listing/:
 *
 *   icon.svg, icon-512.png          the app icon (listing/icon.svg, rendered by Chromium)
 *   <locale>/name.txt               the app's name (its locale file's app.title)
 *   <locale>/short.txt              the short description (one or two sentences)
 *   <locale>/long.txt               the full description (paragraphs, a blank line apart)
 *   <locale>/install.txt            the installation description
 *   screenshots/<en|ru|de>/{tab,confirm,settings}.png
 *   README.txt                      which folder is which Bitrix24 language, which file fills which field
 *
 * One text file per field of the Market's form, per language: what a person
 * pastes into the form, field by field. The texts come from listing/<locale>.json
 * (one file per language, named by the same BCP 47 tag as src/i18n/locales/).
 *
 * What the Market asks (Bitrix24's developer docs, "Requirements for
 * Formatting and Content of Solutions in Bitrix24 Market",
 * market/preparing-to-publish/common-requirements):
 * - icon: JPEG or PNG without a transparent background, square, 250–650 px;
 * - screenshots: JPEG or PNG, at most 1280 × 720, the app's interface in
 *   Bitrix24 with realistic demo data, text in the description's language;
 * - short description: 1–2 sentences that complement the title (no length is
 *   given; SHORT_MAX keeps it to what fits a list line).
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser } from 'playwright-core'
import { PORTAL_LANGUAGE, PORTAL_LANGUAGES, type AppLocale, type MessageSchema } from '../src/i18n/index.ts'
import { pngHeader } from './png.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** The listing's sources: listing/<locale>.json and the icon. */
export const LISTING_SOURCE_DIR = join(ROOT, 'listing')
export const ICON_SOURCE = join(LISTING_SOURCE_DIR, 'icon.svg')

/** Every portal language, by the app's locale tags, in PORTAL_LANGUAGES' order. */
export const LISTING_LOCALES = Object.values(PORTAL_LANGUAGES) as AppLocale[]

/** The short description's limit, in characters (Unicode code points). */
export const SHORT_MAX = 80
/** The icon's PNG: square, within the Market's 250–650 px. */
export const ICON_SIZE = 512
/** The Market's largest screenshot. */
export const SCREENSHOT_SIZE = { width: 1280, height: 720 } as const
export const SCREENSHOT_LANGUAGES = ['en', 'ru', 'de'] as const
export type ScreenshotLanguage = (typeof SCREENSHOT_LANGUAGES)[number]
export const SCREENSHOT_NAMES = ['tab', 'confirm', 'settings'] as const

/** The text files of each language's folder, in the order README.txt lists them. */
export const TEXT_FILES = ['name.txt', 'short.txt', 'long.txt', 'install.txt'] as const

/** English names of the languages, for README.txt. */
const LANGUAGE_NAMES: Record<AppLocale, string> = {
  en: 'English', ru: 'Russian', de: 'German', es: 'Spanish', 'pt-BR': 'Portuguese (Brazil)', fr: 'French', it: 'Italian',
  pl: 'Polish', uk: 'Ukrainian', tr: 'Turkish', 'zh-CN': 'Chinese (Simplified)', 'zh-TW': 'Chinese (Traditional)', ja: 'Japanese',
  vi: 'Vietnamese', id: 'Indonesian', ms: 'Malay', th: 'Thai', ar: 'Arabic', kk: 'Kazakh', hi: 'Hindi',
}

/** A language's listing source as written: [key, text] in file order. */
export function listingSource(locale: AppLocale, dir = LISTING_SOURCE_DIR): Array<[key: string, text: string]> {
  const raw = JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Record<string, unknown>
  return Object.entries(raw).map(([key, value]) => {
    if (typeof value !== 'string') throw new Error(`listing/${locale}.json: ${key} is not a text`)
    return [key, value]
  })
}

/** The app's own messages in `locale` (src/i18n/locales/<locale>.json). */
export function appMessages(locale: AppLocale): MessageSchema {
  return JSON.parse(readFileSync(join(ROOT, 'src', 'i18n', 'locales', `${locale}.json`), 'utf8')) as MessageSchema
}

export interface ListingText {
  name: string
  short: string
  /** the full description's paragraphs */
  long: string[]
  install: string
}

/** A language's texts: the name from the app's locale file, the rest from listing/<locale>.json (long_* keys in order). */
export function listingText(locale: AppLocale, dir = LISTING_SOURCE_DIR): ListingText {
  const source = listingSource(locale, dir)
  const get = (key: string) => {
    const found = source.find(([k]) => k === key)
    if (!found) throw new Error(`listing/${locale}.json has no "${key}"`)
    return found[1]
  }
  const long = source.filter(([k]) => k.startsWith('long_')).map(([, v]) => v)
  if (long.length === 0) throw new Error(`listing/${locale}.json has no long_* paragraphs`)
  return { name: appMessages(locale).app.title, short: get('short'), long, install: get('install') }
}

/** Characters as a person counts them (code points). */
export const charCount = (text: string) => [...text].length

/** What is wrong with a language's texts (empty when nothing). */
export function listingProblems(locale: AppLocale, dir = LISTING_SOURCE_DIR): string[] {
  const text = listingText(locale, dir)
  const problems: string[] = []
  for (const [field, value] of [['name', text.name], ['short', text.short], ['install', text.install], ...text.long.map((p, i) => [`long paragraph ${i + 1}`, p])] as const) {
    if (value.trim() === '') problems.push(`${locale}: ${field} is empty`)
    if (value !== value.trim() || /\n/.test(value)) problems.push(`${locale}: ${field} has a line break or spaces around it`)
  }
  if (charCount(text.short) > SHORT_MAX) problems.push(`${locale}: the short description has ${charCount(text.short)} characters, over ${SHORT_MAX}`)
  return problems
}

/** A language's folder: file name → content (UTF-8, a newline at the end). */
export function textFiles(locale: AppLocale, dir = LISTING_SOURCE_DIR): Map<(typeof TEXT_FILES)[number], string> {
  const text = listingText(locale, dir)
  return new Map([
    ['name.txt', `${text.name}\n`],
    ['short.txt', `${text.short}\n`],
    ['long.txt', `${text.long.join('\n\n')}\n`],
    ['install.txt', `${text.install}\n`],
  ])
}

/** The screenshots a listing holds, relative to its folder. */
export function screenshotPaths(): string[] {
  return SCREENSHOT_LANGUAGES.flatMap((lang) => SCREENSHOT_NAMES.map((name) => `screenshots/${lang}/${name}.png`))
}

/** README.txt of the listing folder. */
export function listingReadme(): string {
  const rows = LISTING_LOCALES.map((l) => `  ${l.padEnd(6)} ${PORTAL_LANGUAGE[l].padEnd(4)} ${LANGUAGE_NAMES[l]}`)
  return `Company Contacts: Bitrix24 Market listing
==========================================

Written by \`npm run package\` from listing/ in the app's repository.

Files
  icon.svg, icon-${ICON_SIZE}.png    the app icon (square, opaque; the Market takes JPEG or PNG, 250-650 px)
  <folder>/name.txt         the app's name
  <folder>/short.txt        Short description (at most ${SHORT_MAX} characters here)
  <folder>/long.txt         Full description (paragraphs, a blank line apart)
  <folder>/install.txt      Installation process description
  screenshots/<folder>/     tab.png, confirm.png, settings.png, ${SCREENSHOT_SIZE.width} x ${SCREENSHOT_SIZE.height} (the Market's largest),
                            for en, ru and de (npm run screenshots retakes them)

Folders, by the app's locale tag (Bitrix24 LANG code, language)
${rows.join('\n')}
`
}

/** Render the icon's SVG to a square PNG with Chromium: a transparent page, the SVG at `size` px. */
export async function renderIconPng(svg: Buffer, size: number, browser: Browser): Promise<Buffer> {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 })
  try {
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}img{display:block}</style>`
      + `<img alt="" width="${size}" height="${size}" src="data:image/svg+xml;base64,${svg.toString('base64')}">`)
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode())
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
    const { width, height } = pngHeader(png)
    if (width !== size || height !== size) throw new Error(`the icon rendered at ${width} × ${height}, not ${size} × ${size}`)
    return png
  } finally {
    await page.close()
  }
}

export interface ListingOptions {
  /** release/listing */
  outDir: string
  /** the built app, for screenshots that are missing */
  appDir: string
  /** take the screenshots again even when they are there */
  retakeScreenshots?: boolean
  /** where listing/ is (tests) */
  sourceDir?: string
  log?: (line: string) => void
}

export interface ListingResult {
  dir: string
  /** every file of the listing, relative to dir, sorted */
  files: string[]
  /** whether the screenshots were taken by this run (else they were there) */
  tookScreenshots: boolean
}

/**
 * Write the listing into `outDir`. The texts and the icon are written every
 * time; the screenshots (taken by `npm run screenshots` into
 * release/listing/screenshots/) are kept when all are there, and taken from
 * `appDir` when any is missing: a listing never goes out without them.
 */
export async function writeListing(opts: ListingOptions): Promise<ListingResult> {
  const log = opts.log ?? console.log
  const dir = resolve(opts.outDir)
  const sourceDir = opts.sourceDir ?? LISTING_SOURCE_DIR
  const problems = LISTING_LOCALES.flatMap((l) => listingProblems(l, sourceDir))
  if (problems.length) throw new Error(`The listing texts in listing/ are not ready:\n  ${problems.join('\n  ')}`)

  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  const write = (path: string, data: string | Uint8Array) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), data)
    files.push(path)
  }
  for (const locale of LISTING_LOCALES) {
    for (const [name, content] of textFiles(locale, sourceDir)) write(`${locale}/${name}`, content)
  }
  write('README.txt', listingReadme())

  const iconSvg = join(sourceDir, 'icon.svg')
  copyFileSync(iconSvg, join(dir, 'icon.svg'))
  files.push('icon.svg')

  const { chromium } = await import('playwright-core')
  const { CHROMIUM_ARGS, ensureChromium } = await import('./chromium.ts')
  const browser = await chromium.launch({ executablePath: ensureChromium(log), args: CHROMIUM_ARGS })
  let tookScreenshots = false
  try {
    write(`icon-${ICON_SIZE}.png`, await renderIconPng(readFileSync(iconSvg), ICON_SIZE, browser))
    const missing = screenshotPaths().filter((p) => !existsSync(join(dir, p)))
    if (missing.length || opts.retakeScreenshots) {
      log(opts.retakeScreenshots
        ? 'Taking the listing screenshots (--retake-screenshots)…'
        : `Taking the listing screenshots: ${missing.length} of ${screenshotPaths().length} missing in ${relative(process.cwd(), dir) || dir}…`)
      const { takeListingScreenshots } = await import('./listing-screenshots.ts')
      await takeListingScreenshots({ appDir: opts.appDir, outDir: join(dir, 'screenshots'), browser, log })
      tookScreenshots = true
    } else {
      const taken = new Date(Math.min(...screenshotPaths().map((p) => statSync(join(dir, p)).mtimeMs)))
      log(`Listing screenshots: the ones in ${relative(process.cwd(), join(dir, 'screenshots')) || dir}, taken ${taken.toISOString().slice(0, 16).replace('T', ' ')} UTC (npm run screenshots, or --retake-screenshots, takes them again)`)
    }
  } finally {
    await browser.close()
  }
  for (const path of screenshotPaths()) {
    const { width, height } = pngHeader(readFileSync(join(dir, path)))
    if (width > SCREENSHOT_SIZE.width || height > SCREENSHOT_SIZE.height) {
      throw new Error(`${path} is ${width} × ${height}: the Market takes at most ${SCREENSHOT_SIZE.width} × ${SCREENSHOT_SIZE.height}`)
    }
    files.push(path)
  }
  return { dir, files: files.sort(), tookScreenshots }
}
