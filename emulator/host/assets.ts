/**
 * The host page's own script and stylesheet. The script is TypeScript
 * (client/, type-checked with the repo) bundled by esbuild into one ES
 * module with what it imports from the rest of the emulator (the control
 * routes, the frame form, shared helpers). It is built when the emulator
 * starts (`buildHostScript()`), kept in memory, and built again when one of
 * its files has changed since, so an edit shows on the next page load.
 */
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const here = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url))

const ENTRY = here('client/main.ts')
/** The repository: esbuild's working folder, which its metafile's paths are relative to. */
const ROOT = here('../..')

interface Bundle { text: string, inputs: Map<string, number> }

let bundle: Promise<Bundle> | undefined

async function mtimes(files: Iterable<string>): Promise<Map<string, number>> {
  const out = new Map<string, number>()
  for (const file of files) out.set(file, await stat(file).then(s => s.mtimeMs, () => -1))
  return out
}

async function bundleScript(): Promise<Bundle> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    sourcemap: 'inline',
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: ROOT,
  })
  const text = result.outputFiles[0]?.text
  if (text === undefined) throw new Error('esbuild gave no host script')
  return { text, inputs: await mtimes(Object.keys(result.metafile.inputs).map(p => resolve(ROOT, p))) }
}

async function changed(b: Bundle): Promise<boolean> {
  const now = await mtimes(b.inputs.keys())
  return [...now].some(([file, mtime]) => b.inputs.get(file) !== mtime)
}

/** The bundled host script: built once, again after an edit of any of its files. */
export async function buildHostScript(): Promise<string> {
  const current = bundle
  if (current) {
    const b = await current
    if (!(await changed(b))) return b.text
    // Another request may have started the new build meanwhile.
    if (bundle !== current && bundle) return (await bundle).text
  }
  const next = bundleScript()
  bundle = next
  // A failed build is tried again on the next request.
  next.catch(() => { if (bundle === next) bundle = undefined })
  return (await next).text
}

const cssCache = new Map<string, { mtime: number, text: string }>()

async function loadCss(file: string): Promise<string> {
  const mtime = (await stat(file)).mtimeMs
  const hit = cssCache.get(file)
  if (hit && hit.mtime === mtime) return hit.text
  const text = await readFile(file, 'utf8')
  cssCache.set(file, { mtime, text })
  return text
}

export async function hostAsset(name: string): Promise<{ text: string, type: string } | undefined> {
  if (name === 'host.js') return { text: await buildHostScript(), type: 'text/javascript; charset=utf-8' }
  if (name === 'host.css') return { text: await loadCss(here('host.css')), type: 'text/css; charset=utf-8' }
  return undefined
}
