import { describe, expect, it } from 'vitest'
import { contactFullName, contactInitials, hasVisibleText, visibleText } from '@/domain/contact-name'
import type { ItemDetails } from '@/domain/types'

const person = (name: string, lastName = '', secondName = ''): ItemDetails =>
  ({ id: 1, name, lastName, secondName, post: '', photoUrl: null, phones: [], emails: [] })

const TAGS = String.fromCodePoint(0xE0001, 0xE0041, 0xE007F)

describe('names that show nothing count as no name', () => {
  it.each([
    ['empty', ''],
    ['spaces', '   '],
    ['ZWSP only', '\u200B'],
    ['ZWSP run', '\u200B\u200B\u200B'],
    ['mixed invisible', '\u200B\u200C\u200D\u2060\uFEFF'],
    ['soft hyphen only', '\u00AD'],
    ['RLO only', '\u202E'],
    ['bidi controls', '\u200E\u200F\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069\u061C'],
    ['Mongolian vowel separator', '\u180E'],
    ['Hangul fillers', '\u115F\u1160\u3164\uFFA0'],
    ['variation selectors', '\uFE0F\u{E0100}'],
    ['tags block', TAGS],
    ['whitespace of every kind', '\t\n\r\u00A0\u1680\u2000\u2003\u200A\u2028\u2029\u202F\u205F\u3000\u0085'],
    ['blank Braille pattern', '\u2800'],
    ['everything at once', ` \u200B\u00AD\u202E\u3164\uFE0F${TAGS}\u3000 `],
  ])('%s', (_, invisible) => {
    expect(hasVisibleText(invisible)).toBe(false)
    expect(visibleText(invisible)).toBe('')
    expect(contactFullName(person(invisible, invisible, invisible))).toBe('')
    expect(contactInitials(person(invisible, invisible))).toBe('#')
  })
})

describe('real names stay as they are', () => {
  it.each([
    ['Latin', 'Olivia', 'Bennett', 'Olivia Bennett', 'OB'],
    ['Cyrillic', 'Анна', 'Иванова', 'Анна Иванова', 'АИ'],
    ['Arabic', 'محمد', 'العلي', 'محمد العلي', 'ما'],
    ['Hebrew', 'דוד', 'כהן', 'דוד כהן', 'דכ'],
    ['CJK', '明', '王', '明 王', '明王'],
    ['Korean', '민준', '김', '민준 김', '민김'],
    ['emoji with ZWJ', '👩\u200D💻', 'Dev', '👩\u200D💻 Dev', '👩\u200D💻D'],
    ['emoji with variation selector', '❤\uFE0F', 'Love', '❤\uFE0F Love', '❤\uFE0FL'],
    ['Persian with ZWNJ', 'می\u200Cخواهم', 'رضایی', 'می\u200Cخواهم رضایی', 'مر'],
    ['flag', '🇸🇪', 'Lind', '🇸🇪 Lind', '🇸🇪L'],
    ['combining accent', 'E\u0301mile', 'Zola', 'E\u0301mile Zola', 'E\u0301Z'],
  ])('%s', (_, name, lastName, full, initials) => {
    expect(contactFullName(person(name, lastName))).toBe(full)
    expect(contactInitials(person(name, lastName))).toBe(initials)
  })

  it('drops only the parts nobody can see, and trims the edges', () => {
    expect(contactFullName(person('  Anna ', '\u200B', '\u00AD'))).toBe('Anna')
    expect(contactFullName(person('Anna', 'Lind', '\u3164'))).toBe('Anna Lind')
    expect(contactInitials(person('\u200B', 'Lind'))).toBe('L')
  })

  it('takes no invisible character as an initial', () => {
    expect(contactInitials(person('\u200B\u202Eanna', '\u00ADlind'))).toBe('AL')
    expect(contactInitials(person('\uFEFF\u2066bo', ''))).toBe('B')
  })

  it('keeps invisible characters that sit between visible ones', () => {
    expect(visibleText('\u202Eevil\u202C')).toBe('\u202Eevil\u202C')
    expect(visibleText(' a\u200Bb ')).toBe('a\u200Bb')
  })

  it('has no name and no initials without details', () => {
    expect(contactFullName(null)).toBe('')
    expect(contactInitials(null)).toBe('#')
  })
})
