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
    expect(calls[0]!.sub).toEqual(['crm.company.get', 'crm.company.contact.items.get', 'crm.company.contact.add', 'profile'])
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

/** Every REST method the app ran, batch sub-commands included, in order. */
function methodsRun(env: ReturnType<typeof createPortalEnv>, since = 0) {
  return restMethods(env, since).flatMap((c) => (c.name === 'batch' ? c.sub ?? [] : [c.name]))
}

describe('clearing all contacts', () => {
  it('re-reads before the delete, sends one items.delete with a re-read, empties the list and asks the card to reload', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Clear Me Test Ltd', contacts: 9 })
    await env.store.load(id)
    const since = env.portal.log().at(-1)?.seq ?? 0
    const outcome = await env.store.clearAll(env.store.links)
    expect(restMethods(env, since).map((c) => c.name)).toEqual(['crm.company.contact.items.get', 'batch'])
    expect(methodsRun(env, since)).toEqual(['crm.company.contact.items.get', 'crm.company.contact.items.delete', 'crm.company.contact.items.get'])
    expect(restMethods(env, since)[1]!.params).toMatchObject({ cmd: { write: `crm.company.contact.items.delete?id=${id}` } })
    expect(env.portal.links(id)).toEqual([])
    expect(env.store.count).toBe(0)
    expect(outcome.kind).toBe('cleared')
    if (outcome.kind === 'cleared') expect(outcome.snapshot.links).toHaveLength(9)
    expect(env.store.lastClear?.links).toHaveLength(9)
    expect(env.port.uiCalls.map((c) => c.command)).toContain('reloadData')
    expect(env.store.clearing).toBe(false)
  })

  it('sends nothing when someone linked a contact after the user confirmed, and marks it', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Stale Test BV', contacts: 3 })
    await env.store.load(id)
    const confirmed = env.store.links
    const newcomer = env.portal.addContact({ name: 'Late', lastName: 'Arrival' })
    env.portal.setLinks(id, [...env.portal.links(id), { CONTACT_ID: newcomer, SORT: 40 }])
    const since = env.portal.log().at(-1)?.seq ?? 0
    const outcome = await env.store.clearAll(confirmed)
    expect(outcome).toMatchObject({ kind: 'stale', diff: { added: [newcomer], removed: [] } })
    expect(methodsRun(env, since)).not.toContain('crm.company.contact.items.delete')
    expect(env.portal.links(id)).toHaveLength(4)
    expect(env.store.rows.find((r) => r.id === newcomer)).toMatchObject({ change: 'added', details: { name: 'Late' } })
    expect(env.store.lastClear).toBeNull()
  })

  it('marks a contact someone unlinked meanwhile, and sends nothing', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Stale Removal Test BV', contacts: 3 })
    await env.store.load(id)
    const confirmed = env.store.links
    const gone = confirmed[1]!.contactId
    env.portal.setLinks(id, env.portal.links(id).filter((l) => l.CONTACT_ID !== gone))
    const outcome = await env.store.clearAll(confirmed)
    expect(outcome).toMatchObject({ kind: 'stale', diff: { added: [], removed: [gone] } })
    expect(env.store.rows.find((r) => r.id === gone)?.change).toBe('removed')
    expect(env.store.count).toBe(2)
    expect(env.portal.links(id)).toHaveLength(2)
  })

  it('throws ACCESS_DENIED from the delete and keeps the list as the server has it', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Denied Test GmbH', contacts: 4 })
    await env.store.load(id)
    env.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'error', status: 403, error: 'ACCESS_DENIED', description: 'Access denied!' })
    await expect(env.store.clearAll(env.store.links)).rejects.toMatchObject({ code: 'ACCESS_DENIED' })
    expect(env.store.count).toBe(4)
    expect(env.portal.links(id)).toHaveLength(4)
    expect(env.store.lastClear).toBeNull()
    expect(env.port.uiCalls.map((c) => c.command)).not.toContain('reloadData')
  })

  it('when the answer is lost after the server applied the delete, confirms it by re-reading', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Dropped Test SARL', contacts: 5 })
    await env.store.load(id)
    env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    const outcome = await env.store.clearAll(env.store.links)
    expect(outcome.kind).toBe('cleared')
    expect(env.portal.links(id)).toEqual([])
    expect(env.store.count).toBe(0)
    expect(env.store.lastClear?.links).toHaveLength(5)
  })

  it('keeps Undo when the delete was applied but neither its answer nor the re-read came back', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Unknown Outcome Test SARL', contacts: 4 })
    await env.store.load(id)
    // The delete's request is applied, then its connection drops…
    env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    // …and the re-reads after it fail too: the one inside the dropped batch and
    // the one after it (faults reach batch sub-commands). The stale check before goes through.
    env.portal.addFault({ method: 'crm.company.contact.items.get', skip: 1, count: 2, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await expect(env.store.clearAll(env.store.links)).rejects.toMatchObject({ code: 'APP_NOT_CONFIRMED' })
    expect(env.portal.links(id)).toEqual([])
    expect(env.store.lastClear?.links).toHaveLength(4)
    const outcome = await env.store.undo()
    expect(outcome.kind).toBe('restored')
    expect(env.portal.links(id)).toHaveLength(4)
  })

  it('keeps Undo after a refresh that follows the clear', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Refresh After Clear Test AG', contacts: 3 })
    await env.store.load(id)
    await env.store.clearAll(env.store.links)
    await env.store.load(id)
    expect(env.store.canEdit).toBe(true)
    expect(env.store.lastClear?.links).toHaveLength(3)
  })

  it('refuses a second clear while one is pending', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Double Click Test BV', contacts: 3 })
    await env.store.load(id)
    const first = env.store.clearAll(env.store.links)
    await expect(env.store.clearAll(env.store.links)).rejects.toMatchObject({ code: 'APP_BUSY' })
    await first
    expect(methodsRun(env).filter((m) => m === 'crm.company.contact.items.delete')).toHaveLength(1)
  })
})

describe('undo', () => {
  async function cleared(contacts = 6) {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Undo Test AS', contacts })
    // Sparse, custom SORT values and mixed main-company flags, as a real company has.
    const custom = env.portal.links(id).map((l, i) => ({ CONTACT_ID: l.CONTACT_ID, SORT: 7 + i * 13, IS_PRIMARY: (i % 2 ? 'N' : 'Y') as 'Y' | 'N' }))
    env.portal.setLinks(id, custom)
    await env.store.load(id)
    const before = env.portal.links(id)
    await env.store.clearAll(env.store.links)
    return { env, id, before }
  }

  it('restores every contact with its original SORT in one items.set, then re-reads', async () => {
    const { env, id, before } = await cleared()
    const since = env.portal.log().at(-1)?.seq ?? 0
    const outcome = await env.store.undo()
    expect(outcome.kind).toBe('restored')
    expect(methodsRun(env, since)).toEqual(['crm.company.contact.items.get', 'crm.company.contact.items.set', 'crm.company.contact.items.get'])
    expect(env.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT])).toEqual(before.map((l) => [l.CONTACT_ID, l.SORT]))
    expect(env.store.links.map((l) => [l.contactId, l.sort])).toEqual(before.map((l) => [l.CONTACT_ID, l.SORT]))
    expect(env.store.lastClear).toBeNull()
  })

  it('keeps a contact someone linked after the clear', async () => {
    const { env, id, before } = await cleared(4)
    const newcomer = env.portal.addContact({ name: 'Kept', lastName: 'Colleague' })
    env.portal.setLinks(id, [{ CONTACT_ID: newcomer, SORT: 500 }])
    const outcome = await env.store.undo()
    expect(outcome.kind).toBe('restored')
    const ids = env.portal.links(id).map((l) => l.CONTACT_ID)
    expect(ids).toEqual([...before.map((l) => l.CONTACT_ID), newcomer])
  })

  it('keeps the snapshot when the undo fails, and a retry succeeds', async () => {
    const { env, id, before } = await cleared(5)
    env.portal.addFault({ method: 'crm.company.contact.items.set', count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await expect(env.store.undo()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' })
    expect(env.store.lastClear?.links).toHaveLength(5)
    expect(env.portal.links(id)).toEqual([])
    expect(env.store.count).toBe(0)
    const outcome = await env.store.undo()
    expect(outcome.kind).toBe('restored')
    expect(env.portal.links(id).map((l) => l.SORT)).toEqual(before.map((l) => l.SORT))
  })
})
