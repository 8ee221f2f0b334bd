import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppErrorCode } from '@/b24/errors'
import { useLinksStore } from '@/stores/links'
import { SEED_USER } from '@emulator/portal'
import { createPortalEnv, createStoreEnv, portWith } from '../../fakes/app-env'
import { PortalPort } from '../../fakes/portal-port'

const EDITOR = SEED_USER.editor
const READ_ONLY = SEED_USER.reader

function setup(options: Parameters<typeof createPortalEnv>[0] = {}) {
  const env = createPortalEnv(options)
  createStoreEnv(env.port)
  return { ...env, store: useLinksStore() }
}

function restMethods(env: ReturnType<typeof createPortalEnv>, since = 0) {
  return env.portal.log(since).filter((e) => e.kind === 'rest')
}

describe('loading the tab', () => {
  it('reads company, links and edit right in one request and the details in one more', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Two Requests Test Inc', contacts: 120 })
    const since = env.portal.log().at(-1)?.seq ?? 0
    await env.store.load({ card: 'company', id: id })
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
    await env.store.load({ card: 'company', id: big })
    expect(restMethods(env, since).length).toBe(2)
    expect(env.store.count).toBe(2500)
    since = env.portal.log().at(-1)?.seq ?? 0
    await env.store.load({ card: 'company', id: 3 }) // seed: Megastack Logistics, 3,000 contacts
    expect(restMethods(env, since).length).toBe(3)
    expect(env.store.count).toBe(3000)
  })

  it('keeps a contact the user may not read as a row without details, and counts it', async () => {
    const env = setup({ userId: READ_ONLY })
    await env.store.load({ card: 'company', id: 1 }) // seed: contact 8 is hidden from the read-only user
    const hidden = env.store.rows.find((r) => r.id === 8)
    expect(hidden).toBeDefined()
    expect(hidden!.details).toBeNull()
    expect(env.store.count).toBe(env.portal.links(1).length)
  })

  it('marks the contacts whose main company this is', async () => {
    const env = setup()
    await env.store.load({ card: 'company', id: 1 })
    const primary = new Map(env.portal.links(1).map((l) => [l.CONTACT_ID, l.IS_PRIMARY === 'Y']))
    for (const row of env.store.rows) expect(row.isPrimary).toBe(primary.get(row.id))
    expect(env.store.rows.some((r) => !r.isPrimary)).toBe(true)
  })

  it('finds out without changing anything that a read-only user may not edit', async () => {
    const env = setup({ userId: READ_ONLY })
    const before = env.portal.links(1)
    await env.store.load({ card: 'company', id: 1 })
    expect(env.store.canEdit).toBe(false)
    expect(env.portal.links(1)).toEqual(before)
  })
})

/** Every REST method the app ran, batch sub-commands included, in order. */
function methodsRun(env: ReturnType<typeof createPortalEnv>, since = 0) {
  return restMethods(env, since).flatMap((c) => (c.name === 'batch' ? c.sub ?? [] : [c.name]))
}

describe('clearing all contacts', () => {
  it('reads the links, deletes them and re-reads in ONE halting request, empties the list and asks the card to reload', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Clear Me Test Ltd', contacts: 9 })
    await env.store.load({ card: 'company', id: id })
    const since = env.portal.log().at(-1)?.seq ?? 0
    const outcome = await env.store.clearAll(env.store.links)
    const requests = restMethods(env, since).filter((c) => c.name !== 'user.option.set')
    expect(requests.map((c) => c.name)).toEqual(['batch'])
    expect(requests[0]!.sub).toEqual([
      'crm.company.contact.items.get', 'crm.company.contact.add', 'user.option.get', 'user.option.set', 'crm.company.contact.items.delete', 'crm.company.contact.items.get',
    ])
    // A form body, read as PHP reads one: every value a string.
    expect(requests[0]!.params).toMatchObject({ halt: '1', cmd: { write: `crm.company.contact.items.delete?id=${id}` } })
    expect(env.portal.links(id)).toEqual([])
    expect(env.store.count).toBe(0)
    expect(outcome).toMatchObject({ kind: 'cleared', putBack: [], notPutBack: [], alreadyGone: [] })
    if (outcome.kind === 'cleared') expect(outcome.snapshot.links).toHaveLength(9)
    expect(env.store.lastClear?.links).toHaveLength(9)
    expect(env.port.uiCalls.map((c) => c.command)).toContain('reloadData')
    expect(env.store.clearing).toBe(false)
  })

  it('never deletes for a user who may not edit the company: the guard before the delete stops the batch', async () => {
    const env = setup({ userId: READ_ONLY })
    await env.store.load({ card: 'company', id: 1 })
    const before = env.portal.links(1)
    // why: items.delete itself checks only read permission (docs/bitrix24.md, CRM links).
    await expect(env.store.clearAll(env.store.links)).rejects.toMatchObject({ code: 'ACCESS_DENIED' })
    expect(env.portal.links(1)).toEqual(before)
    expect(env.store.lastClear).toBeNull()
  })

  it.each([
    ['the answer is lost', false],
    ['the SDK sent the request again and its second run read an empty list', true],
  ])('loses nothing when %s: the read saved on the portal before the delete tells what was linked', async (_, resend) => {
    const env = setup({ userId: EDITOR })
    env.port.resendLostAnswers = resend
    const id = env.portal.addCompany({ title: 'Lost Answer Record Test SARL', contacts: 2 })
    await env.store.load({ card: 'company', id: id })
    const confirmed = env.store.links
    // A colleague links a contact right before the clear's request, whose answer is then lost.
    const newcomer = env.portal.addContact({ name: 'Unseen', lastName: 'Newcomer' })
    env.portal.addHook({ method: 'crm.company.contact.items.delete', link: { companyId: id, contactId: newcomer, sort: 5 } })
    env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    const outcome = await env.store.clearAll(confirmed)
    expect(outcome).toMatchObject({ kind: 'cleared', putBack: [{ itemId: newcomer, sort: 5 }] })
    expect(env.portal.links(id).map((l) => l.CONTACT_ID)).toEqual([newcomer])
    expect(env.store.lastClear?.links.map((l) => l.itemId)).toEqual(confirmed.map((l) => l.itemId))
  })

  it('never deletes when the read before it fails: the batch halts there', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Halt Test GmbH', contacts: 3 })
    await env.store.load({ card: 'company', id: id })
    env.portal.addFault({ method: 'crm.company.contact.items.get', count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await expect(env.store.clearAll(env.store.links)).rejects.toMatchObject({ code: AppErrorCode.NOT_RUN })
    expect(env.portal.links(id)).toHaveLength(3)
    expect(env.store.lastClear).toBeNull()
  })

  it('a contact someone linked after the person confirmed is unlinked with the rest, recorded, and linked again at once with its SORT', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Late Link Test BV', contacts: 3 })
    await env.store.load({ card: 'company', id: id })
    const confirmed = env.store.links
    const newcomer = env.portal.addContact({ name: 'Late', lastName: 'Arrival' })
    env.portal.setLinks(id, [...env.portal.links(id), { CONTACT_ID: newcomer, SORT: 45, IS_PRIMARY: 'Y' }])
    const since = env.portal.log().at(-1)?.seq ?? 0
    const outcome = await env.store.clearAll(confirmed)
    expect(methodsRun(env, since).filter((m) => m === 'crm.company.contact.items.delete')).toHaveLength(1)
    expect(outcome).toMatchObject({ kind: 'cleared', putBack: [{ itemId: newcomer, sort: 45, isPrimary: true }], notPutBack: [] })
    expect(env.portal.links(id)).toEqual([{ CONTACT_ID: newcomer, SORT: 45, ROLE_ID: 0, IS_PRIMARY: 'Y' }])
    expect(env.portal.mainCompanyOf(newcomer)).toBe(id)
    // Shown, marked, and not part of the record of what this clear unlinked.
    expect(env.store.rows).toMatchObject([{ id: newcomer, change: 'added', details: { name: 'Late' } }])
    expect(env.store.lastClear?.links.map((l) => l.itemId)).toEqual(confirmed.map((l) => l.itemId))
  })

  it('a contact linked meanwhile that cannot be linked again stays in the record, for Undo', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Late Link Failure Test BV', contacts: 2 })
    await env.store.load({ card: 'company', id: id })
    const confirmed = env.store.links
    const newcomer = env.portal.addContact({ name: 'Unlucky', lastName: 'Newcomer' })
    env.portal.setLinks(id, [...env.portal.links(id), { CONTACT_ID: newcomer, SORT: 99 }])
    // The clear's guard (one add) goes through; linking the newcomer again fails.
    env.portal.addFault({ method: 'crm.company.contact.add', skip: 1, count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    const outcome = await env.store.clearAll(confirmed)
    expect(outcome).toMatchObject({ kind: 'cleared', putBack: [], notPutBack: [{ itemId: newcomer, sort: 99 }] })
    expect(env.portal.links(id)).toEqual([])
    expect(env.store.lastClear?.links.map((l) => l.itemId)).toEqual([...confirmed.map((l) => l.itemId), newcomer])
    await env.store.undo()
    expect(env.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT])).toEqual([...confirmed.map((l) => [l.itemId, l.sort]), [newcomer, 99]])
  })

  it('reports a contact that was no longer linked when the delete ran, and keeps it in the record (it may have been this clear\'s first run)', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Early Removal Test BV', contacts: 3 })
    await env.store.load({ card: 'company', id: id })
    const confirmed = env.store.links
    const gone = confirmed[1]!.itemId
    env.portal.setLinks(id, env.portal.links(id).filter((l) => l.CONTACT_ID !== gone))
    const outcome = await env.store.clearAll(confirmed)
    expect(outcome).toMatchObject({ kind: 'cleared', alreadyGone: [{ itemId: gone }] })
    expect(env.store.lastClear?.links.map((l) => l.itemId)).toContain(gone)
    expect(env.store.count).toBe(0)
    expect(env.portal.links(id)).toEqual([])
  })

  it('throws ACCESS_DENIED from the delete and keeps the list as the server has it', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Denied Test GmbH', contacts: 4 })
    await env.store.load({ card: 'company', id: id })
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
    await env.store.load({ card: 'company', id: id })
    env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    const outcome = await env.store.clearAll(env.store.links)
    expect(outcome.kind).toBe('cleared')
    expect(env.portal.links(id)).toEqual([])
    expect(env.store.count).toBe(0)
    expect(env.store.lastClear?.links).toHaveLength(5)
  })

  it('when the SDK re-sends a clear whose answer was lost, the record still holds every confirmed contact', async () => {
    const env = setup({ userId: EDITOR })
    env.port.resendLostAnswers = true
    const id = env.portal.addCompany({ title: 'Resent Test SARL', contacts: 5 })
    await env.store.load({ card: 'company', id: id })
    env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    const outcome = await env.store.clearAll(env.store.links)
    // The second run read an empty list: the record falls back to what the person confirmed.
    expect(outcome).toMatchObject({ kind: 'cleared', alreadyGone: [] })
    expect(env.store.lastClear?.links).toHaveLength(5)
  })

  it('keeps Undo when the delete was applied but neither its answer nor the re-read came back', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Unknown Outcome Test SARL', contacts: 4 })
    await env.store.load({ card: 'company', id: id })
    // The clear's request is applied, then its connection drops, and the re-read after it fails too.
    env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    env.portal.addFault({ method: 'crm.company.contact.items.get', skip: 2, count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await expect(env.store.clearAll(env.store.links)).rejects.toMatchObject({ code: AppErrorCode.NOT_CONFIRMED })
    expect(env.portal.links(id)).toEqual([])
    expect(env.store.lastClear?.links).toHaveLength(4)
    const outcome = await env.store.undo()
    expect(outcome.kind).toBe('restored')
    expect(env.portal.links(id)).toHaveLength(4)
  })

  it('keeps Undo after a refresh that follows the clear', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Refresh After Clear Test AG', contacts: 3 })
    await env.store.load({ card: 'company', id: id })
    await env.store.clearAll(env.store.links)
    await env.store.load({ card: 'company', id: id })
    expect(env.store.canEdit).toBe(true)
    expect(env.store.lastClear?.links).toHaveLength(3)
  })

  it('refuses a second clear while one is pending', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Double Click Test BV', contacts: 3 })
    await env.store.load({ card: 'company', id: id })
    const first = env.store.clearAll(env.store.links)
    await expect(env.store.clearAll(env.store.links)).rejects.toMatchObject({ code: AppErrorCode.BUSY })
    await first
    expect(methodsRun(env).filter((m) => m === 'crm.company.contact.items.delete')).toHaveLength(1)
  })

  it('an older read that answers after the clear never shows its links again', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Slow Refresh Test AB', contacts: 4 })
    await env.store.load({ card: 'company', id: id })
    // A refresh whose items.get is read now but heard late (after the clear's re-read).
    let release!: () => void
    const heldAnswers = new Promise<void>((resolve) => { release = resolve })
    const slow = portWith(env.port, {
      call: async <T>(method: string, params?: Record<string, unknown>) => {
        const answer = await env.port.call<T>(method, params)
        if (method === 'crm.company.contact.items.get') await heldAnswers
        return answer
      },
    })
    createStoreEnv(slow)
    const store = useLinksStore()
    await store.load({ card: 'company', id: id })
    const refresh = store.refresh()
    await store.clearAll(store.links)
    expect(store.count).toBe(0)
    release()
    await refresh
    expect(store.count).toBe(0)
    expect(env.portal.links(id)).toEqual([])
  })
})

describe('undo', () => {
  async function cleared(contacts = 6) {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Undo Test AS', contacts })
    // Sparse, custom SORT values and mixed main-company flags, as a real company has:
    // every other contact has another company as its main company.
    const custom = env.portal.links(id).map((l, i) => ({ CONTACT_ID: l.CONTACT_ID, SORT: 7 + i * 13, IS_PRIMARY: (i % 2 ? 'N' : 'Y') as 'Y' | 'N' }))
    const other = env.portal.addCompany({ title: 'Main Elsewhere Test AS' })
    env.portal.setLinks(other, custom.filter((c) => c.IS_PRIMARY === 'N').map((c) => ({ CONTACT_ID: c.CONTACT_ID, IS_PRIMARY: 'Y' as const })))
    env.portal.setLinks(id, custom)
    await env.store.load({ card: 'company', id: id })
    const before = env.portal.links(id)
    await env.store.clearAll(env.store.links)
    return { env, id, before }
  }

  it('links every contact again with crm.company.contact.add, its SORT and main-company flag, and re-reads in the same request', async () => {
    const { env, id, before } = await cleared()
    const since = env.portal.log().at(-1)?.seq ?? 0
    const outcome = await env.store.undo()
    expect(outcome.kind).toBe('restored')
    expect(methodsRun(env, since).filter((m) => m !== 'user.option.set')).toEqual([...Array(6).fill('crm.company.contact.add'), 'crm.company.contact.items.get'])
    expect(restMethods(env, since).filter((c) => c.name === 'batch')).toHaveLength(1)
    expect(env.portal.links(id)).toEqual(before)
    expect(env.store.links.map((l) => [l.itemId, l.sort])).toEqual(before.map((l) => [l.CONTACT_ID, l.SORT]))
    expect(env.store.lastClear).toBeNull()
  })

  it('sends 50 adds a request: 120 contacts take three requests, the re-read riding in the last', async () => {
    const { env, id } = await cleared(120)
    const since = env.portal.log().at(-1)?.seq ?? 0
    await env.store.undo()
    const batches = restMethods(env, since).filter((c) => c.name === 'batch')
    expect(batches.map((b) => b.sub!.length)).toEqual([50, 50, 21])
    expect(env.portal.links(id)).toHaveLength(120)
  })

  it('never removes a link: a contact someone linked before the undo stays linked', async () => {
    const { env, id, before } = await cleared(4)
    const newcomer = env.portal.addContact({ name: 'Kept', lastName: 'Colleague' })
    env.portal.setLinks(id, [{ CONTACT_ID: newcomer, SORT: 500 }])
    const outcome = await env.store.undo()
    expect(outcome.kind).toBe('restored')
    const ids = env.portal.links(id).map((l) => l.CONTACT_ID)
    expect(ids).toEqual([...before.map((l) => l.CONTACT_ID), newcomer])
  })

  it('a contact someone linked again meanwhile keeps the SORT they gave it, and says so', async () => {
    const { env, id, before } = await cleared(3)
    const again = before[0]!.CONTACT_ID
    env.portal.setLinks(id, [{ CONTACT_ID: again, SORT: 999 }])
    const outcome = await env.store.undo()
    expect(outcome).toMatchObject({ kind: 'mismatch', diff: { resorted: [again], removed: [] } })
    expect(env.portal.links(id).find((l) => l.CONTACT_ID === again)?.SORT).toBe(999)
    expect(env.portal.links(id)).toHaveLength(3)
  })

  it('keeps the record when the undo fails, and a retry succeeds', async () => {
    const { env, id, before } = await cleared(5)
    env.portal.addFault({ method: 'crm.company.contact.add', count: 2, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await expect(env.store.undo()).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' })
    expect(env.store.lastClear?.links).toHaveLength(5)
    expect(env.portal.links(id)).toHaveLength(3)
    const outcome = await env.store.undo()
    expect(outcome.kind).toBe('restored')
    expect(env.portal.links(id).map((l) => l.SORT)).toEqual(before.map((l) => l.SORT))
  })
})

describe('Undo after a reload of the card', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  async function clearedThenReloaded(options: { minutes?: number } = {}) {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Reload Test Oy', contacts: 4 })
    await env.store.load({ card: 'company', id: id })
    const before = env.portal.links(id)
    await env.store.clearAll(env.store.links)
    // The record is kept on the portal in the background, after the clear.
    await vi.waitFor(() => expect(env.store.undoKeeping).toBe('portal'))
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + (options.minutes ?? 10) * 60_000)
    // The card is reloaded: a new frame (getInitData with the user's options), a new store.
    const port = new PortalPort(env.portal, { companyId: id })
    createStoreEnv(port)
    const store = useLinksStore()
    await store.load({ card: 'company', id: id })
    return { env, id, before, store }
  }

  it('keeps the record in the user\'s options and offers it again when the tab opens', async () => {
    const { env, id, before, store } = await clearedThenReloaded()
    expect(Object.keys(env.portal.userOptions(EDITOR))).toContain(`cc_undo_${id}`)
    expect(store.lastClear).toMatchObject({ kept: true, links: before.map((l) => ({ itemId: l.CONTACT_ID, sort: l.SORT })) })
    expect(store.lastClear?.details.get(before[0]!.CONTACT_ID)?.name).toBeTruthy()
    const outcome = await store.undo()
    expect(outcome.kind).toBe('restored')
    expect(env.portal.links(id)).toEqual(before)
    // Used up: dropped on the portal (in the background).
    await vi.waitFor(() => expect(env.portal.userOptions(EDITOR)[`cc_undo_${id}`]).toBe(''))
  })

  it('keeps Undo in the tab, and says so, when the portal refuses to save the record', async () => {
    const env = setup({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Unsaved Record Test Oy', contacts: 2 })
    await env.store.load({ card: 'company', id: id })
    // skip 1: the clear's own save (inside its batch) goes through; the kept record's write fails.
    env.portal.addFault({ method: 'user.option.set', skip: 1, count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await env.store.clearAll(env.store.links)
    await vi.waitFor(() => expect(env.store.undoKeeping).toBe('tab'))
    expect(env.portal.userOptions(EDITOR)[`cc_undo_${id}`]).toBeUndefined()
    expect(env.store.lastClear?.links).toHaveLength(2)
  })

  it('drops a record older than an hour instead of offering it', async () => {
    const { env, id, store } = await clearedThenReloaded({ minutes: 61 })
    expect(store.lastClear).toBeNull()
    await vi.waitFor(() => expect(env.portal.userOptions(EDITOR)[`cc_undo_${id}`]).toBe(''))
  })
})
