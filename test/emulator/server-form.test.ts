/**
 * REST bodies that are not JSON, over real HTTP: the portal reads any body
 * whose Content-Type is not JSON with PHP's `parse_str` (docs/bitrix24.md,
 * REST over HTTP), so every value arrives as a string. The same calls, sent
 * as JSON and form-encoded (and as text/plain, what fetch sends for a string
 * body), must get the same answers: the methods coerce as PHP does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startEmulator, type Emulator } from '@emulator/server'

let emu: Emulator

beforeAll(async () => {
  emu = await startEmulator({ quiet: true })
})

afterAll(async () => {
  await emu?.close()
})

/** A value PHP's urlencode/urldecode must carry through: separators, `+`, `%`, Cyrillic, CJK, an emoji. */
const TRICKY = 'Smith & Sons = Ltd + Co, 50% off? — Дмитрий Ковалёв 東京 😀'

/** PHP's urlencode: spaces as `+`, everything but A–Z a–z 0–9 - _ . percent-encoded as UTF-8. */
function urlencode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*~]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+')
}

/** PHP's http_build_query: brackets for nesting (percent-encoded, as PHP sends them), true → 1, false → 0. */
function phpForm(params: Record<string, unknown>): string {
  const pairs: string[] = []
  const add = (name: string, value: unknown): void => {
    if (value === null || value === undefined) return
    if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) add(`${name}[${k}]`, v)
      return
    }
    pairs.push(`${urlencode(name)}=${urlencode(typeof value === 'boolean' ? (value ? '1' : '0') : String(value))}`)
  }
  for (const [k, v] of Object.entries(params)) add(k, v)
  return pairs.join('&')
}

type Encoding = 'json' | 'form' | 'text'

interface Answer { status: number, body: unknown }

async function post(encoding: Encoding, method: string, params: Record<string, unknown>): Promise<Answer> {
  const auth = emu.portal.refreshAuth().AUTH_ID
  const all = { ...params, auth }
  const init: RequestInit = encoding === 'json'
    ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(all) }
    : encoding === 'form'
      ? { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: phpForm(all) }
      // a string body with no Content-Type: fetch sends text/plain;charset=UTF-8
      : { body: phpForm(all) }
  const res = await fetch(`${emu.portalOrigin}/rest/${method}?bx24_request_id=${Math.random()}`, { method: 'POST', ...init })
  return { status: res.status, body: stable(await res.json()) }
}

/** Answers without what depends on the clock: `time`, batch `result_time`, a comment's CREATED. */
function stable(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stable)
  if (v === null || typeof v !== 'object') return v
  return Object.fromEntries(Object.entries(v).map(([k, x]) =>
    [k, k === 'time' || k === 'result_time' || k === 'CREATED' ? '(clock)' : stable(x)]))
}

/** A fresh portal (same ids every time) with one company and three contacts, the app's calls in order. */
async function scenario(encoding: Encoding): Promise<Record<string, Answer>> {
  emu.portal.reset()
  emu.portal.update({ rateLimit: { perSecond: 2, burst: 50, enabled: false } })
  const c1 = emu.portal.addContact({ name: 'Iris', lastName: 'Vale', post: TRICKY, phones: ['+1 555 0100 1001'], emails: ['iris.vale@example.test'] })
  const c2 = emu.portal.addContact({ name: 'Tomas', lastName: 'Reed' })
  const c3 = emu.portal.addContact({ name: 'Wren', lastName: 'Hale' })
  const id = emu.portal.addCompany({ title: 'Harbor & Sons', contactIds: [c1, c2] })
  const out: Record<string, Answer> = {}
  const call = async (key: string, method: string, params: Record<string, unknown> = {}): Promise<Answer> => {
    out[key] = await post(encoding, method, params)
    return out[key]
  }

  await call('company', 'crm.company.get', { id })
  await call('links', 'crm.company.contact.items.get', { id })
  await call('list', 'crm.contact.list', {
    filter: { '@ID': [c1, c2, c3] },
    select: ['ID', 'NAME', 'LAST_NAME', 'POST', 'PHONE', 'EMAIL'],
    order: { LAST_NAME: 'ASC' },
    start: 0,
  })
  await call('listNoCount', 'crm.contact.list', { filter: { '@ID': [c2] }, select: ['ID', 'NAME'], start: -1 })
  await call('add', 'crm.company.contact.add', { id, fields: { CONTACT_ID: c3, SORT: 30, IS_PRIMARY: 'N' } })
  await call('addAgain', 'crm.company.contact.add', { id, fields: { CONTACT_ID: c3 } })
  await call('delete', 'crm.company.contact.delete', { id, fields: { CONTACT_ID: c1 } })
  await call('deleteAgain', 'crm.company.contact.delete', { id, fields: { CONTACT_ID: c1 } })
  await call('badId', 'crm.company.contact.items.get', { id: 0 })

  // nested options, string leaves (what the app stores), a value with every separator in it
  await call('userSet', 'user.option.set', { options: { cc_sort: 'LAST_NAME', cc_undo: { token: 'tok-1', ids: [String(c1), String(c2)], note: TRICKY } } })
  await call('userGetOne', 'user.option.get', { option: 'cc_undo' })
  await call('userGetAll', 'user.option.get')
  await call('appSet', 'app.option.set', { options: { clearPolicy: 'admins', trail: 'Y' } })
  await call('appGet', 'app.option.get', { option: 'clearPolicy' })

  const added = await call('commentAdd', 'crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'company', ENTITY_ID: id, COMMENT: TRICKY } })
  await call('commentList', 'crm.timeline.comment.list', { filter: { ENTITY_TYPE: 'company', ENTITY_ID: id }, select: ['ID', 'COMMENT'], order: { ID: 'DESC' } })
  await call('commentDelete', 'crm.timeline.comment.delete', { id: (added.body as { result: number }).result, ownerTypeId: 4, ownerId: id })

  await call('bind', 'placement.bind', {
    PLACEMENT: 'CRM_COMPANY_DETAIL_TAB', HANDLER: 'https://contacts.example.com/?x=1&y=2', TITLE: 'Contacts',
    LANG_ALL: { en: { TITLE: 'Contacts' }, de: { TITLE: 'Kontakte' }, ru: { TITLE: 'Контакты' } },
  })
  await call('placements', 'placement.get')
  await call('unbind', 'placement.unbind', { PLACEMENT: 'CRM_COMPANY_DETAIL_TAB', HANDLER: 'https://contacts.example.com/?x=1&y=2' })
  await call('user', 'user.current')
  await call('profile', 'profile')
  await call('admin', 'user.admin')

  // A batch that halts at the first error, with $result references, nested
  // params and an encoded value inside the sub-command strings (encoded twice in a form).
  const comment = encodeURIComponent(TRICKY)
  await call('batchHalt', 'batch', {
    halt: true,
    cmd: {
      before: `crm.company.contact.items.get?id=${id}`,
      guard: `crm.company.contact.add?id=${id}&fields[CONTACT_ID]=$result[before][0][CONTACT_ID]`,
      save: `user.option.set?options[cc_clear][token]=tok-2&options[cc_clear][links]=$result[before]`,
      note: `crm.timeline.comment.add?fields[ENTITY_TYPE]=company&fields[ENTITY_ID]=${id}&fields[COMMENT]=${comment}`,
      missing: 'crm.company.get?id=999999',
      never: `crm.company.contact.items.delete?id=${id}`,
    },
  })
  await call('afterHalt', 'crm.company.contact.items.get', { id })
  await call('saved', 'user.option.get', { option: 'cc_clear' })
  // halt 0 (false): the failing command does not stop the others
  await call('batchGoOn', 'batch', {
    halt: false,
    cmd: [`crm.company.get?id=999999`, `crm.company.contact.items.delete?id=${id}`, `crm.company.contact.items.get?id=${id}`],
  })
  await call('notes', 'crm.timeline.comment.list', { filter: { ENTITY_TYPE: 'company', ENTITY_ID: id } })
  return out
}

describe('a REST body that is not JSON is read as PHP reads it', () => {
  let json: Record<string, Answer>
  beforeAll(async () => {
    json = await scenario('json')
  })

  it('the JSON run itself answers as the app expects (so the comparison below means something)', () => {
    expect(json.links!.body).toMatchObject({ result: [{ CONTACT_ID: expect.any(Number) }, { CONTACT_ID: expect.any(Number) }] })
    expect((json.list!.body as { result: unknown[], total: number }).total).toBe(3)
    expect(json.add!.body).toMatchObject({ result: true })
    expect(json.addAgain!.body).toMatchObject({ result: false })
    expect(json.deleteAgain!.body).toMatchObject({ result: false })
    expect(json.badId!.status).toBe(400)
    expect(json.userGetOne!.body).toMatchObject({ result: { token: 'tok-1', note: TRICKY } })
    expect(json.commentList!.body).toMatchObject({ result: [{ COMMENT: TRICKY }] })
    expect(json.placements!.body).toMatchObject({ result: [{ langAll: { ru: { TITLE: 'Контакты' } } }] })
    expect(json.unbind!.body).toMatchObject({ result: { count: 1 } })
    const halt = json.batchHalt!.body as { result: { result: Record<string, unknown>, result_error: Record<string, unknown> } }
    expect(Object.keys(halt.result.result)).toEqual(['before', 'guard', 'save', 'note'])
    expect(Object.keys(halt.result.result_error)).toEqual(['missing'])
    expect(json.afterHalt!.body).toMatchObject({ result: [{}, {}] })
    const goOn = json.batchGoOn!.body as { result: { result: unknown[], result_error: Record<string, unknown> } }
    expect(Object.keys(goOn.result.result_error)).toEqual(['0'])
    expect(goOn.result.result).toEqual({ 1: true, 2: [] })
    expect(json.notes!.body).toMatchObject({ result: [{ COMMENT: TRICKY }], total: 1 })
  })

  it.each(['form', 'text'] as const)('as %s: every answer is the JSON one', async (encoding) => {
    const other = await scenario(encoding)
    expect(Object.keys(other)).toEqual(Object.keys(json))
    for (const key of Object.keys(json)) expect(other[key], key).toEqual(json[key])
  })

  it('reads literal brackets, `select[]`, `filter[@ID][]`, `+` as a space and UTF-8 escapes', async () => {
    emu.portal.reset()
    const c1 = emu.portal.addContact({ name: 'Iris', lastName: 'Vale' })
    const c2 = emu.portal.addContact({ name: 'Tomas', lastName: 'Reed' })
    const id = emu.portal.addCompany({ title: 'Harbor & Sons', contactIds: [c1] })
    const send = (method: string, body: string, type = 'application/x-www-form-urlencoded'): Promise<Answer> => fetch(`${emu.portalOrigin}/rest/${method}`, {
      method: 'POST', headers: { 'Content-Type': type }, body: `${body}&auth=${emu.portal.refreshAuth().AUTH_ID}`,
    }).then(async r => ({ status: r.status, body: await r.json() as unknown }))

    expect((await send('crm.company.contact.add', `id=${id}&fields[CONTACT_ID]=${c2}&fields[SORT]=5`)).body).toMatchObject({ result: true })
    expect(emu.portal.links(id).map(l => [l.CONTACT_ID, l.SORT])).toEqual([[c2, 5], [c1, 10]])
    const list = await send('crm.contact.list', `filter[@ID][]=${c1}&filter[@ID][]=${c2}&select[]=ID&select[]=NAME`)
    expect(list.body).toMatchObject({ result: [{ ID: String(c1), NAME: 'Iris' }, { ID: String(c2), NAME: 'Tomas' }], total: 2 })
    expect(Object.keys((list.body as { result: object[] }).result[0]!)).toEqual(['ID', 'NAME'])
    const items = await send('crm.company.contact.items.set', `id=${id}&items[0][CONTACT_ID]=${c1}&items[0][SORT]=70&items[1][CONTACT_ID]=${c2}`)
    expect(items.body).toMatchObject({ result: true })
    expect(emu.portal.links(id).map(l => [l.CONTACT_ID, l.SORT])).toEqual([[c2, 20], [c1, 70]])

    const comment = `fields[ENTITY_TYPE]=company&fields[ENTITY_ID]=${id}&fields[COMMENT]=${urlencode(TRICKY)}`
    expect((await send('crm.timeline.comment.add', comment, 'text/plain;charset=UTF-8')).status).toBe(200)
    expect((await send('crm.timeline.comment.add', comment.replace(/\+/g, '%20'))).status).toBe(200)
    expect(emu.portal.comments().map(c => c.comment)).toEqual([TRICKY, TRICKY])

    // cmd[a]=crm.contact.get%3Fid%3D5: the sub-command's own query, encoded once more
    const batch = await send('batch', `halt=0&cmd[a]=${urlencode(`crm.contact.get?id=${c2}`)}&cmd[b]=${urlencode(`crm.company.contact.items.get?id=${id}`)}`)
    expect(batch.body).toMatchObject({ result: { result: { a: { ID: String(c2), NAME: 'Tomas' }, b: [{ CONTACT_ID: c2 }, { CONTACT_ID: c1 }] } } })
  })

  it('reads `halt` as PHP does: "0" and "" go on after an error, "1" stops', async () => {
    emu.portal.reset()
    const body = (halt: string): string => `halt=${halt}&cmd[x]=crm.company.get%3Fid%3D999999&cmd[y]=user.admin&auth=${emu.portal.refreshAuth().AUTH_ID}`
    for (const [halt, ran] of [['0', ['y']], ['', ['y']], ['1', []], ['true', []]] as const) {
      const res = await fetch(`${emu.portalOrigin}/rest/batch`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body(halt) })
      const answer = await res.json() as { result: { result: Record<string, unknown> | unknown[] } }
      expect(Object.keys(answer.result.result), `halt=${halt}`).toEqual(ran)
    }
  })

  it('reads a JSON body only under a JSON Content-Type, as the portal does', async () => {
    // parse_str of a JSON text: one odd parameter name and no `auth`
    const res = await fetch(`${emu.portalOrigin}/rest/user.admin`, {
      method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: JSON.stringify({ auth: emu.portal.refreshAuth().AUTH_ID }),
    })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ error: 'NO_AUTH_FOUND' })
    const json = await fetch(`${emu.portalOrigin}/rest/user.admin`, {
      method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify({ auth: emu.portal.refreshAuth().AUTH_ID }),
    })
    expect(json.status).toBe(200)
  })
})
