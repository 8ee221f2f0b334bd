import { describe, expect, it } from 'vitest'
import { useCompanyContactsStore } from '@/stores/company-contacts'
import { createPortalEnv, createStoreEnv } from '../../fakes/app-env'

const EDITOR = 2
const READ_ONLY = 3

function setup(options: Parameters<typeof createPortalEnv>[0] = {}) {
  const env = createPortalEnv(options)
  createStoreEnv(env.port)
  return { ...env, store: useCompanyContactsStore() }
}

function restMethods(env: ReturnType<typeof createPortalEnv>, since = 0) {
  return env.portal.log(since).filter((e) => e.kind === 'rest')
}

describe('loading the tab', () => {
  it('reads company, links and edit right in one request and the details in one more', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Two Requests Test Inc', contacts: 120 })
    const since = env.portal.log().at(-1)?.seq ?? 0
    await env.store.load(id)
    const calls = restMethods(env, since)
    expect(calls.map((c) => c.name)).toEqual(['batch', 'batch'])
    expect(calls[0]!.sub).toEqual(['crm.company.get', 'crm.company.contact.items.get', 'crm.company.contact.add'])
    expect(calls[1]!.sub).toEqual(['crm.contact.list', 'crm.contact.list', 'crm.contact.list'])
    expect(env.store.count).toBe(120)
    expect(env.store.rows.every((r) => r.details !== null)).toBe(true)
    expect(env.store.canEdit).toBe(true)
    // The probe wrote nothing.
    expect(env.portal.links(id).length).toBe(120)
  })

  it('needs two requests for 2,500 contacts and three for 3,000', async () => {
    const env = setup()
    const big = env.portal.addCompany({ title: 'Big Test Co', contacts: 2500 })
    let since = env.portal.log().at(-1)?.seq ?? 0
    await env.store.load(big)
    expect(restMethods(env, since).length).toBe(2)
    expect(env.store.count).toBe(2500)
    since = env.portal.log().at(-1)?.seq ?? 0
    await env.store.load(3) // seed: Megastack Logistics, 3,000 contacts
    expect(restMethods(env, since).length).toBe(3)
    expect(env.store.count).toBe(3000)
  })

  it('keeps a contact the user may not read as a row without details, and counts it', async () => {
    const env = setup({ userId: READ_ONLY })
    await env.store.load(1) // seed: contact 8 is hidden from the read-only user
    const hidden = env.store.rows.find((r) => r.id === 8)
    expect(hidden).toBeDefined()
    expect(hidden!.details).toBeNull()
    expect(env.store.count).toBe(env.portal.links(1).length)
  })

  it('marks the contacts whose main company this is', async () => {
    const env = setup()
    await env.store.load(1)
    const primary = new Map(env.portal.links(1).map((l) => [l.CONTACT_ID, l.IS_PRIMARY === 'Y']))
    for (const row of env.store.rows) expect(row.isPrimary).toBe(primary.get(row.id))
    expect(env.store.rows.some((r) => !r.isPrimary)).toBe(true)
  })

  it('finds out without changing anything that a read-only user may not edit', async () => {
    const env = setup({ userId: READ_ONLY })
    const before = env.portal.links(1)
    await env.store.load(1)
    expect(env.store.canEdit).toBe(false)
    expect(env.portal.links(1)).toEqual(before)
  })
})

describe('clearing all contacts', () => {
  it('sends one items.delete, re-reads the links, empties the list and asks the card to reload', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Clear Me Test Ltd', contacts: 9 })
    await env.store.load(id)
    const since = env.portal.log().at(-1)?.seq ?? 0
    const snapshot = await env.store.clearAll()
    const calls = restMethods(env, since).map((c) => c.name)
    expect(calls.filter((m) => m === 'crm.company.contact.items.delete')).toHaveLength(1)
    expect(calls.at(-1)).toBe('crm.company.contact.items.get')
    expect(env.portal.links(id)).toEqual([])
    expect(env.store.count).toBe(0)
    expect(snapshot.links.map((l) => l.contactId)).toHaveLength(9)
    expect(env.port.uiCalls.map((c) => c.command)).toContain('reloadData')
    expect(env.store.clearing).toBe(false)
  })

  it('throws ACCESS_DENIED from the delete and keeps the list as the server has it', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Denied Test GmbH', contacts: 4 })
    await env.store.load(id)
    env.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'error', status: 403, error: 'ACCESS_DENIED', description: 'Access denied!' })
    await expect(env.store.clearAll()).rejects.toMatchObject({ code: 'ACCESS_DENIED', status: 403 })
    expect(env.store.count).toBe(4)
    expect(env.portal.links(id)).toHaveLength(4)
    expect(env.port.uiCalls.map((c) => c.command)).not.toContain('reloadData')
  })

  it('when the answer is lost after the server applied the delete, shows what the server has', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Dropped Test SARL', contacts: 5 })
    await env.store.load(id)
    env.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'drop' })
    await expect(env.store.clearAll()).rejects.toMatchObject({ code: 'NETWORK_ERROR' })
    expect(env.portal.links(id)).toEqual([])
    expect(env.store.count).toBe(0)
  })

  it('refuses a second clear while one is pending', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Double Click Test BV', contacts: 3 })
    await env.store.load(id)
    const first = env.store.clearAll()
    await expect(env.store.clearAll()).rejects.toMatchObject({ code: 'APP_BUSY' })
    await first
    const deletes = restMethods(env).filter((c) => c.name === 'crm.company.contact.items.delete')
    expect(deletes).toHaveLength(1)
  })
})
