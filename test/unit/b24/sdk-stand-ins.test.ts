/**
 * The guard on the SDK's stand-ins. The build gives `@bitrix24/b24jssdk`
 * src/b24/luxon-lite.ts for `luxon` and src/b24/axios-lite.ts for `axios`
 * (vite.config.ts), each covering exactly what this SDK version uses of them.
 * This test reads the SDK's own files and fails when that changes (its
 * version, a module importing luxon or axios, a name imported, a method
 * called on one), so that an SDK upgrade cannot silently break a stand-in.
 * When it fails: re-check both stand-ins against the new SDK, then update
 * EXPECTED below.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import * as axiosLite from '@/b24/axios-lite'
import * as luxonLite from '@/b24/luxon-lite'

const SDK_CHANGED = 'the SDK changed: re-check src/b24/luxon-lite.ts / axios-lite.ts, then this test\'s EXPECTED'

/** Per stand-in, per SDK file (under dist/esm): the names it imports and the members it uses of them. */
type Uses = Record<string, Record<string, { imports: string[], uses: string[] }>>

const EXPECTED: { version: string, uses: Uses } = {
  version: '2.2.0',
  uses: {
    luxon: {
      'logger/formatter/abstract-formatter.mjs': { imports: ['DateTime'], uses: ['DateTime.fromJSDate'] },
      'tools/text.mjs': { imports: ['DateTime'], uses: ['DateTime.fromFormat', 'DateTime.fromISO', 'DateTime.fromJSDate', 'DateTime.now'] },
    },
    axios: {
      'core/http/abstract-http.mjs': { imports: ['AxiosError', 'default'], uses: ['default.create'] },
      'oauth/auth.mjs': { imports: ['AxiosError', 'default'], uses: ['default.create'] },
    },
  },
}

const STAND_INS: Record<string, Record<string, unknown>> = { luxon: luxonLite, axios: axiosLite }

const SDK_DIR = fileURLToPath(new URL('../../../node_modules/@bitrix24/b24jssdk/', import.meta.url))
const ESM_DIR = join(SDK_DIR, 'dist', 'esm')

function moduleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return moduleFiles(path)
    return /\.(mjs|js)$/.test(entry.name) ? [path] : []
  })
}

/** 'luxon', 'axios', and deep imports of them ('luxon/…': its own specifier, which EXPECTED does not have). */
const standInOf = (specifier: string): string | null => (/^(luxon|axios)(\/.*)?$/.test(specifier) ? specifier : null)

/**
 * What one SDK file imports from luxon and axios, parsed as JavaScript:
 * static imports and re-exports by name (`default` for a default import, `*`
 * for a namespace, a re-export of everything or a dynamic import/require),
 * and `Name.member` for every property read on an imported binding.
 */
function usesIn(file: string, text: string, into: Uses): void {
  if (!/\b(luxon|axios)\b/.test(text)) return
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS)
  const locals = new Map<string, { specifier: string, imported: string }>()
  const entry = (specifier: string) => {
    const byFile = (into[specifier] ??= {})
    return (byFile[file] ??= { imports: [], uses: [] })
  }
  const add = (list: string[], value: string) => {
    if (!list.includes(value)) list.push(value)
  }

  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const specifier = standInOf(node.moduleSpecifier.text)
      if (specifier) {
        const { imports } = entry(specifier)
        if (ts.isImportDeclaration(node)) {
          const clause = node.importClause
          if (!clause) add(imports, '(side effect)')
          if (clause?.name) {
            add(imports, 'default')
            locals.set(clause.name.text, { specifier, imported: 'default' })
          }
          const bindings = clause?.namedBindings
          if (bindings && ts.isNamespaceImport(bindings)) {
            add(imports, '*')
            locals.set(bindings.name.text, { specifier, imported: '*' })
          } else if (bindings) {
            for (const element of bindings.elements) {
              const imported = (element.propertyName ?? element.name).text
              add(imports, imported)
              locals.set(element.name.text, { specifier, imported })
            }
          }
        } else if (node.exportClause && ts.isNamedExports(node.exportClause)) {
          for (const element of node.exportClause.elements) add(imports, (element.propertyName ?? element.name).text)
        } else {
          add(imports, '*')
        }
      }
    }
    if (ts.isCallExpression(node) && node.arguments[0] && ts.isStringLiteral(node.arguments[0])
      && (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require'))) {
      const specifier = standInOf(node.arguments[0].text)
      if (specifier) add(entry(specifier).imports, '*')
    }
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && ts.isIdentifier(node.expression)) {
      const local = locals.get(node.expression.text)
      if (local) {
        const member = ts.isPropertyAccessExpression(node) ? node.name.text : `[${node.argumentExpression.getText(source)}]`
        add(entry(local.specifier).uses, `${local.imported}.${member}`)
      }
    }
    ts.forEachChild(node, visit)
  }
  // Imports first, so that a binding is known wherever it is used.
  for (const statement of source.statements) if (ts.isImportDeclaration(statement)) visit(statement)
  for (const statement of source.statements) if (!ts.isImportDeclaration(statement)) visit(statement)
}

function sdkUses(): Uses {
  const uses: Uses = {}
  for (const path of moduleFiles(ESM_DIR).sort()) usesIn(relative(ESM_DIR, path).split('\\').join('/'), readFileSync(path, 'utf8'), uses)
  return sorted(uses)
}

function sorted(uses: Uses): Uses {
  for (const byFile of Object.values(uses)) {
    for (const found of Object.values(byFile)) {
      found.imports.sort()
      found.uses.sort()
    }
  }
  return uses
}

describe('the SDK\'s stand-ins still cover what the SDK uses', () => {
  const found = sdkUses()

  it('the SDK is the version the stand-ins were written for', () => {
    const { version } = JSON.parse(readFileSync(join(SDK_DIR, 'package.json'), 'utf8')) as { version: string }
    expect(version, SDK_CHANGED).toBe(EXPECTED.version)
  })

  it('its imports of luxon and axios, and the members it uses of them, are the expected ones', () => {
    expect(found, SDK_CHANGED).toEqual(EXPECTED.uses)
  })

  it('every name the SDK imports, and every member it uses of one, exists in the stand-in', () => {
    for (const [specifier, byFile] of Object.entries(found)) {
      const standIn = STAND_INS[specifier]
      expect(standIn, `${specifier}: no stand-in for it; ${SDK_CHANGED}`).toBeDefined()
      for (const [file, { imports, uses }] of Object.entries(byFile)) {
        for (const name of imports) {
          expect(name !== '*' && name in standIn!, `${file} imports ${name} from ${specifier}`).toBe(true)
        }
        for (const use of uses) {
          const [name, member] = use.split('.') as [string, string]
          const value = standIn![name] as Record<string, unknown> | undefined
          expect(value !== undefined && member in value, `${file} uses ${use} of ${specifier}`).toBe(true)
        }
      }
    }
  })

  it('reads every form of import, and only code: a check of this test\'s own reading', () => {
    const code = [
      "import lux, { DateTime as DT, Duration } from 'luxon'",
      "import * as ax from 'axios'",
      "import 'luxon/src/zones.js'",
      "export { Interval } from 'luxon'",
      "export * from 'axios'",
      "const later = () => import('axios')",
      "DT.fromSQL('x'); lux.Settings.defaultZone; ax['get']",
      "// DateTime.fromHTTP(x) in a comment, and in a string:",
      "const s = \"import { Info } from 'luxon'\"",
    ].join('\n')
    const uses: Uses = {}
    usesIn('x.mjs', code, uses)
    expect(sorted(uses)).toEqual({
      luxon: { 'x.mjs': { imports: ['DateTime', 'Duration', 'Interval', 'default'], uses: ['DateTime.fromSQL', 'default.Settings'] } },
      'luxon/src/zones.js': { 'x.mjs': { imports: ['(side effect)'], uses: [] } },
      axios: { 'x.mjs': { imports: ['*'], uses: ["*.['get']"] } },
    })
  })
})
