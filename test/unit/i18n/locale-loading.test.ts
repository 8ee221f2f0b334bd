import { describe, expect, it, vi } from 'vitest'
import { createAppI18n, localeDir, switchLocale, uiLocales } from '@/i18n'

// The kit's German words fail to load (a chunk lost in transit); the app's own German still arrives.
vi.mock('@bitrix24/b24ui-nuxt/runtime/locale/de.js', () => {
  throw new Error('chunk failed to load')
})

describe('loading a language', () => {
  it('keeps the app\'s words when the UI kit\'s fail to load: the kit speaks English, the app German', async () => {
    const i18n = createAppI18n()
    await switchLocale(i18n, 'de')
    expect(i18n.global.locale.value).toBe('de')
    expect(i18n.global.t('contacts.main_company')).toBe('Hauptunternehmen')
    expect(uiLocales.de).toBeUndefined()
  })

  it('writes Arabic right to left, as the kit\'s locale says, and before it has loaded', async () => {
    expect(localeDir('ar')).toBe('rtl')
    const i18n = createAppI18n()
    await switchLocale(i18n, 'ar')
    expect(uiLocales.ar?.dir).toBe('rtl')
    expect(localeDir('ar')).toBe('rtl')
    expect(localeDir('en')).toBe('ltr')
    expect(localeDir('de')).toBe('ltr')
  })
})
