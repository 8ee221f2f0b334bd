import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS, FALLBACK_SETTINGS, parseSettings, policyAllows, serializeSettings, type AppSettings } from '@/domain/settings'
import { handlerUrl } from '@/domain/handler-url'

describe('parseSettings', () => {
  const good: AppSettings = { clearPolicy: 'users', clearUserIds: [2, 5], trail: false, userNames: { 2: 'Boris Petrov' } }

  it('reads what serializeSettings wrote, from a string or an object', () => {
    expect(parseSettings(serializeSettings(good))).toEqual({ settings: good, problem: null })
    expect(parseSettings(JSON.parse(serializeSettings(good)))).toEqual({ settings: good, problem: null })
  })

  it.each([undefined, null, ''])('treats %j as not saved yet: the defaults', (raw) => {
    expect(parseSettings(raw)).toEqual({ settings: DEFAULT_SETTINGS, problem: 'missing' })
  })

  it.each([
    ['broken JSON', '{"version":1,'],
    ['a JSON array', '[1,2]'],
    ['a number', 42],
    ['no version', '{"clearPolicy":"editors","clearUserIds":[],"trail":true}'],
    ['an unknown policy', '{"version":1,"clearPolicy":"everyone","clearUserIds":[],"trail":true}'],
    ['a non-boolean trail', '{"version":1,"clearPolicy":"editors","clearUserIds":[],"trail":"yes"}'],
    ['bad user ids', '{"version":1,"clearPolicy":"users","clearUserIds":["2",-1],"trail":true}'],
  ])('falls back to administrators-only for %s, and says it is corrupt', (_label, raw) => {
    expect(parseSettings(raw)).toEqual({ settings: FALLBACK_SETTINGS, problem: 'corrupt' })
  })

  it('falls back for a version it does not know', () => {
    expect(parseSettings('{"version":2,"clearPolicy":"editors","clearUserIds":[],"trail":true}')).toEqual({ settings: FALLBACK_SETTINGS, problem: 'unknown_version' })
  })

  it('writes a versioned JSON string', () => {
    expect(JSON.parse(serializeSettings(DEFAULT_SETTINGS))).toEqual({ version: 1, clearPolicy: 'editors', clearUserIds: [], trail: true, userNames: {} })
  })

  it('keeps names only for selected users, and drops odd ones without failing', () => {
    const raw = '{"version":1,"clearPolicy":"users","clearUserIds":[2,3],"trail":true,"userNames":{"2":" Boris Petrov ","3":42,"9":"Nobody"}}'
    expect(parseSettings(raw)).toEqual({ settings: { clearPolicy: 'users', clearUserIds: [2, 3], trail: true, userNames: { 2: 'Boris Petrov' } }, problem: null })
    expect(parseSettings('{"version":1,"clearPolicy":"users","clearUserIds":[2],"trail":true,"userNames":"x"}').problem).toBeNull()
  })
})

describe('policyAllows', () => {
  const editor = { isAdmin: false, userId: 2 }
  const admin = { isAdmin: true, userId: 1 }
  it.each([
    ['editors', [], editor, true],
    ['admins', [], editor, false],
    ['admins', [], admin, true],
    ['users', [2], editor, true],
    ['users', [3], editor, false],
    ['users', [], admin, true],
    ['users', [2], { isAdmin: false, userId: null }, false],
  ] as const)('%s %j lets %j clear: %s', (clearPolicy, ids, who, expected) => {
    expect(policyAllows({ clearPolicy, clearUserIds: [...ids], trail: true, userNames: {} }, who)).toBe(expected)
  })
})

describe('handlerUrl', () => {
  it.each([
    [{ origin: 'https://apps.example.com', pathname: '/company-contacts/' }, 'https://apps.example.com/company-contacts/'],
    [{ origin: 'https://apps.example.com', pathname: '/company-contacts/index.html' }, 'https://apps.example.com/company-contacts/index.html'],
    [{ origin: 'https://portal.example/', pathname: '/app/install.html' }, 'https://portal.example//app/index.html'],
  ])('%j → %s', (loc, expected) => {
    expect(handlerUrl(loc)).toBe(expected)
  })
})
