import { initializeB24Frame, MessageCommands, type AjaxResult, type B24Frame } from '@bitrix24/b24jssdk'
import { AppErrorCode, B24Error } from './errors'
import { sendFormEncoded } from './rest-transport'
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
    sendFormEncoded(frame)
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
 * The port over @bitrix24/b24jssdk. The B24Frame stays in a private field: it
 * must never enter Vue reactivity (its #private fields break behind a Proxy, docs/bitrix24.md, The SDK).
 */
class SdkPort implements B24Port {
  readonly #frame: B24Frame
  readonly context: PortalContext

  constructor(frame: B24Frame) {
    this.#frame = frame
    this.context = Object.freeze({
      placement: frame.placement.placement,
      placementOptions: frame.placement.options,
      lang: frame.getLang(),
      isAdmin: frame.auth.isAdmin,
      isInstall: frame.isInstallMode,
    })
  }

  async call<T>(method: string, params: RestParams = {}): Promise<T> {
    let response: AjaxResult<T>
    try {
      response = await this.#frame.actions.v2.call.make<T>({ method, params })
    } catch (error) {
      throw fromSdkError(error)
    }
    // why: call.make throws for most failures but resolves with isSuccess
    // false for a few "soft" codes (notes §6): handle both the same way.
    if (!response.isSuccess) throw fromSdkError(firstError(response.getErrors()))
    const data = response.getData()
    if (!data) throw new B24Error(AppErrorCode.BAD_ANSWER)
    return data.result
  }

  async batch<T>(commands: Record<string, BatchCommand>, options: BatchOptions = {}): Promise<Record<string, BatchOutcome<T>>> {
    const keys = Object.keys(commands)
    if (keys.length === 0) return {}
    const calls: Record<string, [string, RestParams]> = {}
    for (const key of keys) calls[key] = [commands[key]!.method, commands[key]!.params ?? {}]
    let response
    try {
      response = await this.#frame.actions.v2.batch.make<T>({
        calls,
        options: { isHaltOnError: options.halt === true, returnAjaxResult: true },
      })
    } catch (error) {
      throw fromSdkError(error)
    }
    const rows = (response.getData() ?? {}) as Record<string, AjaxResult<T> | undefined>
    const errors = response.getErrorsByKey()
    const out: Record<string, BatchOutcome<T>> = {}
    for (const key of keys) {
      const row = rows[key]
      const result = row?.isSuccess ? row.getData()?.result : undefined
      if (result !== undefined) {
        out[key] = { ok: true, result: result as T }
      } else if (row?.isSuccess) {
        // why: a sub-command that failed with `error: ""` (CRM binding methods,
        // notes §2) comes back from the SDK as a success without a result.
        out[key] = { ok: false, error: new B24Error('', 400) }
      } else {
        // A command after a halting error has no row and no error of its own: it did not run.
        const error = row ? firstError(row.getErrors()) : errors[key] ?? errors['base-error'] ?? (options.halt ? new B24Error(AppErrorCode.NOT_RUN) : undefined)
        out[key] = { ok: false, error: subCommandError(error) }
      }
    }
    return out
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

/**
 * why: when the portal answers `error: ""` with HTTP 400 (CRM binding methods,
 * notes §2), the SDK throws code ERR_BAD_REQUEST (axios's) instead of the
 * portal's empty code. Give the app the portal's shape back.
 */
function fromSdkError(error: unknown): B24Error {
  const e = B24Error.from(error)
  return e.code === 'ERR_BAD_REQUEST' ? new B24Error('', e.status || 400, e.description) : e
}

/** A sub-command's error has no HTTP status of its own (the batch answered 200). */
function subCommandError(error: unknown): B24Error {
  const e = B24Error.from(error ?? new B24Error(AppErrorCode.BAD_ANSWER))
  return new B24Error(e.code, e.status === 200 ? 0 : e.status, e.description)
}

function firstError(errors: Iterable<Error>): B24Error {
  for (const error of errors) return B24Error.from(error)
  return new B24Error(AppErrorCode.BAD_ANSWER)
}
