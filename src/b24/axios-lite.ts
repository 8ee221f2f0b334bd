/**
 * A small stand-in for `axios`, the HTTP client `@bitrix24/b24jssdk` 2.2.0
 * depends on. The build resolves the SDK's `import axios from 'axios'` to
 * this file (vite.config.ts, `sdkDependencies`); nothing else imports it.
 *
 * Why: axios is 20 KB of the tab's gzip JS (issue 6 budgets 180 KB), and the
 * SDK uses a sliver of it. In a frame app it calls
 * `axios.create({ timeout, timeoutErrorMessage, headers })` once per API
 * version and then only `instance.post(url, params)`, reading `status` and
 * `data` of the answer; on failure it reads `code`, `message`, `status` and
 * `response.{status,data}` of an `AxiosError` (`instanceof`).
 *
 * This file does that over `fetch`, with the behaviour of axios 1.x in a
 * browser (its XHR adapter), which is what the SDK had before:
 * - a plain object body is sent as JSON (`Content-Type: application/json`),
 *   with `Accept: application/json, text/plain, *\/*`;
 * - `transformRequest` (the instance's or the request's) replaces that: the
 *   app sets one on the SDK's client to send form-encoded bodies
 *   (src/b24/rest-transport.ts), and a string body goes as it is;
 * - a JSON answer is parsed, anything else stays text ("silent" parsing);
 * - a status outside 2xx rejects with `Request failed with status code N`,
 *   code `ERR_BAD_REQUEST` (4xx) or `ERR_BAD_RESPONSE` (5xx), carrying the
 *   response;
 * - no answer at all rejects with `Network Error`, code `ERR_NETWORK`;
 * - the timeout rejects with `timeoutErrorMessage` (else `timeout of Nms
 *   exceeded`), code `ECONNABORTED`.
 * test/unit/b24/axios-lite.test.ts checks these against axios itself.
 *
 * Not supported (the SDK's frame path does not use them): interceptors,
 * adapters, transformResponse, responseType, form data and
 * URLSearchParams bodies (the SDK's server-side OAuth refresh posts one: it
 * throws a TypeError here), upload and download progress, cancel tokens,
 * other verbs than POST and GET.
 */

export interface AxiosRequestConfig {
  url?: string
  method?: 'get' | 'post' | 'GET' | 'POST'
  baseURL?: string
  data?: unknown
  headers?: Record<string, string | undefined>
  timeout?: number
  timeoutErrorMessage?: string
  validateStatus?: ((status: number) => boolean) | null
  signal?: AbortSignal
  /** replaces the default (JSON for plain objects), as in axios; each gets the data and the request's headers */
  transformRequest?: Array<(data: unknown, headers: Record<string, string>) => unknown>
}

export interface AxiosResponse<T = unknown> {
  data: T
  status: number
  statusText: string
  headers: Record<string, string>
  config: AxiosRequestConfig
  request: null
}

export class AxiosError<T = unknown> extends Error {
  static readonly ERR_BAD_REQUEST = 'ERR_BAD_REQUEST'
  static readonly ERR_BAD_RESPONSE = 'ERR_BAD_RESPONSE'
  static readonly ERR_NETWORK = 'ERR_NETWORK'
  static readonly ECONNABORTED = 'ECONNABORTED'
  static readonly ERR_CANCELED = 'ERR_CANCELED'

  readonly isAxiosError = true
  readonly code?: string
  readonly config?: AxiosRequestConfig
  readonly request: null = null
  readonly response?: AxiosResponse<T>
  readonly status?: number

  constructor(message: string, code?: string, config?: AxiosRequestConfig, _request?: unknown, response?: AxiosResponse<T>) {
    super(message)
    this.name = 'AxiosError'
    this.code = code
    this.config = config
    this.response = response
    if (response) this.status = response.status
  }

  toJSON(): object {
    return { message: this.message, name: this.name, code: this.code, status: this.status }
  }
}

export const isAxiosError = (e: unknown): e is AxiosError => e instanceof AxiosError

const validate2xx = (status: number): boolean => status >= 200 && status < 300

function isPlainObject(v: unknown): v is object {
  if (v === null || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v)
  return proto === Object.prototype || proto === null || Array.isArray(v)
}

function fullUrl(config: AxiosRequestConfig): string {
  const url = config.url ?? ''
  if (!config.baseURL || /^([a-z][a-z\d+\-.]*:)?\/\//i.test(url)) return url
  return `${config.baseURL.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`
}

/** axios's `transformResponse`: JSON if it parses, the text otherwise. */
function parseBody(text: string): unknown {
  if (!text) return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

async function send<T>(config: AxiosRequestConfig): Promise<AxiosResponse<T>> {
  const method = (config.method ?? 'get').toUpperCase()
  const headers: Record<string, string> = { Accept: 'application/json, text/plain, */*' }
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    if (value !== undefined) headers[name] = value
  }
  let body: string | undefined
  const data = (config.transformRequest ?? []).reduce((d, transform) => transform.call(config, d, headers), config.data)
  if (method !== 'GET' && data !== undefined) {
    if (typeof data === 'string') {
      body = data
    } else if (isPlainObject(data)) {
      body = JSON.stringify(data)
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json'
    } else {
      throw new TypeError('axios-lite sends plain objects and strings only (src/b24/axios-lite.ts)')
    }
  }

  if (config.signal?.aborted) throw new AxiosError('canceled', AxiosError.ERR_CANCELED, config)
  const controller = new AbortController()
  let timedOut = false
  const timer = config.timeout ? setTimeout(() => { timedOut = true; controller.abort() }, config.timeout) : undefined
  const onAbort = () => controller.abort()
  config.signal?.addEventListener('abort', onAbort)
  try {
    let res: Response
    let text: string
    try {
      res = await fetch(fullUrl(config), { method, headers, body, signal: controller.signal })
      text = await res.text()
    } catch (e) {
      if (timedOut) {
        throw new AxiosError(config.timeoutErrorMessage || `timeout of ${config.timeout}ms exceeded`, AxiosError.ECONNABORTED, config)
      }
      if (config.signal?.aborted) throw new AxiosError('canceled', AxiosError.ERR_CANCELED, config)
      // the browser gave up on it (the page is going away): XHR's onabort
      if (e instanceof DOMException && e.name === 'AbortError') throw new AxiosError('Request aborted', AxiosError.ECONNABORTED, config)
      throw new AxiosError('Network Error', AxiosError.ERR_NETWORK, config)
    }
    const response: AxiosResponse<T> = {
      data: parseBody(text) as T,
      status: res.status,
      statusText: res.statusText,
      headers: Object.fromEntries(res.headers),
      config,
      request: null,
    }
    const valid = config.validateStatus === undefined ? validate2xx : config.validateStatus
    if (!response.status || !valid || valid(response.status)) return response
    throw new AxiosError(
      `Request failed with status code ${response.status}`,
      response.status >= 400 && response.status < 500 ? AxiosError.ERR_BAD_REQUEST : AxiosError.ERR_BAD_RESPONSE,
      config,
      null,
      response,
    )
  } finally {
    clearTimeout(timer)
    config.signal?.removeEventListener('abort', onAbort)
  }
}

export interface AxiosInstance {
  /** the instance's own copy of its config, read at each request (so changes apply to later requests, as in axios) */
  defaults: AxiosRequestConfig & { headers: Record<string, string | undefined> }
  request<T = unknown>(config: AxiosRequestConfig): Promise<AxiosResponse<T>>
  get<T = unknown>(url: string, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>
  post<T = unknown>(url: string, data?: unknown, config?: AxiosRequestConfig): Promise<AxiosResponse<T>>
}

export function create(config: AxiosRequestConfig = {}): AxiosInstance {
  const defaults = { ...config, headers: { ...config.headers } }
  const merge = (config: AxiosRequestConfig): AxiosRequestConfig => ({
    ...defaults,
    ...config,
    headers: { ...defaults.headers, ...config.headers },
  })
  return {
    defaults,
    request: (config) => send(merge(config)),
    get: (url, config = {}) => send(merge({ ...config, url, method: 'get' })),
    post: (url, data, config = {}) => send(merge({ ...config, url, data, method: 'post' })),
  }
}

const axios = { create, AxiosError, isAxiosError }
export default axios
