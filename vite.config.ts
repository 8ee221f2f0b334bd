import { readFileSync } from 'node:fs'
import { fileURLToPath, URL } from 'node:url'
import { build, defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import b24ui from '@bitrix24/b24ui-nuxt/vite'
import VueI18nPlugin from '@intlify/unplugin-vue-i18n/vite'

/**
 * Bitrix24 opens a placement handler with a form POST (docs/bitrix24.md, Opening a placement). Vite's dev
 * server only answers GET for pages, so turn a POST for a page into a GET.
 * The posted fields (AUTH_ID, PLACEMENT_OPTIONS…) are not read by the app: the
 * SDK gets the same data over the frame protocol (getInitData).
 */
function answerPortalPost(): Plugin {
  return {
    name: 'answer-portal-post',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        if (req.method === 'POST' && (req.headers.accept ?? '').includes('text/html')) {
          req.resume()
          req.method = 'GET'
        }
        next()
      })
    },
  }
}

/**
 * The SDK's two heavy dependencies, replaced for the SDK only (issue 6's
 * bundle budget): luxon (21 KB gzip; date helpers this app never calls) and
 * axios (20 KB; the SDK posts JSON with it). Each stand-in documents what it
 * covers and is tested against the real library.
 */
const SDK_STAND_INS: Record<string, string> = {
  luxon: fileURLToPath(new URL('./src/b24/luxon-lite.ts', import.meta.url)),
  axios: fileURLToPath(new URL('./src/b24/axios-lite.ts', import.meta.url)),
}

function sdkDependencies(): Plugin {
  return {
    name: 'sdk-dependencies',
    enforce: 'pre',
    resolveId(id, importer) {
      if (importer && /[\\/]@bitrix24[\\/]b24jssdk[\\/]/.test(importer)) return SDK_STAND_INS[id]
    },
  }
}

/**
 * The UI kit's `colors` plugin (run by its plain-Vue plugin) adds a
 * `<style id="bitrix24-ui-colors">` element, twice (once itself, once through
 * unhead), which a Content-Security-Policy of `style-src 'self'` blocks
 * (deploy/). In this kit version its rules are empty (the colour lists it
 * joins are `[]`; the theme's colours come from the kit's CSS), so it is
 * replaced by a plugin that does nothing. If a kit version ever puts colours
 * there, the build stops here instead of silently dropping them.
 */
const KIT_COLORS_PLUGIN = /[\\/]@bitrix24[\\/]b24ui-nuxt[\\/]dist[\\/]runtime[\\/]plugins[\\/]colors\.js$/

function kitColorsOff(): Plugin {
  return {
    name: 'kit-colors-off',
    enforce: 'pre',
    load(id) {
      const file = id.split('?')[0]!
      if (!KIT_COLORS_PLUGIN.test(file)) return null
      const source = readFileSync(file, 'utf8')
      const lists = [...source.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!.trim())
      if (lists.length === 0 || lists.some((l) => !/^\[\]\.join\(/.test(l))) {
        throw new Error(`${file} now generates colour rules: it can no longer be replaced by a no-op (vite.config.ts, kitColorsOff); allow its <style> in the CSP (deploy/) instead.`)
      }
      return 'export default { install() {} }'
    },
  }
}

/**
 * The tab's first load in two parallel downloads (issue 13): the entry
 * (src/main.ts: the SDK's handshake and the first read) and one `app` chunk
 * with everything src/boot.ts needs to render (Vue, Pinia, the UI kit,
 * vue-i18n, the view), which index.html preloads next to the entry so both
 * arrive in one round trip. Left to itself the bundler splits that code into
 * a chunk per combination of importers (six files here: with the entry and
 * the CSS, over HTTP/1.1's 6 connections a host, a second round trip). What
 * only lazy parts use (the confirmation, the app and install pages, CSV, the
 * other languages) stays in their own chunks.
 *
 * Which modules boot really uses is known only after tree-shaking: its
 * static imports reach far more (the kit imports reka-ui's index, which
 * re-exports every component). So a first, in-memory build with the
 * bundler's own splitting finds the modules of boot's chunks, and the real
 * build groups exactly those. It costs one more build's time. What the entry
 * itself shares with them (the placement's reading, the card and error types)
 * goes in one small `shared` chunk the entry imports, never in the app chunk:
 * the entry must not wait for the app's code to send the first request.
 */
const BOOT_MODULE = fileURLToPath(new URL('./src/boot.ts', import.meta.url))
const PROBE_ENV = 'APP_CHUNK_PROBE'

type Chunk = { type: 'chunk', fileName: string, imports: string[], moduleIds: string[], viteMetadata?: { importedCss: Set<string> } }

/** The chunks `from` imports statically, itself included, without those in `skip`. */
function staticClosure(chunks: Chunk[], from: Chunk, skip: ReadonlySet<string> = new Set()): Map<string, Chunk> {
  const found = new Map<string, Chunk>()
  const add = (chunk: Chunk | undefined) => {
    if (!chunk || skip.has(chunk.fileName) || found.has(chunk.fileName)) return
    found.set(chunk.fileName, chunk)
    for (const file of chunk.imports) add(chunks.find((c) => c.fileName === file))
  }
  add(from)
  return found
}

/**
 * The chunk holding src/boot.ts and the chunks it imports statically, without
 * `entry` and what the entry itself imports statically: code the first read
 * shares with the app (the placement's reading, the pair table) stays on the
 * entry's side, which must never wait for the app chunk.
 */
function bootChunks(chunks: Chunk[], entryFile: string): Chunk[] {
  const boot = chunks.find((c) => c.moduleIds.includes(BOOT_MODULE))
  if (!boot) throw new Error('vite.config.ts appChunk: no chunk holds src/boot.ts')
  const entry = chunks.find((c) => c.fileName === entryFile)
  const entrySide = new Set(entry ? staticClosure(chunks, entry).keys() : [entryFile])
  return [...staticClosure(chunks, boot, entrySide).values()]
}

function appChunk(): Plugin {
  const probing = process.env[PROBE_ENV] === '1'
  let inApp = new Set<string>()
  let entryShared = new Set<string>()
  return {
    name: 'app-chunk',
    apply: 'build',
    async config(config, { mode }) {
      if (probing) return
      process.env[PROBE_ENV] = '1'
      try {
        const output = await build({
          configFile: fileURLToPath(import.meta.url),
          root: config.root,
          mode,
          logLevel: 'silent',
          build: { write: false, minify: false, sourcemap: false, emptyOutDir: false, reportCompressedSize: false },
        })
        const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => 'output' in o ? o.output : []).filter((c): c is Chunk & typeof c => c.type === 'chunk')
        const entry = chunks.find((c) => 'isEntry' in c && c.isEntry)
        if (!entry) throw new Error('vite.config.ts appChunk: the probe build has no entry chunk')
        // Not the bundler's own helpers (its runtime, Vite's preload helper): the entry needs them too.
        inApp = new Set(bootChunks(chunks, entry.fileName).flatMap((c) => c.moduleIds).filter((id) => !id.startsWith('\0')))
        // What the entry shares with the rest (its static imports other than itself): one small chunk, with the bundler's runtime.
        entryShared = new Set([...staticClosure(chunks, entry).values()].filter((c) => c !== entry).flatMap((c) => c.moduleIds))
      } finally {
        delete process.env[PROBE_ENV]
      }
    },
    outputOptions(options) {
      if (probing) return options
      // Not its dependencies too: the read's modules (the REST layer) stay in the entry, which must not import the app chunk.
      return {
        ...options,
        codeSplitting: {
          groups: [
            { name: 'app', test: (id: string) => inApp.has(id), includeDependenciesRecursively: false },
            { name: 'shared', test: (id: string) => entryShared.has(id), includeDependenciesRecursively: false },
          ],
        },
      }
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (probing || !ctx.bundle || !ctx.chunk) return html
        const chunks = Object.values(ctx.bundle).filter((c) => c.type === 'chunk')
        const app = bootChunks(chunks, ctx.chunk.fileName)
        // The app's stylesheet comes with its code (src/boot.ts imports it): a
        // stylesheet linked in the page would hold back the entry's script until
        // parsed. Preloaded here, it downloads from the start all the same; the
        // link Vite adds on import() then finds it in the cache (crossorigin as Vite's).
        const css = app.flatMap((c) => [...(c.viteMetadata?.importedCss ?? [])])
        return {
          html,
          tags: [
            ...app.map((c) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `./${c.fileName}` }, injectTo: 'head' as const })),
            ...css.map((file) => ({ tag: 'link', attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `./${file}` }, injectTo: 'head' as const })),
          ],
        }
      },
    },
  }
}

export default defineConfig({
  base: './',
  plugins: [
    answerPortalPost(),
    sdkDependencies(),
    kitColorsOff(),
    appChunk(),
    vue(),
    // Messages are compiled at build time, so the app ships vue-i18n's runtime
    // without its message compiler (and no eval: CSP-friendly).
    VueI18nPlugin({
      include: [fileURLToPath(new URL('./src/i18n/locales/**', import.meta.url))],
      runtimeOnly: true,
      compositionOnly: true,
      fullInstall: false,
      strictMessage: false,
      dropMessageCompiler: true,
    }),
    b24ui({
      router: false,
      // why: the kit's colour mode (VueUse useDark) writes localStorage, which
      // throws in a frame whose third-party storage is blocked (docs/bitrix24.md, Storage in the frame), and
      // injects <style> elements, which the CSP in deploy/ blocks; its
      // colorModeStorageKey: null does not reach useDark. src/color-scheme.ts
      // follows the system's preference instead, storing nothing.
      colorMode: false,
      dts: false,
      // Prose (markdown) components are on by default and register globally,
      // pulling motion-v and dozens of icons into the bundle; the app has no prose.
      prose: false,
      mdc: false,
      // Generate the theme CSS only for the components the app uses (and theirs).
      experimental: { componentDetection: true },
    }),
  ],
  // Vue without the Options API (every component here and in the kit uses setup) and without devtools hooks.
  define: {
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      // The local portal (emulator/), for tests: `@emulator/portal`.
      '@emulator': fileURLToPath(new URL('./emulator', import.meta.url)),
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  // Source maps are written for local tools (per-package breakdowns of the
  // bundle) but not referenced from the bundles ('hidden'): they are not
  // deployed (README, Deploy), so browsers need not ask for them.
  build: { target: 'es2022', sourcemap: 'hidden' },
})
