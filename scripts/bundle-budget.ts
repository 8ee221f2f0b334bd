/**
 * `npm run budget`: builds the app, then checks what the Contacts tab
 * downloads at first load against the budget of issue 6 (initial JS ≤ 180 KB
 * gzip, CSS ≤ 35 KB gzip; 1 KB = 1024 bytes, gzip level 9). Initial = the
 * entry script and stylesheets of dist/index.html and every chunk reached by
 * static imports from them; chunks behind a dynamic import() are lazy and not
 * counted. Prints a table per HTML page; exits 1 when the tab is over budget
 * (CI runs it).
 *
 *   tsx scripts/bundle-budget.ts [dist-folder]
 */
import { resolve } from 'node:path'
import { BUDGET, analyzePage, formatPage, htmlPages, kb } from './bench/bundle.ts'

const args = process.argv.slice(2)
const dist = resolve(args.find((a) => !a.startsWith('--')) ?? 'dist')
const TAB = 'index.html'

for (const page of htmlPages(dist).filter((p) => p !== TAB)) {
  const b = analyzePage(dist, page)
  console.log(`${page} (not budgeted): initial JS ${kb(b.initialJsGzip)} gzip, CSS ${kb(b.initialCssGzip)} gzip\n`)
}
const tab = analyzePage(dist, TAB)
console.log(formatPage(tab).join('\n'))

const rows = [
  { what: 'initial JS', gzip: tab.initialJsGzip, raw: tab.initialJsRaw, limit: BUDGET.js },
  { what: 'initial CSS', gzip: tab.initialCssGzip, raw: tab.initialCssRaw, limit: BUDGET.css },
]
console.log(`\nBudget of the Contacts tab (${TAB}), gzip -9, 1 KB = 1024 bytes`)
console.log(`  ${'what'.padEnd(12)}  ${'gzip'.padStart(10)}  ${'budget'.padStart(10)}  ${'raw'.padStart(10)}  result`)
for (const r of rows) {
  const over = r.gzip - r.limit
  console.log(`  ${r.what.padEnd(12)}  ${kb(r.gzip).padStart(10)}  ${kb(r.limit).padStart(10)}  ${kb(r.raw).padStart(10)}  ${over > 0 ? `OVER by ${kb(over)}` : 'ok'}`)
}
console.log(`  lazy JS (not counted): ${kb(tab.lazyJsGzip)} gzip`)
const overBudget = rows.some((r) => r.gzip > r.limit)
console.log(overBudget ? '\nOver budget.' : '\nWithin budget.')
if (overBudget) process.exitCode = 1
