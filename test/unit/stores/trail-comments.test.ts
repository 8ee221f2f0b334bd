import { describe, expect, it } from 'vitest'
import { useLinksStore } from '@/stores/links'
import { SEED_USER } from '@emulator/portal'
import { createPortalEnv, createStoreEnv } from '../../fakes/app-env'

const EDITOR = SEED_USER.editor

async function setup() {
  const env = createPortalEnv({ userId: EDITOR })
  const id = env.portal.addCompany({ title: 'Trail Test KG', contacts: 2 })
  createStoreEnv(env.port)
  const store = useLinksStore()
  await store.load({ card: 'company', id: id })
  const comments = () => env.portal.comments().filter((c) => c.entityId === id)
  return { env, id, store, comments }
}

describe('the timeline trail is written once', () => {
  it('writes the comment and reads the latest back in the same request', async () => {
    const { env, store, comments } = await setup()
    const since = env.portal.log().at(-1)?.seq ?? 0
    await store.writeComment('Unlinked two contacts\nReference: CC-0001', 'CC-0001')
    expect(comments()).toHaveLength(1)
    expect(env.portal.log(since).filter((e) => e.kind === 'rest').map((e) => e.sub)).toEqual([['crm.timeline.comment.add', 'crm.timeline.comment.list']])
  })

  it('when the SDK re-sends a comment whose answer was lost, the second copy is deleted', async () => {
    const { env, store, comments } = await setup()
    env.port.resendLostAnswers = true
    env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    await store.writeComment('Unlinked two contacts\nReference: CC-0002', 'CC-0002')
    expect(comments().map((c) => c.comment)).toEqual(['Unlinked two contacts\nReference: CC-0002'])
  })

  it('when the answer is lost and not re-sent, the latest comments tell that it was written', async () => {
    const { env, store, comments } = await setup()
    env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    await expect(store.writeComment('Reference: CC-0003', 'CC-0003')).resolves.toBeUndefined()
    expect(comments()).toHaveLength(1)
  })

  it('fails when the comment was really not written', async () => {
    const { env, store, comments } = await setup()
    env.portal.addFault({ method: 'crm.timeline.comment.add', count: 1, kind: 'error', status: 403, error: 'ACCESS_DENIED', description: 'Access denied!' })
    await expect(store.writeComment('Reference: CC-0004', 'CC-0004')).rejects.toMatchObject({ code: 'ACCESS_DENIED' })
    expect(comments()).toHaveLength(0)
  })

  it('leaves other comments alone, also ones with the same text but another reference', async () => {
    const { env, store, comments } = await setup()
    env.port.resendLostAnswers = true
    await store.writeComment('Same words\nReference: CC-0005', 'CC-0005')
    env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    await store.writeComment('Same words\nReference: CC-0006', 'CC-0006')
    expect(comments().map((c) => c.comment)).toEqual(['Same words\nReference: CC-0005', 'Same words\nReference: CC-0006'])
  })
})
