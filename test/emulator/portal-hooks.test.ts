/**
 * The model's races (hooks: "a colleague does X when the app's request for a
 * method arrives") and the timeline comment methods the app's trail reads.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createPortal, type Portal } from '@emulator/portal'
import { seededClients, type PortalClient } from '@emulator/portal/testing'

let portal: Portal
let editor: PortalClient, reader: PortalClient
let company: number
let contact: number
beforeEach(() => {
  portal = createPortal({ now: () => Date.UTC(2025, 0, 1) })
  ;({ editor, reader } = seededClients(portal))
  company = portal.addCompany({ title: 'Hook Test Ltd', contacts: 2 })
  contact = portal.addContact({ name: 'Racing', lastName: 'Colleague' })
})
const linked = () => portal.links(company).map((l) => l.CONTACT_ID)

describe('hooks: an action when a request for a method arrives, before it runs', () => {
  it('links a contact before a direct call runs, so the call already sees it', () => {
    portal.addHook({ method: 'crm.company.contact.items.get', link: { companyId: company, contactId: contact, sort: 5 } })
    const rows = editor.result<Array<{ CONTACT_ID: number, SORT: number }>>('crm.company.contact.items.get', { id: company })
    expect(rows[0]).toMatchObject({ CONTACT_ID: contact, SORT: 5 })
  })

  it('fires on a batch that has the method as a sub-command, once, before the whole batch', () => {
    portal.addHook({ method: 'crm.company.contact.items.delete', link: { companyId: company, contactId: contact } })
    const cmd = { before: `crm.company.contact.items.get?id=${company}`, write: `crm.company.contact.items.delete?id=${company}` }
    const out = editor.result<{ result: { before: Array<{ CONTACT_ID: number }> } }>('batch', { halt: 0, cmd })
    expect(out.result.before.map((r) => r.CONTACT_ID)).toContain(contact)
    expect(linked()).toEqual([])
    // It fired once: a second batch runs untouched.
    editor.result('batch', { halt: 0, cmd })
    expect(linked()).toEqual([])
  })

  it('skips the first matching requests, counts, unlinks, and runs a callback', () => {
    const first = linked()[0]!
    let ran = 0
    portal.addHook({ method: 'profile', skip: 1, count: 2, unlink: { companyId: company, contactId: first }, run: () => { ran += 1 } })
    editor.result('profile')
    expect(ran).toBe(0)
    editor.result('profile')
    editor.result('profile')
    editor.result('profile')
    expect(ran).toBe(2)
    expect(linked()).not.toContain(first)
  })

  it('holds the answer: the response says how long, the call has already run', () => {
    portal.addHook({ method: 'crm.company.contact.items.delete', holdMs: 250 })
    const r = editor.call('crm.company.contact.items.delete', { id: company })
    expect(r.holdMs).toBe(250)
    expect(linked()).toEqual([])
  })

  it('clearHooks and reset drop armed hooks', () => {
    portal.addHook({ method: 'profile', link: { companyId: company, contactId: contact } })
    portal.clearHooks()
    editor.result('profile')
    portal.addHook({ method: 'profile', link: { companyId: company, contactId: contact } })
    portal.reset()
    editor.result('profile')
    expect(portal.companies().some((c) => c.title === 'Hook Test Ltd')).toBe(false)
  })
})

describe('crm.timeline.comment.list and .delete', () => {
  const add = (text: string) => editor.result<number>('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'company', ENTITY_ID: company, COMMENT: text } })

  it('lists a company\'s comments with ids as strings, newest first when asked, only the selected fields (ID always)', () => {
    add('first')
    add('second')
    editor.result('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'company', ENTITY_ID: 1, COMMENT: 'elsewhere' } })
    const rows = reader.result<Array<Record<string, unknown>>>('crm.timeline.comment.list', {
      filter: { ENTITY_ID: company, ENTITY_TYPE: 'company' }, order: { ID: 'DESC' }, select: ['ID', 'COMMENT'],
    })
    expect(rows).toEqual([{ ID: '2', COMMENT: 'second' }, { ID: '1', COMMENT: 'first' }])
    const full = reader.call('crm.timeline.comment.list', { filter: { ENTITY_ID: company, ENTITY_TYPE: 'company' } })
    expect(full.body).toMatchObject({ total: 2 })
    expect((full.body as { result: unknown[] }).result[0]).toEqual({ ID: '1', ENTITY_ID: String(company), ENTITY_TYPE: 'company', AUTHOR_ID: '2', COMMENT: 'first', CREATED: '2025-01-01T00:00:00+00:00', FILES: [] })
  })

  it('needs ENTITY_ID and ENTITY_TYPE', () => {
    expect(reader.call('crm.timeline.comment.list', { filter: { ENTITY_ID: company } }).status).toBe(400)
    expect(reader.call('crm.timeline.comment.list', { filter: { ENTITY_TYPE: 'company' } }).status).toBe(400)
  })

  it('deletes a comment (result null); a missing one is 400 NOT_FOUND; a read-only user may not', () => {
    const id = add('to delete')
    expect(reader.call('crm.timeline.comment.delete', { id }).status).toBe(403)
    expect(editor.call('crm.timeline.comment.delete', { id }).body).toMatchObject({ result: null })
    expect(portal.comments()).toEqual([])
    expect(editor.call('crm.timeline.comment.delete', { id }).body).toMatchObject({ error: 'NOT_FOUND', error_description: 'Not found.' })
  })
})
