import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import ru from '@/i18n/locales/ru.json'
import de from '@/i18n/locales/de.json'
import { createAppI18n, resolveLocale, switchLocale, uiLocales } from '@/i18n'

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

/** The locale files as written (imports of them are compiled to message functions at build time). */
function rawLocale(name: string): object {
  return JSON.parse(readFileSync(new URL(`../../../src/i18n/locales/${name}.json`, import.meta.url), 'utf8'))
}

describe('locales', () => {
  it.each(['ru', 'de'])('%s has exactly the keys of en', (name) => {
    expect(keys(rawLocale(name)).sort()).toEqual(keys(rawLocale('en')).sort())
  })

  it.each([
    ['ru', 'ru'], ['de', 'de'], ['en', 'en'], ['EN', 'en'], ['ua', 'en'], ['tc', 'en'], ['', 'en'], [null, 'en'],
  ])('resolves portal LANG %s to %s', (lang, expected) => {
    expect(resolveLocale(lang)).toBe(expected)
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
