/**
 * The Market listing's texts (listing/<locale>.json) and the pieces of
 * scripts/listing.ts that need no browser: every portal language has every
 * text, in the app's own words, nothing left in English, the short one within
 * its limit; what the package writes from them; the PNG reader the deploy
 * test checks the icon and screenshots with.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { deflateSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { PORTAL_LANGUAGE, SUPPORTED_LOCALES, type AppLocale } from '@/i18n'
import {
  appMessages, charCount, ICON_SOURCE, LISTING_LOCALES, LISTING_SOURCE_DIR, listingProblems, listingReadme, listingSource,
  listingText, screenshotPaths, SHORT_MAX, textFiles,
} from '../../../scripts/listing'
import { decodePng, pixel, pngHeader } from '../../../scripts/png'

const OTHERS = LISTING_LOCALES.filter((l) => l !== 'en')
const english = new Map(listingSource('en'))

/** Names and codes that stay as they are in every language (Bitrix24 is written Битрикс24/Бітрікс24 where the app's own files do). */
const UNTRANSLATED = /\b(Bitrix24|CRM|CSV|e-mail)\b/gi
/** English words that no other language here uses (as test/unit/i18n/translations.test.ts has them, and a few of the listing's). */
const ENGLISH_WORDS = /\b(the|and|you|your|with|from|this|that|linked|unlink(ed)?|please|cannot|could|should|again|every|only|while|contacts? (is|are|was|were))\b/i
/** Languages written in another script than Latin: a Latin letter there is English left over. */
const NON_LATIN: AppLocale[] = ['ru', 'uk', 'kk', 'zh-CN', 'zh-TW', 'ja', 'th', 'ar', 'hi']

describe('the listing texts (listing/<locale>.json)', () => {
  it('cover every portal language, by the app\'s locale tags', () => {
    expect(LISTING_LOCALES).toEqual(SUPPORTED_LOCALES)
    expect(LISTING_LOCALES).toHaveLength(20)
  })

  it.each(LISTING_LOCALES)('%s is written as en.json is: two-space JSON, one key per line, a newline at the end', (locale) => {
    const text = readFileSync(join(LISTING_SOURCE_DIR, `${locale}.json`), 'utf8')
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`)
    expect(text.split('\n').length).toBe(english.size + 3)
  })

  it('English has the short text, the full one in paragraphs and the installation text', () => {
    expect([...english.keys()][0]).toBe('short')
    expect([...english.keys()].at(-1)).toBe('install')
    expect([...english.keys()].filter((k) => k.startsWith('long_')).length).toBeGreaterThanOrEqual(5)
  })

  it.each(OTHERS)('%s has exactly the keys of en.json, in the same order', (locale) => {
    expect(listingSource(locale).map(([key]) => key)).toEqual([...english.keys()])
  })

  it.each(LISTING_LOCALES)(`%s: every text is there, one line each, the short one within ${SHORT_MAX} characters`, (locale) => {
    expect(listingProblems(locale)).toEqual([])
    const text = listingText(locale)
    expect(charCount(text.short)).toBeLessThanOrEqual(SHORT_MAX)
    // a sentence at least (a CJK sentence is short)
    expect(charCount(text.short)).toBeGreaterThan(15)
    for (const paragraph of text.long) expect(charCount(paragraph)).toBeGreaterThan(25)
  })

  it.each(LISTING_LOCALES)('%s speaks of the app in its own words (the locale file\'s name, buttons, tab and settings)', (locale) => {
    const m = appMessages(locale)
    const text = listingText(locale)
    const long = text.long.join('\n')
    expect(text.name).toBe(m.app.title)
    expect(long).toContain(m.app.title)
    expect(long).toContain(m.contacts.clear_all.button)
    expect(long).toContain(m.contacts.undo.button)
    expect(text.install).toContain(m.install.tab_title)
    expect(text.install).toContain(m.settings.title)
    // The Market's advice: the short description complements the name, it does not repeat it.
    expect(text.short.toLowerCase()).not.toContain(m.app.title.toLowerCase())
  })

  it.each(OTHERS)('%s leaves nothing in English by mistake', (locale) => {
    for (const [key, value] of listingSource(locale)) {
      expect.soft(value, `${locale}: ${key} is the English text`).not.toBe(english.get(key))
      const words = value.replace(UNTRANSLATED, '')
      expect.soft(words, `${locale}: ${key}`).not.toMatch(ENGLISH_WORDS)
      if (NON_LATIN.includes(locale)) expect.soft(words, `${locale}: ${key} has Latin letters`).not.toMatch(/[a-z]/i)
    }
  })

  it('the English check catches English', () => {
    expect('Nothing is unlinked without a confirmation'.replace(UNTRANSLATED, '')).toMatch(ENGLISH_WORDS)
    expect('Отвязать все contacts'.replace(UNTRANSLATED, '')).toMatch(/[a-z]/i)
    expect('Битрикс24, CRM, CSV и e-mail'.replace(UNTRANSLATED, '')).not.toMatch(/[a-z]/i)
  })
})

describe('the listing checks, on texts that are wrong', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('name a short text over the limit, an empty or broken one, a missing key', () => {
    dir = mkdtempSync(join(tmpdir(), 'listing-'))
    const good = Object.fromEntries(listingSource('de'))
    writeFileSync(join(dir, 'de.json'), JSON.stringify({ ...good, short: 'x'.repeat(SHORT_MAX + 1), long_tab: ' ', install: 'a\nb' }))
    expect(listingProblems('de', dir)).toEqual([
      'de: install has a line break or spaces around it',
      'de: long paragraph 1 is empty',
      'de: long paragraph 1 has a line break or spaces around it',
      `de: the short description has ${SHORT_MAX + 1} characters, over ${SHORT_MAX}`,
    ])
    const { install: _, ...noInstall } = good
    writeFileSync(join(dir, 'de.json'), JSON.stringify(noInstall))
    expect(() => listingText('de', dir)).toThrow('listing/de.json has no "install"')
  })

  it('count characters as a person does: an emoji or a CJK character is one', () => {
    expect(charCount('Контакты')).toBe(8)
    expect(charCount('公司联系人')).toBe(5)
    expect(charCount('👍a')).toBe(2)
  })
})

describe('what the package writes from them', () => {
  it('one folder per language: the name, the short text, the full one in paragraphs, the installation text', () => {
    const files = textFiles('de')
    expect([...files.keys()]).toEqual(['name.txt', 'short.txt', 'long.txt', 'install.txt'])
    expect(files.get('name.txt')).toBe('Unternehmenskontakte\n')
    const long = files.get('long.txt')!
    expect(long.endsWith('.\n')).toBe(true)
    expect(long.split('\n\n')).toHaveLength(listingText('de').long.length)
    expect(long.split('\n\n')[0]).toBe(Object.fromEntries(listingSource('de')).long_tab)
  })

  it('README.txt names every folder with its Bitrix24 LANG code, and the screenshots', () => {
    const readme = listingReadme()
    for (const locale of LISTING_LOCALES) expect(readme).toMatch(new RegExp(`^  ${locale.replace('-', '\\-')} +${PORTAL_LANGUAGE[locale]} +\\S`, 'm'))
    expect(readme).toContain('1280 x 720')
    expect(screenshotPaths()).toEqual([
      'screenshots/en/tab.png', 'screenshots/en/confirm.png', 'screenshots/en/settings.png',
      'screenshots/ru/tab.png', 'screenshots/ru/confirm.png', 'screenshots/ru/settings.png',
      'screenshots/de/tab.png', 'screenshots/de/confirm.png', 'screenshots/de/settings.png',
    ])
  })

  it('the icon\'s vector is a square that fills its whole area (the Market takes no transparent background)', () => {
    const svg = readFileSync(ICON_SOURCE, 'utf8')
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 512 512"/)
    expect(svg).toMatch(/<rect width="512" height="512" fill="[^"]+"\/>/)
    expect(svg).not.toMatch(/<(script|image|foreignObject)\b|href=|opacity="0"/)
  })
})

/** A PNG file of `width` × `height` from RGB(A) rows, each with filter `filter`. */
function makePng(width: number, height: number, channels: 3 | 4, pixelAt: (x: number, y: number) => number[], filter = 0): Buffer {
  const rows: number[] = []
  for (let y = 0; y < height; y++) {
    rows.push(filter)
    const line = Array.from({ length: width }, (_, x) => pixelAt(x, y)).flat()
    const prev = y > 0 ? Array.from({ length: width }, (_, x) => pixelAt(x, y - 1)).flat() : line.map(() => 0)
    // filter 2 (up): each byte minus the byte above
    rows.push(...line.map((v, i) => (filter === 2 ? (v - prev[i]! + 256) & 0xff : v)))
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    return Buffer.concat([len, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]) // CRC not checked here
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8
  ihdr[9] = channels === 4 ? 6 : 2
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))])
}

describe('the PNG reader', () => {
  it('reads the header of a real screenshot', () => {
    const header = pngHeader(readFileSync('docs/screenshots/narrow.png'))
    expect(header.width).toBe(360)
    expect(header.height).toBeGreaterThan(100)
  })

  it('refuses what is not a PNG', () => {
    expect(() => pngHeader(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/> and some more bytes'))).toThrow('not a PNG')
  })

  it('decodes RGB and RGBA rows, filtered or not, to the pixels written', () => {
    const at = (x: number, y: number) => [x * 40, y * 50, 200, 255 - x]
    for (const [channels, filter] of [[3, 0], [4, 0], [3, 2], [4, 2]] as const) {
      const png = decodePng(makePng(5, 4, channels, (x, y) => at(x, y).slice(0, channels), filter))
      expect([png.width, png.height]).toEqual([5, 4])
      expect(pixel(png, 0, 0)).toEqual([0, 0, 200, 255])
      expect(pixel(png, 4, 3)).toEqual([160, 150, 200, channels === 4 ? 251 : 255])
    }
  })
})
