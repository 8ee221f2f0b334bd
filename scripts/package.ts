/**
 * `npm run package`: build the app, then zip it for Bitrix24's "static local
 * application" upload: release/company-contacts-<version>.zip.
 *
 * What Bitrix24 expects of that archive (its REST docs, "Static local
 * application" and "Installation wizard for local application"):
 * - index.html at the archive's root, the other files beside it, linked by
 *   relative paths (the build uses base './');
 * - install.html at the root when the app has an install step: Bitrix24 opens
 *   it as the installation wizard; without it the app counts as installed at
 *   once and never sees INSTALL. The app does its install in the same page
 *   when the portal says INSTALL, so install.html is a copy of index.html
 *   (unless the build has its own).
 *
 * Source maps are left out (several MB, not needed to run; --with-sourcemaps
 * keeps them). The archive is the same bytes for the same build: entries
 * sorted, fixed timestamps.
 *
 * Beside the zip it writes the Bitrix24 Market listing, release/listing/
 * (scripts/listing.ts): the icon (SVG and a 512 px PNG), the name, short,
 * full and installation descriptions in each of the 20 portal languages, and
 * the screenshots in en, ru and de. The screenshots are the ones
 * `npm run screenshots` left in release/listing/screenshots/; when any is
 * missing this takes them from the build. Needs Chromium (scripts/chromium.ts).
 *
 *   npm run package                            # vite build, then the zip and the listing
 *   npm run package -- --skip-build            # from the dist/ that is there
 *   npm run package -- --out some/dir          # elsewhere than release/
 *   npm run package -- --retake-screenshots    # take the listing's screenshots again
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { zipSync, type Zippable } from 'fflate'
import { writeListing, type ListingResult } from './listing.ts'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')

export interface PackageOptions {
  /** the built app; default dist/ */
  distDir?: string
  /** where the zip goes; default release/ */
  outDir?: string
  /** run `vite build` first (default true) */
  build?: boolean
  /** keep *.map files (default false) */
  sourcemaps?: boolean
  /** take the listing's screenshots even when they are there (default false) */
  retakeScreenshots?: boolean
  log?: (line: string) => void
}

export interface PackageResult {
  zipPath: string
  /** file entries in the zip, in order (directories not listed) */
  files: string[]
  /** size of the zip in bytes */
  bytes: number
  /** total size of the files before compression */
  rawBytes: number
  /** the Market listing, in <out>/listing/ */
  listing: ListingResult
}

/** The app's version, from package.json. */
export function appVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string, version: string }
  return pkg.version
}

export function zipName(version = appVersion()): string {
  return `company-contacts-${version}.zip`
}

function walk(dir: string, base: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name)
    if (statSync(full).isDirectory()) walk(full, base, out)
    else out.push(relative(base, full).split(sep).join('/'))
  }
}

/** The files the archive holds: path inside the zip → content. */
export function archiveFiles(distDir: string, sourcemaps = false): Map<string, Uint8Array> {
  const paths: string[] = []
  walk(distDir, distDir, paths)
  const files = new Map<string, Uint8Array>()
  for (const path of paths) {
    if (!sourcemaps && path.endsWith('.map')) continue
    files.set(path, readFileSync(join(distDir, ...path.split('/'))))
  }
  const index = files.get('index.html')
  if (!index) throw new Error(`No index.html in ${distDir}: build the app first (npm run build).`)
  if (!files.has('install.html')) files.set('install.html', index)
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

// Fixed time for every entry, so that the same build gives the same archive.
const MTIME = new Date(2020, 0, 1, 0, 0, 0)
// Unix mode bits in the high half of the external attributes (os = 3, Unix);
// directories also carry the MS-DOS directory flag.
const FILE_ATTRS = (0o100644 << 16) >>> 0
const DIR_ATTRS = ((0o040755 << 16) | 0x10) >>> 0

/** Zip the files: directory entries first where they start, as `zip -r` writes them. */
export function zipFiles(files: Map<string, Uint8Array>): Uint8Array {
  const entries: Zippable = {}
  const dirs = new Set<string>()
  for (const [path, data] of files) {
    const parts = path.split('/')
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/') + '/'
      if (!dirs.has(dir)) {
        dirs.add(dir)
        entries[dir] = [new Uint8Array(0), { level: 0, mtime: MTIME, os: 3, attrs: DIR_ATTRS }]
      }
    }
    entries[path] = [data, { level: 9, mtime: MTIME, os: 3, attrs: FILE_ATTRS }]
  }
  return zipSync(entries)
}

export async function packageApp(opts: PackageOptions = {}): Promise<PackageResult> {
  const log = opts.log ?? console.log
  const distDir = resolve(opts.distDir ?? join(ROOT, 'dist'))
  const outDir = resolve(opts.outDir ?? join(ROOT, 'release'))
  if (opts.build ?? true) {
    log('Building the app (vite build)…')
    const { build } = await import('vite')
    await build({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), build: { outDir: distDir, emptyOutDir: true }, logLevel: 'warn' })
  }
  const files = archiveFiles(distDir, opts.sourcemaps ?? false)
  const zip = zipFiles(files)
  mkdirSync(outDir, { recursive: true })
  const zipPath = join(outDir, zipName())
  writeFileSync(zipPath, zip)
  const rawBytes = [...files.values()].reduce((n, f) => n + f.length, 0)
  log(`${relative(process.cwd(), zipPath) || zipPath}: ${files.size} files, ${(zip.length / 1024).toFixed(0)} KiB (${(rawBytes / 1024).toFixed(0)} KiB unpacked)`)
  log('Upload it in Bitrix24: Applications > Developer resources > Other > Local application > Static (see README, "Deploy to a real portal").')
  const listing = await writeListing({ outDir: join(outDir, 'listing'), appDir: distDir, retakeScreenshots: opts.retakeScreenshots, log })
  log(`${relative(process.cwd(), listing.dir) || listing.dir}: the Market listing, ${listing.files.length} files (icon, texts in 20 languages, screenshots in en, ru, de; its README.txt says which file fills which field)`)
  return { zipPath, files: [...files.keys()], bytes: zip.length, rawBytes, listing }
}

function parseArgs(argv: string[]): PackageOptions {
  const opts: PackageOptions = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--skip-build') opts.build = false
    else if (arg === '--with-sourcemaps') opts.sourcemaps = true
    else if (arg === '--retake-screenshots') opts.retakeScreenshots = true
    else if (arg === '--out' && argv[i + 1]) opts.outDir = argv[++i]
    else if (arg === '--dist' && argv[i + 1]) opts.distDir = argv[++i]
    else {
      console.error(`Unknown argument: ${arg}\nUsage: npm run package -- [--skip-build] [--with-sourcemaps] [--retake-screenshots] [--out DIR] [--dist DIR]`)
      process.exit(2)
    }
  }
  return opts
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  packageApp(parseArgs(process.argv.slice(2))).catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err)
    process.exit(1)
  })
}
