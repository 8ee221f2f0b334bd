/**
 * Small HTTP helpers for the emulator servers (plain node:http, no framework).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { MAX_NESTING, UNSAFE_KEYS } from '../portal/php.ts'

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message)
  }
}

const MAX_BODY = 5 * 1024 * 1024

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    const buf = chunk as Buffer
    size += buf.length
    if (size > MAX_BODY) throw new HttpError(413, 'Request body too large')
    chunks.push(buf)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/** Parse a request body as JSON or form-urlencoded (PHP-style brackets), by Content-Type. */
export function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (text.trim() === '') return {}
  const type = (contentType ?? '').toLowerCase()
  if (type.includes('application/x-www-form-urlencoded')) return parseForm(text)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    if (!type.includes('json') && text.includes('=')) return parseForm(text)
    throw new HttpError(400, 'The request body is not valid JSON')
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpError(400, 'The request body must be a JSON object')
  }
  checkJson(value)
  return value as Record<string, unknown>
}

function checkKey(key: string, where: string): void {
  if (UNSAFE_KEYS.has(key)) throw new HttpError(400, `The parameter name ${JSON.stringify(where)} is not allowed`)
}

function tooDeep(where: string): HttpError {
  return new HttpError(400, `${JSON.stringify(where)} nests deeper than ${MAX_NESTING} levels`)
}

/** A JSON body with an unsafe key anywhere, or nested deeper than MAX_NESTING, is refused. */
function checkJson(value: unknown): void {
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length) {
    const [v, depth] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (depth > MAX_NESTING) throw tooDeep('the request body')
    if (!Array.isArray(v)) for (const key of Object.keys(v)) checkKey(key, key)
    for (const child of Object.values(v)) stack.push([child, depth + 1])
  }
}

/**
 * Decode `a=1&filter[@ID][]=3&filter[@ID][]=4&fields[TITLE]=x` into nested
 * objects the way PHP (and so Bitrix24) reads a form or query string. Objects
 * have no prototype; unsafe keys and nesting deeper than MAX_NESTING are a 400.
 */
export function parseForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = Object.create(null)
  const params = new URLSearchParams(text)
  for (const [rawKey, value] of params) {
    const m = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(rawKey)
    if (!m) {
      checkKey(rawKey, rawKey)
      root[rawKey] = value
      continue
    }
    const path = [m[1] ?? rawKey]
    for (const part of (m[2] ?? '').matchAll(/\[([^\]]*)\]/g)) path.push(part[1] ?? '')
    for (const key of path) checkKey(key, rawKey)
    if (path.length - 1 > MAX_NESTING) throw tooDeep(rawKey)
    assignPath(root, path, value)
  }
  return root
}

function assignPath(root: Record<string, unknown>, path: string[], value: string): void {
  let node: Record<string, unknown> | unknown[] = root
  for (let i = 0; i < path.length; i++) {
    const key = path[i] ?? ''
    const last = i === path.length - 1
    const nextKey = path[i + 1]
    const container = (): Record<string, unknown> | unknown[] => (nextKey === '' ? [] : Object.create(null))
    if (Array.isArray(node)) {
      const arr: unknown[] = node
      if (key === '') {
        if (last) { arr.push(value); return }
        const child = container()
        arr.push(child)
        node = child
        continue
      }
      // A named key inside an array: turn it into an object.
      const obj: Record<string, unknown> = Object.assign(Object.create(null), Object.fromEntries(arr.map((v, idx) => [String(idx), v])))
      node = obj
    }
    const obj = node as Record<string, unknown>
    const k = key === '' ? String(Object.keys(obj).length) : key
    if (last) { obj[k] = value; return }
    const existing = obj[k]
    if (existing === null || typeof existing !== 'object') {
      obj[k] = container()
    }
    node = obj[k] as Record<string, unknown> | unknown[]
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? 'null' : JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(text)
}

export function sendText(res: ServerResponse, status: number, text: string, type: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  })
  res.end(text)
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
}

export function contentTypeOf(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

/**
 * Serve a built app folder. Any page path (no file extension, or a directory)
 * answers index.html for GET *and* POST: Bitrix24 opens the handler with a
 * form POST (notes §1). Missing assets are a plain 404.
 */
export async function serveAppDir(dir: string, req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
  const method = req.method ?? 'GET'
  if (method !== 'GET' && method !== 'HEAD' && method !== 'POST') {
    sendText(res, 405, 'Method Not Allowed', 'text/plain; charset=utf-8', { Allow: 'GET, HEAD, POST' })
    return
  }
  if (method === 'POST') req.resume()
  const root = resolve(dir)
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    sendText(res, 400, 'Bad path', 'text/plain; charset=utf-8')
    return
  }
  const target = normalize(join(root, decoded))
  if (target !== root && !target.startsWith(root + sep)) {
    sendText(res, 403, 'Forbidden', 'text/plain; charset=utf-8')
    return
  }
  let file: string | undefined
  if (await isFile(target)) file = target
  else if (await isFile(join(target, 'index.html'))) file = join(target, 'index.html')
  else if (extname(decoded) === '' || extname(decoded) === '.html') file = join(root, 'index.html')
  if (!file || !(await isFile(file))) {
    sendText(res, 404, 'Not Found', 'text/plain; charset=utf-8')
    return
  }
  const data = await readFile(file)
  res.writeHead(200, {
    'Content-Type': contentTypeOf(file),
    'Content-Length': data.length,
    'Cache-Control': 'no-cache',
  })
  res.end(method === 'HEAD' ? undefined : data)
}
