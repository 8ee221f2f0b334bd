// The real luxon under another name (vitest.config.ts), for the tests that compare src/b24/luxon-lite.ts with it.
declare module 'luxon-reference' {
  export * from 'luxon'
}
