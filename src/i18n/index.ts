import { shallowReactive } from 'vue'
import { createI18n } from 'vue-i18n'
import uiEn from '@bitrix24/b24ui-nuxt/runtime/locale/en.js'
import en from './locales/en.json'

export type MessageSchema = typeof en

/**
 * The 20 interface languages of Bitrix24 portals (their LANG codes, docs/bitrix24.md, Opening a placement)
 * and the locale the app speaks in each: a BCP 47 tag, because the locale also
 * formats numbers and dates and sorts names (Intl), where a LANG code would be
 * another language or none (`la` is Latin, `br` Breton, `in` old Indonesian,
 * `ua`, `vn`, `kz`, `sc`, `tc` are not languages). The app's message files are
 * named by the tag (locales/pt-BR.json); the UI kit's by the LANG code
 * (runtime/locale/br.js).
 */
export const PORTAL_LANGUAGES = {
  en: 'en',
  ru: 'ru',
  de: 'de',
  la: 'es',
  br: 'pt-BR',
  fr: 'fr',
  it: 'it',
  pl: 'pl',
  ua: 'uk',
  tr: 'tr',
  sc: 'zh-CN',
  tc: 'zh-TW',
  ja: 'ja',
  vn: 'vi',
  id: 'id',
  ms: 'ms',
  th: 'th',
  ar: 'ar',
  kz: 'kk',
  in: 'hi',
} as const

export type PortalLanguage = keyof typeof PORTAL_LANGUAGES
export type AppLocale = (typeof PORTAL_LANGUAGES)[PortalLanguage]
export const SUPPORTED_LOCALES = Object.values(PORTAL_LANGUAGES) as AppLocale[]

/** A locale's Bitrix24 LANG code, e.g. for placement.bind's LANG_ALL: uk → ua. */
export const PORTAL_LANGUAGE = Object.fromEntries(Object.entries(PORTAL_LANGUAGES).map(([lang, locale]) => [locale, lang])) as Record<AppLocale, PortalLanguage>

/** Bitrix24 LANG code (any case) → the locale the app speaks; anything else falls back to English. */
export function resolveLocale(lang: string | null | undefined): AppLocale {
  const code = (lang ?? '').trim().toLowerCase()
  return Object.hasOwn(PORTAL_LANGUAGES, code) ? PORTAL_LANGUAGES[code as PortalLanguage] : 'en'
}

/**
 * Plural forms. A message that varies with a number has one form per plural
 * category of its language (Intl.PluralRules), in the order zero, one, two,
 * few, many, other (fixed here: engines list resolvedOptions().pluralCategories
 * in an order of their own), separated by `|`. Where en.json starts a message
 * with a "none" form (n = 0: "No contacts | One contact | {count} contacts"),
 * every language has that form first too; in a language with a `zero`
 * category (Arabic, where zero is n = 0 exactly) the none form is the zero
 * form. So English and German have none, one, other; Russian, Ukrainian and
 * Polish none, one, few, many, other (other: fractions); French, Spanish,
 * Italian and Portuguese none, one, many (exact millions), other; Arabic zero
 * (none), one, two, few, many, other; Chinese, Japanese, Vietnamese,
 * Indonesian, Malay and Thai none, other. A message may also have a single
 * form, the same for every count.
 *
 * The categories are written out here rather than read from the engine at run
 * time: the files have as many forms as this table says in every browser, and
 * a browser whose Intl data lacks a category (an older one without French
 * `many`) never selects it. test/unit/i18n checks the table against Intl.
 */
export const PLURAL_CATEGORIES: Record<AppLocale, readonly Intl.LDMLPluralRule[]> = (() => {
  const oneOther = ['one', 'other'] as const
  const oneManyOther = ['one', 'many', 'other'] as const
  const oneFewManyOther = ['one', 'few', 'many', 'other'] as const
  const other = ['other'] as const
  return {
    en: oneOther, ru: oneFewManyOther, de: oneOther, es: oneManyOther, 'pt-BR': oneManyOther,
    fr: oneManyOther, it: oneManyOther, pl: oneFewManyOther, uk: oneFewManyOther, tr: oneOther,
    'zh-CN': other, 'zh-TW': other, ja: other, vi: other, id: other,
    ms: other, th: other, ar: ['zero', 'one', 'two', 'few', 'many', 'other'], kk: oneOther, hi: oneOther,
  }
})()

/**
 * vue-i18n's plural rule for `locale`: which of a message's `choicesLength`
 * forms a count takes (see PLURAL_CATEGORIES).
 */
export function pluralRule(locale: AppLocale): (choice: number, choicesLength: number) => number {
  const categories = PLURAL_CATEGORIES[locale]
  let rules: Intl.PluralRules | undefined
  return (choice, choicesLength) => {
    const n = Math.abs(choice)
    const none = choicesLength > categories.length
    if (none && n === 0) return 0
    // why lazily: an Intl.PluralRules costs a few ms to create, and most locales are never used.
    rules ??= new Intl.PluralRules(locale)
    const at = categories.indexOf(rules.select(n))
    return Math.min((at < 0 ? categories.length - 1 : at) + (none ? 1 : 0), choicesLength - 1)
  }
}

type UiLocale = typeof uiEn

/**
 * The UI kit's own words (its buttons' labels, "Close"…) per locale, for
 * `<B24App :locale>` (the kit's locale also carries the direction: `dir:
 * 'rtl'` for Arabic). English ships with the app; the others arrive with the
 * app's messages in loadLocale.
 */
export const uiLocales: Partial<Record<AppLocale, UiLocale>> = shallowReactive({ en: uiEn })

/**
 * The writing direction of `locale`: the UI kit's locale says it (`dir`);
 * Arabic is right to left even when the kit's words failed to load.
 */
export function localeDir(locale: AppLocale): 'ltr' | 'rtl' {
  return uiLocales[locale]?.dir ?? (locale === 'ar' ? 'rtl' : 'ltr')
}

type Module<T> = Promise<{ default: T }>

/**
 * English ships with the app (it is the fallback); every other language is
 * two chunks of its own, loaded when needed: the app's messages and the kit's
 * words (the kit's files are named by LANG code).
 */
const loaders: Record<Exclude<AppLocale, 'en'>, [messages: () => Module<MessageSchema>, ui: () => Module<UiLocale>]> = {
  ru: [() => import('./locales/ru.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/ru.js')],
  de: [() => import('./locales/de.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/de.js')],
  es: [() => import('./locales/es.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/la.js')],
  'pt-BR': [() => import('./locales/pt-BR.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/br.js')],
  fr: [() => import('./locales/fr.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/fr.js')],
  it: [() => import('./locales/it.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/it.js')],
  pl: [() => import('./locales/pl.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/pl.js')],
  uk: [() => import('./locales/uk.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/ua.js')],
  tr: [() => import('./locales/tr.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/tr.js')],
  'zh-CN': [() => import('./locales/zh-CN.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/sc.js')],
  'zh-TW': [() => import('./locales/zh-TW.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/tc.js')],
  ja: [() => import('./locales/ja.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/ja.js')],
  vi: [() => import('./locales/vi.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/vn.js')],
  id: [() => import('./locales/id.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/id.js')],
  ms: [() => import('./locales/ms.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/ms.js')],
  th: [() => import('./locales/th.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/th.js')],
  ar: [() => import('./locales/ar.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/ar.js')],
  kk: [() => import('./locales/kk.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/kz.js')],
  hi: [() => import('./locales/hi.json'), () => import('@bitrix24/b24ui-nuxt/runtime/locale/in.js')],
}

/**
 * An i18n instance in `locale`, with English and any `preloaded` messages
 * (tests pass them; the app calls switchLocale, which loads them).
 */
export function createAppI18n(locale: AppLocale = 'en', preloaded: Partial<Record<AppLocale, MessageSchema>> = {}) {
  return createI18n({
    legacy: false,
    locale: locale as string,
    fallbackLocale: 'en',
    messages: { ...preloaded, en },
    pluralRules: Object.fromEntries(SUPPORTED_LOCALES.map((l) => [l, pluralRule(l)])),
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
  const [loadMessages, loadUi] = loaders[locale]
  const hasMessages = target.availableLocales.includes(locale)
  const [messages, ui] = await Promise.allSettled([
    hasMessages ? null : loadMessages().then((m) => m.default),
    uiLocales[locale] ? null : loadUi().then((m) => m.default),
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
