import type { InjectionKey } from 'vue'
import type { B24Error } from './errors'

/** What the portal told the app when the frame opened (getInitData, notes §1). */
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

/** One sub-command's outcome: a batch answers 200 even when some commands fail (notes §2). */
export type BatchOutcome<T> = { ok: true, result: T } | { ok: false, error: B24Error }

/**
 * The app's only door to Bitrix24. Everything outside `src/b24/` talks to this
 * interface; `sdk-port.ts` implements it over the SDK, `test/fakes/` in memory.
 */
export interface B24Port {
  readonly context: PortalContext
  /** One REST call; resolves with `result`, throws B24Error. */
  call<T>(method: string, params?: RestParams): Promise<T>
  /** One HTTP request with up to 50 commands; never halts, each key gets its own outcome. */
  batch<T>(commands: Record<string, BatchCommand>): Promise<Record<string, BatchOutcome<T>>>
  /** Open a portal path (e.g. /crm/contact/details/7/) in the Bitrix24 slider. */
  openPath(path: string): Promise<void>
  /** Resize the frame to the app's content height in px (fire-and-forget in the SDK: call after changes). */
  fitWindow(contentHeight: number): Promise<void>
  /** Ask the hosting placement to run a command, e.g. `reloadData` in CRM detail tabs. */
  placementCall(command: string, params?: Record<string, unknown>): Promise<unknown>
  /** Tell the portal the installation is finished (once, only in install mode). */
  installFinish(): Promise<void>
  /** One app option as getInitData sent it when the frame opened (no request); undefined when missing. */
  initialAppOption(key: string): unknown
  /** The portal's own user picker (several users); [] when cancelled. */
  selectUsers(): Promise<PickedUser[]>
}

/** How long the parent may take to answer the frame handshake (the SDK itself waits forever, notes §1). */
export const FRAME_INIT_TIMEOUT_MS = 7000

export const B24_PORT: InjectionKey<B24Port> = Symbol('b24-port')
