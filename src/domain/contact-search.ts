import type { ItemDetails } from './types'
import { contactFullName } from './contact-name'

/**
 * Finding contacts on the client, at any size: each row gets a search key
 * once (folded text of its name, position, phones and e-mails, and the digits
 * of its phones); a query is folded the same way and every one of its words
 * must occur in the key. 5,000 keys are a few hundred KB of strings and a
 * filter is one `includes` per word and row.
 */

/** Letters and digits folded for matching: no case, no accents (é, ё, Arabic vowel marks), compatibility forms (ﬁ, full-width). */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ς/g, 'σ')
    .replace(/ß/g, 'ss')
}

/** The digits of a phone number as people type it, whatever its spaces, dashes, dots or brackets. */
export function phoneDigits(text: string): string {
  return text.normalize('NFKD').replace(/\D+/g, '')
}

export interface SearchKey {
  /** folded name, position and e-mails, one space between */
  text: string
  /** each phone's digits, space-separated */
  digits: string
}

export function searchKey(details: ItemDetails | null, fallbackName: string): SearchKey {
  if (!details) return { text: foldText(fallbackName), digits: '' }
  const parts = [contactFullName(details) || fallbackName, details.post, ...details.phones, ...details.emails]
  return { text: foldText(parts.join(' ')), digits: details.phones.map(phoneDigits).join(' ') }
}

export interface Query {
  /** folded words, each must occur */
  words: string[]
  /** a query that looks like a phone number ("+49 30 1234-56"): its digits, matched against the phones' digits */
  digits: string | null
}

const PHONE_LIKE = /^[\d\s+()\-./]+$/

/** A query's words, split on spaces; a query made of digits and phone punctuation also matches as one number. */
export function parseQuery(query: string): Query {
  const digits = PHONE_LIKE.test(query.trim()) ? phoneDigits(query) : ''
  return { words: foldText(query).split(/\s+/).filter(Boolean), digits: digits.length > 0 ? digits : null }
}

/** An empty query matches every row. */
export function matches(key: SearchKey, q: Query): boolean {
  if (q.digits !== null && key.digits.includes(q.digits)) return true
  return q.words.every((word) => key.text.includes(word))
}
