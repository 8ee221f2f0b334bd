import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BUDGET, analyzePage, gzipSize, htmlAssets, staticImports } from '../../../scripts/bench/bundle'

describe('the bundle budget: what a page loads first', () => {
  it('reads the entry script, stylesheets and module preloads of an HTML page', () => {
    const html = `<!doctype html><head>
      <script type="module" crossorigin src="./assets/index-A.js"></script>
      <link rel="modulepreload" crossorigin href="./assets/vendor-B.js">
      <link rel="stylesheet" crossorigin href="./assets/index-C.css">
      <link rel="preload" as="style" crossorigin href="./assets/app-D.css">
      <link rel="preload" as="font" crossorigin href="./assets/font-E.woff2">
      <link rel="icon" href="./favicon.svg" type="image/svg+xml" />
    </head>`
    // a stylesheet the page preloads is part of its first load as much as one it links
    expect(htmlAssets(html)).toEqual({ scripts: ['./assets/index-A.js'], styles: ['./assets/index-C.css', './assets/app-D.css'], preloads: ['./assets/vendor-B.js'] })
  })

  it('finds the static imports at the top of a minified chunk and re-exports, not import()', () => {
    const code = 'import{a as e,b as t}from"./vendor-B.js";import"./side-D.js";import f from"./def-E.js";import*as g from"./ns-F.js";'
      + 'var x=()=>import("./lazy-G.js"),s="import(\'./no.js\')";export{e as y}from"./re-H.js";export*from"./re-I.js"'
    expect(staticImports(code)).toEqual(['./vendor-B.js', './side-D.js', './def-E.js', './ns-F.js', './re-H.js', './re-I.js'])
    expect(staticImports('var e=1;import("./lazy.js")')).toEqual([])
    expect(staticImports('/* banner */\nimport{a}from"./x.js";a()')).toEqual(['./x.js'])
    // Vite's first line in an entry that preloads lazy chunks
    const entry = 'const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["./lazy-A.js","./vendor-B.js"])))=>i.map(i=>d[i]);\n'
      + 'import{a as e}from"./vendor-B.js";import"./side-C.js";const l=()=>import("./lazy-A.js")'
    expect(staticImports(entry)).toEqual(['./vendor-B.js', './side-C.js'])
  })

  describe('on a build folder', () => {
    let dir = ''
    afterEach(() => rmSync(dir, { recursive: true, force: true }))

    it('counts the entry and its static imports as initial, dynamic chunks as lazy, ignores source maps', () => {
      dir = mkdtempSync(join(tmpdir(), 'bundle-'))
      mkdirSync(join(dir, 'assets'))
      const files: Record<string, string> = {
        'index.html': '<script type="module" src="./assets/index.js"></script><link rel="stylesheet" href="./assets/index.css">',
        'assets/index.js': 'import{a}from"./shared.js";const l=()=>import("./settings.js");a(l)',
        'assets/shared.js': 'export const a=(f)=>f',
        'assets/settings.js': 'import{a}from"./shared.js";import"./only-settings.js";export default a',
        'assets/only-settings.js': 'console.log(1)',
        'assets/index.css': 'body{color:red}',
        'assets/settings.css': '.s{color:blue}',
        'assets/index.js.map': '{}',
      }
      for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text)
      const b = analyzePage(dir, 'index.html')
      const initial = b.files.filter((f) => f.initial).map((f) => f.file).sort()
      expect(initial).toEqual(['assets/index.css', 'assets/index.js', 'assets/shared.js'])
      expect(b.files.map((f) => f.file)).not.toContain('assets/index.js.map')
      expect(b.initialJsGzip).toBe(gzipSize(files['assets/index.js']!) + gzipSize(files['assets/shared.js']!))
      expect(b.initialCssGzip).toBe(gzipSize(files['assets/index.css']!))
      expect(b.lazyJsGzip).toBe(gzipSize(files['assets/settings.js']!) + gzipSize(files['assets/only-settings.js']!))
    })

    it('npm run budget fails when the tab\'s first-load JS is over the budget, and passes under it', () => {
      dir = mkdtempSync(join(tmpdir(), 'bundle-'))
      mkdirSync(join(dir, 'assets'))
      writeFileSync(join(dir, 'index.html'), '<script type="module" src="./assets/index.js"></script>')
      // base64 of random bytes gzips to about the bytes' size
      const code = (kb: number) => `const x=${JSON.stringify(randomBytes(kb * 1024).toString('base64'))}`
      const budget = (): number | null => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bundle-budget.ts', dir], { encoding: 'utf8' }).status

      writeFileSync(join(dir, 'assets/index.js'), code(BUDGET.js / 1024 + 5))
      expect(budget()).toBe(1)
      writeFileSync(join(dir, 'assets/index.js'), code(BUDGET.js / 1024 - 20))
      expect(budget()).toBe(0)
    }, 30_000)
  })
})
