import { describe, expect, it, vi } from 'vitest'
import { createAppI18n, switchLocale, uiLocales } from '@/i18n'

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
})
