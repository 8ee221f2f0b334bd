import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import axios, { AxiosError as RealAxiosError } from 'axios'
import lite, { AxiosError } from '@/b24/axios-lite'
import { formBody } from '@/b24/form-body'
import { FORM_CONTENT_TYPE } from '@/b24/rest-transport'

// The stand-in must behave as axios does for what the SDK uses: each request
// goes through both to a local server, and the outcomes are compared.

interface Received {
  method: string
  contentType: string | undefined
  accept: string | undefined
  custom: string | undefined
  body: string
}

let server: Server
let base = ''
const received: Received[] = []

const read = (req: IncomingMessage): Promise<string> => new Promise((resolve) => {
  let body = ''
  req.on('data', (c: Buffer) => { body += c.toString() })
  req.on('end', () => resolve(body))
})

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await read(req)
    received.push({ method: req.method!, contentType: req.headers['content-type'], accept: req.headers.accept, custom: req.headers['x-custom'] as string | undefined, body })
    const json = (status: number, data: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(data))
    }
    switch (new URL(req.url!, 'http://x').pathname) {
      case '/ok': return json(200, { result: { ID: 7 }, time: { start: 1 } })
      case '/text': res.writeHead(200, { 'Content-Type': 'text/plain' }); return res.end('plain words')
      case '/not-json': res.writeHead(200, { 'Content-Type': 'application/json' }); return res.end('{broken')
      case '/empty': res.writeHead(204); return res.end()
      case '/denied': return json(403, { error: 'ACCESS_DENIED', error_description: 'Access denied.' })
      case '/expired': return json(401, { error: 'expired_token', error_description: 'The access token provided has expired.' })
      case '/limit': return json(503, { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' })
      case '/crash': res.writeHead(500, { 'Content-Type': 'text/html' }); return res.end('<h1>Internal Server Error</h1>')
      case '/slow': setTimeout(() => json(200, { result: true }), 400); return
      case '/drop': req.socket.destroy(); return
      default: return json(404, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

type Outcome =
  | { ok: true, status: number, data: unknown }
  | { ok: false, name: string, code?: string, message: string, status?: number, response?: { status: number, data: unknown } }

async function outcome(p: Promise<{ status: number, data: unknown }>): Promise<Outcome> {
  try {
    const r = await p
    return { ok: true, status: r.status, data: r.data }
  } catch (e) {
    const err = e as RealAxiosError
    return {
      ok: false,
      name: err.name,
      code: err.code,
      message: err.message,
      status: err.status,
      ...(err.response ? { response: { status: err.response.status, data: err.response.data } } : {}),
    }
  }
}

/** The SDK's client, as it creates it (core/http/abstract-http.mjs). */
const options = { timeout: 30_000, timeoutErrorMessage: 'Request timeout exceeded', headers: {} }

describe('axios-lite against axios', () => {
  it.each(['/ok', '/text', '/not-json', '/empty', '/denied', '/expired', '/limit', '/crash', '/missing'])('POST %s: the same answer or the same error', async (path) => {
    const params = { cmd: { a: 'crm.company.get?id=1' }, halt: 0, auth: 'token', list: [1, 2] }
    const ours = await outcome(lite.create(options).post(`${base}${path}?bx24_request_id=1`, params))
    const theirs = await outcome(axios.create({ ...options, adapter: 'fetch' }).post(`${base}${path}?bx24_request_id=1`, params))
    expect(ours).toEqual(theirs)
  })

  it('sends what axios sends: POST, a JSON body, the same Content-Type and Accept, the instance\'s headers', async () => {
    received.length = 0
    const params = { filter: { '@ID': [1, 2] }, select: ['ID', 'NAME'], auth: 'token' }
    await lite.create({ ...options, headers: { 'X-Custom': 'yes' } }).post(`${base}/ok`, params)
    await axios.create({ ...options, headers: { 'X-Custom': 'yes' }, adapter: 'fetch' }).post(`${base}/ok`, params)
    expect(received).toHaveLength(2)
    expect(received[0]).toEqual(received[1])
    expect(received[0]).toMatchObject({ method: 'POST', contentType: 'application/json', custom: 'yes', body: JSON.stringify(params) })
  })

  it('with the transport the app sets on the SDK\'s client (its defaults: a form Content-Type and transformRequest), sends what axios sends', async () => {
    received.length = 0
    const params = { fields: { CONTACT_ID: 5, TITLE: 'Smith & Sons = Ltd' }, items: [{ CONTACT_ID: 5 }], auth: 'token' }
    const ours = lite.create(options)
    const theirs = axios.create({ ...options, adapter: 'fetch' })
    for (const client of [ours, theirs] as const) {
      client.defaults.headers['Content-Type'] = FORM_CONTENT_TYPE
      client.defaults.transformRequest = [(data: unknown) => formBody(data)]
    }
    await ours.post(`${base}/ok`, params)
    await theirs.post(`${base}/ok`, params)
    expect(received).toHaveLength(2)
    expect(received[0]).toEqual(received[1])
    expect(received[0]).toMatchObject({ method: 'POST', contentType: FORM_CONTENT_TYPE, body: formBody(params) })
  })

  it('the errors are AxiosErrors for the SDK\'s instanceof, with axios\'s codes', async () => {
    const e = await lite.create(options).post(`${base}/denied`, {}).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(AxiosError)
    expect(e).toBeInstanceOf(Error)
    expect((e as AxiosError).isAxiosError).toBe(true)
    expect([AxiosError.ERR_BAD_REQUEST, AxiosError.ERR_BAD_RESPONSE, AxiosError.ERR_NETWORK, AxiosError.ECONNABORTED])
      .toEqual([RealAxiosError.ERR_BAD_REQUEST, RealAxiosError.ERR_BAD_RESPONSE, RealAxiosError.ERR_NETWORK, RealAxiosError.ECONNABORTED])
  })

  // axios in a browser uses its XHR adapter; these are that adapter's errors (axios/lib/adapters/xhr.js).
  it('a timeout rejects as the XHR adapter does: the instance\'s timeoutErrorMessage, code ECONNABORTED', async () => {
    const ours = await outcome(lite.create({ ...options, timeout: 100 }).post(`${base}/slow`, {}))
    expect(ours).toEqual({ ok: false, name: 'AxiosError', code: 'ECONNABORTED', message: 'Request timeout exceeded', status: undefined })
    const plain = await outcome(lite.create({ timeout: 100 }).post(`${base}/slow`, {}))
    expect(plain).toMatchObject({ ok: false, code: 'ECONNABORTED', message: 'timeout of 100ms exceeded' })
  })

  it('a dropped connection rejects as the XHR adapter does: Network Error, code ERR_NETWORK, no response', async () => {
    const ours = await outcome(lite.create(options).post(`${base}/drop`, {}))
    expect(ours).toEqual({ ok: false, name: 'AxiosError', code: 'ERR_NETWORK', message: 'Network Error', status: undefined })
  })

  it('the SDK maps those to its own codes as before', async () => {
    // what _convertAxiosErrorToAjaxError reads
    const fail = (p: Promise<unknown>): Promise<AxiosError> => p.then(() => { throw new Error('expected a failure') }, (x: AxiosError) => x)
    const timeout = await fail(lite.create({ ...options, timeout: 100 }).post(`${base}/slow`, {}))
    expect(timeout.code === 'ECONNABORTED' || timeout.message.includes('timeout')).toBe(true)
    const denied = await fail(lite.create(options).post(`${base}/denied`, {}))
    expect(denied.response?.data).toEqual({ error: 'ACCESS_DENIED', error_description: 'Access denied.' })
    expect(denied.status).toBe(403)
  })

  it('refuses a body it cannot send as axios would, instead of sending something else', async () => {
    await expect(lite.create(options).post(`${base}/ok`, new Map())).rejects.toThrow(TypeError)
  })

  it('a request whose signal is already aborted is not sent; one the browser aborts is ECONNABORTED, as XHR\'s onabort', async () => {
    received.length = 0
    const controller = new AbortController()
    controller.abort()
    expect(await outcome(lite.create(options).post(`${base}/ok`, {}, { signal: controller.signal }))).toMatchObject({ ok: false, code: 'ERR_CANCELED' })
    expect(received).toHaveLength(0)
    const realFetch = globalThis.fetch
    globalThis.fetch = () => Promise.reject(new DOMException('The user aborted a request.', 'AbortError'))
    try {
      expect(await outcome(lite.create(options).post(`${base}/ok`, {}))).toEqual({ ok: false, name: 'AxiosError', code: 'ECONNABORTED', message: 'Request aborted', status: undefined })
    } finally {
      globalThis.fetch = realFetch
    }
  })
})
