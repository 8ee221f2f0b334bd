import { B24Hook, ParamsFactory, type RestrictionParams } from '@bitrix24/b24jssdk'
import { SdkRest } from '@/b24/sdk-rest'
import type { B24Port, BatchCommand, BatchOptions, BatchOutcome, PickedUser, PortalContext, RestParams } from '@/b24/port'
import type { FrameContext, Portal } from '@emulator/portal/api'
import { webhookUrlFor } from './portal-fetch'

/**
 * The SDK's limits for tests. The app keeps the SDK's defaults; here its
 * retry policy stays (which errors are sent again, `maxRetries`), but its
 * client-side throttle (2 requests/s after a burst of 50) is lifted and the
 * back-off before a re-send is the SDK's shortest (100 ms), so tests stay
 * fast. The model's own leaky bucket still answers 503 as a portal does.
 */
function testRestrictions(retryOnNetworkError: boolean): RestrictionParams {
  const defaults = ParamsFactory.getDefault()
  return {
    ...defaults,
    rateLimit: { burstLimit: 1_000_000, drainRate: 1_000_000, adaptiveEnabled: false },
    adaptiveConfig: { ...defaults.adaptiveConfig!, enabled: false },
    retryDelay: 0,
    retryOnNetworkError,
  }
}

/**
 * A B24Port into the emulator's portal model, so unit tests and browser tests
 * agree on what Bitrix24 answers. REST is the app's own: SdkRest
 * (src/b24/sdk-rest.ts) over the real SDK, a `B24Hook` whose requests a test
 * `fetch` hands to the model (portal-fetch.ts), form bodies and all. The frame
 * half is a thin stand-in: the context and options from the model's
 * getInitData, the UI commands recorded in `uiCalls`.
 */
export class PortalPort implements B24Port {
  readonly context: PortalContext
  readonly portal: Portal
  readonly frameContext: FrameContext
  /** what the portal's user dialog "picks" next (tests set it) */
  nextPickedUsers: PickedUser[] = []
  /** frame commands the app sent that the model does not keep (openPath, fitWindow, placement calls) */
  readonly uiCalls: Array<{ command: string, params?: unknown }> = []
  readonly #hook: B24Hook
  readonly #rest: SdkRest
  /** held here so the fetch route (weakly held) lives as long as the port */
  readonly #route: { portal: Portal, auth(): string }
  #resendLostAnswers = false
  #token: string
  #appOptions: Record<string, unknown>
  #userOptions: Record<string, unknown>

  constructor(portal: Portal, options: { companyId?: number | string, placementOptions?: unknown, placement?: string } = {}) {
    this.portal = portal
    this.frameContext = {
      placement: options.placement ?? 'CRM_COMPANY_DETAIL_TAB',
      placementOptions: options.placementOptions ?? { ID: String(options.companyId ?? 1) },
      domain: 'portal.test',
      protocol: '1',
    }
    const init = portal.frame('getInitData', {}, this.frameContext) as Record<string, unknown>
    this.#token = String(init.AUTH_ID)
    this.context = {
      placement: String(init.PLACEMENT),
      placementOptions: init.PLACEMENT_OPTIONS,
      lang: String(init.LANG),
      isAdmin: init.IS_ADMIN === true,
      isInstall: init.INSTALL === true,
    }
    // An empty option set arrives as [] (PHP), docs/bitrix24.md, Frame protocol.
    const appOptions = init.APP_OPTIONS
    this.#appOptions = typeof appOptions === 'object' && appOptions !== null && !Array.isArray(appOptions) ? { ...appOptions as Record<string, unknown> } : {}
    const userOptions = init.USER_OPTIONS
    this.#userOptions = typeof userOptions === 'object' && userOptions !== null && !Array.isArray(userOptions) ? { ...userOptions as Record<string, unknown> } : {}

    // The frame's token rides in `auth`, as from a B24Frame; the webhook's path only names the route.
    this.#route = { portal, auth: () => this.#token }
    this.#hook = B24Hook.fromWebhookUrl(webhookUrlFor(this.#route), { restrictionParams: testRestrictions(false) })
    this.#hook.offClientSideWarning()
    // After 401 expired_token the SDK refreshes and sends again (docs/bitrix24.md, Errors):
    // a frame asks its parent (refreshAuth), and so does this one.
    const auth = this.#hook.auth
    auth.refreshAuth = async () => {
      this.#token = (portal.frame('refreshAuth', {}, this.frameContext) as { AUTH_ID: string }).AUTH_ID
      return auth.getAuthData() as Exclude<ReturnType<typeof auth.getAuthData>, false>
    }
    this.#rest = new SdkRest(this.#hook)
  }

  /**
   * Whether the SDK sends a request again after its answer was lost
   * (docs/bitrix24.md, REST over HTTP: `retryOnNetworkError`; the portal then
   * runs it twice). Off by default here: the SDK gives up at once, as after its
   * last attempt, and the app sees NETWORK_ERROR.
   */
  get resendLostAnswers(): boolean {
    return this.#resendLostAnswers
  }

  set resendLostAnswers(resend: boolean) {
    this.#resendLostAnswers = resend
    // The SDK takes the new limits at once (the rest of the promise only resets its counters).
    void this.#hook.setRestrictionManagerParams(testRestrictions(resend))
  }

  call<T>(method: string, params?: RestParams): Promise<T> {
    return this.#rest.call<T>(method, params)
  }

  batch<T>(commands: Record<string, BatchCommand>, options?: BatchOptions): Promise<Record<string, BatchOutcome<T>>> {
    return this.#rest.batch<T>(commands, options)
  }

  async openPath(path: string) {
    this.uiCalls.push({ command: 'openPath', params: path })
  }

  async fitWindow(contentHeight: number) {
    this.uiCalls.push({ command: 'resizeWindow', params: { height: contentHeight } })
  }

  async placementCall(command: string, params: Record<string, unknown> = {}) {
    this.uiCalls.push({ command, params })
    return undefined
  }

  initialAppOption(key: string): unknown {
    return this.#appOptions[key]
  }

  initialUserOption(key: string): unknown {
    return this.#userOptions[key] || undefined
  }

  async selectUsers() {
    this.uiCalls.push({ command: 'selectUser' })
    return this.nextPickedUsers
  }

  async installFinish() {
    this.portal.frame('setInstallFinish', {}, this.frameContext)
  }
}
