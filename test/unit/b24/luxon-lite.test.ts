import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DateTime as Luxon } from 'luxon'
import { Text } from '@bitrix24/b24jssdk'
import { DateTime } from '@/b24/luxon-lite'

// The stand-in must give luxon's answers for everything it claims to support:
// each case runs through both and compares.

/**
 * Instants from 1970 to 2200. Before that, some zones had local mean time
 * offsets with seconds (+05:21:10), which JS Date and luxon round differently.
 * `TZ=America/St_Johns npx vitest run test/unit/b24/luxon-lite.test.ts` runs these in another system zone.
 */
const instant = fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2200, 0, 1) })
const zone = fc.constantFrom(undefined, 'local', 'utc', 'UTC+3', 'UTC-5', 'UTC+5:30', 'UTC-09:30', 'UTC+5:05')
const TOKENS = ['y', 'yy', 'yyyy', 'M', 'MM', 'd', 'dd', 'H', 'HH', 'h', 'hh', 'm', 'mm', 's', 'ss', 'S', 'SSS', 'Z', 'ZZ', 'ZZZ']
const SEPARATORS = ['-', ':', '.', ' ', '/', "'T'", "'at'", "''", ', ']
/** Tokens with a separator after each (two tokens side by side, like y + yy, would read as one other token). */
const format = fc.array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.flat().join(''))

const opts = (z: string | undefined) => (z === undefined ? {} : { zone: z })

describe('luxon-lite against luxon', () => {
  it('toFormat writes every supported token as luxon does, in the system zone and fixed offsets', () => {
    fc.assert(fc.property(instant, zone, format, (ms, z, fmt) => {
      expect(DateTime.fromMillis(ms, opts(z)).toFormat(fmt)).toBe(Luxon.fromMillis(ms, opts(z)).toFormat(fmt))
    }), { numRuns: 2000 })
  })

  it('the SDK\'s own formats: its REST date, its log line, its log formatter', () => {
    fc.assert(fc.property(instant, (ms) => {
      const date = new Date(ms)
      for (const fmt of ["yyyy-MM-dd'T'HH:mm:ssZZ", 'yyyy-MM-dd HH:mm:ss']) {
        expect(DateTime.fromJSDate(date).toFormat(fmt)).toBe(Luxon.fromJSDate(date).toFormat(fmt))
      }
      expect(Math.floor(DateTime.fromJSDate(date).toSeconds())).toBe(Math.floor(Luxon.fromJSDate(date).toSeconds()))
    }))
  })

  it('toISO, the calendar getters and the offset match', () => {
    fc.assert(fc.property(instant, zone, (ms, z) => {
      const ours = DateTime.fromMillis(ms, opts(z))
      const theirs = Luxon.fromMillis(ms, opts(z))
      expect(ours.toISO()).toBe(theirs.toISO())
      expect([ours.year, ours.month, ours.day, ours.hour, ours.minute, ours.second, ours.millisecond, ours.offset])
        .toEqual([theirs.year, theirs.month, theirs.day, theirs.hour, theirs.minute, theirs.second, theirs.millisecond, theirs.offset])
    }), { numRuns: 1000 })
  })

  it('fromISO reads what luxon writes, with and without setZone', () => {
    fc.assert(fc.property(instant, zone, zone, fc.boolean(), (ms, written, read, setZone) => {
      const iso = Luxon.fromMillis(ms, opts(written)).toISO()!
      const o = { ...opts(read), setZone }
      const ours = DateTime.fromISO(iso, o)
      const theirs = Luxon.fromISO(iso, o)
      expect(ours.toMillis()).toBe(theirs.toMillis())
      expect(ours.offset).toBe(theirs.offset)
    }), { numRuns: 1000 })
  })

  it('fromISO: short, basic and offset forms', () => {
    const cases = [
      '2026-05-04', '2026-05', '2026-05-04T09:53', '2026-05-04T09:53:51', '2026-05-04T09:53:51.5',
      '2026-05-04T09:53:51.123456', '2026-05-04T09:53:51Z', '2026-05-04T09:53:51+03:00', '2026-05-04T09:53:51-0330',
      '2026-05-04T09:53:51+03', '20260504', '20260504T095351', '20260504T095351Z', '2026-05-04 09:53:51', '2026-05-04T24:00', '2026-05-04T24:00:01',
      '2024-02-29T12:00:00', '1999-12-31T23:59:59.999+14:00',
    ]
    for (const text of cases) {
      const ours = DateTime.fromISO(text)
      const theirs = Luxon.fromISO(text)
      expect({ text, ms: ours.toMillis(), valid: ours.isValid }).toEqual({ text, ms: theirs.toMillis(), valid: theirs.isValid })
    }
  })

  it('invalid input is invalid in both, never a wrong date', () => {
    for (const text of ['', 'yesterday', '2026-13-01', '2026-02-30', '2023-02-29', '2026-05-04T25:00', '2026-05-04T10:60', '2026/05/04']) {
      const ours = DateTime.fromISO(text)
      expect(ours.isValid, text).toBe(false)
      expect(Luxon.fromISO(text).isValid, text).toBe(false)
      expect(ours.toFormat('yyyy')).toBe('Invalid DateTime')
      expect(ours.toISO()).toBeNull()
      expect(ours.toSeconds()).toBeNaN()
    }
    expect(DateTime.fromJSDate(new Date('nope')).isValid).toBe(false)
    expect(Luxon.fromJSDate(new Date('nope')).isValid).toBe(false)
  })

  it('fromFormat reads what toFormat wrote, as luxon does', () => {
    const complete = fc.constantFrom(
      'yyyy-MM-dd HH:mm:ss', 'dd.MM.yyyy', 'd/M/yyyy H:m', "yyyy-MM-dd'T'HH:mm:ss.SSSZZ", 'yyyyMMddHHmmss',
      'dd.MM.yy', 'yyyy-MM-dd HH:mm:ss ZZZ', 'H:mm dd.MM.yyyy',
    )
    fc.assert(fc.property(instant, zone, complete, fc.boolean(), (ms, z, fmt, setZone) => {
      const text = Luxon.fromMillis(ms, opts(z)).toFormat(fmt)
      const ours = DateTime.fromFormat(text, fmt, { ...opts(z), setZone })
      const theirs = Luxon.fromFormat(text, fmt, { ...opts(z), setZone })
      expect({ text, valid: ours.isValid, ms: ours.toMillis(), offset: ours.offset })
        .toEqual({ text, valid: theirs.isValid, ms: theirs.toMillis(), offset: theirs.offset })
    }), { numRuns: 1000 })
  })

  it('fromFormat: the SDK\'s documented example, unparsable text and out-of-range units', () => {
    for (const [text, fmt] of [['04.05.2026', 'dd.MM.yyyy'], ['4.5.2026', 'd.M.yyyy'], ['31.04.2026', 'dd.MM.yyyy'], ['04-05-2026', 'dd.MM.yyyy'], ['04.05.2026 extra', 'dd.MM.yyyy'], ['24:00', 'HH:mm'], ['09:30', 'HH:mm'], ['04.05', 'dd.MM'], ['2026', 'yyyy'], ['05.2026', 'MM.yyyy']] as const) {
      const ours = DateTime.fromFormat(text, fmt)
      const theirs = Luxon.fromFormat(text, fmt)
      expect({ text, valid: ours.isValid, ms: ours.toMillis() }).toEqual({ text, valid: theirs.isValid, ms: theirs.toMillis() })
    }
  })

  it('the same answers when the system zone is not UTC: half-hour offsets, daylight saving, the southern hemisphere', () => {
    const tz = process.env.TZ
    try {
      for (const system of ['America/St_Johns', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Europe/Berlin']) {
        process.env.TZ = system
        fc.assert(fc.property(instant, format, (ms, fmt) => {
          expect(DateTime.fromMillis(ms).toFormat(fmt)).toBe(Luxon.fromMillis(ms).toFormat(fmt))
          const iso = Luxon.fromMillis(ms).toISO()!
          expect(DateTime.fromISO(iso).toMillis()).toBe(Luxon.fromISO(iso).toMillis())
          const local = Luxon.fromMillis(ms).toFormat("yyyy-MM-dd'T'HH:mm:ss")
          expect(DateTime.fromISO(local).toMillis()).toBe(Luxon.fromISO(local).toMillis())
        }), { numRuns: 300 })
      }
    } finally {
      if (tz === undefined) delete process.env.TZ
      else process.env.TZ = tz
    }
  })

  it('a local time that daylight saving skips or repeats lands where luxon puts it', () => {
    const tz = process.env.TZ
    process.env.TZ = 'Europe/Berlin'
    try {
      for (const text of ['2026-03-29T02:30:00', '2026-10-25T02:30:00', '2026-10-25T01:59:59', '2026-10-25T03:00:00']) {
        expect({ text, ms: DateTime.fromISO(text).toMillis() }).toEqual({ text, ms: Luxon.fromISO(text).toMillis() })
        expect({ text, ms: DateTime.fromFormat(text, "yyyy-MM-dd'T'HH:mm:ss").toMillis() })
          .toEqual({ text, ms: Luxon.fromFormat(text, "yyyy-MM-dd'T'HH:mm:ss").toMillis() })
      }
    } finally {
      if (tz === undefined) delete process.env.TZ
      else process.env.TZ = tz
    }
  })

  it('now and fromJSDate keep the instant', () => {
    const before = Date.now()
    const now = DateTime.now().toMillis()
    expect(now).toBeGreaterThanOrEqual(before)
    expect(now).toBeLessThanOrEqual(Date.now())
    const d = new Date(Date.UTC(2026, 4, 4, 6, 53, 51, 7))
    expect(DateTime.fromJSDate(d).toJSDate().getTime()).toBe(d.getTime())
    expect(DateTime.fromJSDate(d, { zone: 'utc' }).toISO()).toBe('2026-05-04T06:53:51.007Z')
  })

  it('says so, loudly, where it stops: unsupported tokens throw, named zones are invalid', () => {
    const dt = DateTime.fromMillis(0)
    for (const token of ['MMM', 'EEEE', 'D', 'T', 'a', 'kkkk']) {
      expect(() => dt.toFormat(token), token).toThrow(RangeError)
      expect(() => DateTime.fromFormat('x', token), token).toThrow(RangeError)
    }
    expect(DateTime.fromISO('2026-05-04', { zone: 'Europe/Berlin' }).invalidReason).toBe('unsupported zone')
  })

  it('the SDK, built as the app is, gets this DateTime and gives luxon\'s answers', () => {
    const date = new Date(Date.UTC(2026, 4, 4, 6, 53, 51))
    expect(Text.toB24Format(date)).toBe(Luxon.fromJSDate(date).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"))
    expect(Text.getDateForLog()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    const parsed = Text.toDateTime('04.05.2026', 'dd.MM.yyyy')
    expect(parsed).toBeInstanceOf(DateTime)
    expect(parsed.toMillis()).toBe(Luxon.fromFormat('04.05.2026', 'dd.MM.yyyy').toMillis())
    expect(Text.toDateTime('2026-05-04T09:53:51+03:00').toMillis()).toBe(Date.UTC(2026, 4, 4, 6, 53, 51))
  })
})
