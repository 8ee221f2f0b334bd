import { describe, expect, it } from 'vitest'
import type { B24Port } from '@/b24/port'
import { readyToMount, startFirstRead } from '@/first-read'
import { SEED_USER } from '@emulator/portal'
import { createPortalEnv } from '../fakes/app-env'
import { PortalPort } from '../fakes/portal-port'

const restCount = (env: ReturnType<typeof createPortalEnv>) => env.portal.log().filter((e) => e.kind === 'rest').length

describe('startFirstRead', () => {
  it('reads nothing outside a company tab', () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    expect(startFirstRead(new PortalPort(env.portal, { placement: 'DEFAULT' }))).toBeNull()
    expect(restCount(env)).toBe(0)
  })

  it('is past its first answer once the contacts\' details have been asked for, before they arrive', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    const read = startFirstRead(new PortalPort(env.portal, { companyId: 1 }))!
    expect(read.owner).toEqual({ card: 'company', id: 1 })
    let opened = false
    void read.opened.then(() => { opened = true })
    await read.pastFirstAnswer
    // the company read and the details read have both reached the portal
    expect(restCount(env)).toBe(2)
    const company = await read.opened
    expect(opened).toBe(true)
    expect(company.links.length).toBe(company.details.size)
  })

  it('with no contacts (no second request), is past its first answer when the read ends; a failed read too', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    const empty = env.portal.addCompany({ title: 'Empty Test Ltd' })
    const read = startFirstRead(new PortalPort(env.portal, { companyId: empty }))!
    await read.pastFirstAnswer
    await expect(read.opened).resolves.toMatchObject({ links: [] })

    const missing = startFirstRead(new PortalPort(env.portal, { companyId: 99_999 }))!
    await missing.pastFirstAnswer
    await expect(missing.opened).rejects.toMatchObject({ code: 'APP_COMPANY_NOT_FOUND' })
  })
})

describe('readyToMount', () => {
  it('resolves at once without a read, and when the read could not start', async () => {
    await readyToMount(undefined)
    await readyToMount(Promise.resolve(null))
    await readyToMount(Promise.reject(new Error('no handshake')))
  })

  it('waits for the read to pass its first answer', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    const read = startFirstRead(new PortalPort(env.portal, { companyId: 1 }))
    await readyToMount(Promise.resolve(read), 60_000)
    expect(restCount(env)).toBe(2)
  })

  it('does not wait longer than its limit for a portal that does not answer', async () => {
    const silent = new Proxy({} as B24Port, {
      get: (_t, key) => (key === 'context' ? { placement: 'CRM_COMPANY_DETAIL_TAB', placementOptions: { ID: '1' } } : key === 'then' ? undefined : () => new Promise(() => {})),
    })
    const t0 = performance.now()
    await readyToMount(Promise.resolve(startFirstRead(silent)), 30)
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25)
  })
})
