import { describe, expect, it } from 'vitest'
import { Text } from '@bitrix24/b24jssdk'
import { DateTime } from '@/b24/luxon-lite'

// luxon-lite implements nothing: the app reaches none of the SDK's luxon code
// (src/b24/luxon-lite.ts says why). What it must do is fail loudly, naming
// itself, wherever the SDK would use a date. sdk-stand-ins.test.ts checks
// that these four methods are still all the SDK calls.

const loud = (what: string) =>
  `luxon-lite: ${what} is not implemented; the SDK path that needs it is not used by the app — see src/b24/luxon-lite.ts`

describe('luxon-lite', () => {
  it('throws, naming itself, from every DateTime method the SDK calls', () => {
    expect(() => DateTime.now()).toThrow(loud('DateTime.now'))
    expect(() => DateTime.fromJSDate(new Date())).toThrow(loud('DateTime.fromJSDate'))
    expect(() => DateTime.fromISO('2026-05-04T09:53:51+03:00')).toThrow(loud('DateTime.fromISO'))
    expect(() => DateTime.fromFormat('04.05.2026', 'dd.MM.yyyy')).toThrow(loud('DateTime.fromFormat'))
    expect(() => new (DateTime as unknown as new () => unknown)()).toThrow(loud('new DateTime()'))
  })

  it('is what the SDK gets, built as the app is: its date helpers throw luxon-lite\'s error', () => {
    expect(() => Text.getDateForLog()).toThrow(loud('DateTime.now'))
    expect(() => Text.toB24Format(new Date())).toThrow(loud('DateTime.fromJSDate'))
    expect(() => Text.toDateTime('2026-05-04T09:53:51+03:00')).toThrow(loud('DateTime.fromISO'))
    expect(() => Text.toDateTime('04.05.2026', 'dd.MM.yyyy')).toThrow(loud('DateTime.fromFormat'))
  })
})
