import { describe, expect, it } from 'vitest'
import { useSettingsStore } from '@/stores/settings'
import { SETTINGS_OPTION_KEY } from '@/domain/settings'
import { SEED_USER } from '@emulator/portal'
import { createPortalEnv, createStoreEnv } from '../../fakes/app-env'
import { PortalPort } from '../../fakes/portal-port'

describe('settings store', () => {
  it('starts from the options getInitData sent, with no request', () => {
    const env = createPortalEnv()
    env.portal.frame('setAppOption', { name: SETTINGS_OPTION_KEY, value: '{"version":1,"clearPolicy":"admins","clearUserIds":[],"trail":false}' }, env.port.frameContext)
    // A tab opened after the option was saved gets it in getInitData.
    createStoreEnv(new PortalPort(env.portal))
    const since = env.portal.log().at(-1)?.seq ?? 0
    const store = useSettingsStore()
    expect(store.settings).toEqual({ clearPolicy: 'admins', clearUserIds: [], trail: false, userNames: {} })
    expect(store.problem).toBeNull()
    expect(env.portal.log(since).filter((e) => e.kind === 'rest')).toEqual([])
  })

  it('saves through REST app.option.set and confirms by reading back', async () => {
    const env = createPortalEnv({ userId: SEED_USER.admin })
    createStoreEnv(env.port)
    const store = useSettingsStore()
    expect(store.problem).toBe('missing')
    await store.save({ clearPolicy: 'users', clearUserIds: [2], trail: true, userNames: { 2: 'Boris Petrov' } })
    expect(JSON.parse(String(env.portal.appOptions()[SETTINGS_OPTION_KEY]))).toEqual({ version: 1, clearPolicy: 'users', clearUserIds: [2], trail: true, userNames: { 2: 'Boris Petrov' } })
    expect(store.problem).toBeNull()
    const calls = env.portal.log().filter((e) => e.kind === 'rest')
    expect(calls.at(-1)?.sub).toEqual(['app.option.set', 'app.option.get'])
  })

  it('confirms a save whose picked names have spaces around them or run over 200 characters, and keeps them normalised', async () => {
    const env = createPortalEnv({ userId: SEED_USER.admin })
    createStoreEnv(env.port)
    const store = useSettingsStore()
    const long = `${'Ö'.repeat(199)}  and more`
    await store.save({ clearPolicy: 'users', clearUserIds: [2, 3], trail: true, userNames: { 2: '  Boris Petrov ', 3: long } })
    expect(store.status).toBe('idle')
    expect(store.lastError).toBeNull()
    expect(store.settings.userNames).toEqual({ 2: 'Boris Petrov', 3: 'Ö'.repeat(199) })
    expect(JSON.parse(String(env.portal.appOptions()[SETTINGS_OPTION_KEY])).userNames).toEqual({ 2: 'Boris Petrov', 3: 'Ö'.repeat(199) })
  })

  it('refuses a non-admin with ACCESS_DENIED and saves nothing', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    createStoreEnv(env.port)
    const store = useSettingsStore()
    await expect(store.save({ clearPolicy: 'editors', clearUserIds: [], trail: false, userNames: {} })).rejects.toMatchObject({ code: 'ACCESS_DENIED' })
    expect(env.portal.appOptions()[SETTINGS_OPTION_KEY]).toBeUndefined()
    expect(store.status).toBe('error')
  })

  it('reads a corrupt option as administrators-only, with a notice for admins', async () => {
    const env = createPortalEnv({ userId: SEED_USER.admin })
    env.portal.frame('setAppOption', { name: SETTINGS_OPTION_KEY, value: '{oops' }, env.port.frameContext)
    createStoreEnv(env.port)
    const store = useSettingsStore()
    await store.load()
    expect(store.problem).toBe('corrupt')
    expect(store.settings.clearPolicy).toBe('admins')
  })
})
