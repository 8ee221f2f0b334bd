/**
 * What the server tells the host page's script (embedded as JSON in the page).
 * Shared by emulator/host/pages.ts (server) and the page's script, client/
 * (browser): the types, and the list of PLACEMENT_OPTIONS modes.
 */

/**
 * How PLACEMENT_OPTIONS reaches the app (getInitData and the form field).
 * Real portals send an object or a JSON string, with varying key case
 * (docs/bitrix24.md, Opening a placement).
 */
export type OptsMode = 'object' | 'json-string' | 'missing' | 'empty' | 'bad' | 'garbage' | 'lower' | 'number'

export const OPTS_MODES: readonly OptsMode[] = ['object', 'json-string', 'missing', 'empty', 'bad', 'garbage', 'lower', 'number']

import type { CrmEntityType } from '../portal/api-crm.ts'

export interface HostConfig {
  /** origin of the app (a different site from the portal) */
  appOrigin: string
  /** the handler URL the form posts to, before DOMAIN/PROTOCOL/LANG/APP_SID are added */
  handlerUrl: string
  /** portal host as the app sees it, e.g. "localhost:7400" */
  domain: string
  protocol: '0' | '1'
  appSid: string
  placement: string
  /** PLACEMENT_OPTIONS as getInitData sends it; absent = not sent */
  placementOptions?: unknown
  /** the PLACEMENT_OPTIONS form field; absent = not sent */
  placementOptionsField?: string
  optsMode: OptsMode
  /** the company of a company card (and of the app page's ?company=) */
  companyId?: number
  /** the CRM card the page is (any type; a company card has companyId too) */
  cardType?: CrmEntityType
  cardId?: number
  /** whether the card has the app's tab: a handler bound to its placement (placement.bind) */
  tabBound?: boolean
  /** ignore every frame message (tests of the app's own init timeout) */
  silent: boolean
  /** ignore only these frame commands (e.g. refreshAuth) */
  ignore: string[]
  panelOpen: boolean
  memberId: string
}
