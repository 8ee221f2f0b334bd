import { describe, expect, it } from 'vitest'
import type { ItemDetails } from '@/domain/types'
import { foldText, matches, parseQuery, phoneDigits, searchKey } from '@/domain/contact-search'

function contact(over: Partial<ItemDetails>): ItemDetails {
  return { id: 1, name: '', lastName: '', secondName: '', post: '', photoUrl: null, phones: [], emails: [], ...over }
}

const find = (details: ItemDetails | null, query: string, fallback = 'Contact #1') => matches(searchKey(details, fallback), parseQuery(query))

describe('contact search', () => {
  it.each([
    ['case', contact({ name: 'Ada', lastName: 'Quill' }), 'ada quill'],
    ['accents (query without)', contact({ name: 'Zoë', lastName: 'Müller-Lüdenscheidt' }), 'zoe muller'],
    ['accents (name without)', contact({ name: 'Rene', lastName: 'Dupont' }), 'René'],
    ['Cyrillic, any case, ё as е', contact({ name: 'Фёдор', lastName: 'Соколов' }), 'федор СОКОЛОВ'],
    ['Greek with tonos and final sigma', contact({ name: 'Νίκος', lastName: 'Παπαδόπουλος' }), 'νικοσ παπαδοπουλος'],
    ['CJK', contact({ name: '伟', lastName: '王' }), '王'],
    ['Japanese full-width letters', contact({ post: 'ＣＥＯ' }), 'ceo'],
    ['Arabic without its vowel marks', contact({ name: 'مُحَمَّد' }), 'محمد'],
    ['German ß as ss', contact({ lastName: 'Strauß' }), 'strauss'],
    ['the position', contact({ name: 'Ada', post: 'Head of Procurement' }), 'procure'],
    ['an e-mail', contact({ name: 'Ada', emails: ['ada.quill@example.test'] }), 'quill@example'],
    ['words in any order, each somewhere', contact({ name: 'Ada', lastName: 'Quill', post: 'Buyer' }), 'buyer ada'],
    ['phone digits whatever the spaces and dashes', contact({ phones: ['+49 (30) 1234-567'] }), '301234567'],
    ['phone typed with other punctuation', contact({ phones: ['+49 30 1234567'] }), '30-12 34.567'],
    ['the fallback name of a contact the user may not read', null, 'contact #1'],
    ['an empty query', contact({ name: 'Ada' }), '   '],
  ])('finds by %s', (_, details, query) => {
    expect(find(details, query)).toBe(true)
  })

  it.each([
    ['a word that is not there', contact({ name: 'Ada', lastName: 'Quill' }), 'ada smith'],
    ['digits of another phone', contact({ phones: ['+49 30 1234567'] }), '999'],
    ['digits against a name', contact({ name: 'Agent 007' }), '008'],
  ])('does not find %s', (_, details, query) => {
    expect(find(details, query)).toBe(false)
  })

  it('folds and reads digits', () => {
    expect(foldText('Ǆemal Érdős')).toBe('dzemal erdos')
    expect(phoneDigits('+7 (495) 123-45-67')).toBe('74951234567')
    expect(parseQuery('+7 495').digits).toBe('7495')
    expect(parseQuery('Ada 7').digits).toBeNull()
  })
})
