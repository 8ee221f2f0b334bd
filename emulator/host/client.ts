/**
 * The host page's script (runs in the browser on the portal origin): loads the
 * app into its iframe by form POST, speaks the parent side of the Bitrix24
 * frame protocol (notes §1), and drives the emulator's control panel.
 *
 * Served transpiled by emulator/host/assets.ts: type-only imports, no others.
 */
import type { HostConfig } from './config.ts'
import type { LogEntry, PortalSettings, PortalUser, Role } from '../portal/api.ts'

// ---------------------------------------------------------------- basics ----

const cfgNode = document.getElementById('emu-config')
if (!cfgNode?.textContent) throw new Error('emulator host page: no #emu-config')
const cfg = JSON.parse(cfgNode.textContent) as HostConfig

type Attrs = Record<string, string | number | boolean | undefined>
type Child = Node | string | null | undefined | false

/** Build an element; text goes in as text nodes only (portal data is user input). */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue
    node.setAttribute(key, value === true ? '' : String(value))
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    node.append(child)
  }
  return node
}

function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

function randomHex(bytes = 16): string {
  const a = new Uint8Array(bytes)
  crypto.getRandomValues(a)
  return Array.from(a, b => b.toString(16).padStart(2, '0')).join('')
}

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } }
  if (body !== undefined) {
    init.body = JSON.stringify(body)
    init.headers = { 'Content-Type': 'application/json', Accept: 'application/json' }
  }
  const res = await fetch(path, init)
  const data = await res.json() as unknown
  if (!res.ok) {
    const text = isRecord(data) ? String(data.error_description ?? data.error ?? res.status) : String(res.status)
    throw new Error(text)
  }
  return data as T
}

// ------------------------------------------------------------ app frames ----

interface Slider {
  root: HTMLElement
  title: HTMLElement
  frame?: AppFrame
  close(): void
}

interface AppFrame {
  iframe: HTMLIFrameElement
  form: HTMLFormElement
  appSid: string
  placement: string
  /** PLACEMENT_OPTIONS as getInitData sends it (undefined: not sent) */
  placementOptions: unknown
  slider?: Slider
  events: Set<string>
  /** the model's getInitData answer, asked for as the frame loads (prefetchInitData) */
  initData?: Promise<{ answer?: unknown }>
}

const frames: AppFrame[] = []

function frameName(appSid: string): string {
  return `${cfg.domain}|${cfg.protocol}|${appSid}`
}

function setField(form: HTMLFormElement, name: string, value: string | undefined): void {
  let input = form.querySelector<HTMLInputElement>(`input[name="${name}"]`)
  if (value === undefined) {
    input?.remove()
    return
  }
  if (!input) {
    input = h('input', { type: 'hidden', name })
    form.append(input)
  }
  input.value = value
}

/** (Re)load an app frame the way Bitrix24 does: a form POST targeted at the iframe's name. */
function submitFrame(frame: AppFrame, lang: string, tokens: { AUTH_ID: string, REFRESH_ID: string } | null): void {
  const action = new URL(cfg.handlerUrl)
  action.searchParams.set('DOMAIN', cfg.domain)
  action.searchParams.set('PROTOCOL', cfg.protocol)
  action.searchParams.set('LANG', lang)
  action.searchParams.set('APP_SID', frame.appSid)
  frame.form.action = action.toString()
  // The SDK takes its tokens from getInitData; the fields are there because Bitrix24 posts them.
  setField(frame.form, 'AUTH_ID', tokens?.AUTH_ID ?? randomHex())
  setField(frame.form, 'REFRESH_ID', tokens?.REFRESH_ID ?? randomHex())
  frame.form.submit()
  prefetchInitData(frame)
}

function frameCtx(frame: AppFrame) {
  return { placement: frame.placement, placementOptions: frame.placementOptions, domain: cfg.domain, protocol: cfg.protocol }
}

/**
 * Bitrix24's page answers the frame's getInitData from what it already holds
 * (the app's tokens and options came with the page); it does not ask its
 * server. The emulator's answer comes from the model, on the server: ask for
 * it while the frame loads, so the frame's handshake does not wait for an
 * extra request the real portal never makes.
 */
function prefetchInitData(frame: AppFrame): void {
  // A host that does not answer it (silent, ?ignore=getInitData) does not ask the model either.
  if (cfg.silent || cfg.ignore.includes('getInitData')) return
  const asked = api<{ answer?: unknown }>('POST', '/_emulator/frame', { command: 'getInitData', ctx: frameCtx(frame) })
  asked.catch(() => undefined)
  frame.initData = asked
}

let currentLang = ''

async function reloadFrame(frame: AppFrame): Promise<void> {
  let tokens: { AUTH_ID: string, REFRESH_ID: string } | null = null
  try {
    currentLang = (await api<PortalSettings>('GET', '/_emulator/settings')).lang
    tokens = await api<{ AUTH_ID: string, REFRESH_ID: string }>('POST', '/_emulator/tokens')
  } catch {
    // keep the last known language
  }
  submitFrame(frame, currentLang, tokens)
}

function reloadAllFrames(): void {
  for (const f of frames) void reloadFrame(f)
}

function createAppFrame(placement: string, placementOptions: unknown, container: HTMLElement, title: string): AppFrame {
  const appSid = randomHex()
  const name = frameName(appSid)
  const iframe = h('iframe', { name, title, src: 'about:blank', class: 'b24-app-frame' })
  const form = h('form', { method: 'post', target: name, class: 'b24-hidden-form' })
  const fields: Array<[string, string]> = [
    ['AUTH_EXPIRES', '3600'], ['member_id', cfg.memberId], ['status', 'L'], ['PLACEMENT', placement],
  ]
  if (placementOptions !== undefined) {
    fields.push(['PLACEMENT_OPTIONS', typeof placementOptions === 'string' ? placementOptions : JSON.stringify(placementOptions)])
  }
  for (const [k, v] of fields) form.append(h('input', { type: 'hidden', name: k, value: v }))
  container.append(iframe, form)
  const frame: AppFrame = { iframe, form, appSid, placement, placementOptions, events: new Set() }
  frames.push(frame)
  return frame
}

// ------------------------------------------------------ frame protocol ----

interface FrameMessage {
  command: string
  params: unknown
  callback: string
  appSid: string
}

/**
 * `COMMAND[:JSON]:CALLBACK:APP_SID`: the JSON may contain ':' and is omitted
 * when empty, so split from both ends. The SDK sends an object
 * `{method, params, callback, appSid}` for commands whose name contains ':'.
 */
function parseMessage(data: unknown): FrameMessage | null {
  if (typeof data === 'string') {
    const parts = data.split(':')
    if (parts.length < 3) return null
    const command = parts[0] ?? ''
    const appSid = parts[parts.length - 1] ?? ''
    const callback = parts[parts.length - 2] ?? ''
    const raw = parts.slice(1, -2).join(':')
    let params: unknown
    if (raw !== '') {
      try {
        params = JSON.parse(raw)
      } catch {
        params = raw
      }
    }
    if (!command || !callback || !appSid) return null
    return { command, params, callback, appSid }
  }
  if (isRecord(data) && typeof data.method === 'string') {
    return { command: data.method, params: data.params, callback: String(data.callback ?? ''), appSid: String(data.appSid ?? '') }
  }
  return null
}

/** Parent → app: `CALLBACK:JSON`, to the app's origin only. */
function reply(frame: AppFrame, callback: string, answer?: unknown): void {
  const text = `${callback}:${answer === undefined ? '' : JSON.stringify(answer)}`
  frame.iframe.contentWindow?.postMessage(text, cfg.appOrigin)
}

/** Commands whose answer comes from the portal model. */
const MODEL_COMMANDS = new Set(['getInitData', 'refreshAuth', 'setInstall', 'setInstallFinish', 'setAppOption', 'setUserOption'])

function isCrmDetailTab(placement: string): boolean {
  return /^CRM_[A-Z_]+_DETAIL_TAB$/.test(placement)
}

function interfaceOf(placement: string): { command: string[], event: string[] } {
  return isCrmDetailTab(placement) ? { command: ['reloadData'], event: [] } : { command: [], event: [] }
}

window.addEventListener('message', (event: MessageEvent) => {
  const frame = frames.find(f => f.iframe.contentWindow !== null && f.iframe.contentWindow === event.source)
  if (!frame) return
  if (event.origin !== cfg.appOrigin) return
  const msg = parseMessage(event.data)
  if (!msg) return
  if (msg.appSid !== frame.appSid) {
    console.warn('emulator: message with a foreign APP_SID ignored', msg.command)
    return
  }
  if (cfg.silent || cfg.ignore.includes(msg.command)) {
    // "Never answers" mode: record that the app asked, answer nothing.
    void api('POST', '/_emulator/log', { name: msg.command, params: { silent: true, params: msg.params } }).catch(() => undefined)
    return
  }
  void handleCommand(frame, msg).catch((err: unknown) => console.error('emulator: frame command failed', msg.command, err))
})

/** Commands Bitrix24's page answers at once, from its own state: the model only records them. */
const LOCAL_COMMANDS = new Set(['setInstall'])

async function handleCommand(frame: AppFrame, msg: FrameMessage): Promise<void> {
  const { command, params, callback } = msg
  const ctx = frameCtx(frame)
  if (LOCAL_COMMANDS.has(command)) {
    reply(frame, callback, {})
    await api('POST', '/_emulator/frame', { command, params, ctx })
    onLogActivity()
    return
  }
  const prefetched = command === 'getInitData' ? frame.initData : undefined
  frame.initData = undefined
  // Every command goes through the model: it logs it, and answers the ones that need portal state.
  const fromModel = await (prefetched?.catch(() => null) ?? null) ?? await api<{ answer?: unknown }>('POST', '/_emulator/frame', { command, params, ctx })
  const p = isRecord(params) ? params : {}
  onLogActivity()

  if (MODEL_COMMANDS.has(command)) {
    reply(frame, callback, fromModel.answer)
    if (command === 'setInstallFinish') {
      // Bitrix24 reloads the app once the install is finished; it then opens in normal mode.
      setTimeout(() => void reloadFrame(frame), 300)
    }
    return
  }
  switch (command) {
    case 'resizeWindow': {
      const size = resize(frame, p.width, p.height)
      reply(frame, callback, size)
      return
    }
    case 'setTitle':
      showTitle(frame, String(p.title ?? ''))
      reply(frame, callback)
      return
    case 'setScroll':
      window.scrollTo({ top: Math.max(0, Number(p.scroll) || 0) })
      reply(frame, callback)
      return
    case 'openPath':
      // The SDK resolves openPath when the slider closes: {result: 'close'}.
      openPathSlider(String(p.path ?? '/'), () => reply(frame, callback, { result: 'close' }))
      return
    case 'openApplication':
      openAppSlider(params, () => reply(frame, callback))
      return
    case 'closeApplication':
      if (frame.slider) frame.slider.close()
      else reply(frame, callback)
      return
    case 'reloadWindow':
      void reloadFrame(frame)
      return
    case 'getInterface':
      reply(frame, callback, interfaceOf(frame.placement))
      return
    case 'placementBindEvent':
      if (typeof p.event === 'string') frame.events.add(p.event)
      reply(frame, callback)
      return
    case 'selectUser': {
      const picked = await pickUsers(p.mult === true)
      if (picked !== null) reply(frame, callback, picked)
      return
    }
    case 'selectAccess': {
      const blocked = Array.isArray(p.value) ? p.value.map(String) : []
      const picked = await pickAccess(blocked)
      if (picked !== null) reply(frame, callback, picked)
      return
    }
    case 'reloadData':
      if (isCrmDetailTab(frame.placement) && !frame.slider) {
        await markCardReloaded()
        reply(frame, callback)
      }
      return
    default:
      // Not a command this placement knows: Bitrix24 stays silent (the SDK's "safe" timer resolves it).
  }
}

function resize(frame: AppFrame, width: unknown, height: unknown): { width: string, height: string } {
  const css = (v: unknown): string | undefined => {
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) return `${Math.round(v)}px`
    if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) return `${Math.round(Number(v))}px`
    if (typeof v === 'string' && /^\d+(\.\d+)?(px|%)$/.test(v)) return v
    return undefined
  }
  const w = css(width)
  const hgt = css(height)
  if (hgt) frame.iframe.style.height = hgt
  if (w) frame.iframe.style.width = w
  frame.iframe.dataset.resized = String(Number(frame.iframe.dataset.resized ?? '0') + 1)
  return { width: frame.iframe.style.width || '100%', height: frame.iframe.style.height }
}

function showTitle(frame: AppFrame, title: string): void {
  if (frame.slider) {
    frame.slider.title.textContent = title
    return
  }
  const node = byId('app-title')
  if (node) {
    node.textContent = title
    node.hidden = title === ''
  }
  if (frame.placement === 'DEFAULT') {
    const h1 = byId('company-title')
    if (h1 && title) h1.textContent = title
    if (title) document.title = title
  }
}

let reloads = 0

async function markCardReloaded(): Promise<void> {
  reloads += 1
  const marker = byId('card-reloaded')
  if (marker) {
    marker.textContent = reloads === 1 ? 'Card reloaded' : `Card reloaded ×${reloads}`
    marker.hidden = false
  }
  document.body.dataset.cardReloads = String(reloads)
  if (cfg.companyId === undefined) return
  try {
    const companies = await api<Array<{ id: number, title: string, contactCount: number }>>('GET', '/_emulator/companies')
    const c = companies.find(x => x.id === cfg.companyId)
    const title = byId('company-title')
    const count = byId('general-contact-count')
    if (c && title) title.textContent = c.title
    if (c && count) count.textContent = String(c.contactCount)
  } catch {
    // the marker is what matters
  }
}

// -------------------------------------------------------------- sliders ----

const sliders: Slider[] = []

function openSlider(label: string, onClosed: () => void): Slider {
  const root = byId('slider-root') ?? document.body
  const title = h('h2', { class: 'b24-slider-title' }, label)
  const closeBtn = h('button', { type: 'button', class: 'b24-slider-close', 'aria-label': 'Close slider' }, '×')
  const content = h('div', { class: 'b24-slider-content' })
  const panel = h('div', { class: 'b24-slider', role: 'dialog', 'aria-modal': 'true', 'aria-label': label },
    closeBtn, h('div', { class: 'b24-slider-head' }, title), content)
  const overlay = h('div', { class: 'b24-slider-overlay' }, panel)
  let closed = false
  const slider: Slider = {
    root: content,
    title,
    close() {
      if (closed) return
      closed = true
      const i = sliders.indexOf(slider)
      if (i >= 0) sliders.splice(i, 1)
      if (slider.frame) {
        const fi = frames.indexOf(slider.frame)
        if (fi >= 0) frames.splice(fi, 1)
      }
      overlay.classList.remove('is-open')
      setTimeout(() => overlay.remove(), 200)
      onClosed()
    },
  }
  closeBtn.addEventListener('click', () => slider.close())
  overlay.addEventListener('click', ev => { if (ev.target === overlay) slider.close() })
  root.append(overlay)
  sliders.push(slider)
  requestAnimationFrame(() => requestAnimationFrame(() => overlay.classList.add('is-open')))
  closeBtn.focus()
  return slider
}

document.addEventListener('keydown', ev => {
  if (ev.key === 'Escape' && sliders.length > 0) sliders[sliders.length - 1]?.close()
})

/** openPath: a portal page in a slider (contact cards come from the model). */
function openPathSlider(path: string, onClosed: () => void): void {
  const url = new URL(path, location.origin)
  if (url.origin !== location.origin) {
    onClosed()
    return
  }
  url.searchParams.set('IFRAME', 'Y')
  const slider = openSlider('Loading…', onClosed)
  slider.root.parentElement?.setAttribute('data-path', url.pathname)
  void fetch(url.toString(), { headers: { Accept: 'text/html' } })
    .then(res => res.text())
    .then(text => {
      // Server-rendered by emulator/host/pages.ts with every value escaped.
      const doc = new DOMParser().parseFromString(text, 'text/html')
      const page = doc.querySelector('.b24-slider-page') ?? doc.body
      const heading = page.querySelector('h1')?.textContent ?? doc.title
      slider.title.textContent = heading
      slider.root.parentElement?.setAttribute('aria-label', heading)
      page.querySelector('h1')?.remove()
      slider.root.append(document.importNode(page, true))
    })
    .catch(() => { slider.root.append(h('p', { class: 'b24-muted' }, 'Could not load the page.')) })
}

/** openApplication: the app's own page (PLACEMENT DEFAULT) in a slider; answered when it closes. */
function openAppSlider(params: unknown, onClosed: () => void): void {
  const slider = openSlider('Application', onClosed)
  const options = isRecord(params) ? params : {}
  const frame = createAppFrame('DEFAULT', options, slider.root, 'Application (slider)')
  frame.slider = slider
  slider.frame = frame
  frame.iframe.classList.add('is-slider')
  void reloadFrame(frame)
}

// -------------------------------------------------------------- pickers ----

function pickerDialog(label: string, build: (body: HTMLElement, done: (value: unknown) => void) => void): Promise<unknown> {
  return new Promise(resolve => {
    const body = h('div', { class: 'b24-picker-body' })
    const cancel = h('button', { type: 'button', class: 'b24-btn b24-btn-light' }, 'Cancel')
    const dialog = h('div', { class: 'b24-picker', role: 'dialog', 'aria-modal': 'true', 'aria-label': label },
      h('h2', { class: 'b24-section-title' }, label), body, h('div', { class: 'b24-picker-actions' }, cancel))
    const overlay = h('div', { class: 'b24-picker-overlay' }, dialog)
    const done = (value: unknown): void => {
      overlay.remove()
      resolve(value)
    }
    // Cancel: Bitrix24's dialog closes without calling back.
    cancel.addEventListener('click', () => done(null))
    build(body, done)
    document.body.append(overlay)
    body.querySelector<HTMLElement>('button, input')?.focus()
  })
}

async function pickUsers(multiple: boolean): Promise<unknown> {
  const users = await api<PortalUser[]>('GET', '/_emulator/users')
  const fullName = (u: PortalUser): string => `${u.name} ${u.lastName}`
  return pickerDialog(multiple ? 'Select users' : 'Select user', (body, done) => {
    if (!multiple) {
      for (const u of users) {
        const b = h('button', { type: 'button', class: 'b24-picker-item' }, fullName(u))
        b.addEventListener('click', () => done({ id: u.id, name: fullName(u) }))
        body.append(b)
      }
      return
    }
    const boxes = users.map(u => {
      const box = h('input', { type: 'checkbox', value: u.id })
      body.append(h('label', { class: 'b24-picker-check' }, box, ` ${fullName(u)}`))
      return { box, u }
    })
    const ok = h('button', { type: 'button', class: 'b24-btn' }, 'Select')
    ok.addEventListener('click', () => done(boxes.filter(x => x.box.checked).map(x => ({ id: x.u.id, name: fullName(x.u) }))))
    body.append(ok)
  })
}

async function pickAccess(blocked: string[]): Promise<unknown> {
  const users = await api<PortalUser[]>('GET', '/_emulator/users')
  const items = [
    { id: 'AU', name: 'All authorized users' },
    { id: 'G2', name: 'All employees' },
    ...users.map(u => ({ id: `U${u.id}`, name: `${u.name} ${u.lastName}` })),
  ]
  return pickerDialog('Select access', (body, done) => {
    const boxes = items.map(item => {
      const box = h('input', { type: 'checkbox', value: item.id, disabled: blocked.includes(item.id) })
      body.append(h('label', { class: 'b24-picker-check' }, box, ` ${item.name}`))
      return { box, item }
    })
    const ok = h('button', { type: 'button', class: 'b24-btn' }, 'Select')
    ok.addEventListener('click', () => done(boxes.filter(x => x.box.checked).map(x => x.item)))
    body.append(ok)
  })
}

// ---------------------------------------------------------------- tabs ----

function setupTabs(): void {
  const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"][data-tab]'))
  const appPanel = byId('panel-app')
  const otherPanel = byId('panel-other')
  const otherTitle = byId('panel-other-title')
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      for (const t of tabs) {
        const on = t === tab
        t.setAttribute('aria-selected', String(on))
        t.classList.toggle('is-active', on)
      }
      const isApp = tab.dataset.tab === 'app'
      if (appPanel) appPanel.hidden = !isApp
      if (otherPanel) {
        otherPanel.hidden = isApp
        otherPanel.setAttribute('aria-labelledby', tab.id)
      }
      if (otherTitle && !isApp) otherTitle.textContent = tab.textContent
    })
  }
}

// -------------------------------------------------------- control panel ----

const LANGS = ['en', 'ru', 'de', 'la', 'br', 'fr', 'it', 'pl', 'ua', 'tr', 'sc', 'tc', 'ja', 'vn', 'id', 'ms', 'th', 'ar', 'kz', 'in']
const OPTS = ['object', 'json-string', 'missing', 'empty', 'bad', 'garbage', 'lower', 'number']
const COMMON_METHODS = [
  'crm.company.contact.items.get', 'crm.company.contact.items.delete', 'crm.company.contact.items.set',
  'crm.company.contact.add', 'crm.contact.list', 'crm.item.list', 'batch', 'user.current', 'profile',
  'user.admin', 'app.option.get', 'app.option.set', 'placement.bind', 'placement.get', 'crm.timeline.comment.add',
]

let panelOpen = false
let lastSeq = 0
let pollTimer: number | undefined
let logList: HTMLOListElement | null = null

function onLogActivity(): void {
  if (panelOpen) void pollLog()
}

async function pollLog(): Promise<void> {
  if (!logList) return
  let entries: LogEntry[]
  try {
    entries = await api<LogEntry[]>('GET', `/_emulator/log?since=${lastSeq}`)
  } catch {
    return
  }
  for (const e of entries) {
    if (e.seq <= lastSeq) continue
    lastSeq = e.seq
    const time = new Date(e.at).toLocaleTimeString(undefined, { hour12: false })
    const bad = e.error !== undefined || (e.status !== undefined && e.status >= 400)
    const detail = e.kind === 'rest'
      ? `${e.status ?? ''}${e.error ? ` ${e.error}` : ''}${e.sub ? ` [${e.sub.join(', ')}]` : ''}`
      : (e.params === undefined ? '' : JSON.stringify(e.params).slice(0, 160))
    logList.prepend(h('li', { class: `emu-log-${e.kind}${bad ? ' is-error' : ''}` },
      h('span', { class: 'emu-log-seq' }, `#${e.seq}`), ` ${time} `,
      h('span', { class: 'emu-log-kind' }, e.kind === 'rest' ? 'REST' : 'FRAME'), ' ',
      h('strong', {}, e.name), ` ${detail}`))
  }
  while (logList.children.length > 300) logList.lastElementChild?.remove()
}

function field(label: string, control: HTMLElement): HTMLDivElement {
  return h('div', { class: 'emu-field' }, h('label', { for: control.id }, label), control)
}

function button(label: string, onClick: () => void | Promise<void>, cls = 'emu-btn'): HTMLButtonElement {
  const b = h('button', { type: 'button', class: cls }, label)
  b.addEventListener('click', () => {
    b.disabled = true
    Promise.resolve(onClick())
      .catch((err: unknown) => flash(err instanceof Error ? err.message : String(err), true))
      .finally(() => { b.disabled = false })
  })
  return b
}

let flashNode: HTMLElement | null = null
function flash(text: string, error = false): void {
  if (!flashNode) return
  flashNode.textContent = text
  flashNode.classList.toggle('is-error', error)
}

function options(select: HTMLSelectElement, items: Array<[string, string]>, selected: string): void {
  select.replaceChildren(...items.map(([value, label]) => h('option', { value, selected: value === selected }, label)))
}

async function buildPanel(body: HTMLElement): Promise<void> {
  const state = await api<{ settings: PortalSettings, users: Array<PortalUser & { current: boolean }>, companies: Array<{ id: number, title: string, contactCount: number }> }>('GET', '/_emulator/state')
  let settings = state.settings
  let users = state.users

  const userSel = h('select', { id: 'emu-user' })
  const roleSel = h('select', { id: 'emu-role' })
  const langSel = h('select', { id: 'emu-lang' })
  const latency = h('input', { id: 'emu-latency', type: 'number', min: 0, step: 100, value: settings.latencyMs })
  const network = h('input', { id: 'emu-network', type: 'number', min: 0, step: 10, value: settings.networkMs })
  const installed = h('input', { id: 'emu-installed', type: 'checkbox', checked: settings.installed })
  const rate = h('input', { id: 'emu-rate', type: 'checkbox', checked: settings.rateLimit.enabled })
  const optsSel = h('select', { id: 'emu-opts' })

  const refreshSession = (): void => {
    options(userSel, users.map(u => [String(u.id), `${u.name} ${u.lastName} (${u.role})`]), String(settings.userId))
    const me = users.find(u => u.id === settings.userId)
    options(roleSel, [['admin', 'admin'], ['editor', 'editor'], ['readonly', 'readonly']], me?.role ?? 'admin')
    options(langSel, LANGS.map(l => [l, l]), settings.lang)
    updateSummary(settings, users)
  }
  options(optsSel, OPTS.map(o => [o, o]), cfg.optsMode)
  refreshSession()

  const patch = async (p: Partial<PortalSettings>, reload: boolean): Promise<void> => {
    settings = await api<PortalSettings>('PATCH', '/_emulator/settings', p)
    users = await api<typeof users>('GET', '/_emulator/users')
    refreshSession()
    flash(`Saved: ${Object.keys(p).join(', ')}${reload ? ' — app reloaded' : ''}`)
    if (reload) reloadAllFrames()
  }
  userSel.addEventListener('change', () => void patch({ userId: Number(userSel.value) }, true).catch(e => flash(String(e), true)))
  langSel.addEventListener('change', () => void patch({ lang: langSel.value }, true).catch(e => flash(String(e), true)))
  latency.addEventListener('change', () => void patch({ latencyMs: Math.max(0, Number(latency.value) || 0) }, false).catch(e => flash(String(e), true)))
  network.addEventListener('change', () => void patch({ networkMs: Math.max(0, Number(network.value) || 0) }, false).catch(e => flash(String(e), true)))
  installed.addEventListener('change', () => void patch({ installed: installed.checked }, true).catch(e => flash(String(e), true)))
  rate.addEventListener('change', () => void patch({ rateLimit: { ...settings.rateLimit, enabled: rate.checked } }, false).catch(e => flash(String(e), true)))
  roleSel.addEventListener('change', () => {
    void api<typeof users>('PUT', `/_emulator/users/${settings.userId}/role`, { role: roleSel.value as Role })
      .then(list => { users = list; refreshSession(); flash(`Role: ${roleSel.value} — app reloaded`); reloadAllFrames() })
      .catch(e => flash(String(e), true))
  })
  optsSel.addEventListener('change', () => {
    const u = new URL(location.href)
    u.searchParams.set('opts', optsSel.value)
    location.href = u.toString()
  })

  // Faults
  const fMethod = h('input', { id: 'emu-fault-method', list: 'emu-methods', value: 'crm.company.contact.items.delete', size: 30 })
  const fKind = h('select', { id: 'emu-fault-kind' })
  options(fKind, [['error', 'error (not applied)'], ['drop', 'drop (applied, no answer)']], 'error')
  const fCount = h('input', { id: 'emu-fault-count', type: 'number', min: 1, value: 1 })
  const fStatus = h('input', { id: 'emu-fault-status', type: 'number', value: 403 })
  const fCode = h('input', { id: 'emu-fault-code', value: 'ACCESS_DENIED', list: 'emu-codes' })
  const fDesc = h('input', { id: 'emu-fault-desc', value: 'Access denied!' })
  const faultList = h('ul', { class: 'emu-faults' })
  const methods = h('datalist', { id: 'emu-methods' }, ...COMMON_METHODS.map(m => h('option', { value: m })))
  const codes = h('datalist', { id: 'emu-codes' }, ...['ACCESS_DENIED', 'expired_token', 'QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT', 'INTERNAL_SERVER_ERROR', 'NO_AUTH_FOUND', 'insufficient_scope', 'user_access_error', ''].map(c => h('option', { value: c })))

  // Companies
  const companyList = h('ul', { class: 'emu-companies' })
  const renderCompanies = (list: typeof state.companies): void => {
    companyList.replaceChildren(...list.map(c => h('li', {},
      h('a', { href: `/crm/company/details/${c.id}/${cfg.silent ? '?silent=1' : ''}` }, `${c.title}`),
      ` #${c.id} · ${c.contactCount}`)))
  }
  renderCompanies(state.companies)
  const newTitle = h('input', { id: 'emu-company-title', value: 'Lakeside Ceramics', size: 20 })
  const newCount = h('input', { id: 'emu-company-contacts', type: 'number', min: 0, value: 5 })

  logList = h('ol', { class: 'emu-log-list', 'aria-live': 'off' })
  flashNode = h('p', { class: 'emu-flash', role: 'status' })

  body.replaceChildren(
    methods, codes,
    h('div', { class: 'emu-grid' },
      h('fieldset', {}, h('legend', {}, 'Session'),
        field('User', userSel), field('Role of this user', roleSel), field('Language', langSel),
        field('Latency (server time), ms', latency),
        field('Network (per request), ms', network),
        h('label', { class: 'emu-check' }, installed, ' App installed'),
        h('label', { class: 'emu-check' }, rate, ' Rate limit (2/s, burst 50)'),
        field('PLACEMENT_OPTIONS as', optsSel)),
      h('fieldset', {}, h('legend', {}, 'Faults (next calls of a method)'),
        field('Method', fMethod), field('Kind', fKind), field('Count', fCount),
        field('HTTP status', fStatus), field('Error code', fCode), field('Description', fDesc),
        h('div', { class: 'emu-row' },
          button('Add fault', async () => {
            await api('POST', '/_emulator/faults', {
              method: fMethod.value, kind: fKind.value, count: Number(fCount.value) || 1,
              status: Number(fStatus.value) || 500, error: fCode.value, description: fDesc.value,
            })
            faultList.append(h('li', {}, `${fMethod.value} × ${fCount.value}: ${fKind.value === 'drop' ? 'drop' : `${fStatus.value} ${fCode.value}`}`))
            flash('Fault added')
          }),
          button('Clear faults', async () => {
            await api('DELETE', '/_emulator/faults')
            faultList.replaceChildren()
            flash('Faults cleared')
          }, 'emu-btn emu-btn-light')),
        faultList),
      h('fieldset', {}, h('legend', {}, 'Portal'),
        h('div', { class: 'emu-row' },
          button('Expire tokens', async () => { await api('POST', '/_emulator/tokens/expire'); flash('Tokens expired: next call gets 401 expired_token') }),
          button('Reload app frame', () => { reloadAllFrames(); flash('App reloaded') }, 'emu-btn emu-btn-light'),
          button('Reset data', async () => { await api('POST', '/_emulator/reset'); location.reload() }, 'emu-btn emu-btn-danger')),
        h('p', { class: 'emu-sub' }, 'Companies'),
        companyList,
        h('div', { class: 'emu-row' }, field('New company', newTitle), field('contacts', newCount),
          button('Add company', async () => {
            const r = await api<{ id: number }>('POST', '/_emulator/companies', { title: newTitle.value || 'New company', contacts: Number(newCount.value) || 0 })
            renderCompanies(await api<typeof state.companies>('GET', '/_emulator/companies'))
            flash(`Company #${r.id} added`)
          }))),
      h('fieldset', { class: 'emu-log' }, h('legend', {}, 'Log (REST calls and frame messages)'),
        h('div', { class: 'emu-row' },
          button('Clear log', async () => { await api('DELETE', '/_emulator/log'); logList?.replaceChildren(); lastSeq = 0 }, 'emu-btn emu-btn-light')),
        logList)),
    flashNode)
}

function updateSummary(settings: PortalSettings, users: PortalUser[]): void {
  const node = byId('emu-bar-summary')
  const me = users.find(u => u.id === settings.userId)
  const text = `${me ? `${me.name} ${me.lastName} (${me.role})` : `user ${settings.userId}`} · ${settings.lang} · ${settings.latencyMs} ms${settings.networkMs ? ` + network ${settings.networkMs} ms` : ''} · ${settings.installed ? 'installed' : 'not installed'}${cfg.silent ? ' · SILENT' : ''}${cfg.ignore.length ? ` · ignoring ${cfg.ignore.join(', ')}` : ''} · ${cfg.placement}`
  if (node) node.textContent = text
  const header = byId('b24-user-name')
  if (header && me) header.textContent = `${me.name} ${me.lastName}`
}

function setupPanel(): void {
  const toggle = byId<HTMLButtonElement>('emu-panel-toggle')
  const body = byId('emu-panel-body')
  if (!toggle || !body) return
  let built = false
  const setOpen = (open: boolean): void => {
    panelOpen = open
    toggle.setAttribute('aria-expanded', String(open))
    body.hidden = !open
    if (open && !built) {
      built = true
      void buildPanel(body).then(() => pollLog()).catch(err => { body.textContent = `Control panel failed: ${String(err)}` })
    }
    if (open) {
      void pollLog()
      pollTimer = window.setInterval(() => void pollLog(), 1000)
    } else if (pollTimer !== undefined) {
      clearInterval(pollTimer)
      pollTimer = undefined
    }
  }
  toggle.addEventListener('click', () => setOpen(!panelOpen))
  void api<{ settings: PortalSettings, users: PortalUser[] }>('GET', '/_emulator/state')
    .then(s => { currentLang = s.settings.lang; updateSummary(s.settings, s.users) })
    .catch(() => undefined)
  if (cfg.panelOpen) setOpen(true)
}

// ---------------------------------------------------------------- start ----

function start(): void {
  setupTabs()
  setupPanel()
  const iframe = byId<HTMLIFrameElement>('app-frame')
  const form = byId<HTMLFormElement>('app-form')
  if (!iframe || !form) return
  const frame: AppFrame = { iframe, form, appSid: cfg.appSid, placement: cfg.placement, placementOptions: cfg.placementOptions, events: new Set() }
  frames.push(frame)
  // The listener is in place: now load the app, by form POST as Bitrix24 does.
  form.submit()
  prefetchInitData(frame)
  document.body.dataset.hostReady = '1'
}

start()
