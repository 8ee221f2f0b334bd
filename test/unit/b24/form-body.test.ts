import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { B24Hook } from '@bitrix24/b24jssdk'
import { formBody, phpUrlEncode } from '@/b24/form-body'
import { FORM_CONTENT_TYPE, sendFormEncoded } from '@/b24/rest-transport'
import { parsePhpQuery } from '@emulator/portal/php'

/** What PHP's parse_str gives back for a value sent through formBody: strings at the leaves, nothing for null or empty. */
function asPhpReads(value: unknown): unknown {
  if (value === null || value === undefined) return undefined
  if (typeof value === 'boolean') return value ? '1' : '0'
  if (typeof value !== 'object') return String(value)
  const entries = Object.entries(value).map(([k, v]) => [k, asPhpReads(v)] as const).filter(([, v]) => v !== undefined)
  if (entries.length === 0) return undefined
  if (entries.every(([k], i) => k === String(i))) return entries.map(([, v]) => v)
  return Object.fromEntries(entries)
}

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v))

describe('formBody: REST params as PHP reads a form', () => {
  it('matches the example on Bitrix24\'s "Data encoding" page: & in a value is %26, brackets stay', () => {
    expect(formBody({ fields: { TITLE: 'John&Martin' } })).toBe('fields[TITLE]=John%26Martin')
  })

  it('nests arrays and objects with PHP brackets', () => {
    expect(formBody({ id: 7, items: [{ CONTACT_ID: 5, SORT: 10, IS_PRIMARY: 'Y' }, { CONTACT_ID: 6 }] }))
      .toBe('id=7&items[0][CONTACT_ID]=5&items[0][SORT]=10&items[0][IS_PRIMARY]=Y&items[1][CONTACT_ID]=6')
    expect(formBody({ filter: { '@ID': [1, 2] }, select: ['ID', 'NAME'] }))
      .toBe('filter[%40ID][0]=1&filter[%40ID][1]=2&select[0]=ID&select[1]=NAME')
  })

  it('encodes as PHP\'s urlencode: spaces +, reserved and non-ASCII characters as UTF-8 escapes', () => {
    expect(phpUrlEncode('Smith & Sons = Ltd')).toBe('Smith+%26+Sons+%3D+Ltd')
    expect(phpUrlEncode("a+b!'()*~-_.")).toBe('a%2Bb%21%27%28%29%2A%7E-_.')
    expect(phpUrlEncode('Ковалёва')).toBe('%D0%9A%D0%BE%D0%B2%D0%B0%D0%BB%D1%91%D0%B2%D0%B0')
  })

  it('leaves out null, undefined and empty containers, and sends booleans as 1 and 0, as http_build_query does', () => {
    expect(formBody({ a: null, b: undefined, c: [], d: {}, e: true, f: false, g: 0, h: '' })).toBe('e=1&f=0&g=0&h=')
  })

  it('refuses a number the portal could not read instead of sending "NaN"', () => {
    expect(() => formBody({ id: Number.NaN })).toThrow(TypeError)
  })

  it('round-trips through PHP\'s parse_str (the emulator\'s): any nesting, any text', () => {
    const key = fc.oneof(fc.constantFrom('ID', '@ID', 'fields', 'a b', 'x.y', 'é', '0', '1'), fc.string({ minLength: 1, maxLength: 6 }))
      .filter((k) => !/[[\]]/.test(k) && !['__proto__', 'constructor', 'prototype'].includes(k))
    const leaf = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('Smith & Sons = Ltd', 'Ада Квилл', '東京', 'مرحبا', '+1 555 0100', '50%'))
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
    })).node
    const top = fc.dictionary(key.filter((k) => /^[A-Za-z@][\w@]*$/.test(k)), tree, { maxKeys: 4 })
    fc.assert(fc.property(top, (params) => {
      const expected = asPhpReads(params) ?? {}
      expect(plain(parsePhpQuery(formBody(params)))).toEqual(Array.isArray(expected) ? { ...expected } : expected)
    }), { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) })
  })
})

describe('sendFormEncoded: the SDK posts CORS-simple requests', () => {
  interface Seen { url: string, headers: IncomingMessage['headers'], body: string }
  const seen: Seen[] = []
  let server: Server
  let base = ''
  const realFetch = globalThis.fetch

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => { body += c.toString() })
      req.on('end', () => {
        seen.push({ url: req.url!, headers: req.headers, body })
        const params = parsePhpQuery(body)
        const result = req.url!.includes('/batch')
          ? { result: Object.fromEntries(Object.keys(params.cmd as object).map((k) => [k, true])), result_error: [], result_total: [], result_next: [], result_time: [] }
          : true
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ result, time: { start: 0, finish: 0, duration: 0, processing: 0, date_start: '', date_finish: '' } }))
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // The SDK takes only https webhooks: send them to the local server instead.
    globalThis.fetch = (input, init) => realFetch(String(input).replace('https://portal.test', base), init)
  })
  afterAll(async () => {
    globalThis.fetch = realFetch
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  const hook = () => {
    const b24 = B24Hook.fromWebhookUrl('https://portal.test/rest/1/secret/')
    sendFormEncoded(b24)
    return b24
  }

  it('a call goes as a form body with only safelisted headers, and the portal reads the same params', async () => {
    seen.length = 0
    const params = { id: 7, fields: { CONTACT_ID: 5, SORT: 10, IS_PRIMARY: 'N' }, options: { note: 'Smith & Sons = Ltd', name: 'Ада Квилл' } }
    const r = await hook().actions.v2.call.make({ method: 'crm.company.contact.add', params })
    expect(r.isSuccess).toBe(true)
    const [request] = seen
    expect(request!.headers['content-type']).toBe(FORM_CONTENT_TYPE)
    // CORS-simple: no header the browser would have to ask the portal about first
    const extra = Object.keys(request!.headers).filter((h) => !['host', 'connection', 'content-type', 'content-length', 'accept', 'accept-language', 'accept-encoding', 'user-agent', 'sec-fetch-mode'].includes(h))
    expect(extra).toEqual([])
    expect(request!.body).toContain('options[note]=Smith+%26+Sons+%3D+Ltd')
    expect(plain(parsePhpQuery(request!.body))).toEqual(asPhpReads(params))
  })

  it('a batch keeps the SDK\'s own encoding of each command: the portal parses the same sub-commands as from JSON', async () => {
    seen.length = 0
    await hook().actions.v2.batch.make({
      calls: {
        before: { method: 'crm.company.contact.items.get', params: { id: 7 } },
        back: { method: 'crm.company.contact.add', params: { id: 7, fields: { CONTACT_ID: '$result[before][0][CONTACT_ID]', SORT: 10 } } },
        note: { method: 'crm.timeline.comment.add', params: { fields: { ENTITY_ID: 7, ENTITY_TYPE: 'company', COMMENT: 'Smith & Sons = Ltd, 50% off?' } } },
      },
      options: { isHaltOnError: true, returnAjaxResult: true },
    })
    const [request] = seen
    expect(request!.headers['content-type']).toBe(FORM_CONTENT_TYPE)
    const body = parsePhpQuery(request!.body) as { cmd: Record<string, string>, halt: string }
    expect(body.halt).toBe('1')
    expect(Object.keys(body.cmd)).toEqual(['before', 'back', 'note'])
    const [method, query] = body.cmd.note!.split('?') as [string, string]
    expect(method).toBe('crm.timeline.comment.add')
    expect(plain(parsePhpQuery(query))).toEqual({ fields: { ENTITY_ID: '7', ENTITY_TYPE: 'company', COMMENT: 'Smith & Sons = Ltd, 50% off?' } })
    expect(plain(parsePhpQuery(body.cmd.back!.split('?')[1]!))).toEqual({ id: '7', fields: { CONTACT_ID: '$result[before][0][CONTACT_ID]', SORT: '10' } })
  })
})
