import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  CLEAR_POLICIES, DEFAULT_SETTINGS, FALLBACK_SETTINGS, SETTINGS_VERSION, clearRuleOf, copySettings, normalizeUserName, parseSettings, policyAllows, serializeSettings,
  type AppSettings, type ClearPolicy, type ClearRule,
} from '@/domain/settings'
import { CARD_TYPES, type CardType } from '@/domain/cards'
import { handlerUrl } from '@/domain/handler-url'

/** Settings with these rules (other cards: the default rule). */
function settingsWith(parts: Partial<Omit<AppSettings, 'clear'>> & { clear?: Partial<Record<CardType, ClearRule>> } = {}): AppSettings {
  const base = copySettings(DEFAULT_SETTINGS)
  return { ...base, ...parts, clear: { ...base.clear, ...parts.clear } }
}

const rules = (policy: ClearPolicy, userIds: number[] = []) => Object.fromEntries(CARD_TYPES.map((t) => [t, { policy, userIds }]))

describe('parseSettings', () => {
  const good = settingsWith({
    cards: ['company', 'deal', 'contact'],
    clear: { company: { policy: 'admins', userIds: [] }, deal: { policy: 'users', userIds: [2, 5] }, lead: { policy: 'users', userIds: [5] } },
    trail: false,
    userNames: { 2: 'Boris Petrov' },
  })

  it('reads what serializeSettings wrote, from a string or an object', () => {
    expect(parseSettings(serializeSettings(good))).toEqual({ settings: good, problem: null })
    expect(parseSettings(JSON.parse(serializeSettings(good)))).toEqual({ settings: good, problem: null })
  })

  it.each([undefined, null, ''])('treats %j as not saved yet: the defaults (the tab in company cards only, editors may clear)', (raw) => {
    expect(parseSettings(raw)).toEqual({ settings: DEFAULT_SETTINGS, problem: 'missing' })
    expect(DEFAULT_SETTINGS.cards).toEqual(['company'])
    expect(DEFAULT_SETTINGS.clear).toEqual(rules('editors'))
  })

  it('hands out a copy: changing it changes neither the constants nor the next parse', () => {
    const { settings } = parseSettings(undefined)
    settings.cards.push('deal')
    settings.clear.company.userIds.push(9)
    expect(DEFAULT_SETTINGS.cards).toEqual(['company'])
    expect(parseSettings(undefined).settings.clear.company.userIds).toEqual([])
  })

  describe('version 1 (companies only)', () => {
    it.each([
      ['editors', [], 'editors'],
      ['admins', [], 'admins'],
      ['users', [2, 3, 2], 'users'],
    ] as const)('%s: its policy applies to companies, the tab is in company cards, other cards keep the default rule', (policy, ids, expected) => {
      const raw = JSON.stringify({ version: 1, clearPolicy: policy, clearUserIds: ids, trail: false, userNames: { 2: 'Boris Petrov', 9: 'Nobody' } })
      const { settings, problem } = parseSettings(raw)
      expect(problem).toBeNull()
      expect(settings.cards).toEqual(['company'])
      expect(settings.clear.company).toEqual({ policy: expected, userIds: [...new Set(ids)] })
      for (const card of CARD_TYPES.filter((t) => t !== 'company')) expect(settings.clear[card], card).toEqual({ policy: 'editors', userIds: [] })
      expect(settings.trail).toBe(false)
      expect(settings.userNames).toEqual(ids.length ? { 2: 'Boris Petrov' } : {})
    })

    it('is written back as version 2 with the same meaning', () => {
      const v1 = parseSettings('{"version":1,"clearPolicy":"users","clearUserIds":[7],"trail":true,"userNames":{"7":"Chiara Rossi"}}').settings
      expect(JSON.parse(serializeSettings(v1))).toEqual({
        version: 2, cards: ['company'], clear: { ...rules('editors'), company: { policy: 'users', userIds: [7] } }, trail: true, userNames: { 7: 'Chiara Rossi' },
      })
      expect(parseSettings(serializeSettings(v1)).settings).toEqual(v1)
    })
  })

  it.each([
    ['broken JSON', '{"version":2,'],
    ['a JSON array', '[1,2]'],
    ['a number', 42],
    ['no version', '{"cards":["company"],"clear":{},"trail":true}'],
    ['a version that is a string', '{"version":"2","cards":["company"],"clear":{},"trail":true}'],
    ['v1: an unknown policy', '{"version":1,"clearPolicy":"everyone","clearUserIds":[],"trail":true}'],
    ['v1: a non-boolean trail', '{"version":1,"clearPolicy":"editors","clearUserIds":[],"trail":"yes"}'],
    ['v1: bad user ids', '{"version":1,"clearPolicy":"users","clearUserIds":["2",-1],"trail":true}'],
    ['v1: no user ids', '{"version":1,"clearPolicy":"editors","trail":true}'],
    ['v2: no cards', '{"version":2,"cards":[],"clear":{},"trail":true}'],
    ['v2: cards missing', '{"version":2,"clear":{},"trail":true}'],
    ['v2: an unknown card', '{"version":2,"cards":["company","invoice"],"clear":{},"trail":true}'],
    ['v2: cards as a string', '{"version":2,"cards":"company","clear":{},"trail":true}'],
    ['v2: no clear', '{"version":2,"cards":["company"],"trail":true}'],
    ['v2: clear as a list', '{"version":2,"cards":["company"],"clear":[],"trail":true}'],
    ['v2: an unknown policy for deals', '{"version":2,"cards":["company"],"clear":{"deal":{"policy":"everyone","userIds":[]}},"trail":true}'],
    ['v2: a rule that is not an object', '{"version":2,"cards":["company"],"clear":{"company":"admins"},"trail":true}'],
    ['v2: a rule without user ids', '{"version":2,"cards":["company"],"clear":{"company":{"policy":"admins"}},"trail":true}'],
    ['v2: bad user ids', '{"version":2,"cards":["company"],"clear":{"lead":{"policy":"users","userIds":[0]}},"trail":true}'],
    ['v2: a non-boolean trail', '{"version":2,"cards":["company"],"clear":{},"trail":1}'],
  ])('falls back to administrators-only in every card for %s, and says it is corrupt', (_label, raw) => {
    expect(parseSettings(raw)).toEqual({ settings: FALLBACK_SETTINGS, problem: 'corrupt' })
    expect(FALLBACK_SETTINGS.clear).toEqual(rules('admins'))
    expect(FALLBACK_SETTINGS.cards).toEqual(['company'])
  })

  it.each([0, 3, 99])('falls back for version %i, which it does not know', (version) => {
    expect(parseSettings(JSON.stringify({ version, cards: ['company'], clear: {}, trail: true }))).toEqual({ settings: FALLBACK_SETTINGS, problem: 'unknown_version' })
  })

  it('reads a card type the option does not name with the default rule, and cards in any order once each', () => {
    const { settings, problem } = parseSettings('{"version":2,"cards":["lead","company","lead"],"clear":{"company":{"policy":"admins","userIds":[]},"other":1},"trail":true}')
    expect(problem).toBeNull()
    expect(settings.cards).toEqual(['company', 'lead'])
    expect(settings.clear).toEqual({ ...rules('editors'), company: { policy: 'admins', userIds: [] } })
  })

  it('writes a versioned JSON string with a rule for every card type', () => {
    expect(JSON.parse(serializeSettings(DEFAULT_SETTINGS))).toEqual({ version: 2, cards: ['company'], clear: rules('editors'), trail: true, userNames: {} })
    expect(SETTINGS_VERSION).toBe(2)
  })

  it('writes cards in the settings\' order, once each', () => {
    expect(JSON.parse(serializeSettings(settingsWith({ cards: ['contact', 'deal', 'contact', 'company'] }))).cards).toEqual(['company', 'deal', 'contact'])
  })

  it('keeps names only for users selected in some card, and drops odd ones without failing', () => {
    const raw = JSON.stringify({
      version: 2, cards: ['company'], clear: { company: { policy: 'users', userIds: [2] }, deal: { policy: 'admins', userIds: [3] } }, trail: true,
      userNames: { 2: ' Boris Petrov ', 3: 'Chiara Rossi', 9: 'Nobody' },
    })
    expect(parseSettings(raw).settings.userNames).toEqual({ 2: 'Boris Petrov', 3: 'Chiara Rossi' })
    const odd = '{"version":2,"cards":["company"],"clear":{"company":{"policy":"users","userIds":[2,3]}},"trail":true,"userNames":{"2":42}}'
    expect(parseSettings(odd)).toMatchObject({ settings: { userNames: {} }, problem: null })
    expect(parseSettings('{"version":2,"cards":["company"],"clear":{},"trail":true,"userNames":"x"}').problem).toBeNull()
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
    const s = settingsWith({ clear: { deal: { policy: 'users', userIds: [7] } }, userNames: { 7: name } })
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
    const rule = fc.record({
      policy: fc.constantFrom(...CLEAR_POLICIES),
      userIds: fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 8 }),
    })
    const settings = fc.record({
      cards: fc.uniqueArray(fc.constantFrom(...CARD_TYPES), { minLength: 1 }),
      clear: fc.record(Object.fromEntries(CARD_TYPES.map((t) => [t, rule])) as Record<CardType, typeof rule>),
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
  ] as const)('%s %j lets %j clear: %s, in every card type', (policy, ids, who, expected) => {
    for (const card of CARD_TYPES) {
      const s = settingsWith({ clear: { [card]: { policy, userIds: [...ids] } } })
      expect(policyAllows(s, card, who), card).toBe(expected)
    }
  })

  it('asks the rule of the card type it is given: editors may clear deals but not companies', () => {
    const s = settingsWith({ cards: ['company', 'deal'], clear: { company: { policy: 'admins', userIds: [] }, deal: { policy: 'editors', userIds: [] }, lead: { policy: 'users', userIds: [3] } } })
    expect(policyAllows(s, 'company', editor)).toBe(false)
    expect(policyAllows(s, 'deal', editor)).toBe(true)
    expect(policyAllows(s, 'lead', editor)).toBe(false)
    expect(policyAllows(s, 'lead', { isAdmin: false, userId: 3 })).toBe(true)
    expect(policyAllows(s, 'company', admin)).toBe(true)
    expect(clearRuleOf(s, 'lead')).toEqual({ policy: 'users', userIds: [3] })
  })

  it('applies a version 1 option to companies only, and the strict fallback to every card', () => {
    const v1 = parseSettings('{"version":1,"clearPolicy":"admins","clearUserIds":[],"trail":true}').settings
    expect(policyAllows(v1, 'company', editor)).toBe(false)
    expect(policyAllows(v1, 'deal', editor)).toBe(true)
    const broken = parseSettings('{"version":2').settings
    for (const card of CARD_TYPES) expect(policyAllows(broken, card, editor), card).toBe(false)
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
