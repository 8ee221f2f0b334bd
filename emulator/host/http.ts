/**
 * Small HTTP helpers for the emulator servers (plain node:http, no framework).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { MAX_NESTING, UNSAFE_KEYS, parsePhpQuery } from '../portal/php.ts'
import { RestError } from '../portal/errors.ts'
import { HttpError } from '../common.ts'

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

/**
 * A control API body: JSON (the default when no Content-Type is given), or
 * form-urlencoded with PHP-style brackets.
 */
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
  return jsonObject(value)
}

/**
 * A REST body as the portal reads it (`CRestUtil::getRequestData`;
 * docs/bitrix24.md, REST over HTTP): JSON only when the Content-Type says
 * JSON; any other body, whatever its type (`application/x-www-form-urlencoded`,
 * `text/plain`, none), goes through PHP's `parse_str`: brackets, `+` as a
 * space, percent escapes as UTF-8, every value a string.
 */
export function parseRestBody(text: string, contentType: string | undefined): Record<string, unknown> {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase()
  if (!/[/+]json$/.test(type)) return parseForm(text)
  if (text.trim() === '') return {}
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON')
  }
  return jsonObject(value)
}

function jsonObject(value: unknown): Record<string, unknown> {
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
 * objects the way PHP (and so Bitrix24) reads a form or query string: PHP's
 * `parse_str` (`parsePhpQuery`), so a query, a form body and a batch
 * sub-command read alike. Objects have no prototype; unsafe keys and nesting
 * deeper than MAX_NESTING are a 400.
 */
export function parseForm(text: string): Record<string, unknown> {
  try {
    return parsePhpQuery(text)
  } catch (err) {
    if (err instanceof RestError) throw new HttpError(400, err.description)
    throw err
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
 * Cache-Control as deploy/snippets/company-contacts.conf sets it: the hashed
 * bundles under assets/ for a year, immutable; everything else (index.html
 * above all) `no-cache`, revalidated on every load.
 */
export function appCacheControl(pathname: string): string {
  return isAssetPath(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

/** nginx's `location ~ /assets/`: any path with an assets/ folder in it. */
function isAssetPath(pathname: string): boolean {
  return pathname.includes('/assets/')
}

/** nginx's ETag: `"<mtime in seconds, hex>-<size, hex>"`. */
function etagOf(mtimeMs: number, size: number): string {
  return `"${Math.floor(mtimeMs / 1000).toString(16)}-${size.toString(16)}"`
}

/** If-None-Match (any of its tags, weak or strong), else If-Modified-Since, as nginx reads them. */
function notModified(req: IncomingMessage, etag: string, mtimeMs: number): boolean {
  const inm = req.headers['if-none-match']
  if (inm !== undefined) {
    return inm.trim() === '*' || inm.split(',').some(tag => tag.trim().replace(/^W\//, '') === etag)
  }
  const ims = req.headers['if-modified-since']
  if (ims === undefined) return false
  const since = Date.parse(ims)
  return Number.isFinite(since) && Math.floor(mtimeMs / 1000) * 1000 <= since
}

/**
 * Serve a built app folder the way deploy/nginx.conf does. Any page path (no
 * file extension, or a directory) answers index.html for GET *and* POST:
 * Bitrix24 opens the handler with a form POST (docs/bitrix24.md, Opening a
 * placement). Under assets/ only existing files, else a plain 404 (nginx:
 * `try_files $uri =404`). Cache-Control
 * as nginx sets it (`appCacheControl`), with ETag and Last-Modified; a GET
 * whose validators match answers 304, so a warm reload revalidates
 * index.html and takes the bundles from the browser's cache.
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
  else if (isAssetPath(decoded)) file = undefined
  else if (await isFile(join(target, 'index.html'))) file = join(target, 'index.html')
  else if (extname(decoded) === '' || extname(decoded) === '.html') file = join(root, 'index.html')
  if (!file || !(await isFile(file))) {
    sendText(res, 404, 'Not Found', 'text/plain; charset=utf-8')
    return
  }
  const info = await stat(file)
  const etag = etagOf(info.mtimeMs, info.size)
  const headers = {
    'Cache-Control': appCacheControl(decoded),
    'ETag': etag,
    'Last-Modified': new Date(Math.floor(info.mtimeMs / 1000) * 1000).toUTCString(),
  }
  if (method !== 'POST' && notModified(req, etag, info.mtimeMs)) {
    res.writeHead(304, headers)
    res.end()
    return
  }
  const data = await readFile(file)
  res.writeHead(200, { 'Content-Type': contentTypeOf(file), 'Content-Length': data.length, ...headers })
  res.end(method === 'HEAD' ? undefined : data)
}
