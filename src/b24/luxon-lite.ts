/**
 * What `@bitrix24/b24jssdk` 2.2.0 gets when it imports `luxon`: the build
 * replaces the SDK's `luxon` with this file (vite.config.ts, `SDK_STAND_INS`).
 * luxon is 21 KB of gzip JS, and the app reaches none of it.
 *
 * The SDK imports `DateTime` in two modules and calls four of its methods:
 * - `tools/text.mjs`: `Text.toDateTime` (`fromFormat`, `fromISO`),
 *   `Text.toB24Format` (`fromJSDate`, then `toFormat`) and `Text.getDateForLog`
 *   (`now`, then `toFormat`). Their only callers in the SDK are the pull client
 *   and the B24 helper's options and currency managers, which a `B24Frame`
 *   never creates; nothing in the SDK calls `toB24Format`, and the app calls
 *   none of the three.
 * - `logger/formatter/abstract-formatter.mjs`: the timestamps of the line,
 *   JSON and Telegram log formatters (`fromJSDate`, then `toSeconds` or
 *   `toFormat`). A formatter runs only in a logger with handlers; every SDK
 *   object on the app's path logs to the SDK's `NullLogger` (the app never
 *   calls `setLogger`), which formats nothing.
 * Neither module touches `DateTime` when it loads.
 *
 * So this file keeps the name the SDK imports, so that the SDK links, and the
 * four methods it calls, each of which throws: if an SDK path that needs
 * dates ever runs in the app, it fails here, loudly, rather than with a wrong
 * date. test/unit/b24/sdk-stand-ins.test.ts fails when the SDK's version, its
 * imports of `luxon` or the `DateTime` methods it calls change.
 */

function notImplemented(what: string): never {
  throw new Error(`luxon-lite: ${what} is not implemented; the SDK path that needs it is not used by the app — see src/b24/luxon-lite.ts`)
}

export class DateTime {
  private constructor() {
    notImplemented('new DateTime()')
  }

  static now(): never {
    return notImplemented('DateTime.now')
  }

  static fromJSDate(..._args: unknown[]): never {
    return notImplemented('DateTime.fromJSDate')
  }

  static fromISO(..._args: unknown[]): never {
    return notImplemented('DateTime.fromISO')
  }

  static fromFormat(..._args: unknown[]): never {
    return notImplemented('DateTime.fromFormat')
  }
}
