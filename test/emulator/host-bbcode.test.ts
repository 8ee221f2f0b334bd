/**
 * The History tab's reading of a timeline comment's BB-code
 * (emulator/host/bbcode.ts): the app's trail, the styles, and whatever is not
 * well-formed staying text.
 */
import { describe, expect, it } from 'vitest'
import { parseBbCode, type BbNode } from '@emulator/host/bbcode'

const text = (t: string): BbNode => ({ type: 'text', text: t })

describe('parseBbCode', () => {
  it('reads the app\'s trail: a heading, then one list item a contact, names kept as they are', () => {
    const comment = [
      'Anna Lindqvist unlinked 3 contacts from this company with Company Contacts:',
      '[LIST]', '[*]Ada Quill (ID 14)', '[*]<img src=x onerror=alert(1)> (ID 7)', '[*]Contact #8 (ID 8)', '[/LIST]',
      'Reference: CC-4F1A',
    ].join('\n')
    expect(parseBbCode(comment)).toEqual([
      text('Anna Lindqvist unlinked 3 contacts from this company with Company Contacts:'),
      { type: 'list', items: [[text('Ada Quill (ID 14)')], [text('<img src=x onerror=alert(1)> (ID 7)')], [text('Contact #8 (ID 8)')]] },
      text('Reference: CC-4F1A'),
    ])
  })

  it('reads bold, italic, underline and strike-through, nested, in any case, also inside list items', () => {
    expect(parseBbCode('[B]Done[/B]: [i]a [U]b[/U][/I] [s]c[/s]')).toEqual([
      { type: 'b', children: [text('Done')] }, text(': '),
      { type: 'i', children: [text('a '), { type: 'u', children: [text('b')] }] }, text(' '),
      { type: 's', children: [text('c')] },
    ])
    expect(parseBbCode('[list][*][b]Ada[/b] Quill\n[/list]')).toEqual([
      { type: 'list', items: [[{ type: 'b', children: [text('Ada')] }, text(' Quill')]] },
    ])
  })

  it('keeps as text what is not well-formed: unclosed, stray or misnested tags, [*] outside a list, other tags', () => {
    expect(parseBbCode('[B]open')).toEqual([text('[B]open')])
    expect(parseBbCode('a[/B]b')).toEqual([text('a[/B]b')])
    expect(parseBbCode('[*]stray')).toEqual([text('[*]stray')])
    expect(parseBbCode('[LIST][*]a[*]b')).toEqual([text('[LIST][*]a[*]b')])
    expect(parseBbCode('[URL=https://example.test]x[/URL] [IMG]y[/IMG]')).toEqual([text('[URL=https://example.test]x[/URL] [IMG]y[/IMG]')])
    expect(parseBbCode('[B]a[I]b[/B]c[/I]')).toEqual([text('[B]a'), { type: 'i', children: [text('b[/B]c')] }])
    expect(parseBbCode('')).toEqual([])
  })

  it('keeps line breaks in text, but not the ones that only set a list on its own lines', () => {
    expect(parseBbCode('one\ntwo\n\n[LIST]\n[*]x\n[/LIST]\nthree')).toEqual([
      text('one\ntwo\n'), { type: 'list', items: [[text('x')]] }, text('three'),
    ])
  })
})
