/**
 * deploy/nginx.conf and deploy/nginx-https.conf, run by a real nginx (found,
 * or Debian's package installed: scripts/nginx.ts) over the built app in
 * dist/: the pages answer Bitrix24's form POST with the page, assets are
 * served with their types, caching and gzip, and nothing forbids the portal's
 * iframe.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureNginx, makeSelfSignedCert, startNginx, type RunningNginx, type Tls } from '../../scripts/nginx'
import { PORTAL_QUERY, postAsPortal, rawRequest, referencedFiles, type RawResponse } from './request'

const appDir = resolve('dist')
const indexHtml = readFileSync(join(appDir, 'index.html'))
const assets = referencedFiles(indexHtml.toString('utf8'))

const TYPES: Record<string, RegExp> = {
  '.js': /^(?:application|text)\/javascript\b/,
  '.css': /^text\/css\b/,
  '.svg': /^image\/svg\+xml\b/,
}

function typeFor(path: string): RegExp {
  const ext = path.slice(path.lastIndexOf('.'))
  const re = TYPES[ext]
  if (!re) throw new Error(`the test knows no content type for ${path}`)
  return re
}

/** Headers that must not keep the page out of the portal's iframe. */
function expectEmbeddable(res: RawResponse): void {
  expect(res.headers['x-frame-options']).toBeUndefined()
  const csp = String(res.headers['content-security-policy'] ?? '')
  expect(csp).not.toMatch(/frame-ancestors\s+'(?:none|self)'/)
  expect(res.headers['x-content-type-options']).toBe('nosniff')
}

/** The page's Content-Security-Policy, directive by directive. */
function policyOf(res: RawResponse): Record<string, string> {
  const csp = String(res.headers['content-security-policy'] ?? '')
  return Object.fromEntries(csp.split(';').map(d => d.trim()).filter(Boolean).map(d => {
    const [name, ...values] = d.split(/\s+/)
    return [name!, values.join(' ')]
  }))
}

function expectThePage(res: RawResponse): void {
  expect(res.status).toBe(200)
  expect(res.headers['content-type']).toMatch(/^text\/html\b/)
  expect(res.headers['content-encoding']).toBeUndefined()
  expect(res.body.equals(indexHtml)).toBe(true)
  expect(res.headers['cache-control']).toBe('no-cache')
  expectEmbeddable(res)
}

beforeAll(() => {
  if (!existsSync(join(appDir, 'index.html'))) throw new Error('No built app in dist/: run `npm run build` first (npm run test:e2e does).')
  // find or install nginx once, before the start timeouts count
  ensureNginx()
}, 300_000)

describe('deploy/nginx.conf (HTTP)', () => {
  let nginx: RunningNginx

  beforeAll(async () => {
    nginx = await startNginx({ appDir })
  })
  afterAll(async () => {
    await nginx?.stop()
  })

  it('answers GET / with the app page, not cached, embeddable', async () => {
    expectThePage(await rawRequest(`${nginx.origin}/`))
  })

  it('answers the portal\'s form POST on the handler URL with the same page (not 405)', async () => {
    expectThePage(await postAsPortal(`${nginx.origin}/${PORTAL_QUERY}`))
    expectThePage(await postAsPortal(`${nginx.origin}/index.html${PORTAL_QUERY}`))
  })

  it('answers GET and POST on any path without an extension with the page', async () => {
    expectThePage(await postAsPortal(`${nginx.origin}/install${PORTAL_QUERY}`))
    expectThePage(await rawRequest(`${nginx.origin}/crm/company/tab`))
  })

  it('sends the page gzipped when asked', async () => {
    const res = await rawRequest(`${nginx.origin}/`, { headers: { 'Accept-Encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(res.body).equals(indexHtml)).toBe(true)
  })

  it('serves every file index.html loads, with its type, cache policy and gzip', async () => {
    expect(assets.length).toBeGreaterThanOrEqual(2)
    for (const path of assets) {
      const file = readFileSync(join(appDir, path))
      const plain = await rawRequest(`${nginx.origin}/${path}`)
      expect(plain.status, path).toBe(200)
      expect(plain.headers['content-type'], path).toMatch(typeFor(path))
      expect(plain.headers['content-encoding'], path).toBeUndefined()
      expect(plain.body.equals(file), path).toBe(true)
      expect(plain.headers['cache-control'], path).toBe(path.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')

      const zipped = await rawRequest(`${nginx.origin}/${path}`, { headers: { 'Accept-Encoding': 'gzip, deflate, br' } })
      expect(zipped.status, path).toBe(200)
      expect(zipped.headers['content-encoding'], path).toBe('gzip')
      expect(zipped.headers.vary, path).toMatch(/Accept-Encoding/i)
      expect(gunzipSync(zipped.body).equals(file), path).toBe(true)
    }
  })

  it('answers 404 for a missing asset or file instead of the page', async () => {
    for (const path of ['assets/index-missing.js', 'assets/missing.css', 'missing.png', 'missing.html', 'assets/']) {
      const res = await rawRequest(`${nginx.origin}/${path}`)
      expect(res.status, path).toBe(404)
      expect(res.body.equals(indexHtml), path).toBe(false)
    }
  })

  it('sends a Content-Security-Policy: scripts and styles from the site, REST and photos from any https: portal, any portal may frame it', async () => {
    for (const res of [await rawRequest(`${nginx.origin}/`), await postAsPortal(`${nginx.origin}/${PORTAL_QUERY}`), await rawRequest(`${nginx.origin}/install`)]) {
      expect(policyOf(res)).toEqual({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self'",
        'connect-src': "'self' https:",
        'img-src': "'self' https: data:",
        'object-src': "'none'",
        'base-uri': "'self'",
        'form-action': "'self'",
      })
    }
    // The built page needs nothing inline: no <script> or <style> with content, no style attributes.
    const html = indexHtml.toString('utf8')
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    expect(html).not.toMatch(/<style\b/)
    expect(html).not.toMatch(/\sstyle=/)
  })

  it('serves no source map, and the bundles point to none', async () => {
    const maps = readdirSync(join(appDir, 'assets')).filter(f => f.endsWith('.map'))
    // The build still writes them (for local tools), so the check below is not empty.
    expect(maps.length).toBeGreaterThan(0)
    for (const map of [...maps.map(m => `assets/${m}`), 'assets/missing.js.map', 'index.html.map']) {
      const res = await rawRequest(`${nginx.origin}/${map}`)
      expect(res.status, map).toBe(404)
      expect(res.headers['cache-control'], map).toBeUndefined()
    }
    for (const js of readdirSync(join(appDir, 'assets')).filter(f => f.endsWith('.js'))) {
      expect(readFileSync(join(appDir, 'assets', js), 'utf8'), js).not.toContain('sourceMappingURL')
    }
  })

  it('does not turn a POST on an asset, or other methods, into the page', async () => {
    const js = assets.find(a => a.endsWith('.js'))
    expect((await postAsPortal(`${nginx.origin}/${js}`)).status).toBe(405)
    for (const method of ['PUT', 'DELETE', 'OPTIONS']) {
      expect((await rawRequest(`${nginx.origin}/`, { method })).status, method).toBe(405)
    }
  })
})

describe('deploy/nginx-https.conf (HTTPS)', () => {
  let nginx: RunningNginx
  let certDir: string
  let tls: Tls | null

  beforeAll(async () => {
    certDir = mkdtempSync(join(tmpdir(), 'company-contacts-cert-'))
    tls = makeSelfSignedCert(certDir)
    if (tls) nginx = await startNginx({ appDir, site: 'https', tls })
    else console.log('No openssl command to make a test certificate: the HTTPS checks are skipped.')
  })
  afterAll(async () => {
    await nginx?.stop()
    rmSync(certDir, { recursive: true, force: true })
  })

  it('answers GET and the portal\'s POST over HTTPS with the page and HSTS', async (ctx) => {
    if (!tls) return ctx.skip()
    for (const res of [await rawRequest(`${nginx.origin}/`), await postAsPortal(`${nginx.origin}/${PORTAL_QUERY}`)]) {
      expectThePage(res)
      expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/)
    }
    const js = assets.find(a => a.endsWith('.js'))
    const asset = await rawRequest(`${nginx.origin}/${js}`, { headers: { 'Accept-Encoding': 'gzip' } })
    expect(asset.status).toBe(200)
    expect(asset.headers['content-encoding']).toBe('gzip')
  })

  it('redirects plain HTTP to HTTPS keeping the method (308) and the query', async (ctx) => {
    if (!tls) return ctx.skip()
    const res = await postAsPortal(`${nginx.plainOrigin}/${PORTAL_QUERY}`)
    expect(res.status).toBe(308)
    expect(res.headers.location).toBe(`https://127.0.0.1/${PORTAL_QUERY}`)
  })
})
