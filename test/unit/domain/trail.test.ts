import { describe, expect, it } from 'vitest'
import { trailComment } from '@/domain/trail'
import type { ItemDetails } from '@/domain/types'

const person = (id: number, name: string, lastName = ''): ItemDetails =>
  ({ id, name, lastName, secondName: '', post: '', photoUrl: null, phones: [], emails: [] })

describe('trailComment', () => {
  it('names who cleared and lists every contact with its id', () => {
    const text = trailComment(
      [{ itemId: 5, sort: 10, isPrimary: true }, { itemId: 8, sort: 20, isPrimary: false }],
      new Map([[5, person(5, 'Olivia', 'Bennett')]]),
      { heading: 'Anna Lindqvist unlinked 2 contacts:', unnamed: (id) => `Contact #${id}` },
    )
    expect(text.split('\n')).toEqual(['Anna Lindqvist unlinked 2 contacts:', '[LIST]', '[*]Olivia Bennett (ID 5)', '[*]Contact #8 (ID 8)', '[/LIST]'])
  })

  it('keeps a name from acting as BB-code', () => {
    const text = trailComment([{ itemId: 1, sort: 10, isPrimary: true }], new Map([[1, person(1, '[URL=http://x.test]Click[/URL]')]]), { heading: 'h', unnamed: String })
    expect(text).not.toContain('[URL')
    expect(text).toContain('(URL=http://x.test)Click(/URL) (ID 1)')
  })
})

describe('trailComment with names that try to be more than names', () => {
  const one = (name: string, lastName = '') =>
    trailComment([{ itemId: 3, sort: 10, isPrimary: true }], new Map([[3, person(3, name, lastName)]]), { heading: 'h', unnamed: (id) => `Contact #${id}` })

  it.each([
    ['a URL tag', '[URL=http://x.test]Click[/URL]', '(URL=http://x.test)Click(/URL)'],
    ['a user mention', '[USER=1]Boss[/USER]', '(USER=1)Boss(/USER)'],
    ['a list item', 'Eve[*]Mallory', 'Eve(*)Mallory'],
    ['the end of the list', 'Eve[/LIST]after', 'Eve(/LIST)after'],
    ['a newline starting a tag', 'Eve\n[*]Mallory', 'Eve (*)Mallory'],
    ['line breaks of every kind', 'a\r\nb\u2028c\u2029d\u0085e', 'a b c d e'],
    ['tabs and other control characters', 'a\tb\u0000c\u001Fd\u007Fe', 'a b c d e'],
    ['an RLO left open', 'Eve\u202E', 'Eve'],
    ['a stray PDI', 'Eve\u2069', 'Eve'],
  ])('%s', (_, name, shown) => {
    const lines = one(name).split('\n')
    expect(lines).toEqual(['h', '[LIST]', `[*]${shown} (ID 3)`, '[/LIST]'])
  })

  it('names a contact whose name nobody can see by its id', () => {
    expect(one('\u200B\u00AD', '\u202E').split('\n')[2]).toBe('[*]Contact #3 (ID 3)')
  })

  it('escapes the heading (the user name in it is user input too)', () => {
    const text = trailComment([], new Map(), { heading: '[B]Eve\n[/LIST][URL=http://x.test]x[/URL] unlinked 0 contacts:', unnamed: String })
    expect(text.split('\n')).toEqual(['(B)Eve (/LIST)(URL=http://x.test)x(/URL) unlinked 0 contacts:', '[LIST]', '[/LIST]'])
  })

  it('keeps real names in any script', () => {
    expect(one('Анна', 'Иванова')).toContain('[*]Анна Иванова (ID 3)')
    expect(one('👩\u200D💻', 'محمد')).toContain('[*]👩\u200D💻 محمد (ID 3)')
  })
})
