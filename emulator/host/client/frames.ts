/**
 * The app's frames on the page: the card's (or the app page's) own, and one
 * per app slider. Each is loaded the way Bitrix24 loads it, by a form POST
 * targeted at the iframe's name (frame-form.ts builds that form).
 */
import { randomHex } from '../../common.ts'
import { frameForm, frameName } from '../frame-form.ts'
import { api } from './api.ts'
import { cfg, h } from './page.ts'

/** A slider the frame lives in (sliders.ts). */
export interface FrameSlider {
  title: HTMLElement
  close(): void
}

export interface AppFrame {
  iframe: HTMLIFrameElement
  form: HTMLFormElement
  appSid: string
  placement: string
  /** PLACEMENT_OPTIONS as getInitData sends it (undefined: not sent) */
  placementOptions: unknown
  /** the PLACEMENT_OPTIONS form field (undefined: not sent) */
  placementOptionsField: string | undefined
  slider?: FrameSlider
  events: Set<string>
  /** the model's getInitData answer, asked for as the frame loads (prefetchInitData) */
  initData?: Promise<{ answer?: unknown }>
}

export const frames: AppFrame[] = []

export function removeFrame(frame: AppFrame): void {
  const i = frames.indexOf(frame)
  if (i >= 0) frames.splice(i, 1)
}

/** The frame a message event came from, if it is one of the app's. */
export function frameOf(source: MessageEventSource | null): AppFrame | undefined {
  return frames.find(f => f.iframe.contentWindow !== null && f.iframe.contentWindow === source)
}

export function frameCtx(frame: AppFrame) {
  return { placement: frame.placement, placementOptions: frame.placementOptions, domain: cfg.domain, protocol: cfg.protocol }
}

let currentLang = ''

/** The portal's language as last read (a reload posts it as LANG). */
export function setCurrentLang(lang: string): void {
  currentLang = lang
}

/** (Re)load an app frame the way Bitrix24 does: a form POST targeted at the iframe's name. */
function submitFrame(frame: AppFrame, lang: string, tokens: { AUTH_ID: string, REFRESH_ID: string } | null): void {
  const form = frameForm({
    ...cfg,
    appSid: frame.appSid,
    lang,
    placement: frame.placement,
    placementOptionsField: frame.placementOptionsField,
    // The SDK takes its tokens from getInitData; the fields are there because Bitrix24 posts them.
    auth: tokens?.AUTH_ID ?? randomHex(),
    refresh: tokens?.REFRESH_ID ?? randomHex(),
  })
  frame.form.action = form.action
  frame.form.replaceChildren(...form.fields.map(([name, value]) => h('input', { type: 'hidden', name, value })))
  frame.form.submit()
  prefetchInitData(frame)
}

/**
 * Bitrix24's page answers the frame's getInitData from what it already holds
 * (the app's tokens and options came with the page); it does not ask its
 * server. The emulator's answer comes from the model, on the server: ask for
 * it while the frame loads, so the frame's handshake does not wait for an
 * extra request the real portal never makes.
 */
export function prefetchInitData(frame: AppFrame): void {
  // A host that does not answer it (silent, ?ignore=getInitData) does not ask the model either.
  if (cfg.silent || cfg.ignore.includes('getInitData')) return
  const asked = api('frame', { body: { command: 'getInitData', ctx: frameCtx(frame) } })
  asked.catch(() => undefined)
  frame.initData = asked
}

export async function reloadFrame(frame: AppFrame): Promise<void> {
  let tokens: { AUTH_ID: string, REFRESH_ID: string } | null = null
  try {
    currentLang = (await api('settings')).lang
    tokens = await api('tokens')
  } catch {
    // keep the last known language
  }
  submitFrame(frame, currentLang, tokens)
}

export function reloadAllFrames(): void {
  for (const f of frames) void reloadFrame(f)
}

/** The frame the server rendered into the page; the caller submits its form once the message listener is in place. */
export function pageFrame(iframe: HTMLIFrameElement, form: HTMLFormElement): AppFrame {
  const frame: AppFrame = {
    iframe, form, appSid: cfg.appSid, placement: cfg.placement,
    placementOptions: cfg.placementOptions, placementOptionsField: cfg.placementOptionsField, events: new Set(),
  }
  frames.push(frame)
  return frame
}

/** A new frame in `container` (an app slider's); load it with reloadFrame(). */
export function createAppFrame(placement: string, placementOptions: unknown, container: HTMLElement, title: string): AppFrame {
  const appSid = randomHex()
  const name = frameName(cfg.domain, cfg.protocol, appSid)
  const iframe = h('iframe', { name, title, src: 'about:blank', class: 'b24-app-frame' })
  const form = h('form', { method: 'post', target: name, class: 'b24-hidden-form' })
  container.append(iframe, form)
  const placementOptionsField = placementOptions === undefined
    ? undefined
    : typeof placementOptions === 'string' ? placementOptions : JSON.stringify(placementOptions)
  const frame: AppFrame = { iframe, form, appSid, placement, placementOptions, placementOptionsField, events: new Set() }
  frames.push(frame)
  return frame
}
