import { describe, expect, it } from 'vitest'
import { useLinksStore } from '@/stores/links'
import { SEED_USER } from '@emulator/portal'
import { createPortalEnv, createStoreEnv } from '../../fakes/app-env'

const EDITOR = SEED_USER.editor

async function setup(contacts = 6) {
  const env = createPortalEnv({ userId: EDITOR })
  const id = env.portal.addCompany({ title: 'Selection Test GmbH', contacts })
  const other = env.portal.addCompany({ title: 'Main Elsewhere GmbH' })
  // Sparse SORT, and every other contact has another company as its main one.
  const links = env.portal.links(id).map((l, i) => ({ CONTACT_ID: l.CONTACT_ID, SORT: 5 + i * 11, IS_PRIMARY: (i % 2 ? 'N' : 'Y') as 'Y' | 'N' }))
  env.portal.setLinks(other, links.filter((l) => l.IS_PRIMARY === 'N').map((l) => ({ CONTACT_ID: l.CONTACT_ID, IS_PRIMARY: 'Y' as const })))
  env.portal.setLinks(id, links)
  createStoreEnv(env.port)
  const store = useLinksStore()
  await store.load({ card: 'company', id: id })
  const since = () => env.portal.log().at(-1)?.seq ?? 0
  const run = (from: number) => env.portal.log(from).filter((e) => e.kind === 'rest')
  return { env, id, store, since, run }
}

describe('unlinking a selection', () => {
  it('unlinks exactly the selected contacts with crm.company.contact.delete each, in one request with a read before and after', async () => {
    const { env, id, store, since, run } = await setup()
    const before = env.portal.links(id)
    const selected = [store.links[1]!, store.links[4]!]
    const from = since()
    const outcome = await store.unlinkSelected(selected)
    const requests = run(from).filter((e) => e.name === 'batch')
    expect(requests).toHaveLength(1)
    expect(requests[0]!.sub).toEqual(['crm.company.contact.items.get', 'crm.company.contact.delete', 'crm.company.contact.delete', 'crm.company.contact.items.get'])
    expect(run(from).flatMap((e) => e.sub ?? [e.name])).not.toContain('crm.company.contact.items.delete')
    expect(run(from).flatMap((e) => e.sub ?? [e.name])).not.toContain('crm.company.contact.items.set')
    // The others keep their SORT and main-company flags.
    expect(env.portal.links(id)).toEqual(before.filter((l) => !selected.some((s) => s.itemId === l.CONTACT_ID)))
    expect(outcome).toMatchObject({ kind: 'cleared', alreadyGone: [] })
    expect(store.lastClear?.links.map((l) => l.itemId)).toEqual(selected.map((l) => l.itemId))
    expect(store.count).toBe(4)
  })

  it('never touches a contact a colleague linked meanwhile', async () => {
    const { env, id, store } = await setup(3)
    const newcomer = env.portal.addContact({ name: 'Kept', lastName: 'Newcomer' })
    env.portal.addHook({ method: 'crm.company.contact.delete', link: { companyId: id, contactId: newcomer, sort: 1 } })
    await store.unlinkSelected([store.links[0]!])
    expect(env.portal.links(id).map((l) => l.CONTACT_ID)).toContain(newcomer)
    expect(env.portal.links(id)).toHaveLength(3)
  })

  it('reports a selected contact someone else unlinked already; it is no error', async () => {
    const { env, id, store } = await setup(3)
    const gone = store.links[0]!
    env.portal.setLinks(id, env.portal.links(id).filter((l) => l.CONTACT_ID !== gone.itemId))
    const outcome = await store.unlinkSelected([gone, store.links[1]!])
    expect(outcome).toMatchObject({ kind: 'cleared', alreadyGone: [{ itemId: gone.itemId }] })
    expect(env.portal.links(id)).toHaveLength(1)
  })

  it('Undo puts back exactly those, with their SORT and main companies, removing nothing', async () => {
    const { env, id, store } = await setup()
    const before = env.portal.links(id)
    const mains = before.map((l) => env.portal.mainCompanyOf(l.CONTACT_ID))
    await store.unlinkSelected([store.links[0]!, store.links[3]!])
    const newcomer = env.portal.addContact({ name: 'Late', lastName: 'Colleague' })
    env.portal.setLinks(id, [...env.portal.links(id), { CONTACT_ID: newcomer, SORT: 500 }])
    await store.undo()
    expect(env.portal.links(id).filter((l) => l.CONTACT_ID !== newcomer)).toEqual(before)
    expect(env.portal.links(id).map((l) => l.CONTACT_ID)).toContain(newcomer)
    expect(before.map((l) => env.portal.mainCompanyOf(l.CONTACT_ID))).toEqual(mains)
  })

  it('sends 50 commands a request: 120 selected take three requests', async () => {
    const { store, since, run } = await setup(130)
    const from = since()
    await store.unlinkSelected(store.links.slice(0, 120))
    expect(run(from).filter((e) => e.name === 'batch').map((e) => e.sub!.length)).toEqual([50, 50, 22])
    expect(store.count).toBe(10)
  })

  it('a lost answer (the SDK sends the request again) still reports and records every selected contact', async () => {
    const { env, id, store } = await setup(4)
    env.port.resendLostAnswers = true
    env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    const selected = [store.links[0]!, store.links[2]!]
    const outcome = await store.unlinkSelected(selected)
    expect(outcome.kind).toBe('cleared')
    expect(store.lastClear?.links.map((l) => l.itemId)).toEqual(selected.map((l) => l.itemId))
    expect(env.portal.links(id)).toHaveLength(2)
  })

  it('a refused delete (403) unlinks nothing and keeps no record', async () => {
    const { env, id, store } = await setup(3)
    env.portal.addFault({ method: 'crm.company.contact.delete', count: 2, kind: 'error', status: 403, error: 'ACCESS_DENIED', description: 'Access denied!' })
    await expect(store.unlinkSelected([store.links[0]!, store.links[1]!])).rejects.toMatchObject({ code: 'ACCESS_DENIED' })
    expect(env.portal.links(id)).toHaveLength(3)
    expect(store.lastClear).toBeNull()
  })
})
