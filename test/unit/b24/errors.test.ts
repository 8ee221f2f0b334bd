import { describe, expect, it } from 'vitest'
import { AppErrorCode, B24Error } from '@/b24/errors'

describe('B24Error.from', () => {
  it('keeps code, status and description of an SDK-style error', () => {
    const sdkError = Object.assign(new Error('ACCESS_DENIED: Access denied!'), { code: 'ACCESS_DENIED', status: 403, description: 'Access denied!' })
    const e = B24Error.from(sdkError)
    expect(e).toBeInstanceOf(B24Error)
    expect([e.code, e.status, e.description]).toEqual(['ACCESS_DENIED', 403, 'Access denied!'])
  })

  it('keeps the empty code CRM binding methods send with HTTP 400', () => {
    const e = B24Error.from({ code: '', status: 400, description: 'The parameter ownerEntityID is invalid or not defined.' })
    expect([e.code, e.status]).toEqual(['', 400])
  })

  it('wraps anything else as an unknown app error', () => {
    const e = B24Error.from(new TypeError('boom'))
    expect(e.code).toBe(AppErrorCode.UNKNOWN)
    expect(e.description).toBe('boom')
  })

  it('returns the same instance for a B24Error', () => {
    const e = new B24Error('QUERY_LIMIT_EXCEEDED', 503)
    expect(B24Error.from(e)).toBe(e)
  })
})
