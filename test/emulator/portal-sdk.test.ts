/**
 * The real @bitrix24/b24jssdk against the model: proves the answers parse the
 * way the app will see them (success bodies with `time`, list totals, batch
 * sections, error payloads). The SDK runs as it is built into the app, with
 * its HTTP client src/b24/axios-lite.ts; `fetch` is replaced by a function
 * that hands the request to `portal.rest` (the SDK only accepts https webhooks).
 */
import { B24Hook } from '@bitrix24/b24jssdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPortal, type Portal } from '@emulator/portal'

let portal: Portal
let token: string
const realFetch = globalThis.fetch

async function portalFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(String(input))
  const method = /\/rest\/\d+\/[^/]+\/(.+?)(?:\.json)?$/.exec(url.pathname)?.[1] ?? ''
  const params = typeof init?.body === 'string' && init.body ? JSON.parse(init.body) : {}
  const r = portal.rest(decodeURIComponent(method), { ...params, auth: token })
  return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'Content-Type': 'application/json' } })
}

beforeAll(() => { globalThis.fetch = portalFetch })
afterAll(() => { globalThis.fetch = realFetch })
beforeEach(() => {
  portal = createPortal()
  token = portal.refreshAuth().AUTH_ID
})

const hook = () => B24Hook.fromWebhookUrl('https://portal.test/rest/1/secret/')

describe('the SDK reads the model\'s answers', () => {
  it('call.make resolves with the result (the body has `time`)', async () => {
    const r = await hook().actions.v2.call.make({ method: 'crm.company.contact.items.get', params: { id: 1 } })
    expect(r.isSuccess).toBe(true)
    const rows = r.getData()!.result as Array<{ CONTACT_ID: number }>
    expect(rows).toHaveLength(12)
    expect(rows[0]).toEqual({ CONTACT_ID: 1, SORT: 10, ROLE_ID: 0, IS_PRIMARY: 'Y' })
  })

  it('a list call exposes total and next', async () => {
    const r = await hook().actions.v2.call.make({ method: 'crm.contact.list', params: { filter: { COMPANY_ID: 3 }, select: ['ID'] } })
    expect(r.getTotal()).toBe(3000)
    expect(r.isMore()).toBe(true)
  })

  it('with isHaltOnError the commands after a failing one come back with neither a result nor an error (the port calls them APP_NOT_RUN)', async () => {
    const r = await hook().actions.v2.batch.make({
      calls: {
        before: { method: 'no.such.method', params: {} },
        write: { method: 'crm.company.contact.items.delete', params: { id: 1 } },
      },
      options: { isHaltOnError: true, returnAjaxResult: true },
    })
    const data = (r.getData() ?? {}) as Record<string, { isSuccess: boolean } | undefined>
    expect(data.before?.isSuccess).toBe(false)
    expect(data.write).toBeUndefined()
    expect(Object.keys(r.getErrorsByKey())).not.toContain('write')
    // The halt is the portal's: the delete never ran.
    expect(portal.links(1)).toHaveLength(12)
  })

  it('batch.make parses result, result_error and halts', async () => {
    const r = await hook().actions.v2.batch.make({
      calls: {
        links: { method: 'crm.company.contact.items.get', params: { id: 1 } },
        people: { method: 'crm.contact.list', params: { filter: { '@ID': [1, 2] }, select: ['ID', 'NAME', 'PHONE'] } },
        missing: { method: 'no.such.method', params: {} },
      },
      options: { isHaltOnError: false, returnAjaxResult: true },
    })
    const data = r.getData() as Record<string, { isSuccess: boolean, getData(): { result: unknown } }>
    expect(data.links!.isSuccess).toBe(true)
    expect(data.people!.getData().result).toEqual([
      { ID: '1', NAME: 'Olivia', PHONE: [expect.objectContaining({ VALUE: '+44 20 7946 0011' })] },
      { ID: '2', NAME: 'Дмитрий', PHONE: [expect.objectContaining({ TYPE_ID: 'PHONE' })] },
    ])
    expect(data.missing!.isSuccess).toBe(false)
    expect(r.getErrorMessages()).toEqual(['Method not found!'])
    expect(portal.log().at(-1)).toMatchObject({ name: 'batch', sub: ['crm.company.contact.items.get', 'crm.contact.list', 'no.such.method'] })
  })

  it('batch sub-commands arrive decoded (qs-esm → PHP parse_str) and are applied', async () => {
    await hook().actions.v2.batch.make({
      calls: [['crm.company.contact.items.set', { id: 2, items: [{ CONTACT_ID: 5, SORT: 10 }, { CONTACT_ID: 6 }] }]],
      options: { isHaltOnError: true },
    })
    expect(portal.links(2).map(l => [l.CONTACT_ID, l.SORT])).toEqual([[5, 10], [6, 20]])
  })

  it('a coded error becomes an AjaxError with that code and status', async () => {
    portal.setUserRole(1, 'readonly')
    const err = await hook().actions.v2.call.make({ method: 'crm.company.contact.items.set', params: { id: 1, items: [] } }).catch(e => e)
    expect(err).toMatchObject({ code: 'ACCESS_DENIED', status: 403 })
  })

  // why: docs/bitrix24.md, Errors: CRM binding methods send `error: ""`. The SDK then has no
  // code to report: it falls back to axios's code and loses the description.
  it('an `error: ""` answer reaches the app as ERR_BAD_REQUEST / 400', async () => {
    const err = await hook().actions.v2.call.make({ method: 'crm.company.contact.items.get', params: { id: 0 } }).catch(e => e)
    expect(err).toMatchObject({ code: 'ERR_BAD_REQUEST', status: 400 })
  })

  it('inside a batch an `error: ""` sub-result looks successful to the SDK (result undefined)', async () => {
    const r = await hook().actions.v2.batch.make({
      calls: { bad: { method: 'crm.company.contact.items.get', params: { id: 0 } } },
      options: { isHaltOnError: false, returnAjaxResult: true },
    })
    const bad = (r.getData() as Record<string, { isSuccess: boolean, getData(): { result: unknown } }>).bad!
    expect(bad.isSuccess).toBe(true)
    expect(bad.getData().result).toBeUndefined()
  })
})
