import { beforeEach, describe, expect, it } from 'vitest'
import { createPortal, type Portal } from '@emulator/portal'
import { seededClients, type PortalClient } from '@emulator/portal/testing'

let portal: Portal
let admin: PortalClient, editor: PortalClient, reader: PortalClient
beforeEach(() => {
  portal = createPortal({ now: () => Date.UTC(2025, 0, 1) })
  ;({ admin, editor, reader } = seededClients(portal))
})
const body = (r: { body: unknown }) => r.body as Record<string, unknown>

describe('app.option.*', () => {
  it('admins set, anyone reads; a missing key is null, no options at all is []', () => {
    expect(reader.result('app.option.get')).toEqual([])
    expect(admin.result('app.option.set', { options: { theme: 'auto', limit: 50, flags: { a: true } } })).toBe(true)
    expect(reader.result('app.option.get')).toEqual({ theme: 'auto', limit: 50, flags: { a: true } })
    expect(reader.result('app.option.get', { option: 'limit' })).toBe(50)
    expect(reader.result('app.option.get', { option: 'nope' })).toBeNull()
  })

  it('only overwrites the keys passed; params without `options` are the settings', () => {
    admin.result('app.option.set', { options: { a: 1, b: 2 } })
    admin.result('app.option.set', { b: 3 })
    expect(portal.appOptions()).toEqual({ a: 1, b: 3 })
  })

  it.each([[2, 'editor'], [3, 'read-only']])('refuses user %i (%s) with 403 ACCESS_DENIED', userId => {
    const c = userId === 2 ? editor : reader
    const r = c.call('app.option.set', { options: { a: 1 } })
    expect(r.status).toBe(403)
    expect(body(r)).toEqual({ error: 'ACCESS_DENIED', error_description: 'Access denied! Administrator authorization required' })
    expect(portal.appOptions()).toEqual({})
  })

  it('answers 400 ERROR_ARGUMENT for empty options', () => {
    const r = admin.call('app.option.set', { options: {} })
    expect(r.status).toBe(400)
    expect(body(r)).toEqual({ error: 'ERROR_ARGUMENT', error_description: "Argument 'options' is null or empty", argument: 'options' })
  })
})

describe('user.option.*', () => {
  it('is per user and open to every role', () => {
    expect(reader.result('user.option.set', { options: { density: 'tight' } })).toBe(true)
    expect(reader.result('user.option.get', { option: 'density' })).toBe('tight')
    expect(admin.result('user.option.get')).toEqual([])
    expect(portal.userOptions(3)).toEqual({ density: 'tight' })
    expect(admin.call('user.option.set', {}).status).toBe(400)
  })
})

describe('users', () => {
  it('user.admin is true only for admins', () => {
    expect([admin, editor, reader].map(c => c.result('user.admin'))).toEqual([true, false, false])
  })

  it('user.access: always true for admins; others by their own codes', () => {
    expect(admin.result('user.access', { ACCESS: ['G99'] })).toBe(true)
    expect(admin.result('user.access', {})).toBe(true)
    expect(reader.result('user.access', { ACCESS: ['U3'] })).toBe(true)
    expect(reader.result('user.access', { ACCESS: ['U1', 'G1'] })).toBe(false)
    expect(reader.result('user.access', { ACCESS: ['AU'] })).toBe(true)
    expect(reader.result('user.access', { ACCESS: 'G2' })).toBe(true)
    expect(editor.result('user.access', {})).toBe(false)
  })

  it('user.current and profile describe the token\'s user', () => {
    expect(editor.result('user.current')).toMatchObject({ ID: '2', NAME: 'Boris', LAST_NAME: 'Petrov', ACTIVE: true })
    expect(admin.result('profile')).toEqual({ ID: '1', ADMIN: true, NAME: 'Anna', LAST_NAME: 'Lindqvist', PERSONAL_GENDER: '', TIME_ZONE: '' })
    expect(reader.result('profile')).toMatchObject({ ID: '3', ADMIN: false })
  })

  it('app.info reports the install state and language', () => {
    portal.update({ installed: false, lang: 'de' })
    expect(reader.result('app.info')).toMatchObject({ INSTALLED: false, LANGUAGE_ID: 'de', STATUS: 'L', CODE: expect.any(String) })
  })
})

describe('placement.*', () => {
  const tab = {
    PLACEMENT: 'CRM_COMPANY_DETAIL_TAB',
    HANDLER: 'http://localhost:5173/',
    TITLE: 'Contacts',
    LANG_ALL: { en: { TITLE: 'Contacts' }, de: { TITLE: 'Kontakte' } },
  }

  it('an admin binds, lists, and unbinds', () => {
    expect(admin.result('placement.bind', tab)).toBe(true)
    expect(admin.result('placement.get')).toEqual([{
      placement: 'CRM_COMPANY_DETAIL_TAB', userId: 0, handler: 'http://localhost:5173/', options: [],
      title: 'Contacts', description: '', langAll: { en: { TITLE: 'Contacts' }, de: { TITLE: 'Kontakte' } },
    }])
    expect(portal.placements()).toHaveLength(1)
    expect(admin.result('placement.unbind', { PLACEMENT: 'CRM_COMPANY_DETAIL_TAB', HANDLER: 'http://other/' })).toEqual({ count: 0 })
    expect(admin.result('placement.unbind', { PLACEMENT: 'crm_company_detail_tab', HANDLER: tab.HANDLER })).toEqual({ count: 1 })
    expect(admin.result('placement.get')).toEqual([])
  })

  it('binding the same handler twice answers ERROR_CORE "Handler already binded"', () => {
    admin.result('placement.bind', tab)
    const r = admin.call('placement.bind', tab)
    expect(r.status).toBe(400)
    expect(body(r)).toEqual({ error: 'ERROR_CORE', error_description: 'Unable to set placement handler: Handler already binded' })
    expect(admin.result('placement.bind', { ...tab, HANDLER: 'http://localhost:5173/v2' })).toBe(true)
    expect(admin.result('placement.unbind', { PLACEMENT: tab.PLACEMENT })).toEqual({ count: 2 })
  })

  it('is admin only', () => {
    for (const c of [editor, reader]) {
      for (const m of ['placement.bind', 'placement.unbind', 'placement.get']) {
        const r = c.call(m, tab)
        expect(r.status).toBe(403)
        expect(body(r)).toEqual({ error: 'ACCESS_DENIED', error_description: 'Access denied!' })
      }
    }
    expect(portal.placements()).toEqual([])
  })

  it('validates its arguments', () => {
    expect(body(admin.call('placement.bind', { HANDLER: 'h' }))).toEqual({ error: 'ERROR_ARGUMENT', error_description: "Argument 'PLACEMENT' is null or empty", argument: 'PLACEMENT' })
    expect(body(admin.call('placement.bind', { PLACEMENT: 'CRM_COMPANY_DETAIL_TAB' })).argument).toBe('HANDLER')
    expect(body(admin.call('placement.bind', { PLACEMENT: 'DEFAULT', HANDLER: 'h' })).error).toBe('ERROR_ARGUMENT')
    expect(body(admin.call('placement.bind', { PLACEMENT: 'NOT_A_PLACE', HANDLER: 'h' })).error).toBe('ERROR_PLACEMENT_NOT_FOUND')
    expect(body(admin.call('placement.bind', { ...tab, USER_ID: 3 })).error).toBe('ERROR_PLACEMENT_USER_MODE')
    expect(admin.result('placement.bind', { PLACEMENT: 'PAGE_BACKGROUND_WORKER', HANDLER: 'h1' })).toBe(true)
    expect(body(admin.call('placement.bind', { PLACEMENT: 'PAGE_BACKGROUND_WORKER', HANDLER: 'h2' })).error).toBe('ERROR_PLACEMENT_MAX_COUNT')
  })

  it('placement.list names the company detail tab', () => {
    expect(reader.result<string[]>('placement.list')).toContain('CRM_COMPANY_DETAIL_TAB')
  })
})

describe('crm.timeline.comment.add', () => {
  it('adds a comment for an editor and answers its id', () => {
    const id = editor.result('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'company', ENTITY_ID: 1, COMMENT: 'Cleared [b]12[/b] contacts' } })
    expect(id).toBe(1)
    expect(admin.result('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'COMPANY', ENTITY_ID: '1', COMMENT: 'x' } })).toBe(2)
    expect(portal.comments()[0]).toEqual({ id: 1, entityType: 'company', entityId: 1, comment: 'Cleared [b]12[/b] contacts', authorId: 2, created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) })
  })

  it('needs edit permission', () => {
    const r = reader.call('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'company', ENTITY_ID: 1, COMMENT: 'x' } })
    expect(r.status).toBe(403)
    expect(body(r).error).toBe('ACCESS_DENIED')
    expect(portal.comments()).toEqual([])
  })

  it('rejects missing fields and unknown entities', () => {
    expect(body(admin.call('crm.timeline.comment.add', {})).error).toBe('ERROR_ARGUMENT')
    expect(body(admin.call('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'company', ENTITY_ID: 1, COMMENT: '' } })).argument).toBe('COMMENT')
    expect(body(admin.call('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'company', ENTITY_ID: 999, COMMENT: 'x' } })).error_description).toBe('Not found')
  })
})
