import { beforeEach, describe, expect, it } from 'vitest'
import { useLinksStore } from '@/stores/links'
import { createPortalEnv, createStoreEnv, portWith } from '../../fakes/app-env'

describe('company-contacts store', () => {
  let env: ReturnType<typeof createPortalEnv>
  let companyId: number

  beforeEach(() => {
    env = createPortalEnv()
    companyId = env.portal.addCompany({ title: 'Fabrikam Test Ltd', contacts: 7 })
    createStoreEnv(env.port)
  })

  it('loads the company and every link the server has, in SORT order', async () => {
    const store = useLinksStore()
    await store.load({ card: 'company', id: companyId })
    expect(store.status).toBe('ready')
    expect(store.info?.title).toBe('Fabrikam Test Ltd')
    expect(store.count).toBe(7)
    expect(store.links.map((l) => l.itemId)).toEqual(env.portal.links(companyId).map((l) => l.CONTACT_ID))
    const sorts = store.links.map((l) => l.sort)
    expect([...sorts].sort((a, b) => a - b)).toEqual(sorts)
  })

  it('when a second load starts before the first answers, the first one\'s older answer is dropped', async () => {
    // A port whose first call is slow: the first load answers last, with what the server had then.
    let calls = 0
    const slow = portWith(env.port, {
      batch: async <T>(commands: Parameters<typeof env.port.batch>[0]) => {
        const answer = await env.port.batch<T>(commands)
        if (calls++ === 0) await new Promise((resolve) => setTimeout(resolve, 30))
        return answer
      },
    })
    createStoreEnv(slow)
    const store = useLinksStore()
    const first = store.load({ card: 'company', id: companyId })
    env.portal.setLinks(companyId, env.portal.links(companyId).slice(0, 2))
    await store.load({ card: 'company', id: companyId })
    await first
    expect(store.status).toBe('ready')
    expect(store.count).toBe(2)
  })

  it('shows an empty company as zero links', async () => {
    const empty = env.portal.addCompany({ title: 'Empty Test LLC' })
    const store = useLinksStore()
    await store.load({ card: 'company', id: empty })
    expect(store.status).toBe('ready')
    expect(store.count).toBe(0)
  })

  it('turns a failed load into error state the view can render, with the Bitrix24 code', async () => {
    env.portal.addFault({ method: 'crm.company.contact.items.get', count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'Internal error' })
    const store = useLinksStore()
    await store.load({ card: 'company', id: companyId })
    expect(store.status).toBe('error')
    expect(store.lastError?.code).toBe('INTERNAL_SERVER_ERROR')
    await store.load({ card: 'company', id: companyId })
    expect(store.status).toBe('ready')
    expect(store.count).toBe(7)
  })

  it('recovers from an expired token by refreshing once', async () => {
    env.portal.expireTokens()
    const store = useLinksStore()
    await store.load({ card: 'company', id: companyId })
    expect(store.status).toBe('ready')
    expect(store.count).toBe(7)
  })
})
