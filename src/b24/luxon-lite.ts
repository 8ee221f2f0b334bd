/**
 * A small stand-in for `luxon`, the date library `@bitrix24/b24jssdk` 2.2.0
 * depends on. The build aliases `luxon` to this file (vite.config.ts).
 *
 * Why: luxon is 21 KB of the tab's gzip JS (issue 6 budgets 180 KB), and the
 * SDK reaches it from only four places, none of them on this app's path:
 * `Text.toDateTime` (`DateTime.fromISO` / `fromFormat`), `Text.toB24Format`
 * and `Text.getDateForLog` (`fromJSDate` / `now` + `toFormat`), and its log
 * formatter (`fromJSDate` + `toFormat` / `toSeconds`). They stay in the
 * bundle because the SDK's `Text` object is one unit.
 *
 * What it does, with luxon's results (test/unit/b24/luxon-lite.test.ts
 * checks them against luxon itself, with random dates and formats):
 * - `now`, `fromJSDate`, `fromISO` (calendar dates, with or without a time,
 *   fractions and an offset; extended or basic), `fromFormat`;
 * - zones: the system's (the default) and fixed offsets (`utc`, `UTC+3`,
 *   `UTC-05:30`); `setZone` keeps a parsed offset;
 * - `toFormat` / `fromFormat` tokens: y yy yyyy, M MM, d dd, H HH, h hh,
 *   m mm, s ss, S SSS, Z ZZ ZZZ, quoted literals and punctuation;
 * - `toISO`, `toSeconds`, `toMillis`, `toJSDate`, `valueOf`, `toString`,
 *   `isValid`, `invalidReason`, the calendar getters and `offset`.
 *
 * What it does not do: named zones (IANA) give an invalid DateTime ("unsupported
 * zone"), and other format tokens (month names, macros like `D` or `T`,
 * week dates) throw a RangeError naming the token. Never a silent wrong date.
 */

type Zone = { kind: 'system' } | { kind: 'fixed', offset: number }

interface ZoneOptions {
  zone?: string
  setZone?: boolean
}

const SYSTEM: Zone = { kind: 'system' }
const UTC: Zone = { kind: 'fixed', offset: 0 }

/** luxon's `normalizeZone` for strings, restricted to the system zone and fixed offsets. */
function zoneOf(spec: string | undefined): Zone | null {
  if (spec === undefined) return SYSTEM
  const s = spec.trim().toLowerCase()
  if (s === 'local' || s === 'system' || s === 'default') return SYSTEM
  if (s === 'utc' || s === 'gmt') return UTC
  const m = /^utc([+-]\d{1,2})(?::(\d{2}))?$/.exec(s)
  if (m) {
    const hours = Number(m[1])
    const minutes = Number(m[2] ?? 0)
    return { kind: 'fixed', offset: hours * 60 + (hours < 0 || m[1]!.startsWith('-') ? -minutes : minutes) }
  }
  return null
}

function offsetAt(zone: Zone, ts: number): number {
  return zone.kind === 'fixed' ? zone.offset : -new Date(ts).getTimezoneOffset()
}

interface Fields {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  millisecond: number
}

/** Wall-clock fields → epoch ms, in a zone. */
function tsOf(f: Fields, zone: Zone): number {
  const d = new Date(0)
  d.setUTCFullYear(f.year, f.month - 1, f.day)
  d.setUTCHours(f.hour, f.minute, f.second, f.millisecond)
  const wall = d.getTime()
  if (zone.kind === 'fixed') return wall - zone.offset * 60_000
  // luxon's fixOffset: start from the zone's offset now, correct once or twice.
  // A time that daylight saving repeats gets the offset closest to now's; one it skips moves forward.
  const o = offsetAt(zone, Date.now())
  let guess = wall - o * 60_000
  const o2 = offsetAt(zone, guess)
  if (o === o2) return guess
  guess -= (o2 - o) * 60_000
  const o3 = offsetAt(zone, guess)
  if (o2 === o3) return guess
  return wall - Math.min(o2, o3) * 60_000
}

const isLeap = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (isLeap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31

function inRange(f: Fields): boolean {
  return f.month >= 1 && f.month <= 12
    && f.day >= 1 && f.day <= daysInMonth(f.year, f.month)
    // luxon takes 24:00:00.000 as the next day's midnight
    && ((f.hour >= 0 && f.hour <= 23) || (f.hour === 24 && f.minute === 0 && f.second === 0 && f.millisecond === 0))
    && f.minute >= 0 && f.minute <= 59
    && f.second >= 0 && f.second <= 59
    && f.millisecond >= 0 && f.millisecond <= 999
}

const pad = (n: number, size: number): string => {
  const sign = n < 0 ? '-' : ''
  return sign + String(Math.abs(n)).padStart(size, '0')
}

/** `+03:00` (ZZ), `+0300` (ZZZ), `+3` / `+5:30` / `+5:5` (Z), as luxon writes them. */
function formatOffset(offset: number, style: 'narrow' | 'short' | 'techie'): string {
  const sign = offset >= 0 ? '+' : '-'
  const hours = Math.trunc(Math.abs(offset) / 60)
  const minutes = Math.abs(offset) % 60
  if (style === 'narrow') return minutes > 0 ? `${sign}${hours}:${minutes}` : `${sign}${hours}`
  if (style === 'short') return `${sign}${pad(hours, 2)}:${pad(minutes, 2)}`
  return `${sign}${pad(hours, 2)}${pad(minutes, 2)}`
}

interface Split {
  literal: boolean
  val: string
}

/** luxon's `Formatter.parseFormat`: runs of one character are tokens, quotes make literals (`''` is a quote). */
function splitFormat(fmt: string): Split[] {
  let current: string | null = null
  let currentFull = ''
  let bracketed = false
  const splits: Split[] = []
  for (const c of fmt) {
    if (c === "'") {
      if (currentFull.length > 0 || bracketed) {
        splits.push({ literal: bracketed || /^\s+$/.test(currentFull), val: currentFull === '' ? "'" : currentFull })
      }
      current = null
      currentFull = ''
      bracketed = !bracketed
    } else if (bracketed) {
      currentFull += c
    } else if (c === current) {
      currentFull += c
    } else {
      if (currentFull.length > 0) splits.push({ literal: /^\s+$/.test(currentFull), val: currentFull })
      currentFull = c
      current = c
    }
  }
  if (currentFull.length > 0) splits.push({ literal: bracketed || /^\s+$/.test(currentFull), val: currentFull })
  return splits
}

const isLetter = (s: string): boolean => /^[a-z]/i.test(s)

function unsupported(token: string): never {
  throw new RangeError(`luxon-lite: the format token "${token}" is not supported (src/b24/luxon-lite.ts lists the ones that are)`)
}

/** One format token of a valid DateTime as text. */
function tokenText(dt: DateTime, token: string): string {
  switch (token) {
    case 'y': return String(dt.year)
    case 'yy': return pad(dt.year, 2).slice(-2)
    case 'yyyy': return pad(dt.year, 4)
    case 'M': return String(dt.month)
    case 'MM': return pad(dt.month, 2)
    case 'd': return String(dt.day)
    case 'dd': return pad(dt.day, 2)
    case 'H': return String(dt.hour)
    case 'HH': return pad(dt.hour, 2)
    case 'h': return String(dt.hour % 12 === 0 ? 12 : dt.hour % 12)
    case 'hh': return pad(dt.hour % 12 === 0 ? 12 : dt.hour % 12, 2)
    case 'm': return String(dt.minute)
    case 'mm': return pad(dt.minute, 2)
    case 's': return String(dt.second)
    case 'ss': return pad(dt.second, 2)
    case 'S': return String(dt.millisecond)
    case 'SSS': return pad(dt.millisecond, 3)
    case 'Z': return formatOffset(dt.offset, 'narrow')
    case 'ZZ': return formatOffset(dt.offset, 'short')
    case 'ZZZ': return formatOffset(dt.offset, 'techie')
    default: return isLetter(token) ? unsupported(token) : token
  }
}

interface ParseUnit {
  regex: string
  apply?: (value: string, into: Partial<Fields> & { offset?: number }) => void
}

const OFFSET_RE = '[+-]\\d{1,2}(?::?\\d{2})?|Z'

function parseOffset(s: string): number {
  if (s === 'Z') return 0
  const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(s)!
  const total = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '-' ? -total : total
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** One format token as a piece of a parsing regex (luxon's `unitForToken`, numeric tokens only). */
function unitFor(token: Split): ParseUnit {
  if (token.literal || !isLetter(token.val)) return { regex: escapeRe(token.val) }
  const num = (regex: string, unit: keyof Fields, map: (n: number) => number = (n) => n): ParseUnit => ({
    regex,
    apply: (v, into) => { into[unit] = map(Number(v)) },
  })
  switch (token.val) {
    case 'y': return num('\\d{1,6}', 'year')
    case 'yy': return num('\\d{2}', 'year', (n) => (n > 60 ? 1900 + n : 2000 + n))
    case 'yyyy': return num('\\d{4}', 'year')
    case 'M': return num('\\d{1,2}', 'month')
    case 'MM': return num('\\d{2}', 'month')
    case 'd': return num('\\d{1,2}', 'day')
    case 'dd': return num('\\d{2}', 'day')
    case 'H': return num('\\d{1,2}', 'hour')
    case 'HH': return num('\\d{2}', 'hour')
    case 'm': return num('\\d{1,2}', 'minute')
    case 'mm': return num('\\d{2}', 'minute')
    case 's': return num('\\d{1,2}', 'second')
    case 'ss': return num('\\d{2}', 'second')
    case 'S': return num('\\d{1,3}', 'millisecond')
    case 'SSS': return num('\\d{3}', 'millisecond')
    case 'Z': case 'ZZ': case 'ZZZ':
      return { regex: OFFSET_RE, apply: (v, into) => { into.offset = parseOffset(v) } }
    default: return unsupported(token.val)
  }
}

// Calendar dates in ISO 8601, extended (2026-05-04T09:53:51.123+03:00) or basic (20260504T095351Z).
const ISO_EXTENDED = /^([+-]?\d{4,6})-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?)?$/
const ISO_BASIC = /^([+-]?\d{4})(\d{2})(\d{2})(?:T(\d{2})(?:(\d{2})(?:(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/

const fraction = (digits: string | undefined): number => (digits ? Math.floor(Number(`0.${digits}`) * 1000) : 0)

export class DateTime {
  readonly ts: number
  readonly zone: Zone
  readonly invalidReason: string | null
  readonly #fields: Fields | null

  private constructor(ts: number, zone: Zone, invalidReason: string | null = null) {
    this.invalidReason = invalidReason ?? (Number.isFinite(ts) ? null : 'invalid input')
    this.ts = this.invalidReason ? NaN : ts
    this.zone = zone
    if (this.invalidReason) {
      this.#fields = null
    } else {
      const d = new Date(ts + (zone.kind === 'fixed' ? zone.offset * 60_000 : 0))
      this.#fields = zone.kind === 'fixed'
        ? { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), millisecond: d.getUTCMilliseconds() }
        : { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate(), hour: d.getHours(), minute: d.getMinutes(), second: d.getSeconds(), millisecond: d.getMilliseconds() }
    }
  }

  static invalid(reason: string): DateTime {
    return new DateTime(NaN, SYSTEM, reason)
  }

  static now(): DateTime {
    return new DateTime(Date.now(), SYSTEM)
  }

  static fromMillis(ms: number, opts: ZoneOptions = {}): DateTime {
    const zone = zoneOf(opts.zone)
    return zone ? new DateTime(ms, zone) : DateTime.invalid('unsupported zone')
  }

  static fromJSDate(date: Date, opts: ZoneOptions = {}): DateTime {
    // by tag, as luxon does: a Date from another frame is a Date too
    const ms = Object.prototype.toString.call(date) === '[object Date]' ? date.valueOf() : NaN
    return Number.isNaN(ms) ? DateTime.invalid('invalid input') : DateTime.fromMillis(ms, opts)
  }

  static fromISO(text: string, opts: ZoneOptions = {}): DateTime {
    const m = ISO_EXTENDED.exec(text) ?? ISO_BASIC.exec(text)
    if (!m) return DateTime.invalid('unparsable')
    const target = zoneOf(opts.zone)
    if (!target) return DateTime.invalid('unsupported zone')
    const fields: Fields = {
      year: Number(m[1]),
      month: Number(m[2]),
      day: m[3] === undefined ? 1 : Number(m[3]),
      hour: Number(m[4] ?? 0),
      minute: Number(m[5] ?? 0),
      second: Number(m[6] ?? 0),
      millisecond: fraction(m[7]),
    }
    return DateTime.#fromFields(fields, m[8] === undefined ? undefined : parseOffset(m[8]), target, opts.setZone)
  }

  static fromFormat(text: string, format: string, opts: ZoneOptions = {}): DateTime {
    const units = splitFormat(format).map(unitFor)
    const match = new RegExp(`^${units.map((u) => `(${u.regex})`).join('')}$`, 'i').exec(text)
    if (!match) return DateTime.invalid('unparsable')
    const target = zoneOf(opts.zone)
    if (!target) return DateTime.invalid('unsupported zone')
    const parsed: Partial<Fields> & { offset?: number } = {}
    units.forEach((u, i) => u.apply?.(match[i + 1]!, parsed))
    // Like luxon: units larger than the largest one the format has come from
    // "now" in the target zone (HH:mm is today); smaller ones start at their minimum.
    const order = ['year', 'month', 'day', 'hour', 'minute', 'second', 'millisecond'] as const
    const largest = order.findIndex((unit) => parsed[unit] !== undefined)
    const now = new DateTime(Date.now(), target)
    const minimum = (unit: keyof Fields) => (unit === 'month' || unit === 'day' ? 1 : 0)
    const fields = Object.fromEntries(order.map((unit, i) => [
      unit,
      parsed[unit] ?? (largest === -1 || i < largest ? now[unit] : minimum(unit)),
    ])) as unknown as Fields
    return DateTime.#fromFields(fields, parsed.offset, target, opts.setZone)
  }

  /** Wall-clock fields in `target`, or at a parsed `offset` (kept as the zone with `setZone`). */
  static #fromFields(fields: Fields, offset: number | undefined, target: Zone, setZone = false): DateTime {
    if (!inRange(fields)) return DateTime.invalid('unit out of range')
    if (offset === undefined) return new DateTime(tsOf(fields, target), target)
    const parsedZone: Zone = { kind: 'fixed', offset }
    return new DateTime(tsOf(fields, parsedZone), setZone ? parsedZone : target)
  }

  get isValid(): boolean {
    return this.invalidReason === null
  }

  get year(): number { return this.#fields?.year ?? NaN }
  get month(): number { return this.#fields?.month ?? NaN }
  get day(): number { return this.#fields?.day ?? NaN }
  get hour(): number { return this.#fields?.hour ?? NaN }
  get minute(): number { return this.#fields?.minute ?? NaN }
  get second(): number { return this.#fields?.second ?? NaN }
  get millisecond(): number { return this.#fields?.millisecond ?? NaN }
  /** Minutes east of UTC. */
  get offset(): number { return this.isValid ? offsetAt(this.zone, this.ts) : NaN }

  toMillis(): number {
    return this.ts
  }

  toSeconds(): number {
    return this.ts / 1000
  }

  valueOf(): number {
    return this.ts
  }

  toJSDate(): Date {
    return new Date(this.ts)
  }

  toFormat(format: string): string {
    if (!this.isValid) return 'Invalid DateTime'
    return splitFormat(format).map((s) => (s.literal ? s.val : tokenText(this, s.val))).join('')
  }

  /** luxon's default `toISO()`: `2026-05-04T09:53:51.000+03:00`, `Z` in UTC. */
  toISO(): string | null {
    if (!this.isValid) return null
    const offset = this.offset
    const year = this.year > 9999 || this.year < 0 ? (this.year < 0 ? '-' : '+') + pad(Math.abs(this.year), 6) : pad(this.year, 4)
    const zone = this.zone.kind === 'fixed' && offset === 0 ? 'Z' : formatOffset(offset, 'short')
    return `${year}-${this.toFormat("MM-dd'T'HH:mm:ss.SSS")}${zone}`
  }

  toString(): string {
    return this.toISO() ?? 'Invalid DateTime'
  }

  toJSON(): string | null {
    return this.toISO()
  }
}
