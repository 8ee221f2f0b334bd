import type { ItemDetails, Link } from './types'
import { contactFullName } from './contact-name'
import { balancedBidi } from './bidi'

export interface TrailWords {
  /** "Anna Lindqvist unlinked 12 contacts from this company with Company Contacts:" */
  heading: string
  /** "Contact #{id}" for a contact without a readable name */
  unnamed: (id: number) => string
}

/**
 * The timeline comment left after a clear: who cleared, and every unlinked
 * contact with its ID, so anyone can restore the links by hand later.
 * BB-code is allowed in timeline comments (docs/bitrix24.md, Timeline); names are user input, so
 * every line, the heading with its user name included, goes through safe().
 */
export function trailComment(links: readonly Link[], details: ReadonlyMap<number, ItemDetails>, words: TrailWords): string {
  const lines = links.map((l) => {
    const name = contactFullName(details.get(l.itemId) ?? null)
    return `${safe(name || words.unnamed(l.itemId))} (ID ${l.itemId})`
  })
  return [safe(words.heading), '[LIST]', ...lines.map((line) => `[*]${line}`), '[/LIST]'].join('\n')
}

/**
 * One line of plain text inside BB-code: square brackets (the only thing that
 * opens a tag) become parentheses; line breaks and other control characters
 * become a space, so a name cannot end its [*] item or start another; bidi
 * controls left open are dropped, so a name cannot reverse the "(ID n)" after it.
 */
function safe(text: string): string {
  return balancedBidi(text.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')).replace(/\[/g, '(').replace(/\]/g, ')')
}
