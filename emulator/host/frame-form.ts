/**
 * The form that loads the app into its iframe, as Bitrix24 posts it
 * (docs/bitrix24.md, Opening a placement): the frame's name, the handler URL
 * with DOMAIN, PROTOCOL, LANG and APP_SID, and the posted fields. One
 * builder for the server's HTML (pages.ts) and the host page's script,
 * which posts it again on a reload and for the app's slider.
 */

export interface FrameFormInput {
  /** the app's handler URL, before the query is added */
  handlerUrl: string
  domain: string
  protocol: '0' | '1'
  appSid: string
  lang: string
  memberId: string
  placement: string
  /** the PLACEMENT_OPTIONS field; absent = not sent */
  placementOptionsField?: string
  auth: string
  refresh: string
}

export interface FrameForm {
  /** the iframe's name and the form's target: DOMAIN|PROTOCOL|APP_SID (the SDK reads window.name) */
  name: string
  action: string
  fields: Array<[string, string]>
}

/** The iframe's name and the form's target: DOMAIN|PROTOCOL|APP_SID. */
export function frameName(domain: string, protocol: string, appSid: string): string {
  return `${domain}|${protocol}|${appSid}`
}

export function frameForm(input: FrameFormInput): FrameForm {
  const action = new URL(input.handlerUrl)
  action.searchParams.set('DOMAIN', input.domain)
  action.searchParams.set('PROTOCOL', input.protocol)
  action.searchParams.set('LANG', input.lang)
  action.searchParams.set('APP_SID', input.appSid)
  const fields: Array<[string, string]> = [
    ['AUTH_ID', input.auth],
    ['AUTH_EXPIRES', '3600'],
    ['REFRESH_ID', input.refresh],
    ['member_id', input.memberId],
    ['status', 'L'],
    ['PLACEMENT', input.placement],
  ]
  if (input.placementOptionsField !== undefined) fields.push(['PLACEMENT_OPTIONS', input.placementOptionsField])
  return { name: frameName(input.domain, input.protocol, input.appSid), action: action.toString(), fields }
}
