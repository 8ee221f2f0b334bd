import type { ContactDetails, CompanyContactLink } from '@/b24/crm'
import { contactFullName } from './contact-name'

export interface TrailWords {
  /** "Anna Lindqvist unlinked 12 contacts from this company with Company Contacts:" */
  heading: string
  /** "Contact #{id}" for a contact without a readable name */
  unnamed: (id: number) => string
}

/**
 * The timeline comment left after a clear: who cleared, and every unlinked
 * contact with its ID, so anyone can restore the links by hand later.
 * BB-code is allowed in timeline comments (notes §5); names are user input, so
 * square brackets are neutralised to keep them from acting as BB-code.
 */
export function trailComment(links: readonly CompanyContactLink[], details: ReadonlyMap<number, ContactDetails>, words: TrailWords): string {
  const lines = links.map((l) => {
    const name = contactFullName(details.get(l.contactId) ?? null)
    return `${safe(name || words.unnamed(l.contactId))} (ID ${l.contactId})`
  })
  return [words.heading, '[LIST]', ...lines.map((line) => `[*]${line}`), '[/LIST]'].join('\n')
}

function safe(text: string): string {
  return text.replace(/\[/g, '(').replace(/\]/g, ')')
}
