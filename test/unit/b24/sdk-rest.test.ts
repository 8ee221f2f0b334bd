/**
 * The REST half of the app's port (src/b24/sdk-rest.ts) through the real SDK
 * and its HTTP client, against the emulator's model (test/fakes/portal-port.ts):
 * what the app gets from the portal's answers, and what the portal receives.
 */
import { describe, expect, it } from 'vitest'
import { AppErrorCode } from '@/b24/errors'
import { SEED_USER } from '@emulator/portal'
import { createPortalEnv } from '../../fakes/app-env'

const restLog = (env: ReturnType<typeof createPortalEnv>) => env.portal.log().filter((e) => e.kind === 'rest')

describe('SdkRest', () => {
  it('posts a form body: the portal reads every parameter as PHP does, a string', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    await env.port.call('crm.company.contact.items.get', { id: 1 })
    await env.port.batch({ links: { method: 'crm.company.contact.items.get', params: { id: 1 } } }, { halt: true })
    const [call, batch] = restLog(env)
    expect(call!.params).toEqual({ id: '1' })
    expect(batch!.params).toEqual({ halt: '1', cmd: { links: 'crm.company.contact.items.get?id=1' } })
  })

  it('a call resolves with `result`; a coded error keeps its code and status', async () => {
    const env = createPortalEnv({ userId: SEED_USER.reader })
    await expect(env.port.call('crm.company.contact.items.get', { id: 1 })).resolves.toHaveLength(12)
    await expect(env.port.call('crm.company.contact.items.set', { id: 1, items: [{ CONTACT_ID: 1 }] })).rejects.toMatchObject({ code: 'ACCESS_DENIED', status: 403 })
  })

  it('an `error: ""` answer keeps the portal\'s empty code and its description, in a call and in a batch', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    const description = 'The parameter ownerEntityID is invalid or not defined.'
    await expect(env.port.call('crm.company.contact.items.get', { id: 0 })).rejects.toMatchObject({ code: '', status: 400, description })
    const out = await env.port.batch({
      bad: { method: 'crm.company.contact.items.get', params: { id: 0 } },
      missing: { method: 'crm.company.get', params: { id: 99_999 } },
    })
    expect(out.bad).toMatchObject({ ok: false, error: { code: '', status: 400, description } })
    expect(out.missing).toMatchObject({ ok: false, error: { code: '', status: 400, description: 'Not found' } })
  })

  it('in a batch, a coded sub-command error has no HTTP status of its own; with halt the commands after it did not run', async () => {
    const env = createPortalEnv({ userId: SEED_USER.reader })
    const out = await env.port.batch({
      read: { method: 'crm.company.contact.items.get', params: { id: 1 } },
      write: { method: 'crm.company.contact.items.set', params: { id: 1, items: [{ CONTACT_ID: 1 }] } },
      after: { method: 'crm.company.contact.items.get', params: { id: 1 } },
    }, { halt: true })
    expect(out.read).toMatchObject({ ok: true })
    expect(out.write).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED', status: 0 } })
    expect(out.after).toMatchObject({ ok: false, error: { code: AppErrorCode.NOT_RUN } })
    expect(restLog(env).at(-1)!.sub).toEqual(['crm.company.contact.items.get', 'crm.company.contact.items.set'])
  })

  it('a lost answer is NETWORK_ERROR after one run; with the SDK\'s re-send the portal runs it twice', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    env.portal.addFault({ method: 'profile', count: 1, kind: 'drop' })
    await expect(env.port.call('profile')).rejects.toMatchObject({ code: 'NETWORK_ERROR', status: 0 })
    expect(restLog(env)).toHaveLength(1)

    env.port.resendLostAnswers = true
    env.portal.addFault({ method: 'profile', count: 1, kind: 'drop' })
    await expect(env.port.call('profile')).resolves.toMatchObject({ ID: String(SEED_USER.editor) })
    expect(restLog(env)).toHaveLength(3)
  })

  it('after 401 expired_token, gets a fresh token from the frame and sends the request again', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    env.portal.expireTokens()
    await expect(env.port.call('crm.company.contact.items.get', { id: 1 })).resolves.toHaveLength(12)
    expect(restLog(env).map((e) => e.error ?? e.status)).toEqual(['expired_token', 200])
    expect(env.portal.log().filter((e) => e.kind === 'frame').map((e) => e.name)).toContain('refreshAuth')
  })
})
