import { CARD_TYPES, isCardType, type CardType } from './cards'

/**
 * The app's settings: one versioned JSON app option (admins write it through
 * REST app.option.set, everyone in the app may read it). README.md, Settings.
 *
 *   key:   company_contacts_settings
 *   value (version 2):
 *     {"version":2,"cards":["company","deal"],
 *      "clear":{"company":{"policy":"admins","userIds":[]},"deal":{"policy":"users","userIds":[2]},
 *               "lead":{…},"quote":{…},"contact":{…}},
 *      "trail":true,"userNames":{"2":"Boris Petrov"}}      (userNames: optional, display only)
 *   version 1 (still read, as companies only):
 *     {"version":1,"clearPolicy":"editors"|"admins"|"users","clearUserIds":[1,7],"trail":true,"userNames":{…}}
 */
export const SETTINGS_OPTION_KEY = 'company_contacts_settings'
export const SETTINGS_VERSION = 2

/** Who may clear all links of a card (on top of being allowed to edit it). */
export type ClearPolicy = 'editors' | 'admins' | 'users'

export const CLEAR_POLICIES: readonly ClearPolicy[] = ['editors', 'admins', 'users']

/** Who may clear in one card type. */
export interface ClearRule {
  policy: ClearPolicy
  /** with policy "users": who, besides administrators */
  userIds: number[]
}

export interface AppSettings {
  /** the cards the tab is shown in: at least one, in CARD_TYPES order */
  cards: CardType[]
  /** who may clear, per card type (every type has a rule, chosen or not: unticking a card keeps its rule) */
  clear: Record<CardType, ClearRule>
  /** write the timeline comment after a clear */
  trail: boolean
  /** names of the selected users of every rule, as the picker gave them (display only: the app reads no user data) */
  userNames: Record<number, string>
}

/** Why the stored option could not be used as it is: admins are told. */
export type SettingsProblem = 'missing' | 'corrupt' | 'unknown_version'

/** The rule of a card type no option has spoken about: everyone who may edit the card. */
const DEFAULT_RULE: Readonly<ClearRule> = Object.freeze({ policy: 'editors', userIds: [] })

function eachCard(rule: () => ClearRule): Record<CardType, ClearRule> {
  return Object.fromEntries(CARD_TYPES.map((t) => [t, rule()])) as Record<CardType, ClearRule>
}

/** Constants stay constant all the way down (a draft is a copySettings of them). */
function frozen(s: AppSettings): Readonly<AppSettings> {
  for (const rule of Object.values(s.clear)) Object.freeze(Object.freeze(rule).userIds)
  Object.freeze(s.cards)
  Object.freeze(s.clear)
  Object.freeze(s.userNames)
  return Object.freeze(s)
}

/** A fresh, mutable copy (a form's draft; what parseSettings hands out). */
export function copySettings(s: Readonly<AppSettings>): AppSettings {
  return {
    cards: [...s.cards],
    clear: Object.fromEntries(CARD_TYPES.map((t) => {
      const rule = clearRuleOf(s, t)
      return [t, { policy: rule.policy, userIds: [...rule.userIds] }]
    })) as Record<CardType, ClearRule>,
    trail: s.trail,
    userNames: { ...s.userNames },
  }
}

/** Nothing saved yet: the tab in company cards, everyone who may edit may clear, with the trail. */
export const DEFAULT_SETTINGS: Readonly<AppSettings> = frozen({
  cards: ['company'], clear: eachCard(() => ({ ...DEFAULT_RULE, userIds: [] })), trail: true, userNames: {},
})

/**
 * A stored option that exists but cannot be read may hide a stricter choice
 * an admin made: until an admin saves again, only administrators may clear,
 * in every card.
 */
export const FALLBACK_SETTINGS: Readonly<AppSettings> = frozen({
  cards: ['company'], clear: eachCard(() => ({ policy: 'admins', userIds: [] })), trail: true, userNames: {},
})

type Parsed = { settings: AppSettings, problem: SettingsProblem | null }

const corrupt = (): Parsed => ({ settings: copySettings(FALLBACK_SETTINGS), problem: 'corrupt' })

export function parseSettings(raw: unknown): Parsed {
  if (raw === undefined || raw === null || raw === '') return { settings: copySettings(DEFAULT_SETTINGS), problem: 'missing' }
  let value = raw
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return corrupt()
    }
  }
  if (!isRecord(value)) return corrupt()
  if (value.version === 1) return readV1(value)
  if (value.version === 2) return readV2(value)
  return typeof value.version === 'number' ? { settings: copySettings(FALLBACK_SETTINGS), problem: 'unknown_version' } : corrupt()
}

/** Version 1 knew only company cards: its policy is the company's, the other cards keep the default rule. */
function readV1(v: Record<string, unknown>): Parsed {
  const rule = readRule({ policy: v.clearPolicy, userIds: v.clearUserIds })
  if (!rule || typeof v.trail !== 'boolean') return corrupt()
  const clear = eachCard(() => ({ ...DEFAULT_RULE, userIds: [] }))
  clear.company = rule
  return { settings: { cards: ['company'], clear, trail: v.trail, userNames: readNames(v.userNames, rule.userIds) }, problem: null }
}

/**
 * Version 2. `cards`: known card types, at least one (duplicates and order do
 * not matter). `clear`: a valid rule for each card type it names; a card type
 * it does not name gets the default rule (a card type added to the app later
 * reads as never configured). Anything else odd makes the whole option
 * corrupt: the strict fallback for every card.
 */
function readV2(v: Record<string, unknown>): Parsed {
  if (!Array.isArray(v.cards) || v.cards.length === 0 || !v.cards.every(isCardType)) return corrupt()
  if (!isRecord(v.clear) || typeof v.trail !== 'boolean') return corrupt()
  const clear = eachCard(() => ({ ...DEFAULT_RULE, userIds: [] }))
  for (const card of CARD_TYPES) {
    if (!(card in v.clear)) continue
    const rule = readRule(v.clear[card])
    if (!rule) return corrupt()
    clear[card] = rule
  }
  const cards = CARD_TYPES.filter((t) => (v.cards as CardType[]).includes(t))
  return { settings: { cards, clear, trail: v.trail, userNames: readNames(v.userNames, selectedUsers(clear)) }, problem: null }
}

function readRule(raw: unknown): ClearRule | null {
  if (!isRecord(raw)) return null
  const { policy, userIds } = raw
  if (!CLEAR_POLICIES.includes(policy as ClearPolicy)) return null
  if (!Array.isArray(userIds) || !userIds.every((n) => Number.isSafeInteger(n) && n > 0)) return null
  return { policy: policy as ClearPolicy, userIds: [...new Set(userIds as number[])] }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Every user selected in some card's rule, once, in the order they first appear. */
function selectedUsers(clear: Record<CardType, ClearRule>): number[] {
  return [...new Set(CARD_TYPES.flatMap((t) => clear[t].userIds))]
}

/** The longest user name kept, in characters (a display aid, not data). */
export const USER_NAME_MAX = 200

/**
 * A picked user's name as the settings keep it: trimmed, at most USER_NAME_MAX
 * characters (a character outside the BMP is never cut in half); '' when
 * nothing is left. Applying it twice changes nothing, so what is saved reads
 * back the same.
 */
export function normalizeUserName(raw: unknown): string {
  if (typeof raw !== 'string') return ''
  const name = raw.trim()
  const chars = Array.from(name)
  return chars.length <= USER_NAME_MAX ? name : chars.slice(0, USER_NAME_MAX).join('').trimEnd()
}

/** Names are a display aid: anything odd in them is dropped, never an error. */
function readNames(raw: unknown, ids: readonly number[]): Record<number, string> {
  if (!isRecord(raw)) return {}
  const names: Record<number, string> = {}
  for (const id of ids) {
    const name = normalizeUserName(raw[String(id)])
    if (name) names[id] = name
  }
  return names
}

/**
 * The option's JSON (version 2). It holds what parseSettings reads back
 * (cards once each in CARD_TYPES order, a rule for every card type, ids once
 * each, names normalised and only for selected users), so the save's
 * read-back compares equal.
 */
export function serializeSettings(s: AppSettings): string {
  const cards = CARD_TYPES.filter((t) => s.cards.includes(t))
  const clear = Object.fromEntries(CARD_TYPES.map((t) => {
    const rule = s.clear[t] ?? DEFAULT_RULE
    return [t, { policy: rule.policy, userIds: [...new Set(rule.userIds)] }]
  })) as Record<CardType, ClearRule>
  const userNames: Record<string, string> = {}
  for (const id of selectedUsers(clear)) {
    const name = normalizeUserName(s.userNames[id])
    if (name) userNames[String(id)] = name
  }
  return JSON.stringify({ version: SETTINGS_VERSION, cards, clear, trail: s.trail, userNames })
}

/** The settings' rule for a card type (the default rule if a hand-made object lacks it). */
export function clearRuleOf(s: AppSettings, card: CardType): ClearRule {
  return s.clear[card] ?? DEFAULT_RULE
}

/**
 * Whether the settings let this user clear the links of a card of this type
 * (editing the card is checked separately). Admins always may.
 */
export function policyAllows(s: AppSettings, card: CardType, who: { isAdmin: boolean, userId: number | null }): boolean {
  if (who.isAdmin) return true
  const rule = clearRuleOf(s, card)
  if (rule.policy === 'editors') return true
  if (rule.policy === 'users') return who.userId !== null && rule.userIds.includes(who.userId)
  return false
}
