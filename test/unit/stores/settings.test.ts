import { describe, expect, it } from 'vitest'
import { useSettingsStore } from '@/stores/settings'
import { TabsChangeError, type CardTab } from '@/b24/tabs'
import { copySettings, DEFAULT_SETTINGS, SETTINGS_OPTION_KEY, type AppSettings } from '@/domain/settings'
import { CARD_PLACEMENTS, type CardType } from '@/domain/cards'
import { SEED_USER } from '@emulator/portal'
import { createPortalEnv, createStoreEnv } from '../../fakes/app-env'
import { PortalPort } from '../../fakes/portal-port'

const HANDLER = 'https://apps.example.test/company-contacts/'
const OLD_HANDLER = 'https://old.example.test/app/'

const tab = (card: CardType): CardTab => ({ card, title: card === 'contact' ? 'Companies' : 'Contacts', titles: { en: card === 'contact' ? 'Companies' : 'Contacts' } })
const tabsFor = (cards: CardType[]) => ({ handler: HANDLER, tabs: cards.map(tab) })

function settings(cards: CardType[], change: (s: AppSettings) => void = () => {}): AppSettings {
  const s = copySettings(DEFAULT_SETTINGS)
  s.cards = cards
  change(s)
  return s
}

/** An admin's store over a fresh portal whose app tabs are bound as given. */
function adminEnv(bound: Array<[CardType, string]> = []) {
  const env = createPortalEnv({ userId: SEED_USER.admin })
  const auth = String((env.portal.frame('getInitData', {}, env.port.frameContext) as { AUTH_ID: string }).AUTH_ID)
  for (const [card, handler] of bound) env.portal.rest('placement.bind', { auth, PLACEMENT: CARD_PLACEMENTS[card], HANDLER: handler, TITLE: 'Contacts' })
  createStoreEnv(env.port)
  return { ...env, store: useSettingsStore() }
}

const tabsNow = (env: ReturnType<typeof adminEnv>) => env.portal.placements().map((b) => `${b.placement} ${b.handler === HANDLER ? 'new' : b.handler === OLD_HANDLER ? 'old' : b.handler}`).sort()
const stored = (env: ReturnType<typeof adminEnv>) => JSON.parse(String(env.portal.appOptions()[SETTINGS_OPTION_KEY] ?? 'null'))
const restSince = (env: ReturnType<typeof adminEnv>, since: number) => env.portal.log(since).filter((e) => e.kind === 'rest')
const mark = (env: ReturnType<typeof adminEnv>) => env.portal.log().at(-1)?.seq ?? 0

describe('settings store', () => {
  it('starts from the options getInitData sent, with no request (a version 1 option reads as companies only)', () => {
    const env = createPortalEnv()
    env.portal.frame('setAppOption', { name: SETTINGS_OPTION_KEY, value: '{"version":1,"clearPolicy":"admins","clearUserIds":[],"trail":false}' }, env.port.frameContext)
    // A tab opened after the option was saved gets it in getInitData.
    createStoreEnv(new PortalPort(env.portal))
    const since = env.portal.log().at(-1)?.seq ?? 0
    const store = useSettingsStore()
    expect(store.settings.cards).toEqual(['company'])
    expect(store.settings.clear.company).toEqual({ policy: 'admins', userIds: [] })
    expect(store.settings.clear.deal).toEqual({ policy: 'editors', userIds: [] })
    expect(store.settings.trail).toBe(false)
    expect(store.problem).toBeNull()
    expect(store.boundCards).toBeNull()
    expect(env.portal.log(since).filter((e) => e.kind === 'rest')).toEqual([])
  })

  it('loads the option and, for an admin, the cards that have the tab now, in one request', async () => {
    const env = adminEnv([['company', HANDLER], ['lead', OLD_HANDLER]])
    const since = mark(env)
    await env.store.load()
    expect(env.store.boundCards).toEqual(['company', 'lead'])
    expect(restSince(env, since).map((e) => e.sub)).toEqual([['app.option.get', 'placement.get']])
  })

  it('loads the option when listing the tabs fails: where the tab is is then not known', async () => {
    const env = adminEnv([['company', HANDLER]])
    env.portal.frame('setAppOption', { name: SETTINGS_OPTION_KEY, value: '{"version":1,"clearPolicy":"admins","clearUserIds":[],"trail":true}' }, env.port.frameContext)
    env.portal.addFault({ method: 'placement.get', count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await env.store.load()
    expect(env.store.status).toBe('idle')
    expect(env.store.settings.clear.company.policy).toBe('admins')
    expect(env.store.boundCards).toBeNull()
  })

  it('loads only the option for a non-admin (placement.get is for administrators)', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    createStoreEnv(env.port)
    const store = useSettingsStore()
    await store.load()
    expect(store.status).toBe('idle')
    expect(store.boundCards).toBeNull()
  })

  it('saves in one request that binds first, then writes the option, then unbinds, and confirms both', async () => {
    const env = adminEnv([['company', HANDLER]])
    const since = mark(env)
    await env.store.save(settings(['deal', 'lead'], (s) => { s.clear.deal = { policy: 'users', userIds: [2] }; s.userNames = { 2: 'Boris Petrov' } }), tabsFor(['deal', 'lead']))
    expect(tabsNow(env)).toEqual(['CRM_DEAL_DETAIL_TAB new', 'CRM_LEAD_DETAIL_TAB new'])
    expect(stored(env)).toMatchObject({ version: 2, cards: ['deal', 'lead'], clear: { deal: { policy: 'users', userIds: [2] } }, userNames: { 2: 'Boris Petrov' } })
    expect(env.store.status).toBe('idle')
    expect(env.store.problem).toBeNull()
    expect(env.store.settings.cards).toEqual(['deal', 'lead'])
    expect(env.store.boundCards).toEqual(['deal', 'lead'])
    const calls = restSince(env, since)
    expect(calls.map((e) => e.name)).toEqual(['placement.get', 'batch'])
    expect(calls[1]!.sub).toEqual(['placement.bind', 'placement.bind', 'app.option.set', 'placement.unbind', 'placement.get', 'app.option.get'])
  })

  it('binds exactly the cards chosen, keeps a tab already there, and moves tabs of an older handler', async () => {
    const env = adminEnv([['company', OLD_HANDLER], ['deal', HANDLER], ['quote', HANDLER]])
    await env.store.save(settings(['company', 'deal', 'contact']), tabsFor(['company', 'deal', 'contact']))
    expect(tabsNow(env)).toEqual(['CRM_COMPANY_DETAIL_TAB new', 'CRM_CONTACT_DETAIL_TAB new', 'CRM_DEAL_DETAIL_TAB new'])
    const contact = env.portal.placements().find((b) => b.placement === 'CRM_CONTACT_DETAIL_TAB')!
    expect(contact.title).toBe('Companies')
    // Saving the same again sends no bind or unbind: only the option.
    const since = mark(env)
    await env.store.save(settings(['company', 'deal', 'contact'], (s) => { s.trail = false }), tabsFor(['company', 'deal', 'contact']))
    expect(restSince(env, since).at(-1)!.sub).toEqual(['app.option.set', 'placement.get', 'app.option.get'])
    expect(stored(env).trail).toBe(false)
  })

  it('a failed bind keeps the old tabs and the old settings, and says which card', async () => {
    const env = adminEnv([['company', HANDLER]])
    await env.store.save(settings(['company'], (s) => { s.clear.company.policy = 'admins' }), tabsFor(['company']))
    const before = stored(env)
    // The deal binds, the lead does not: the deal's new tab is removed again, the option is not written.
    env.portal.addFault({ method: 'placement.bind', skip: 1, count: 1, kind: 'error', status: 400, error: 'ERROR_PLACEMENT_MAX_COUNT', description: 'Placement max count exceeded' })
    const error = await env.store.save(settings(['deal', 'lead']), tabsFor(['deal', 'lead'])).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(TabsChangeError)
    expect(error).toMatchObject({ stage: 'bind', cards: ['lead'], code: 'ERROR_PLACEMENT_MAX_COUNT' })
    expect(tabsNow(env)).toEqual(['CRM_COMPANY_DETAIL_TAB new'])
    expect(stored(env)).toEqual(before)
    expect(env.store.status).toBe('error')
    expect(env.store.settings.cards).toEqual(['company'])
    expect(env.store.settings.clear.company.policy).toBe('admins')
    expect(env.store.boundCards).toEqual(['company'])
  })

  it('a failed unbind leaves the settings saved and the old tab where it was, and says which card', async () => {
    const env = adminEnv([['company', HANDLER], ['lead', HANDLER]])
    env.portal.addFault({ method: 'placement.unbind', count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    const error = await env.store.save(settings(['company']), tabsFor(['company'])).catch((e: unknown) => e)
    expect(error).toMatchObject({ stage: 'unbind', cards: ['lead'], code: 'INTERNAL_SERVER_ERROR' })
    expect(stored(env).cards).toEqual(['company'])
    expect(env.store.boundCards).toEqual(['company', 'lead'])
    // Saving again removes it.
    await env.store.save(settings(['company']), tabsFor(['company']))
    expect(tabsNow(env)).toEqual(['CRM_COMPANY_DETAIL_TAB new'])
  })

  it('a failed option write removes the tabs it had just bound', async () => {
    const env = adminEnv([['company', HANDLER]])
    env.portal.addFault({ method: 'app.option.set', count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    const error = await env.store.save(settings(['company', 'quote']), tabsFor(['company', 'quote'])).catch((e: unknown) => e)
    expect(error).toMatchObject({ stage: 'option' })
    expect(tabsNow(env)).toEqual(['CRM_COMPANY_DETAIL_TAB new'])
    expect(env.portal.appOptions()[SETTINGS_OPTION_KEY]).toBeUndefined()
  })

  it('a save whose answer was lost, sent again by the SDK, is found done and resolves', async () => {
    const env = adminEnv([['company', HANDLER]])
    env.port.resendLostAnswers = true
    env.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    await env.store.save(settings(['company', 'deal']), tabsFor(['company', 'deal']))
    expect(env.store.status).toBe('idle')
    expect(tabsNow(env)).toEqual(['CRM_COMPANY_DETAIL_TAB new', 'CRM_DEAL_DETAIL_TAB new'])
    expect(stored(env).cards).toEqual(['company', 'deal'])
  })

  it('confirms a save whose picked names have spaces around them or run over 200 characters, and keeps them normalised', async () => {
    const env = adminEnv()
    const long = `${'Ö'.repeat(199)}  and more`
    await env.store.save(settings(['company'], (s) => { s.clear.company = { policy: 'users', userIds: [2, 3] }; s.userNames = { 2: '  Boris Petrov ', 3: long } }), tabsFor(['company']))
    expect(env.store.status).toBe('idle')
    expect(env.store.lastError).toBeNull()
    expect(env.store.settings.userNames).toEqual({ 2: 'Boris Petrov', 3: 'Ö'.repeat(199) })
    expect(stored(env).userNames).toEqual({ 2: 'Boris Petrov', 3: 'Ö'.repeat(199) })
  })

  it('refuses a non-admin with ACCESS_DENIED and saves nothing', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    createStoreEnv(env.port)
    const store = useSettingsStore()
    await expect(store.save(settings(['company']), tabsFor(['company']))).rejects.toMatchObject({ code: 'ACCESS_DENIED' })
    expect(env.portal.appOptions()[SETTINGS_OPTION_KEY]).toBeUndefined()
    expect(env.portal.placements()).toEqual([])
    expect(store.status).toBe('error')
  })

  it('reads a corrupt option as administrators-only in every card, with a notice for admins', async () => {
    const env = adminEnv()
    env.portal.frame('setAppOption', { name: SETTINGS_OPTION_KEY, value: '{oops' }, env.port.frameContext)
    await env.store.load()
    expect(env.store.problem).toBe('corrupt')
    expect(Object.values(env.store.settings.clear).map((r) => r.policy)).toEqual(['admins', 'admins', 'admins', 'admins', 'admins'])
  })
})
