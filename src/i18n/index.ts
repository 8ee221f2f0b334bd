import { shallowReactive } from 'vue'
import { createI18n } from 'vue-i18n'
import uiEn from '@bitrix24/b24ui-nuxt/runtime/locale/en.js'
import en from './locales/en.json'

export type MessageSchema = typeof en
export const SUPPORTED_LOCALES = ['en', 'ru', 'de'] as const
export type AppLocale = (typeof SUPPORTED_LOCALES)[number]

/** Bitrix24 LANG code (notes §1) → a locale the app speaks; anything else falls back to English. */
export function resolveLocale(lang: string | null | undefined): AppLocale {
  const code = (lang ?? '').trim().toLowerCase()
  return (SUPPORTED_LOCALES as readonly string[]).includes(code) ? (code as AppLocale) : 'en'
}

/** Russian has three plural forms (1 контакт, 2 контакта, 5 контактов), plus our "none" form. */
function russianPlural(choice: number, choicesLength: number): number {
  if (choice === 0) return 0
  const mod10 = choice % 10
  const mod100 = choice % 100
  const form = mod10 === 1 && mod100 !== 11 ? 0 : mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14) ? 1 : 2
  return Math.min(form + 1, choicesLength - 1)
}

type UiLocale = typeof uiEn

/**
 * The UI kit's own words (its buttons' labels, "Close"…) per locale, for
 * `<B24App :locale>`. English ships with the app; the others arrive with the
 * app's messages in loadLocale.
 */
export const uiLocales: Partial<Record<AppLocale, UiLocale>> = shallowReactive({ en: uiEn })

/** English ships with the app (it is the fallback); the others load when needed, with the kit's words. */
const loaders: Record<Exclude<AppLocale, 'en'>, { messages: () => Promise<MessageSchema>, ui: () => Promise<UiLocale> }> = {
  ru: {
    messages: () => import('./locales/ru.json').then((m) => m.default),
    ui: () => import('@bitrix24/b24ui-nuxt/runtime/locale/ru.js').then((m) => m.default),
  },
  de: {
    messages: () => import('./locales/de.json').then((m) => m.default),
    ui: () => import('@bitrix24/b24ui-nuxt/runtime/locale/de.js').then((m) => m.default),
  },
}

/**
 * An i18n instance in `locale`, with English and any `preloaded` messages
 * (tests pass them all; the app calls switchLocale, which loads them).
 */
export function createAppI18n(locale: AppLocale = 'en', preloaded: Partial<Record<AppLocale, MessageSchema>> = {}) {
  return createI18n({
    legacy: false,
    locale: locale as string,
    fallbackLocale: 'en',
    messages: { ...preloaded, en },
    pluralRules: { ru: russianPlural },
    missingWarn: false,
    fallbackWarn: false,
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>

/** What loading needs of an i18n instance's global composer, or of useI18n({ useScope: 'global' }). */
interface MessageTarget {
  availableLocales: string[]
  setLocaleMessage(locale: string, messages: MessageSchema): void
}

/**
 * Load a locale's messages and the kit's words once, side by side. Whatever
 * arrives is kept; without the app's messages it throws (the app stays in
 * English), without the kit's words the kit speaks English.
 */
export async function loadLocale(target: MessageTarget, locale: AppLocale): Promise<void> {
  if (locale === 'en') return
  const hasMessages = target.availableLocales.includes(locale)
  const [messages, ui] = await Promise.allSettled([
    hasMessages ? null : loaders[locale].messages(),
    uiLocales[locale] ? null : loaders[locale].ui(),
  ])
  if (ui.status === 'fulfilled' && ui.value) uiLocales[locale] = ui.value
  if (messages.status === 'rejected') throw messages.reason
  if (messages.value) target.setLocaleMessage(locale, messages.value)
}

/** Load a locale's messages, then show the app in it. */
export async function switchLocale(i18n: AppI18n, locale: AppLocale): Promise<void> {
  await loadLocale(i18n.global as unknown as MessageTarget, locale)
  i18n.global.locale.value = locale
}
