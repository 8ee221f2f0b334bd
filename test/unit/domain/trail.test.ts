import { describe, expect, it } from 'vitest'
import { trailComment } from '@/domain/trail'
import type { ContactDetails } from '@/b24/crm'

const person = (id: number, name: string, lastName = ''): ContactDetails =>
  ({ id, name, lastName, secondName: '', post: '', photoUrl: null, phones: [], emails: [] })

describe('trailComment', () => {
  it('names who cleared and lists every contact with its id', () => {
    const text = trailComment(
      [{ contactId: 5, sort: 10, isPrimary: true }, { contactId: 8, sort: 20, isPrimary: false }],
      new Map([[5, person(5, 'Olivia', 'Bennett')]]),
      { heading: 'Anna Lindqvist unlinked 2 contacts:', unnamed: (id) => `Contact #${id}` },
    )
    expect(text.split('\n')).toEqual(['Anna Lindqvist unlinked 2 contacts:', '[LIST]', '[*]Olivia Bennett (ID 5)', '[*]Contact #8 (ID 8)', '[/LIST]'])
  })

  it('keeps a name from acting as BB-code', () => {
    const text = trailComment([{ contactId: 1, sort: 10, isPrimary: true }], new Map([[1, person(1, '[URL=http://x.test]Click[/URL]')]]), { heading: 'h', unnamed: String })
    expect(text).not.toContain('[URL')
    expect(text).toContain('(URL=http://x.test)Click(/URL) (ID 1)')
  })
})
