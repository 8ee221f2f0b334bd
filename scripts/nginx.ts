/**
 * Serve a built app through the project's nginx configuration (deploy/), the
 * way a real host would, for tests: find nginx (NGINX_PATH, the usual paths,
 * PATH); on Debian/Ubuntu as root, install Debian's package when none is
 * found; else fail clearly. Then run it as a child process (no daemon, one
 * process, everything under a temporary prefix) on 127.0.0.1 and a free port,
 * with deploy/nginx.conf or deploy/nginx-https.conf, whose placeholders
 * (root, listen, certificates) are replaced and nothing else.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureTool, findTool, type SystemTool } from './system-tool.ts'

const DEPLOY_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'deploy')

const CANDIDATES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx', '/usr/bin/nginx', '/opt/homebrew/bin/nginx']

const NGINX: SystemTool = {
  label: 'nginx',
  envVar: 'NGINX_PATH',
  candidates: CANDIDATES,
  names: ['nginx'],
  // nginx-light is the small flavour on older releases and an alias of nginx since Debian 12.
  packages: ['nginx-light', 'nginx'],
  neededBy: 'the deploy tests',
}

export function findNginx(): string | null {
  return findTool(NGINX)
}

/** Find nginx, installing Debian's package when that is possible (root on Debian/Ubuntu); throw a clear message otherwise. */
export function ensureNginx(log: (line: string) => void = console.log): string {
  return ensureTool(NGINX, log)
}

interface NginxBuild {
  version: [number, number, number]
  confPath: string | null
  without: Set<string>
}

function inspect(nginx: string): NginxBuild {
  const text = outputOf(nginx, ['-V'])
  const v = /nginx\/(\d+)\.(\d+)\.(\d+)/.exec(text)
  const version: [number, number, number] = v ? [Number(v[1]), Number(v[2]), Number(v[3])] : [0, 0, 0]
  const confPath = /--conf-path=(\S+)/.exec(text)?.[1] ?? null
  const without = new Set([...text.matchAll(/--without-(http_[a-z0-9_]+)_module/g)].map(m => m[1] ?? ''))
  return { version, confPath, without }
}

/** stdout and stderr of a command together (`nginx -V` prints to stderr). */
function outputOf(cmd: string, args: string[]): string {
  const res = spawnSync(cmd, args, { encoding: 'utf8' })
  return `${res.stdout ?? ''}${res.stderr ?? ''}`
}

function atLeast(v: [number, number, number], want: [number, number, number]): boolean {
  for (let i = 0; i < 3; i++) {
    if (v[i]! !== want[i]!) return v[i]! > want[i]!
  }
  return true
}

function mimeTypesFile(build: NginxBuild): string | null {
  const candidates = [
    ...(build.confPath ? [join(dirname(build.confPath), 'mime.types')] : []),
    '/etc/nginx/mime.types',
    '/usr/local/nginx/conf/mime.types',
    '/usr/local/etc/nginx/mime.types',
    '/opt/homebrew/etc/nginx/mime.types',
  ]
  return candidates.find(p => existsSync(p)) ?? null
}

// Used only when the nginx build has no mime.types beside its config.
const FALLBACK_TYPES = `types {
    text/html html htm;
    text/css css;
    application/javascript js mjs;
    application/json json map;
    image/svg+xml svg;
    image/png png;
    image/x-icon ico;
    font/woff2 woff2;
  }`

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return await new Promise((resolvePort, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => resolvePort(port))
    })
  })
}

/** Replace `from` in `text`, which must occur exactly `times` times: a changed deploy file fails loudly instead of being tested half-substituted. */
function replaceExactly(text: string, from: RegExp, to: string, times: number, file: string): string {
  const all = new RegExp(from.source, from.flags.replace('g', '') + 'g')
  const count = text.match(all)?.length ?? 0
  if (count !== times) {
    throw new Error(`${file}: expected ${times} line(s) matching ${from} to replace for the test, found ${count}. Update scripts/nginx.ts with the deploy file.`)
  }
  return text.replace(all, to)
}

function quotePath(path: string): string {
  if (/["$\\\n;{}]/.test(path)) throw new Error(`Cannot put this path in an nginx config: ${path}`)
  return `"${path}"`
}

export interface Tls {
  cert: string
  key: string
}

/** A throw-away self-signed certificate for 127.0.0.1/localhost in `dir`, made with the openssl command; null when there is none. */
export function makeSelfSignedCert(dir: string): Tls | null {
  const cert = join(dir, 'cert.pem')
  const key = join(dir, 'key.pem')
  try {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
    ], { stdio: ['ignore', 'ignore', 'pipe'] })
    return { cert, key }
  } catch {
    return null
  }
}

const SNIPPET = 'company-contacts.conf'

/** The snippet with `origin` (an http: portal) added where the policy allows https: portals (exported for tests). */
export function allowHttpPortal(snippet: string, origin: string): string {
  const u = new URL(origin)
  if (u.protocol !== 'http:' || u.origin !== origin) throw new Error(`Not an http origin: ${origin}`)
  let text = replaceExactly(snippet, /connect-src 'self' https:;/, `connect-src 'self' https: ${origin};`, 1, SNIPPET)
  text = replaceExactly(text, /img-src 'self' https: data:;/, `img-src 'self' https: data: ${origin};`, 1, SNIPPET)
  return text
}

/** The site file with its placeholders replaced (exported for tests). */
export function renderSite(site: 'http' | 'https', appDir: string, ports: { app: number, plain?: number }, tls?: Tls): string {
  const file = site === 'http' ? 'nginx.conf' : 'nginx-https.conf'
  let text = readFileSync(join(DEPLOY_DIR, file), 'utf8')
  text = replaceExactly(text, /^(\s*)root \/srv\/company-contacts;/m, `$1root ${quotePath(resolve(appDir))};`, 1, file)
  text = replaceExactly(text, /^\s*listen \[::\]:\d+( ssl)?;\n/m, '', site === 'http' ? 1 : 2, file)
  if (site === 'http') {
    text = replaceExactly(text, /^(\s*)listen 80;/m, `$1listen 127.0.0.1:${ports.app};`, 1, file)
  } else {
    if (!tls) throw new Error('The HTTPS site needs a certificate (tls).')
    if (ports.plain === undefined) throw new Error('The HTTPS site needs a port for its plain-HTTP redirect.')
    text = replaceExactly(text, /^(\s*)listen 80;/m, `$1listen 127.0.0.1:${ports.plain};`, 1, file)
    text = replaceExactly(text, /^(\s*)listen 443 ssl;/m, `$1listen 127.0.0.1:${ports.app} ssl;`, 1, file)
    text = replaceExactly(text, /^(\s*)ssl_certificate\s+\S+;/m, `$1ssl_certificate ${quotePath(tls.cert)};`, 1, file)
    text = replaceExactly(text, /^(\s*)ssl_certificate_key\s+\S+;/m, `$1ssl_certificate_key ${quotePath(tls.key)};`, 1, file)
  }
  return text
}

export interface NginxOptions {
  /** the built app (dist/, or an unpacked release zip) */
  appDir: string
  /** which deploy file: nginx.conf (default) or nginx-https.conf */
  site?: 'http' | 'https'
  /** certificate for the HTTPS site (see makeSelfSignedCert) */
  tls?: Tls
  /** the nginx executable; ensureNginx() when absent */
  nginx?: string
  /** keep the temporary prefix (config, logs) after stop, for debugging */
  keep?: boolean
  /**
   * A portal on plain HTTP (the local emulator, http://localhost:<port>) the
   * app must reach: added to the Content-Security-Policy's connect-src and
   * img-src, which allow https: portals only. Nothing else of the policy changes.
   */
  httpPortalOrigin?: string
}

export interface RunningNginx {
  /** http(s)://127.0.0.1:<port>: the app's origin */
  origin: string
  /** the HTTPS site's plain-HTTP origin (which redirects) */
  plainOrigin?: string
  /** the temporary prefix: conf/nginx.conf, conf/site.conf, logs/ */
  prefix: string
  /** what nginx printed so far (errors, warnings) */
  output(): string
  stop(): Promise<void>
}

function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  return new Promise((resolveReady, reject) => {
    const onExit = (code: number | null, signal: string | null): void => {
      reject(new Error(`nginx exited (${code ?? signal}) before listening:\n${output()}`))
    }
    child.once('exit', onExit)
    const attempt = (): void => {
      const sock = connect(port, '127.0.0.1')
      sock.once('connect', () => {
        sock.destroy()
        child.off('exit', onExit)
        resolveReady()
      })
      sock.once('error', () => {
        sock.destroy()
        if (child.exitCode !== null || child.signalCode !== null) return
        if (Date.now() > deadline) {
          child.off('exit', onExit)
          reject(new Error(`nginx did not listen on 127.0.0.1:${port} within ${timeoutMs} ms:\n${output()}`))
          return
        }
        setTimeout(attempt, 50)
      })
    }
    attempt()
  })
}

async function startOnce(opts: NginxOptions, nginx: string, build: NginxBuild): Promise<RunningNginx> {
  const site = opts.site ?? 'http'
  const prefix = mkdtempSync(join(tmpdir(), 'company-contacts-nginx-'))
  const conf = join(prefix, 'conf')
  mkdirSync(join(prefix, 'logs'), { recursive: true })
  mkdirSync(join(prefix, 'tmp'), { recursive: true })
  // the site's `include snippets/…` resolves next to the main config, as in /etc/nginx
  cpSync(join(DEPLOY_DIR, 'snippets'), join(conf, 'snippets'), { recursive: true })
  if (opts.httpPortalOrigin) {
    const snippet = join(conf, 'snippets', SNIPPET)
    writeFileSync(snippet, allowHttpPortal(readFileSync(snippet, 'utf8'), opts.httpPortalOrigin))
  }

  const app = await freePort()
  const plain = site === 'https' ? await freePort() : undefined
  writeFileSync(join(conf, 'site.conf'), renderSite(site, opts.appDir, { app, plain }, opts.tls))

  const mime = mimeTypesFile(build)
  // temp folders inside the prefix (the build's defaults are root-only); skipped for modules the build lacks
  const temp = (module: string | null, directive: string): string =>
    module && build.without.has(module) ? '' : `  ${directive} ${quotePath(join(prefix, 'tmp', directive.replace(/_temp_path$/, '')))};\n`
  writeFileSync(join(conf, 'nginx.conf'), [
    '# generated by scripts/nginx.ts for a test run',
    'daemon off;',
    'master_process off;',
    `pid ${quotePath(join(prefix, 'nginx.pid'))};`,
    'error_log stderr warn;',
    'events { worker_connections 128; }',
    'http {',
    mime ? `  include ${quotePath(mime)};` : `  ${FALLBACK_TYPES}`,
    '  default_type application/octet-stream;',
    `  access_log ${quotePath(join(prefix, 'logs', 'access.log'))};`,
    temp(null, 'client_body_temp_path')
    + temp('http_proxy', 'proxy_temp_path')
    + temp('http_fastcgi', 'fastcgi_temp_path')
    + temp('http_uwsgi', 'uwsgi_temp_path')
    + temp('http_scgi', 'scgi_temp_path'),
    '  sendfile on;',
    '  include site.conf;',
    '}',
    '',
  ].join('\n'))

  const args = ['-p', prefix + '/', '-c', join(conf, 'nginx.conf')]
  // -e (the log used before the config is read) exists from nginx 1.19.5
  if (atLeast(build.version, [1, 19, 5])) args.push('-e', 'stderr')
  const child = spawn(nginx, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { out += d.toString() })
  const output = (): string => out

  const cleanup = (): void => {
    if (!opts.keep) rmSync(prefix, { recursive: true, force: true })
  }
  try {
    await waitForPort(app, child, output, 10_000)
    if (plain !== undefined) await waitForPort(plain, child, output, 10_000)
  } catch (err) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    cleanup()
    throw err
  }

  let stopped = false
  return {
    origin: `${site === 'https' ? 'https' : 'http'}://127.0.0.1:${app}`,
    plainOrigin: plain === undefined ? undefined : `http://127.0.0.1:${plain}`,
    prefix,
    output,
    async stop() {
      if (stopped) return
      stopped = true
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>(done => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
          child.once('exit', () => { clearTimeout(timer); done() })
          child.kill('SIGTERM')
        })
      }
      cleanup()
    },
  }
}

/** Start nginx serving `appDir` with the project's deploy configuration; stop() ends it and removes its files. */
export async function startNginx(opts: NginxOptions): Promise<RunningNginx> {
  const nginx = opts.nginx ?? ensureNginx()
  const build = inspect(nginx)
  if (!existsSync(join(opts.appDir, 'index.html'))) throw new Error(`No index.html in ${opts.appDir}: build the app first (npm run build).`)
  // a free port can be taken between the check and nginx's bind: try again then
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts, nginx, build)
    } catch (err) {
      if (attempt >= 3 || !/Address already in use/.test(String(err))) throw err
    }
  }
}
