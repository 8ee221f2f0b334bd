import { flushPromises, mount, type ComponentMountingOptions } from '@vue/test-utils'
import { defineComponent, h, type Component } from 'vue'
import { createPinia, getActivePinia, setActivePinia } from 'pinia'
import b24UiPlugin from '@bitrix24/b24ui-nuxt/vue-plugin'
import B24App from '@bitrix24/b24ui-nuxt/components/App.vue'
import { createAppI18n, type AppLocale } from '@/i18n'
import ru from '@/i18n/locales/ru.json'
import de from '@/i18n/locales/de.json'

/**
 * Mount a component the way the app runs it: real i18n, the real UI kit plugin,
 * inside <B24App> (tooltips, toasts and overlays need it), with the test's
 * active Pinia (a fresh one when it has none: the tab's words read the
 * session store for the card, company unless a test connects another).
 */
export function mountWithApp<C extends Component>(component: C, options: ComponentMountingOptions<C> & { locale?: AppLocale } = {}) {
  const { locale = 'en', global = {}, props, ...rest } = options
  const i18n = createAppI18n(locale, { ru, de })
  const pinia = getActivePinia() ? [] : [createPinia()]
  if (pinia[0]) setActivePinia(pinia[0])
  const Wrapper = defineComponent({
    setup() {
      return () => h(B24App, null, { default: () => h(component as Component, props as Record<string, unknown>) })
    },
  })
  return mount(Wrapper, {
    ...rest,
    attachTo: document.body,
    global: { ...global, plugins: [...(global.plugins ?? []), ...pinia, i18n, b24UiPlugin] },
  } as ComponentMountingOptions<typeof Wrapper>)
}

/** Wait, flushing promises, until `fn` gives something truthy (at most 200 rounds); fails naming `what`. */
export async function until<T>(what: string, fn: () => T | null | undefined | false): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = fn()
    if (v) return v
    await flushPromises()
  }
  throw new Error(`never happened: ${what}`)
}
