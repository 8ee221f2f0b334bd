/**
 * The host page's own script and stylesheet. The script is written in
 * TypeScript (client.ts, type-checked with the repo) and transpiled on the fly
 * with the `typescript` package: no bundler, no build step for the emulator.
 */
import { readFile, stat } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const here = (name: string): string => fileURLToPath(new URL(`./${name}`, import.meta.url))

const cache = new Map<string, { mtime: number, text: string }>()

async function load(file: string, transform: (src: string) => string): Promise<string> {
  const mtime = (await stat(file)).mtimeMs
  const hit = cache.get(file)
  if (hit && hit.mtime === mtime) return hit.text
  const text = transform(await readFile(file, 'utf8'))
  cache.set(file, { mtime, text })
  return text
}

function transpile(src: string): string {
  return ts.transpileModule(src, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      verbatimModuleSyntax: true,
      sourceMap: false,
    },
    fileName: 'client.ts',
  }).outputText
}

export async function hostAsset(name: string): Promise<{ text: string, type: string } | undefined> {
  if (name === 'host.js') {
    return { text: await load(here('client.ts'), transpile), type: 'text/javascript; charset=utf-8' }
  }
  if (name === 'host.css') {
    return { text: await load(here('host.css'), s => s), type: 'text/css; charset=utf-8' }
  }
  return undefined
}
