import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_SETTINGS, FALLBACK_SETTINGS, normalizeUserName, parseSettings, policyAllows, serializeSettings, type AppSettings } from '@/domain/settings'
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

describe('what is saved reads back the same (the settings store compares the two)', () => {
  const long = 'Анна-Мария '.repeat(30)

  it.each([
    ['spaces around a name', '  Boris Petrov \t'],
    ['a name over 200 characters', long],
    ['a name cut right before a space', `${'x'.repeat(199)} tail`],
    ['a name cut inside an emoji pair', `${'y'.repeat(199)}😀😀`],
  ])('%s', (_label, name) => {
    const s: AppSettings = { clearPolicy: 'users', clearUserIds: [7], trail: true, userNames: { 7: name } }
    const sent = serializeSettings(s)
    const back = parseSettings(sent)
    expect(back.problem).toBeNull()
    expect(serializeSettings(back.settings)).toBe(sent)
    expect(Array.from(back.settings.userNames[7]!).length).toBeLessThanOrEqual(200)
    expect(back.settings.userNames[7]).toBe(back.settings.userNames[7]!.trim())
  })

  it('keeps a name as the picker gave it when there is nothing to change', () => {
    expect(normalizeUserName('Boris Petrov')).toBe('Boris Petrov')
    expect(normalizeUserName('  Boris Petrov ')).toBe('Boris Petrov')
    expect(normalizeUserName('z'.repeat(250))).toBe('z'.repeat(200))
    expect(normalizeUserName('   ')).toBe('')
    expect(normalizeUserName(42)).toBe('')
  })

  it('for any settings: serialize, parse and serialize again gives the same text', () => {
    const settings = fc.record({
      clearPolicy: fc.constantFrom('editors' as const, 'admins' as const, 'users' as const),
      clearUserIds: fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 8 }),
      trail: fc.boolean(),
      userNames: fc.dictionary(fc.integer({ min: 1, max: 30 }).map(String), fc.oneof(fc.string({ maxLength: 260 }), fc.string({ unit: 'grapheme', maxLength: 260 }), fc.constant(' '.repeat(5)))),
    })
    fc.assert(fc.property(settings, (s) => {
      const sent = serializeSettings(s as AppSettings)
      const back = parseSettings(sent)
      return back.problem === null && serializeSettings(back.settings) === sent
    }), { numRuns: 500 })
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
