import { createI18n } from 'vue-i18n'
import en from './locales/en.json'
import ru from './locales/ru.json'
import de from './locales/de.json'

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

export function createAppI18n(locale: AppLocale = 'en') {
  return createI18n({
    legacy: false,
    locale: locale as string,
    fallbackLocale: 'en',
    messages: { en, ru, de },
    pluralRules: { ru: russianPlural },
    missingWarn: false,
    fallbackWarn: false,
  })
}
