import { fileURLToPath, URL } from 'node:url'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'
import b24ui from '@bitrix24/b24ui-nuxt/vite'

/**
 * Bitrix24 opens a placement handler with a form POST (notes §1). Vite's dev
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

export default defineConfig({
  base: './',
  plugins: [
    answerPortalPost(),
    vue(),
    b24ui({
      router: false,
      colorMode: true,
      dts: false,
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: { target: 'es2022', sourcemap: true },
})
