import { describe, expect, it } from 'vitest'
import { getLinks, linkAgain, unlinkItems } from '@/b24/crm'
import { AppErrorCode, B24Error } from '@/b24/errors'
import { failureOf, resultOf, type BatchOutcome } from '@/b24/port'
import { SEED_USER } from '@emulator/portal'
import { createPortalEnv, portWith } from '../../fakes/app-env'

const denied = new B24Error('ACCESS_DENIED', 0, 'no')

describe('resultOf and failureOf: one reading of a batch command\'s outcome', () => {
  const out: Record<string, BatchOutcome<unknown>> = { good: { ok: true, result: 7 }, bad: { ok: false, error: denied } }

  it('gives the result, throws the command\'s own error, and BAD_ANSWER naming a key with no outcome', () => {
    expect(resultOf(out, 'good')).toBe(7)
    expect(() => resultOf(out, 'bad')).toThrow(denied)
    expect(() => resultOf(out, 'gone')).toThrow(expect.objectContaining({ code: AppErrorCode.BAD_ANSWER, description: 'no outcome for gone' }))
  })

  it('failureOf gives the same errors without throwing', () => {
    expect(failureOf({ ok: false, error: denied }, 'bad')).toBe(denied)
    expect(failureOf(undefined, 'gone')).toMatchObject({ code: AppErrorCode.BAD_ANSWER, description: 'no outcome for gone' })
  })
})

describe('a write whose answer lacks a command\'s outcome counts that contact as failed, naming the command', () => {
  /** The portal's answer with one command's outcome dropped. */
  function dropping(key: string) {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    const id = env.portal.addCompany({ title: 'Lost Outcome Ltd', contacts: 2 })
    const port = portWith(env.port, {
      batch: async <T>(commands: Parameters<typeof env.port.batch>[0]) => {
        const out = await env.port.batch<T>(commands)
        delete out[key]
        return out
      },
    })
    return { env, id, port }
  }

  it('unlinking: the dropped delete is failed, the other one is not', async () => {
    const { env, id, port } = dropping('s1')
    const [first, second] = (await getLinks(env.port, { card: 'company', id: id })).map((l) => l.itemId)
    const result = await unlinkItems(port, { card: 'company', id: id }, [first!, second!])
    expect([...result.failed.keys()]).toEqual([first])
    expect(result.failed.get(first!)).toMatchObject({ code: AppErrorCode.BAD_ANSWER, description: 'no outcome for s1' })
  })

  it('linking again: the dropped add is failed, the other one is not', async () => {
    const { env, id, port } = dropping('a0')
    const [first, second] = await getLinks(env.port, { card: 'company', id: id })
    const result = await linkAgain(port, { card: 'company', id: id }, [first!, second!])
    expect([...result.failed.keys()]).toEqual([first!.itemId])
    expect(result.failed.get(first!.itemId)).toMatchObject({ code: AppErrorCode.BAD_ANSWER, description: 'no outcome for a0' })
  })
})
