// @vitest-environment happy-dom
/**
 * The port's frame commands through the real SDK: the page's parent is played
 * by the emulator's model (it answers getInitData); the test reads the
 * messages the SDK posts to the parent, as a Bitrix24 parent receives them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPortal, type FrameContext } from '@emulator/portal'
import { connectToPortal } from '@/b24/sdk-port'
import type { B24Port } from '@/b24/port'

const ORIGIN = 'https://portal.test'
const ctx: FrameContext = { placement: 'CRM_COMPANY_DETAIL_TAB', placementOptions: { ID: '1' }, domain: 'portal.test', protocol: '1' }

/** Every message the app posted to its parent: [command, params]. */
let sent: Array<[string, unknown]>
let port: B24Port

/** `COMMAND[:JSON]:CALLBACK:APP_SID` (docs/bitrix24.md, Frame protocol: the JSON may hold colons, so parse from both ends). */
function parse(message: string): [string, unknown, string] {
  const parts = message.split(':')
  const command = parts[0]!
  const callback = parts.at(-2)!
  const json = parts.slice(1, -2).join(':')
  return [command, json ? JSON.parse(json) : undefined, callback]
}

beforeEach(async () => {
  sent = []
  const portal = createPortal()
  window.name = `portal.test|1|sid1`
  // In a top-level page `parent` is the page itself: its postMessage is the parent's inbox.
  vi.spyOn(window, 'postMessage').mockImplementation((message: unknown) => {
    const [command, params, callback] = parse(String(message))
    sent.push([command, params])
    const answer = portal.frame(command, params, ctx)
    // Answer as Bitrix24 does: `CALLBACK:JSON` from the portal's origin.
    setTimeout(() => window.dispatchEvent(new MessageEvent('message', { origin: ORIGIN, data: `${callback}:${JSON.stringify(answer ?? {})}` })))
  })
  port = await connectToPortal(2000)
})
afterEach(() => { window.name = '' })

describe('fitWindow', () => {
  it.each([[1234], [300]])('asks for the content height (%i px) with the width "100%", so the frame follows the card both ways', async (height) => {
    await port.fitWindow(height - 0.4)
    expect(sent.at(-1)).toEqual(['resizeWindow', { width: '100%', height }])
  })

  it('never sends a pixel width, whatever the frame\'s own width', async () => {
    for (const h of [900, 200, 1500, 450]) await port.fitWindow(h)
    const resizes = sent.filter(([c]) => c === 'resizeWindow')
    expect(resizes).toHaveLength(4)
    expect(resizes.every(([, p]) => (p as { width: unknown }).width === '100%')).toBe(true)
  })
})
