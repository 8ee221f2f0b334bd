/**
 * `npm run package`: the zip for Bitrix24's static local application upload.
 * Runs the real command (on the dist/ that test:e2e built), unzips the result
 * and checks the layout Bitrix24 asks for, then serves the unpacked folder as
 * an app (the emulator's app server) and loads it by the portal's POST.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '../../emulator/server'
import { zipName } from '../../scripts/package'
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

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'company-contacts-package-'))
    const outDir = join(work, 'release')
    // the command behind `npm run package`, without its build: test:e2e has just built dist/
    stdout = runPackage('--skip-build', '--out', outDir)
    zipPath = join(outDir, `company-contacts-${version}.zip`)
    entries = unzipSync(readFileSync(zipPath))
  }, 60_000)
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

  it('gives the same bytes for the same build', () => {
    const again = join(work, 'again')
    runPackage('--skip-build', '--out', again)
    expect(readFileSync(join(again, zipName())).equals(readFileSync(zipPath))).toBe(true)
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
