import type { InjectionKey } from 'vue'
import { AppErrorCode, B24Error } from './errors'

/** What the portal told the app when the frame opened (getInitData, docs/bitrix24.md, Frame protocol). */
export interface PortalContext {
  /** e.g. CRM_COMPANY_DETAIL_TAB, or DEFAULT for the app's own page */
  placement: string
  /** raw: an object or a JSON string; read it with placement.ts */
  placementOptions: unknown
  /** Bitrix24 LANG code (ru, en, de, ua…) */
  lang: string
  isAdmin: boolean
  /** opened for installation (INSTALL: true) */
  isInstall: boolean
}

/** A user picked in the portal's user dialog. */
export interface PickedUser {
  id: number
  name: string
}

export type RestParams = Record<string, unknown>

export interface BatchCommand {
  method: string
  params?: RestParams
}

/** One sub-command's outcome: a batch answers 200 even when some commands fail (docs/bitrix24.md, Batch). */
export type BatchOutcome<T> = { ok: true, result: T } | { ok: false, error: B24Error }

export interface BatchOptions {
  /**
   * Stop at the first failing command (`halt: 1`): the commands after it do not
   * run and get an error outcome. For a write that must not run when the read
   * before it failed.
   */
  halt?: boolean
}

/** The result of one command of a batch; its error is thrown (BAD_ANSWER when the key has no outcome). */
export function resultOf<T>(out: Readonly<Record<string, BatchOutcome<T>>>, key: string): T {
  const outcome = out[key]
  if (!outcome?.ok) throw failureOf(outcome, key)
  return outcome.result
}

/** Why one command of a batch has no result: its own error, or BAD_ANSWER naming the key when the answer has no outcome for it. */
export function failureOf(outcome: Extract<BatchOutcome<unknown>, { ok: false }> | undefined, key: string): B24Error {
  return outcome?.error ?? new B24Error(AppErrorCode.BAD_ANSWER, 0, `no outcome for ${key}`)
}

/**
 * The app's only door to Bitrix24. Everything outside `src/b24/` talks to this
 * interface; `sdk-port.ts` implements it over the SDK, `test/fakes/` in memory.
 */
export interface B24Port {
  readonly context: PortalContext
  /** One REST call; resolves with `result`, throws B24Error. */
  call<T>(method: string, params?: RestParams): Promise<T>
  /** One HTTP request with up to 50 commands, run in order; each key gets its own outcome (no halt unless asked). */
  batch<T>(commands: Record<string, BatchCommand>, options?: BatchOptions): Promise<Record<string, BatchOutcome<T>>>
  /** Open a portal path (e.g. /crm/contact/details/7/) in the Bitrix24 slider. */
  openPath(path: string): Promise<void>
  /** Resize the frame to the app's content height in px; its width follows the card (fire-and-forget in the SDK: call after changes). */
  fitWindow(contentHeight: number): Promise<void>
  /** Ask the hosting placement to run a command, e.g. `reloadData` in CRM detail tabs. */
  placementCall(command: string, params?: Record<string, unknown>): Promise<unknown>
  /** Tell the portal the installation is finished (once, only in install mode). */
  installFinish(): Promise<void>
  /** One app option as getInitData sent it when the frame opened (no request); undefined when missing. */
  initialAppOption(key: string): unknown
  /** One of this user's options as getInitData sent it when the frame opened (no request); undefined when missing. */
  initialUserOption(key: string): unknown
  /** The portal's own user picker (several users); [] when cancelled. */
  selectUsers(): Promise<PickedUser[]>
}

/** How long the parent may take to answer the frame handshake (the SDK itself waits forever, docs/bitrix24.md, Frame protocol). */
export const FRAME_INIT_TIMEOUT_MS = 7000

export const B24_PORT: InjectionKey<B24Port> = Symbol('b24-port')
