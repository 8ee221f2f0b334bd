import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { baseCompile } from '@intlify/message-compiler'
import { PLURAL_CATEGORIES, SUPPORTED_LOCALES, type AppLocale } from '@/i18n'

/** A locale file as written, its messages flattened in file order ("contacts.csv.id"). */
function read(locale: AppLocale): { text: string, messages: Array<[key: string, message: string]> } {
  const text = readFileSync(new URL(`../../../src/i18n/locales/${locale}.json`, import.meta.url), 'utf8')
  const flat = (obj: object, prefix = ''): Array<[string, string]> =>
    Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? flat(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v as string]]))
  return { text, messages: flat(JSON.parse(text)) }
}

const en = new Map(read('en').messages)
const OTHERS = SUPPORTED_LOCALES.filter((l) => l !== 'en')
const forms = (message: string) => message.split('|').map((f) => f.trim())
const placeholders = (message: string) => [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort()
/** en.json starts this message with a "none" form (n = 0) when it has one form more than English's categories. */
const hasNone = (key: string) => forms(en.get(key)!).length === PLURAL_CATEGORIES.en.length + 1
const CATEGORY_ORDER: Intl.LDMLPluralRule[] = ['zero', 'one', 'two', 'few', 'many', 'other']

/** How many forms a message needs in `locale`: one per plural category, plus the none form (Arabic's zero form is it). */
function formsNeeded(locale: AppLocale, key: string): number {
  if (!en.get(key)!.includes('|')) return 1
  const categories = PLURAL_CATEGORIES[locale]
  return categories.length + (hasNone(key) && !categories.includes('zero') ? 1 : 0)
}

/**
 * Messages a locale words the same for every count, in one form (the test
 * holds every other plural message to its language's forms).
 */
const COUNT_INVARIANT: Partial<Record<AppLocale, string[]>> = {
  ru: ['contacts.clear_all.confirm', 'contacts.trail.heading'],
}

/** What may stay as in English: names and codes, not words. */
const UNTRANSLATED = /\b(Bitrix24|CRM|CSV|HTTPS|API|ID|E-mails?)\b|#/gi
/**
 * Messages equal to English on purpose, per locale (the language's own word
 * is the English one).
 */
const SAME_AS_ENGLISH: Partial<Record<AppLocale, string[]>> = {
  // Bitrix24's German, Italian and Brazilian CRM call deals and leads by their English names
  de: ['contacts.csv.name', 'contacts.csv.position', 'cards.name.deal', 'cards.name.lead'],
  es: ['contacts.csv.no'],
  it: ['contacts.csv.no', 'cards.kind.deal', 'cards.kind.lead'],
  fr: ['contacts.no_name', 'contacts.csv.file_name', 'install.tab_title', 'cards.name.contact'],
  'pt-BR': ['cards.name.lead'],
}
/** Latin letters left in a language written in another script are English left over, except for these. */
const NON_LATIN: AppLocale[] = ['ru', 'uk', 'kk', 'zh-CN', 'zh-TW', 'ja', 'th', 'ar', 'hi']
const LATIN_ALLOWED: Partial<Record<AppLocale, string[]>> = {
  // "kontakty-acme.csv": Russian chose a Latin file name for the CSV.
  ru: ['contacts.csv.file_name'],
}
/** English words that no other language here uses. */
const ENGLISH_WORDS = /\b(the|and|you|your|with|from|this|that|linked|unlink(ed)?|please|cannot|could|should|again|contacts? (is|are|was|were))\b/i

describe('locale files', () => {
  it('the plural categories of every locale are its language\'s, in the order zero, one, two, few, many, other', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const engine = new Intl.PluralRules(locale).resolvedOptions().pluralCategories
      expect(PLURAL_CATEGORIES[locale], locale).toEqual(CATEGORY_ORDER.filter((c) => engine.includes(c)))
    }
  })

  it.each(SUPPORTED_LOCALES)('%s is written as en.json is: two-space JSON, one key per line, a newline at the end', (locale) => {
    const { text } = read(locale)
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`)
  })

  it.each(OTHERS)('%s has exactly the keys of en.json, in the same order and nesting', (locale) => {
    expect(read(locale).messages.map(([key]) => key)).toEqual([...en.keys()])
  })

  it.each(SUPPORTED_LOCALES)('%s: every message compiles, and has the placeholders of its English message', (locale) => {
    for (const [key, message] of read(locale).messages) {
      const errors: string[] = []
      baseCompile(message, { onError: (e) => errors.push(e.message) })
      expect(errors, `${locale}: ${key}`).toEqual([])
      // vue-i18n's special characters only as syntax: a placeholder, the plural bar.
      expect(message.replace(/\{\w+\}/g, '').replace(/ \| /g, ''), `${locale}: ${key}`).not.toMatch(/[{}@$|]/)
      expect(placeholders(message), `${locale}: ${key}`).toEqual(placeholders(en.get(key)!))
    }
  })

  it.each(SUPPORTED_LOCALES)('%s: every plural message has one form per plural category of the language (and the none form where en.json has it)', (locale) => {
    for (const [key, message] of read(locale).messages) {
      const needed = COUNT_INVARIANT[locale]?.includes(key) ? 1 : formsNeeded(locale, key)
      expect(forms(message), `${locale}: ${key}`).toHaveLength(needed)
      expect(forms(message).every((f) => f !== ''), `${locale}: ${key} has an empty form`).toBe(true)
    }
  })

  it('needs the forms the languages have: Arabic six, Russian five with none, Japanese two with none and one without', () => {
    expect(formsNeeded('ar', 'company.count')).toBe(6)
    expect(formsNeeded('ar', 'contacts.clear_all.confirm')).toBe(6)
    expect(formsNeeded('ru', 'company.count')).toBe(5)
    expect(formsNeeded('ru', 'contacts.clear_all.confirm')).toBe(4)
    expect(formsNeeded('fr', 'company.count')).toBe(4)
    expect(formsNeeded('ja', 'company.count')).toBe(2)
    expect(formsNeeded('ja', 'contacts.clear_all.confirm')).toBe(1)
    expect(formsNeeded('de', 'company.count')).toBe(3)
    expect(formsNeeded('de', 'app.title')).toBe(1)
  })

  it.each(OTHERS)('%s leaves nothing in English by mistake', (locale) => {
    for (const [key, message] of read(locale).messages) {
      const english = en.get(key)!
      const words = (s: string) => s.replace(/\{\w+\}/g, '').replace(UNTRANSLATED, '')
      if (message === english && /\p{L}/u.test(words(english))) {
        expect.soft(SAME_AS_ENGLISH[locale] ?? [], `${locale}: ${key} is the English text`).toContain(key)
      }
      for (const form of forms(message)) {
        expect.soft(words(form), `${locale}: ${key}`).not.toMatch(ENGLISH_WORDS)
        if (NON_LATIN.includes(locale) && !LATIN_ALLOWED[locale]?.includes(key)) {
          expect.soft(words(form), `${locale}: ${key} has Latin letters`).not.toMatch(/[a-z]/i)
        }
      }
    }
  })

  it('allows English only where it is listed, and the lists name real keys', () => {
    for (const lists of [SAME_AS_ENGLISH, LATIN_ALLOWED, COUNT_INVARIANT]) {
      for (const [locale, keys] of Object.entries(lists)) {
        const messages = new Map(read(locale as AppLocale).messages)
        for (const key of keys) expect(messages.has(key), `${locale}: ${key}`).toBe(true)
      }
    }
    for (const [locale, keys] of Object.entries(SAME_AS_ENGLISH)) {
      const messages = new Map(read(locale as AppLocale).messages)
      for (const key of keys) expect(messages.get(key), `${locale}: ${key} is no longer the English text`).toBe(en.get(key))
    }
  })
})
