import type { ContactDetails } from '@/b24/crm'

/**
 * Characters that draw nothing: whitespace of every kind, control characters,
 * and Unicode's default-ignorable code points (zero-width space and joiners,
 * word joiner, BOM, soft hyphen, Mongolian vowel separator, bidi controls,
 * Hangul fillers, variation selectors, the tags block), plus the blank
 * Braille pattern, which fonts draw empty.
 */
const INVISIBLE = String.raw`\p{White_Space}\p{Cc}\p{Default_Ignorable_Code_Point}\u2800`
const HAS_VISIBLE = new RegExp(`[^${INVISIBLE}]`, 'u')
const LEADING_INVISIBLE = new RegExp(`^[${INVISIBLE}]+`, 'u')
const EDGE_SPACE = /^[\p{White_Space}\uFEFF]+|[\p{White_Space}\uFEFF]+$/gu

/** True when `text` has at least one character that draws something. */
export function hasVisibleText(text: string): boolean {
  return HAS_VISIBLE.test(text)
}

/**
 * `text` without the whitespace at its ends, or '' when nothing in it would be
 * seen (a name of zero-width spaces is no name). Invisible characters between
 * visible ones stay: a ZWJ inside an emoji, a ZWNJ inside a Persian word.
 */
export function visibleText(text: string): string {
  return hasVisibleText(text) ? text.replace(EDGE_SPACE, '') : ''
}

/** "First Second Last", as Bitrix24 shows a contact; empty when the portal sent no name anyone could see. */
export function contactFullName(details: ContactDetails | null): string {
  if (!details) return ''
  return [details.name, details.secondName, details.lastName].map(visibleText).filter(Boolean).join(' ')
}

/** Up to two initials for the avatar: the first visible character (a whole emoji) of the first and last names. */
export function contactInitials(details: ContactDetails | null): string {
  if (!details) return '#'
  const parts = [details.name, details.lastName].map(visibleText).filter(Boolean)
  return parts.map(firstCharacter).join('').toUpperCase() || '#'
}

let graphemes: Intl.Segmenter | null | undefined

/** The first user-perceived character after any invisible ones ("👩‍💻", not "👩"). */
function firstCharacter(text: string): string {
  const rest = text.replace(LEADING_INVISIBLE, '')
  if (graphemes === undefined) graphemes = typeof Intl.Segmenter === 'function' ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null
  const first = graphemes ? graphemes.segment(rest)[Symbol.iterator]().next().value?.segment : Array.from(rest)[0]
  return first ?? ''
}
