import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import ru from '@/i18n/locales/ru.json'
import de from '@/i18n/locales/de.json'
import { createAppI18n, PORTAL_LANGUAGE, PORTAL_LANGUAGES, resolveLocale, SUPPORTED_LOCALES, switchLocale, uiLocales, type AppLocale } from '@/i18n'

type Messages = { [key: string]: string | Messages }

/** The locale files as written (imports of them are compiled to message functions at build time). */
function rawLocale(name: string): Messages {
  return JSON.parse(readFileSync(new URL(`../../../src/i18n/locales/${name}.json`, import.meta.url), 'utf8'))
}

/** Every message of a file as written, flattened: [["app.title", "Company Contacts"], …]. */
function messages(name: string): Array<[key: string, message: string]> {
  const flat = (obj: Messages, prefix = ''): Array<[string, string]> =>
    Object.entries(obj).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v]] : flat(v, `${prefix}${k}.`)))
  return flat(rawLocale(name))
}

const message = (name: string, key: string) => new Map(messages(name)).get(key)!

/** An i18n instance in `locale` with its messages loaded (from the locale's own chunk). */
async function inLocale(locale: AppLocale) {
  const i18n = createAppI18n()
  await switchLocale(i18n, locale)
  return i18n
}

describe('locales', () => {
  it('speaks every Bitrix24 portal language, as a BCP 47 locale', () => {
    expect(Object.keys(PORTAL_LANGUAGES).sort()).toEqual(['ar', 'br', 'de', 'en', 'fr', 'id', 'in', 'it', 'ja', 'kz', 'la', 'ms', 'pl', 'ru', 'sc', 'tc', 'th', 'tr', 'ua', 'vn'])
    expect(SUPPORTED_LOCALES).toHaveLength(20)
    for (const locale of SUPPORTED_LOCALES) expect(Intl.getCanonicalLocales(locale), locale).toEqual([locale])
  })

  it.each([
    ['en', 'en'], ['ru', 'ru'], ['de', 'de'], ['la', 'es'], ['br', 'pt-BR'], ['fr', 'fr'], ['it', 'it'], ['pl', 'pl'], ['ua', 'uk'], ['tr', 'tr'],
    ['sc', 'zh-CN'], ['tc', 'zh-TW'], ['ja', 'ja'], ['vn', 'vi'], ['id', 'id'], ['ms', 'ms'], ['th', 'th'], ['ar', 'ar'], ['kz', 'kk'], ['in', 'hi'],
    ['EN', 'en'], ['Ua', 'uk'], [' TC ', 'zh-TW'], ['IN', 'hi'],
    // not LANG codes: tags, other languages, nothing
    ['uk', 'en'], ['es', 'en'], ['zh', 'en'], ['pt-BR', 'en'], ['xx', 'en'], ['toString', 'en'], ['', 'en'], [null, 'en'], [undefined, 'en'],
  ])('resolves portal LANG %j to %s', (lang, expected) => {
    expect(resolveLocale(lang)).toBe(expected)
  })

  it('gives every locale back its LANG code (placement.bind\'s LANG_ALL)', () => {
    for (const [lang, locale] of Object.entries(PORTAL_LANGUAGES)) expect(PORTAL_LANGUAGE[locale]).toBe(lang)
  })

  it.each([
    [0, 'К компании не привязано ни одного контакта'],
    [1, 'К компании привязан 1 контакт'],
    [3, 'К компании привязано 3 контакта'],
    [5, 'К компании привязано 5 контактов'],
    [11, 'К компании привязано 11 контактов'],
    [21, 'К компании привязан 21 контакт'],
    [3000, 'К компании привязано 3000 контактов'],
  ])('uses Russian plural forms for %i', (count, text) => {
    const i18n = createAppI18n('ru', { ru, de })
    expect(i18n.global.t('company.count', { count }, count)).toBe(text)
  })

  it.each([
    [51, 'В списке 51 контакт — прокрутите его, чтобы увидеть все'],
    [52, 'В списке 52 контакта — прокрутите его, чтобы увидеть все'],
    [111, 'В списке 111 контактов — прокрутите его, чтобы увидеть все'],
  ])('says in Russian that a list of %i scrolls', (count, text) => {
    const i18n = createAppI18n('ru', { ru, de })
    expect(i18n.global.t('contacts.scroll_hint', { count }, count)).toBe(text)
  })

  it('keeps English and German plurals: none, one, other; and a message without a none form', () => {
    const i18n = createAppI18n('de', { ru, de })
    const t = (key: string, count: number, locale: AppLocale) => i18n.global.t(key, { count }, { plural: count, locale })
    expect([0, 1, 2].map((n) => t('company.count', n, 'en'))).toEqual([
      'No contacts are linked to this company', 'One contact is linked to this company', '2 contacts are linked to this company',
    ])
    expect([0, 1, 2].map((n) => t('contacts.clear_all.confirm', n, 'en'))).toEqual(['Clear 0 contacts', 'Clear one contact', 'Clear 2 contacts'])
    expect([0, 1, 2].map((n) => t('contacts.clear_all.confirm', n, 'de'))).toEqual(['0 Kontakte lösen', 'Einen Kontakt lösen', '2 Kontakte lösen'])
    expect(t('contacts.clear_all.confirm', 7, 'ru')).toBe('Отвязать: 7')
  })

  it.each([
    ['ar', 0, 'لا توجد جهات اتصال مرتبطة بهذه الشركة'],
    ['ar', 1, 'توجد جهة اتصال واحدة مرتبطة بهذه الشركة'],
    ['ar', 2, 'توجد جهتا اتصال مرتبطتان بهذه الشركة'],
    ['ar', 3, 'توجد 3 جهات اتصال مرتبطة بهذه الشركة'],
    ['ar', 11, 'توجد 11 جهة اتصال مرتبطة بهذه الشركة'],
    ['ar', 100, 'توجد 100 جهة اتصال مرتبطة بهذه الشركة'],
    ['ru', 2, 'К компании привязано 2 контакта'],
    ['ru', 1.5, 'К компании привязано 1,5 контакта'],
    ['uk', 21, 'До компанії прив’язано 21 контакт'],
    ['uk', 25, 'До компанії прив’язано 25 контактів'],
    ['pl', 22, 'Z tą firmą są powiązane 22 kontakty'],
    ['pl', 25, 'Z tą firmą jest powiązanych 25 kontaktów'],
    ['ja', 1, 'この会社には 1 件のコンタクトがリンクされています'],
    ['ja', 5, 'この会社には 5 件のコンタクトがリンクされています'],
    ['es', 1000000, 'Hay 1.000.000 de contactos vinculados a esta compañía'],
    ['es', 1000, 'Hay 1000 contactos vinculados a esta compañía'],
    ['fr', 1000000, '1\u202f000\u202f000 de contacts sont liés à cette entreprise'],
  ] as Array<[AppLocale, number, string]>)('%s says %d contacts as its language does', async (locale, count, text) => {
    const i18n = await inLocale(locale)
    expect(i18n.global.t('company.count', { count: new Intl.NumberFormat(locale).format(count) }, count)).toBe(text)
  })

  // Which form of the file a count takes, per language: [count, index of the form].
  const NONE_ONE_OTHER: Array<[number, number]> = [[0, 0], [1, 1], [2, 2], [5, 2], [21, 2], [1000000, 2]]
  const EAST_SLAVIC: Array<[number, number]> = [[0, 0], [1, 1], [2, 2], [4, 2], [5, 3], [11, 3], [12, 3], [21, 1], [22, 2], [25, 3], [101, 1], [111, 3], [1.5, 4]]
  const ROMANCE: Array<[number, number]> = [[0, 0], [1, 1], [2, 3], [5, 3], [21, 3], [1000, 3], [1000000, 2], [2000000, 2], [1000001, 3]]
  const NONE_OTHER: Array<[number, number]> = [[0, 0], [1, 1], [2, 1], [5, 1], [21, 1]]
  const companyCount: Record<AppLocale, Array<[number, number]>> = {
    en: NONE_ONE_OTHER, de: NONE_ONE_OTHER, tr: NONE_ONE_OTHER, kk: NONE_ONE_OTHER, hi: NONE_ONE_OTHER,
    ru: EAST_SLAVIC, uk: EAST_SLAVIC,
    pl: [[0, 0], [1, 1], [2, 2], [4, 2], [5, 3], [12, 3], [21, 3], [22, 2], [101, 3], [102, 2], [1.5, 4]],
    es: ROMANCE, it: ROMANCE, fr: ROMANCE, 'pt-BR': ROMANCE,
    ar: [[0, 0], [1, 1], [2, 2], [3, 3], [10, 3], [11, 4], [99, 4], [100, 5], [101, 5], [102, 5], [103, 3], [111, 4], [1000, 5]],
    'zh-CN': NONE_OTHER, 'zh-TW': NONE_OTHER, ja: NONE_OTHER, vi: NONE_OTHER, id: NONE_OTHER, ms: NONE_OTHER, th: NONE_OTHER,
  }
  // A message without a none form (en: "Clear one contact | Clear {count} contacts"): 0 takes the language's own form.
  const clearConfirm: Partial<Record<AppLocale, Array<[number, number]>>> = {
    en: [[0, 1], [1, 0], [2, 1]],
    fr: [[0, 0], [1, 0], [2, 2], [1000000, 1]],
    'pt-BR': [[0, 0], [1, 0], [2, 2], [1000000, 1]],
    es: [[0, 2], [1, 0], [2, 2], [1000000, 1]],
    hi: [[0, 0], [1, 0], [2, 1]],
    uk: [[0, 2], [1, 0], [2, 1], [5, 2], [21, 0], [1.5, 3]],
    pl: [[0, 2], [1, 0], [2, 1], [5, 2], [21, 2], [1.5, 3]],
    ar: [[0, 0], [1, 1], [2, 2], [3, 3], [11, 4], [100, 5]],
  }

  it.each(SUPPORTED_LOCALES)('%s: a count takes its language\'s plural form', async (locale) => {
    const i18n = await inLocale(locale)
    const check = (key: string, table: Array<[number, number]>) => {
      const forms = message(locale, key).split('|').map((f) => f.trim())
      for (const [count, index] of table) {
        expect(i18n.global.t(key, { count }, count), `${locale} ${key} ${count}`).toBe(forms[index]!.replace('{count}', String(count)))
      }
    }
    check('company.count', companyCount[locale])
    if (clearConfirm[locale]) check('contacts.clear_all.confirm', clearConfirm[locale])
  })

  it.each(SUPPORTED_LOCALES)('%s: where a form stands for more than one count, it says the count', async (locale) => {
    const i18n = await inLocale(locale)
    const plural = new Intl.PluralRules(locale)
    const keys = messages('en').filter(([, v]) => v.includes('|') && v.split('|').at(-1)!.includes('{count}'))
    expect(keys.length).toBeGreaterThan(10)
    for (const [key, english] of keys) {
      const none = english.split('|').length === 3
      for (const n of [...(none ? [] : [0]), 2, 3, 5, 11, 21, 22, 101, 1000000]) {
        if (plural.select(n) === 'two') continue // Arabic's dual says "two" without the number
        const count = new Intl.NumberFormat(locale).format(n)
        const text = i18n.global.t(key, { count, shown: '7', names: 'A, B', company: 'X', user: 'U' }, n)
        expect.soft(text, `${locale}: ${key} for ${n}`).toContain(count)
      }
    }
  })

  it.each(SUPPORTED_LOCALES)('%s loads from its own files: the app\'s words and the UI kit\'s (right to left for Arabic)', async (locale) => {
    const i18n = await inLocale(locale)
    expect(i18n.global.locale.value).toBe(locale)
    for (const [key, text] of messages(locale).filter(([, m]) => !/[{|]/.test(m))) expect(i18n.global.t(key), key).toBe(text)
    expect(uiLocales[locale]?.code).toBe(PORTAL_LANGUAGE[locale])
    expect(uiLocales[locale]?.dir).toBe(locale === 'ar' ? 'rtl' : 'ltr')
  })

  it('switching language loads the app\'s words and the UI kit\'s together; English is there from the start', async () => {
    const i18n = createAppI18n()
    expect(uiLocales.en?.code).toBe('en')
    await switchLocale(i18n, 'de')
    expect(i18n.global.locale.value).toBe('de')
    expect(i18n.global.t('company.count', { count: 2 }, 2)).toMatch(/2 Kontakte/)
    expect(uiLocales.de?.code).toBe('de')
    expect(uiLocales.de?.messages.modal.close).not.toBe(uiLocales.en?.messages.modal.close)
  })
})
