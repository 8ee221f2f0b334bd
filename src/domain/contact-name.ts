import type { ItemDetails } from './types'

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
export function contactFullName(details: ItemDetails | null): string {
  if (!details) return ''
  return [details.name, details.secondName, details.lastName].map(visibleText).filter(Boolean).join(' ')
}

/** Up to two initials for the avatar: the first visible character (a whole emoji) of the first and last names. */
export function contactInitials(details: ItemDetails | null): string {
  if (!details) return '#'
  const parts = [details.name, details.lastName].map(visibleText).filter(Boolean)
  return parts.map(firstCharacter).join('').toUpperCase() || '#'
}

/**
 * One user-perceived character at the start of a text: a flag (two regional
 * indicators), an emoji with its modifiers and ZWJ-joined parts, or a
 * character with its combining marks. A regular expression, not
 * Intl.Segmenter: creating a segmenter costs tens of ms on a slow machine, in
 * the middle of the list's first render.
 */
const FIRST_CHARACTER = /^(?:\p{Regional_Indicator}{2}|\p{Extended_Pictographic}(?:[\uFE0E\uFE0F\u{1F3FB}-\u{1F3FF}]|\u200D\p{Extended_Pictographic})*|[\s\S]\p{M}*)/u

/** The first user-perceived character after any invisible ones ("👩‍💻", not "👩"). */
function firstCharacter(text: string): string {
  return FIRST_CHARACTER.exec(text.replace(LEADING_INVISIBLE, ''))?.[0] ?? ''
}
