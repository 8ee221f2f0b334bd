/**
 * The parent side of Bitrix24's frame protocol (docs/bitrix24.md, Frame
 * protocol): messages from the app's frames, checked, parsed, passed through
 * the model (which logs them and answers those that need portal state) and
 * answered with `CALLBACK:JSON`.
 */
import { isRecord } from '../../common.ts'
import { api } from './api.ts'
import { markCardReloaded } from './card.ts'
import { frameCtx, frameOf, reloadFrame, type AppFrame } from './frames.ts'
import { pokeLog, stateChanged } from './live.ts'
import { byId, cfg } from './page.ts'
import { pickAccess, pickUsers } from './pickers.ts'
import { openAppSlider, openPathSlider } from './sliders.ts'

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
export function parseMessage(data: unknown): FrameMessage | null {
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

/** Commands Bitrix24's page answers at once, from its own state: the model only records them. */
const LOCAL_COMMANDS = new Set(['setInstall'])

function isCrmDetailTab(placement: string): boolean {
  return /^CRM_[A-Z_]+_DETAIL_TAB$/.test(placement)
}

function interfaceOf(placement: string): { command: string[], event: string[] } {
  return isCrmDetailTab(placement) ? { command: ['reloadData'], event: [] } : { command: [], event: [] }
}

/** Listen to the app's frames: from the app origin only, with the frame's own APP_SID. */
export function listenToFrames(): void {
  window.addEventListener('message', (event: MessageEvent) => {
    const frame = frameOf(event.source)
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
      void api('logFrame', { body: { name: msg.command, params: { silent: true, params: msg.params } } }).catch(() => undefined)
      return
    }
    void handleCommand(frame, msg).catch((err: unknown) => console.error('emulator: frame command failed', msg.command, err))
  })
}

async function handleCommand(frame: AppFrame, msg: FrameMessage): Promise<void> {
  const { command, params, callback } = msg
  const ctx = frameCtx(frame)
  if (LOCAL_COMMANDS.has(command)) {
    reply(frame, callback, {})
    await api('frame', { body: { command, params, ctx } })
    pokeLog()
    return
  }
  const prefetched = command === 'getInitData' ? frame.initData : undefined
  frame.initData = undefined
  // Every command goes through the model: it logs it, and answers the ones that need portal state.
  const fromModel = (await prefetched?.catch(() => null)) ?? await api('frame', { body: { command, params, ctx } })
  const p = isRecord(params) ? params : {}
  pokeLog()

  if (MODEL_COMMANDS.has(command)) {
    reply(frame, callback, fromModel.answer)
    if (command === 'setInstallFinish') {
      // The app is installed now: the status bar and the panel say so.
      stateChanged()
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
