// First: libraries below may read localStorage as they load (storage-guard.ts says why).
import './storage-guard'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import b24UiPlugin from '@bitrix24/b24ui-nuxt/vue-plugin'
import App from './App.vue'
import { connectToPortal } from './b24/sdk-port'
import { B24_PORT } from './b24/port'
import { createAppI18n, resolveLocale, switchLocale } from './i18n'
import { useSessionStore } from './stores/session'
import { useCompanyContactsStore } from './stores/company-contacts'
import { tabCompanyId } from './b24/placement'
import { followColorScheme } from './color-scheme'
import './assets.css'

// The handshake with the portal comes first: everything the tab shows waits
// for it, so it runs while the app mounts and its language loads.
const connecting = connectToPortal()

// why: Bitrix24 puts LANG in the handler URL's query (notes §1), so the first
// words on screen are already in the user's language before the frame answers.
const i18n = createAppI18n()
await switchLocale(i18n, resolveLocale(new URLSearchParams(location.search).get('LANG'))).catch(() => {})
const pinia = createPinia()
followColorScheme()
const app = createApp(App).use(pinia).use(i18n).use(b24UiPlugin)
app.mount('#app')

const session = useSessionStore(pinia)
connecting.then(
  async (port) => {
    app.provide(B24_PORT, port)
    // The tab's first read starts the moment the frame answers, while the view
    // renders and the user's language loads (CompanyTabView finds it under way).
    const companyId = tabCompanyId(port.context)
    if (companyId !== null) {
      void useCompanyContactsStore(pinia).load(companyId)
      // why: the SDK reaches fetch through a chain of promises; rendering the
      // view first (tens of ms on a slow machine) would hold the request back.
      await new Promise((resolve) => setTimeout(resolve))
    }
    // A locale that fails to load leaves the app in English (the fallback).
    await switchLocale(i18n, resolveLocale(port.context.lang)).catch(() => {})
    session.connected(port.context)
  },
  (error: unknown) => session.failed(error),
)
