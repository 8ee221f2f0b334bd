import { initializeB24Frame, MessageCommands, type B24Frame } from '@bitrix24/b24jssdk'
import { AppErrorCode, B24Error } from './errors'
import { SdkRest } from './sdk-rest'
import { FRAME_INIT_TIMEOUT_MS, type B24Port, type BatchCommand, type BatchOptions, type BatchOutcome, type PickedUser, type PortalContext, type RestParams } from './port'

/**
 * Connect to the parent Bitrix24 window once per page and wrap the frame in a
 * B24Port. Rejects with B24Error NOT_IN_PORTAL outside a portal, FRAME_TIMEOUT
 * when the parent never answers.
 */
export async function connectToPortal(timeoutMs = FRAME_INIT_TIMEOUT_MS): Promise<B24Port> {
  // why: with no window.name the SDK rejects at once with a developer hint
  // ("paste this URL into the app settings"); people need our own message.
  if (!window.name || !window.name.includes('|')) {
    throw new B24Error(AppErrorCode.NOT_IN_PORTAL)
  }
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new B24Error(AppErrorCode.FRAME_TIMEOUT)), timeoutMs)
  })
  try {
    const frame = await Promise.race([initializeB24Frame(), timeout])
    return new SdkPort(frame)
  } catch (error) {
    const b24Error = B24Error.from(error)
    if (b24Error.code === 'JSSDK_CLIENT_SIDE_WARNING') throw new B24Error(AppErrorCode.NOT_IN_PORTAL)
    throw b24Error
  } finally {
    clearTimeout(timer)
  }
}

/**
 * The port over @bitrix24/b24jssdk: the frame half (context, slider, frame
 * size, placement, options, user picker) over the B24Frame, REST through
 * SdkRest over the same frame. The B24Frame stays in a private field: it
 * must never enter Vue reactivity (its #private fields break behind a Proxy, docs/bitrix24.md, The SDK).
 */
class SdkPort implements B24Port {
  readonly #frame: B24Frame
  readonly #rest: SdkRest
  readonly context: PortalContext

  constructor(frame: B24Frame) {
    this.#frame = frame
    this.#rest = new SdkRest(frame)
    this.context = Object.freeze({
      placement: frame.placement.placement,
      placementOptions: frame.placement.options,
      lang: frame.getLang(),
      isAdmin: frame.auth.isAdmin,
      isInstall: frame.isInstallMode,
    })
  }

  call<T>(method: string, params?: RestParams): Promise<T> {
    return this.#rest.call<T>(method, params)
  }

  batch<T>(commands: Record<string, BatchCommand>, options?: BatchOptions): Promise<Record<string, BatchOutcome<T>>> {
    return this.#rest.batch<T>(commands, options)
  }

  async openPath(path: string): Promise<void> {
    await this.#frame.slider.openPath(this.#frame.slider.getUrl(path))
  }

  async fitWindow(contentHeight: number): Promise<void> {
    const height = Math.ceil(contentHeight)
    if (height <= 0 || height === document.documentElement.clientHeight) return
    // why: the parent sets the iframe's width and height from this message.
    // The SDK's fitWindow sends width "100%" but measures
    // documentElement.scrollHeight, never below the frame's own height (so it
    // cannot shrink the frame, e.g. after a clear); its resizeWindow takes only
    // numbers, and a pixel width pins the frame: narrowing the card and widening
    // it again left the frame at the old width, cutting off its right side.
    // So: fitWindow's own message, with the content's height.
    await this.#frame.parent.message.send(MessageCommands.resizeWindow, { width: '100%', height, isSafely: true })
  }

  async placementCall(command: string, params: Record<string, unknown> = {}): Promise<unknown> {
    return this.#frame.placement.call(command, params)
  }

  async installFinish(): Promise<void> {
    await this.#frame.installFinish()
  }

  initialAppOption(key: string): unknown {
    // why: the SDK keeps getInitData's APP_OPTIONS private; appGet throws for a
    // missing or falsy value (docs/bitrix24.md, Options), which here means "not set".
    try {
      return this.#frame.options.appGet(key)
    } catch {
      return undefined
    }
  }

  initialUserOption(key: string): unknown {
    // why: like appGet, userGet throws (or answers nothing) for a missing or falsy value.
    try {
      return this.#frame.options.userGet(key)
    } catch {
      return undefined
    }
  }

  async selectUsers(): Promise<PickedUser[]> {
    const picked = await this.#frame.dialog.selectUsers()
    return (Array.isArray(picked) ? picked : [])
      .map((u) => ({ id: Number((u as { id?: unknown }).id), name: String((u as { name?: unknown }).name ?? '') }))
      .filter((u) => Number.isSafeInteger(u.id) && u.id > 0)
  }
}
