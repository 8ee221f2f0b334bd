/**
 * `npm run package`: the zip for Bitrix24's static local application upload.
 * Runs the real command (on the dist/ that test:e2e built), unzips the result
 * and checks the layout Bitrix24 asks for, then serves the unpacked folder as
 * an app (the emulator's app server) and loads it by the portal's POST.
 * Beside the zip, the Market listing (release/listing/): the icon, the texts
 * of every language, the screenshots (taken by the first run, reused by the
 * second).
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '@emulator/server'
import { ICON_SIZE, ICON_SOURCE, LISTING_LOCALES, listingReadme, SCREENSHOT_LANGUAGES, SCREENSHOT_NAMES, SCREENSHOT_SIZE, screenshotPaths, TEXT_FILES, textFiles } from '../../scripts/listing'
import { zipName } from '../../scripts/package'
import { decodePng, pixel, pngHeader } from '../../scripts/png'
import { PORTAL_QUERY, postAsPortal, rawRequest, referencedFiles } from './request'

const distDir = resolve('dist')
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version

/** scripts/package.ts as `npm run package` runs it (tsx), with these arguments; its stdout. */
function runPackage(...args: string[]): string {
  return execFileSync(process.execPath, ['--import', 'tsx', 'scripts/package.ts', ...args], { encoding: 'utf8' })
}

function filesIn(dir: string): string[] {
  const out: string[] = []
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const full = join(d, name)
      if (statSync(full).isDirectory()) walk(full)
      else out.push(relative(dir, full).split(sep).join('/'))
    }
  }
  walk(dir)
  return out.sort()
}

describe('npm run package', () => {
  let work: string
  let zipPath: string
  let entries: Record<string, Uint8Array>
  let stdout: string
  let listing: string

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'company-contacts-package-'))
    const outDir = join(work, 'release')
    // the command behind `npm run package`, without its build: test:e2e has just built dist/
    stdout = runPackage('--skip-build', '--out', outDir)
    zipPath = join(outDir, `company-contacts-${version}.zip`)
    entries = unzipSync(readFileSync(zipPath))
    listing = join(outDir, 'listing')
  }, 240_000)
  afterAll(() => {
    rmSync(work, { recursive: true, force: true })
  })

  it('writes company-contacts-<version>.zip and says so', () => {
    expect(zipName()).toBe(`company-contacts-${version}.zip`)
    expect(stdout).toContain(`company-contacts-${version}.zip`)
    expect(statSync(zipPath).size).toBeGreaterThan(1000)
  })

  it('has index.html at the root, and install.html (the install page) beside it', () => {
    const index = entries['index.html']
    expect(index).toBeDefined()
    expect(Buffer.from(index!).equals(readFileSync(join(distDir, 'index.html')))).toBe(true)
    // Bitrix24 opens install.html as the install wizard; the app installs from the same page
    expect(Buffer.from(entries['install.html']!).equals(Buffer.from(index!))).toBe(true)
  })

  it('holds only relative paths, no dist/ folder, no source maps', () => {
    for (const name of Object.keys(entries)) {
      expect(name, name).not.toMatch(/^\/|\\|(?:^|\/)\.\.(?:\/|$)|^dist\//)
      expect(name, name).not.toMatch(/\.map$/)
    }
  })

  it('holds every file index.html loads, and every built file, byte for byte', () => {
    const refs = referencedFiles(Buffer.from(entries['index.html']!).toString('utf8'))
    expect(refs.length).toBeGreaterThanOrEqual(2)
    for (const ref of refs) expect(entries[ref], ref).toBeDefined()
    const built = filesIn(distDir).filter(f => !f.endsWith('.map'))
    for (const file of built) {
      expect(entries[file], file).toBeDefined()
      expect(Buffer.from(entries[file]!).equals(readFileSync(join(distDir, file))), file).toBe(true)
    }
    const files = Object.keys(entries).filter(n => !n.endsWith('/')).sort()
    expect(files).toEqual([...new Set([...built, 'install.html'])].sort())
  })

  it('gives the same bytes for the same build, and keeps the listing\'s screenshots that are there', () => {
    const again = join(work, 'again')
    cpSync(join(listing, 'screenshots'), join(again, 'listing', 'screenshots'), { recursive: true })
    const out = runPackage('--skip-build', '--out', again)
    expect(readFileSync(join(again, zipName())).equals(readFileSync(zipPath))).toBe(true)
    expect(out).toMatch(/Listing screenshots: the ones in \S+, taken \d{4}-\d\d-\d\d \d\d:\d\d UTC/)
    expect(out).not.toContain('Taking the listing screenshots')
    for (const path of screenshotPaths()) expect(readFileSync(join(again, 'listing', path)).equals(readFileSync(join(listing, path))), path).toBe(true)
    for (const locale of LISTING_LOCALES) {
      for (const name of TEXT_FILES) expect(readFileSync(join(again, 'listing', locale, name)).equals(readFileSync(join(listing, locale, name))), `${locale}/${name}`).toBe(true)
    }
  })

  describe('the Market listing, in <out>/listing/', () => {
    it('holds exactly the icon, the texts of the 20 languages, README.txt and the screenshots', () => {
      const expected = [
        'README.txt', 'icon.svg', `icon-${ICON_SIZE}.png`,
        ...LISTING_LOCALES.flatMap((l) => TEXT_FILES.map((f) => `${l}/${f}`)),
        ...screenshotPaths(),
      ]
      expect(filesIn(listing)).toEqual(expected.sort())
      expect(stdout).toMatch(/listing: the Market listing, \d+ files/)
    })

    it('has the icon: the repository\'s vector, and a 512 × 512 PNG rendered from it, with no transparent pixel', () => {
      expect(readFileSync(join(listing, 'icon.svg')).equals(readFileSync(ICON_SOURCE))).toBe(true)
      const file = readFileSync(join(listing, `icon-${ICON_SIZE}.png`))
      const header = pngHeader(file)
      expect([header.width, header.height]).toEqual([512, 512])
      // the Market: square, 250-650 px; a picture, not a stub
      expect(file.length).toBeGreaterThan(4_000)
      expect(file.length).toBeLessThan(1_000_000)
      const png = decodePng(file)
      let transparent = 0
      for (let i = 3; i < png.rgba.length; i += 4) if (png.rgba[i] !== 255) transparent++
      expect(transparent).toBe(0)
      // what the vector draws: the blue ground in the corners, the front person's white head
      const near = (actual: number[], expected: number[]) => actual.every((v, i) => Math.abs(v - expected[i]!) <= 6)
      expect(near(pixel(png, 2, 2), [0x3f, 0xd0, 0xfb, 255]), String(pixel(png, 2, 2))).toBe(true)
      expect(near(pixel(png, 509, 509), [0x1e, 0xa5, 0xe0, 255]), String(pixel(png, 509, 509))).toBe(true)
      expect(pixel(png, 192, 196)).toEqual([255, 255, 255, 255])
    })

    it.each(LISTING_LOCALES)('has the texts in %s, as the sources in listing/ say', (locale) => {
      for (const [name, content] of textFiles(locale)) {
        const written = readFileSync(join(listing, locale, name), 'utf8')
        expect(written, `${locale}/${name}`).toBe(content)
        expect(written.trim().length, `${locale}/${name}`).toBeGreaterThan(1)
      }
    })

    it('says in README.txt which folder is which language and which file fills which field', () => {
      expect(readFileSync(join(listing, 'README.txt'), 'utf8')).toBe(listingReadme())
    })

    it('has the screenshots of the tab, the confirmation and the settings in en, ru and de, at the Market\'s size, taken when missing', () => {
      expect(stdout).toContain('Taking the listing screenshots: 9 of 9 missing')
      for (const lang of SCREENSHOT_LANGUAGES) {
        for (const name of SCREENSHOT_NAMES) {
          const file = readFileSync(join(listing, 'screenshots', lang, `${name}.png`))
          const { width, height } = pngHeader(file)
          expect([width, height], `${lang}/${name}`).toEqual([SCREENSHOT_SIZE.width, SCREENSHOT_SIZE.height])
          expect(file.length, `${lang}/${name}`).toBeGreaterThan(20_000)
        }
      }
      // each language its own pictures, and each picture its own view
      for (const name of SCREENSHOT_NAMES) {
        const [en, ru, de] = SCREENSHOT_LANGUAGES.map((lang) => readFileSync(join(listing, 'screenshots', lang, `${name}.png`)))
        expect(en!.equals(ru!) || en!.equals(de!) || ru!.equals(de!), name).toBe(false)
      }
      const [tab, confirm] = ['tab', 'confirm'].map((n) => readFileSync(join(listing, 'screenshots', 'en', `${n}.png`)))
      expect(tab!.equals(confirm!)).toBe(false)
      expect(existsSync(join(listing, 'screenshots', 'fr'))).toBe(false)
    })
  })

  describe('unpacked and served', () => {
    let emu: Emulator
    let unpacked: string

    beforeAll(async () => {
      unpacked = join(work, 'unpacked')
      for (const [name, data] of Object.entries(entries)) {
        const target = join(unpacked, ...name.split('/'))
        if (name.endsWith('/')) mkdirSync(target, { recursive: true })
        else {
          mkdirSync(dirname(target), { recursive: true })
          writeFileSync(target, data)
        }
      }
      emu = await startEmulator({ appDir: unpacked, quiet: true })
    })
    afterAll(async () => {
      await emu?.close()
    })

    it('answers the portal\'s POST on the handler and on install.html with the page', async () => {
      const index = readFileSync(join(unpacked, 'index.html'))
      for (const url of [`${emu.appUrl}${PORTAL_QUERY}`, new URL(`install.html${PORTAL_QUERY}`, emu.appUrl).toString()]) {
        const res = await postAsPortal(url)
        expect(res.status, url).toBe(200)
        expect(res.headers['content-type'], url).toMatch(/^text\/html\b/)
        expect(res.body.equals(index), url).toBe(true)
      }
    })

    it('serves every file the page loads', async () => {
      for (const ref of referencedFiles(readFileSync(join(unpacked, 'index.html'), 'utf8'))) {
        const res = await rawRequest(new URL(ref, emu.appUrl).toString())
        expect(res.status, ref).toBe(200)
        expect(res.body.equals(readFileSync(join(unpacked, ref))), ref).toBe(true)
      }
    })

    it('is what the emulated portal\'s company card frames', async () => {
      const card = await rawRequest(emu.cardUrl(1))
      expect(card.status).toBe(200)
      expect(card.body.toString('utf8')).toContain(emu.appOrigin)
    })
  })
})
