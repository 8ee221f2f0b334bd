import { describe, expect, it } from 'vitest'
import { balancedBidi, isolate } from '@/domain/bidi'

const FSI = '\u2068'
const PDI = '\u2069'

describe('isolate', () => {
  it.each([
    ['plain text', 'Acme Ltd', 'Acme Ltd'],
    ['an Arabic name', 'شركة النور', 'شركة النور'],
    ['empty', '', ''],
    ['an RLO left open', 'evil\u202Etxt.exe', 'eviltxt.exe'],
    ['an RLE left open', '\u202Bab', 'ab'],
    ['a stray PDF', 'ab\u202C', 'ab'],
    ['a stray PDI that would close our isolate early', 'a\u2069b', 'ab'],
    ['an isolate left open', '\u2067ab', 'ab'],
    ['an RLO closed by its PDF', 'a\u202Eb\u202Cc', 'a\u202Eb\u202Cc'],
    ['an RLI closed by its PDI', 'a\u2067b\u2069c', 'a\u2067b\u2069c'],
    ['nested pairs', '\u2066\u202Ab\u202C\u2069', '\u2066\u202Ab\u202C\u2069'],
    ['an embedding left open inside a closed isolate', '\u2066\u202Eb\u2069', '\u2066b\u2069'],
    ['a PDF that would cross an isolate', '\u202E\u2066b\u202C\u2069', '\u2066b\u2069'],
    ['marks that need no closing', 'a\u200Fb\u200E', 'a\u200Fb\u200E'],
    ['a paragraph break', 'a\nb\u2029c', 'a b c'],
  ])('%s', (_, text, inside) => {
    expect(isolate(text)).toBe(`${FSI}${inside}${PDI}`)
  })

  it('leaves balanced text as it is', () => {
    expect(balancedBidi('a\u202Eb\u202Cc')).toBe('a\u202Eb\u202Cc')
    expect(balancedBidi('\u202E')).toBe('')
  })

  it('keeps characters outside the BMP whole', () => {
    expect(isolate('\u202E👩\u200D💻')).toBe(`${FSI}👩\u200D💻${PDI}`)
  })
})
