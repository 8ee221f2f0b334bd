import { createApp, type App as VueApp } from 'vue'
import './assets.css'
import { createPinia, type Pinia } from 'pinia'
import b24UiPlugin from '@bitrix24/b24ui-nuxt/vue-plugin'
import App from './App.vue'
import { B24_PORT, type B24Port } from './b24/port'
import { nextTask, readyToMount, startFirstRead, type FirstRead } from './first-read'
import { createAppI18n, resolveLocale, switchLocale, type AppI18n } from './i18n'
import { useSessionStore } from './stores/session'
import { useLinksStore } from './stores/links'
import { followColorScheme } from './color-scheme'

export interface BootedApp {
  app: VueApp
  pinia: Pinia
  i18n: AppI18n
  /** settles when the app has connected or shows why it could not; never rejects */
  connected: Promise<void>
}

export interface BootOptions {
  el: Element | string
  /** LANG from the handler URL's query */
  urlLang: string | null
  /** the tab's first read, if the caller started it already (main.ts does, as the frame answers) */
  firstRead?: Promise<FirstRead | null>
}

/**
 * Start the app: its words, Pinia, the UI kit, then mount on `el`: the tab
 * when the portal has answered by then (the first read started by main.ts
 * has gone past its first answer), else the boot screen until it does
 * (whenConnected). Resolves once mounted; the handshake with the portal
 * (`connecting`, started by the caller before anything else) goes on.
 */
export async function boot(connecting: Promise<B24Port>, { el, urlLang, firstRead }: BootOptions): Promise<BootedApp> {
  // Outside a portal `connecting` rejects at once, before whenConnected
  // listens: the rejection is handled there, not an uncaught error meanwhile.
  connecting.catch(() => {})
  // why: Bitrix24 puts LANG in the handler URL's query (docs/bitrix24.md, Opening a placement), so the first
  // words on screen are already in the user's language before the frame answers.
  const i18n = createAppI18n()
  await switchLocale(i18n, resolveLocale(urlLang)).catch(() => {})
  const pinia = createPinia()
  followColorScheme()
  const app = createApp(App).use(pinia).use(i18n).use(b24UiPlugin)
  // index.html shows a placeholder meanwhile (src/placeholder.css).
  await readyToMount(firstRead)
  const connected = whenConnected(connecting, { app, pinia, i18n }, firstRead)
  // When the portal has answered already (main.ts waits for it), the first
  // render is the tab itself, not the boot screen to be replaced a moment later.
  await Promise.race([connected, nextTask()])
  app.mount(el)
  return { app, pinia, i18n, connected }
}

/**
 * When the frame answers: hand the tab's first read to the store (started by
 * the caller, or here and now), load the user's language, then let the view
 * render. Whatever fails on the way (the handshake, or any step after it)
 * ends on the boot screen's message through `session.failed`, never on the
 * spinner.
 */
export async function whenConnected(
  connecting: Promise<B24Port>, { app, pinia, i18n }: Pick<BootedApp, 'app' | 'pinia' | 'i18n'>, firstRead?: Promise<FirstRead | null>,
): Promise<void> {
  const session = useSessionStore(pinia)
  try {
    const port = await connecting
    app.provide(B24_PORT, port)
    // The read is under way while the view renders and the user's language
    // loads (CardTabView finds it so and does not start another).
    const read = firstRead ? await firstRead : startFirstRead(port)
    if (read) void useLinksStore(pinia).load(read.owner, read.opened)
    // A locale that fails to load leaves the app in English (the fallback).
    await switchLocale(i18n, resolveLocale(port.context.lang)).catch(() => {})
    session.connected(port.context)
  } catch (error) {
    session.failed(error)
  }
}
