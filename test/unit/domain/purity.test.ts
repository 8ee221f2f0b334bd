import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

/**
 * src/domain/ is plain logic over the app's own types: the arrows point into
 * it (views → stores → domain ← b24), never out of it. Its files import only
 * each other and a few pure libraries, and touch no browser API, so every
 * function in it runs the same in a test, a worker or the browser.
 */
const DOMAIN = fileURLToPath(new URL('../../../src/domain/', import.meta.url))
/** packages domain code may use: pure, no DOM, no Vue */
const PACKAGES = new Set(['papaparse'])
/** globals that are the browser (or I/O) rather than logic */
const BROWSER = new Set([
  'document', 'window', 'globalThis', 'self', 'navigator', 'location', 'localStorage', 'sessionStorage',
  'fetch', 'XMLHttpRequest', 'Blob', 'HTMLElement', 'requestAnimationFrame',
])

/** What in `code` breaks the rule: imports from outside the domain, and browser globals it uses. */
function violations(fileName: string, code: string): string[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const found: string[] = []
  const declared = new Set<string>()
  const where = (node: ts.Node) => `${fileName}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`
  function checkImport(node: ts.Node, specifier: string) {
    const local = specifier.startsWith('./') || specifier.startsWith('@/domain/')
    if (!local && !PACKAGES.has(specifier)) found.push(`${where(node)} imports '${specifier}'`)
  }
  function collect(node: ts.Node) {
    const name = (node as { name?: ts.Node }).name
    if (name && ts.isIdentifier(name) && (ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isFunctionDeclaration(node)
      || ts.isBindingElement(node) || ts.isImportSpecifier(node) || ts.isImportClause(node) || ts.isClassDeclaration(node))) {
      declared.add(name.text)
    }
    ts.forEachChild(node, collect)
  }
  function visit(node: ts.Node) {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      checkImport(node, node.moduleSpecifier.text)
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments
      if (arg && ts.isStringLiteralLike(arg)) checkImport(node, arg.text)
      else found.push(`${where(node)} imports a computed module`)
    } else if (ts.isIdentifier(node) && BROWSER.has(node.text) && !declared.has(node.text) && !isPropertyName(node)) {
      found.push(`${where(node)} uses ${node.text}`)
    }
    ts.forEachChild(node, visit)
  }
  collect(source)
  visit(source)
  return found
}

/** `a.document`, `{ document: 1 }`, `interface X { window: … }`: a name, not the global. */
function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent
  return (ts.isPropertyAccessExpression(parent) && parent.name === node)
    || ((ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent)) && parent.name === node)
    || ts.isQualifiedName(parent)
}

describe('src/domain is pure', () => {
  const files = readdirSync(DOMAIN).filter((f) => f.endsWith('.ts'))

  it('has files to check', () => {
    expect(files).toContain('types.ts')
    expect(files.length).toBeGreaterThan(5)
  })

  it.each(files)('%s imports only domain files and pure packages, and uses no browser API', (file) => {
    expect(violations(file, readFileSync(DOMAIN + file, 'utf8'))).toEqual([])
  })

  it('the check finds what it is for: app folders, Vue, the SDK, the DOM', () => {
    const code = [
      "import type { ItemDetails } from '@/b24/crm'",
      "import { useLinksStore } from '@/stores/links'",
      "import { ref } from 'vue'",
      "export { x } from '../b24/port'",
      "const sdk = () => import('@bitrix24/b24jssdk')",
      'export function f(place: { location: string }) {',
      '  const a = document.createElement("a")',
      '  window.open(place.location)',
      '  return { document: 1, a }',
      '}',
    ].join('\n')
    expect(violations('sample.ts', code)).toEqual([
      "sample.ts:1 imports '@/b24/crm'",
      "sample.ts:2 imports '@/stores/links'",
      "sample.ts:3 imports 'vue'",
      "sample.ts:4 imports '../b24/port'",
      "sample.ts:5 imports '@bitrix24/b24jssdk'",
      'sample.ts:7 uses document',
      'sample.ts:8 uses window',
    ])
    // a parameter or local of that name is not the global
    expect(violations('ok.ts', "import { a } from './bidi'\nexport const url = (location: { origin: string }) => location.origin")).toEqual([])
  })
})
