/**
 * The app's settings: one versioned JSON app option (admins write it through
 * REST app.option.set, everyone in the app may read it).
 *
 *   key:   company_contacts_settings
 *   value: {"version":1,"clearPolicy":"editors"|"admins"|"users","clearUserIds":[1,7],"trail":true,
 *           "userNames":{"7":"Boris Petrov"}}   (userNames: optional, display only)
 */
export const SETTINGS_OPTION_KEY = 'company_contacts_settings'
export const SETTINGS_VERSION = 1

/** Who may clear all contacts of a company (on top of being allowed to edit it). */
export type ClearPolicy = 'editors' | 'admins' | 'users'

export interface AppSettings {
  clearPolicy: ClearPolicy
  /** with clearPolicy "users": who, besides administrators */
  clearUserIds: number[]
  /** write the timeline comment after a clear */
  trail: boolean
  /** names of the selected users as the picker gave them (display only: the app reads no user data) */
  userNames: Record<number, string>
}

/** Why the stored option could not be used as it is: admins are told. */
export type SettingsProblem = 'missing' | 'corrupt' | 'unknown_version'

export const DEFAULT_SETTINGS: Readonly<AppSettings> = Object.freeze({ clearPolicy: 'editors', clearUserIds: [], trail: true, userNames: {} })

/**
 * A stored option that exists but cannot be read may hide a stricter choice
 * an admin made: until an admin saves again, only administrators may clear.
 */
export const FALLBACK_SETTINGS: Readonly<AppSettings> = Object.freeze({ clearPolicy: 'admins', clearUserIds: [], trail: true, userNames: {} })

const POLICIES: readonly ClearPolicy[] = ['editors', 'admins', 'users']

export function parseSettings(raw: unknown): { settings: AppSettings, problem: SettingsProblem | null } {
  if (raw === undefined || raw === null || raw === '') return { settings: { ...DEFAULT_SETTINGS }, problem: 'missing' }
  let value = raw
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return { settings: { ...FALLBACK_SETTINGS }, problem: 'corrupt' }
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { settings: { ...FALLBACK_SETTINGS }, problem: 'corrupt' }
  const v = value as Record<string, unknown>
  if (v.version !== SETTINGS_VERSION) {
    return { settings: { ...FALLBACK_SETTINGS }, problem: typeof v.version === 'number' ? 'unknown_version' : 'corrupt' }
  }
  const policy = v.clearPolicy
  const ids = v.clearUserIds
  if (!POLICIES.includes(policy as ClearPolicy) || typeof v.trail !== 'boolean' || !Array.isArray(ids) || !ids.every((n) => Number.isSafeInteger(n) && n > 0)) {
    return { settings: { ...FALLBACK_SETTINGS }, problem: 'corrupt' }
  }
  const clearUserIds = [...new Set(ids as number[])]
  return { settings: { clearPolicy: policy as ClearPolicy, clearUserIds, trail: v.trail, userNames: readNames(v.userNames, clearUserIds) }, problem: null }
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
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {}
  const names: Record<number, string> = {}
  for (const id of ids) {
    const name = normalizeUserName((raw as Record<string, unknown>)[String(id)])
    if (name) names[id] = name
  }
  return names
}

/**
 * The option's JSON. It holds what parseSettings reads back (ids once each,
 * names normalised and only for selected users), so the save's read-back
 * compares equal.
 */
export function serializeSettings(s: AppSettings): string {
  const clearUserIds = [...new Set(s.clearUserIds)]
  const userNames: Record<string, string> = {}
  for (const id of clearUserIds) {
    const name = normalizeUserName(s.userNames[id])
    if (name) userNames[String(id)] = name
  }
  return JSON.stringify({ version: SETTINGS_VERSION, clearPolicy: s.clearPolicy, clearUserIds, trail: s.trail, userNames })
}

/** Whether the settings let this user clear (editing the company is checked separately). Admins always may. */
export function policyAllows(s: AppSettings, who: { isAdmin: boolean, userId: number | null }): boolean {
  if (who.isAdmin) return true
  if (s.clearPolicy === 'editors') return true
  if (s.clearPolicy === 'users') return who.userId !== null && s.clearUserIds.includes(who.userId)
  return false
}
