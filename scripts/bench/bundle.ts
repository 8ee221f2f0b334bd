/**
 * What a tab downloads at first load, from a build in dist/: the entry
 * script and stylesheets named by an HTML page, plus every chunk the entry
 * reaches through *static* imports (`import … from "./x.js"`, `import "./x.js"`,
 * `export … from "./x.js"`) and `<link rel="modulepreload">`. Chunks reached
 * only through dynamic `import()` are lazy: listed, not counted.
 *
 * Sizes are gzip level 9 (node:zlib) of the files as built. 1 KB = 1024 bytes.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join, posix, relative, resolve } from 'node:path'
import { gzipSync } from 'node:zlib'

export const KB = 1024

/** The budget for the tab's first load, in gzip bytes. */
export const BUDGET = { js: 180 * KB, css: 35 * KB } as const

export interface BundleFile {
  /** path relative to the build folder, e.g. assets/index-abc.js */
  file: string
  kind: 'js' | 'css'
  raw: number
  gzip: number
  /** loaded at first load (true) or only on demand (false) */
  initial: boolean
}

export interface PageBundle {
  /** the HTML page, e.g. index.html */
  page: string
  files: BundleFile[]
  initialJsGzip: number
  initialCssGzip: number
  initialJsRaw: number
  initialCssRaw: number
  lazyJsGzip: number
}

export function gzipSize(data: Buffer | string): number {
  return gzipSync(data, { level: 9 }).length
}

/** `<script type="module" src>`, `<link rel="stylesheet" href>` (and `rel="preload" as="style"`), `<link rel="modulepreload" href>` of an HTML page. */
export function htmlAssets(html: string): { scripts: string[], styles: string[], preloads: string[] } {
  const scripts: string[] = []
  const styles: string[] = []
  const preloads: string[] = []
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string): string | undefined => {
      const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)
      return m ? (m[1] ?? m[2] ?? m[3]) : undefined
    }
    if (/^<script/i.test(tag)) {
      const src = attr('src')
      if (src) scripts.push(src)
    } else {
      const rel = (attr('rel') ?? '').toLowerCase().split(/\s+/)
      const href = attr('href')
      if (!href) continue
      // A stylesheet preloaded by the page is part of the first load as much as a linked one.
      if (rel.includes('stylesheet') || (rel.includes('preload') && (attr('as') ?? '').toLowerCase() === 'style')) styles.push(href)
      else if (rel.includes('modulepreload')) preloads.push(href)
    }
  }
  return { scripts, styles, preloads }
}

/**
 * Skip whitespace, comments and Vite's `const __vite__mapDeps=…` line from `i`
 * (Vite puts that line above the imports of a chunk that preloads lazy ones).
 */
function skipTrivia(code: string, i: number): number {
  for (;;) {
    while (i < code.length && /\s/.test(code[i]!)) i++
    if (code.startsWith('//', i) || code.startsWith('const __vite__mapDeps', i)) {
      const end = code.indexOf('\n', i)
      i = end < 0 ? code.length : end + 1
    } else if (code.startsWith('/*', i)) {
      const end = code.indexOf('*/', i + 2)
      i = end < 0 ? code.length : end + 2
    } else {
      return i
    }
  }
}

const LEADING_IMPORT = /^import\s*(?:[\w$]+\s*,?\s*)?(?:\*\s*as\s*[\w$]+\s*|\{[^}]*\}\s*)?(?:from\s*)?(["'])([^"']+)\1\s*;?/
const REEXPORT = /(?:^|[;}\s])export\s*(?:\*(?:\s*as\s*[\w$]+)?|\{[^}]*\})\s*from\s*(["'])([^"']+)\1/g

/**
 * The static module specifiers of a bundled ES module chunk: the import
 * statements at its top (bundlers hoist them there) and `export … from`
 * re-exports. `import("…")` is not matched: dynamic imports are lazy.
 */
export function staticImports(code: string): string[] {
  const found: string[] = []
  let i = skipTrivia(code, 0)
  for (;;) {
    const m = LEADING_IMPORT.exec(code.slice(i, i + 4000))
    if (!m) break
    found.push(m[2]!)
    i = skipTrivia(code, i + m[0].length)
  }
  for (const m of code.matchAll(REEXPORT)) found.push(m[2]!)
  return [...new Set(found)]
}

/** Specifiers of `import("./x.js")` calls with a literal relative path (for the lazy list only). */
export function dynamicImports(code: string): string[] {
  return [...new Set([...code.matchAll(/\bimport\s*\(\s*(["'`])(\.{1,2}\/[^"'`]+)\1\s*\)/g)].map((m) => m[2]!))]
}

/** Resolve an URL as written in the page or a chunk to a file in the build folder; null for external URLs. */
function toFile(dist: string, fromFile: string, spec: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec) || spec.startsWith('//')) return null
  const clean = spec.split(/[?#]/)[0]!
  const base = spec.startsWith('/') ? '' : posix.dirname(fromFile)
  const rel = posix.normalize(posix.join(base, clean)).replace(/^\/+/, '')
  return existsSync(join(dist, rel)) ? rel : null
}

/** Every .js and .css file in the build (source maps excluded), relative paths. */
function allAssets(dist: string, dir = dist): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...allAssets(dist, full))
    else if (/\.(m?js|css)$/.test(entry.name)) out.push(relative(dist, full).split('\\').join('/'))
  }
  return out.sort()
}

/** The first-load JS and CSS of one HTML page of a build, and the lazy rest. */
export function analyzePage(distDir: string, page = 'index.html'): PageBundle {
  const dist = resolve(distDir)
  const htmlPath = join(dist, page)
  if (!existsSync(htmlPath)) throw new Error(`No ${page} in ${distDir}: build the app first (vite build).`)
  const assets = htmlAssets(readFileSync(htmlPath, 'utf8'))
  const initial = new Set<string>()
  const queue: string[] = []
  const add = (from: string, spec: string) => {
    const f = toFile(dist, from, spec)
    if (f && !initial.has(f)) {
      initial.add(f)
      if (/\.m?js$/.test(f)) queue.push(f)
    }
  }
  for (const s of [...assets.scripts, ...assets.preloads, ...assets.styles]) add(page, s)
  while (queue.length) {
    const f = queue.shift()!
    for (const spec of staticImports(readFileSync(join(dist, f), 'utf8'))) add(f, spec)
  }
  const files: BundleFile[] = allAssets(dist).map((file) => {
    const data = readFileSync(join(dist, file))
    return { file, kind: file.endsWith('.css') ? 'css' : 'js', raw: data.length, gzip: gzipSize(data), initial: initial.has(file) }
  })
  const sum = (kind: 'js' | 'css', isInitial: boolean, key: 'raw' | 'gzip') =>
    files.filter((f) => f.kind === kind && f.initial === isInitial).reduce((a, f) => a + f[key], 0)
  return {
    page,
    files,
    initialJsGzip: sum('js', true, 'gzip'),
    initialCssGzip: sum('css', true, 'gzip'),
    initialJsRaw: sum('js', true, 'raw'),
    initialCssRaw: sum('css', true, 'raw'),
    lazyJsGzip: sum('js', false, 'gzip'),
  }
}

/** The HTML pages at the root of a build (index.html first). */
export function htmlPages(distDir: string): string[] {
  const pages = readdirSync(resolve(distDir)).filter((f) => f.endsWith('.html')).sort()
  return [...pages.filter((p) => p === 'index.html'), ...pages.filter((p) => p !== 'index.html')]
}

export const kb = (bytes: number): string => `${(bytes / KB).toFixed(1)} KB`

/** Lines of a plain-text table of one page's files. */
export function formatPage(b: PageBundle): string[] {
  const rows = [...b.files].sort((x, y) => Number(y.initial) - Number(x.initial) || y.gzip - x.gzip)
  const w = Math.max(4, ...rows.map((r) => r.file.length))
  const lines = [`${b.page}`, `  ${'file'.padEnd(w)}  ${'load'.padEnd(7)}  ${'raw'.padStart(10)}  ${'gzip -9'.padStart(10)}`]
  for (const r of rows) {
    lines.push(`  ${r.file.padEnd(w)}  ${(r.initial ? 'initial' : 'lazy').padEnd(7)}  ${kb(r.raw).padStart(10)}  ${kb(r.gzip).padStart(10)}`)
  }
  return lines
}
