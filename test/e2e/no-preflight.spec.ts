import { describe, expect, it } from 'vitest'
import type { CDPSession, Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import { appFrame, seeText, useHarness } from './support/harness'

/**
 * Issue 13: REST calls from the app are CORS-simple (a form-encoded body, no
 * custom header), so the browser sends no OPTIONS preflight before them; the
 * portal would not let it keep one (docs/bitrix24.md, REST over HTTP). What
 * the browser sent is read from Chromium's own network events (CDP), on the
 * app frame's target: the frame runs on another site than the card.
 */
const h = useHarness()
const EDITOR = SEED_USER.editor

interface Sent {
  requestId: string
  url: string
  method: string
  type: string
  contentType: string
  postData: string
}

/**
 * Record every request of the app's frame from now on, as Chromium sends it.
 * Call it once the app shows its list: the frame has then navigated to the
 * app's site and is its own target (site isolation), which is where its
 * network events are.
 */
async function recordNetwork(page: Page): Promise<{ sent: Sent[], session: CDPSession }> {
  const frame = page.frames().find((f) => f.url().startsWith(h.emulator.appOrigin))
  if (!frame) throw new Error('no app frame')
  const session = await page.context().newCDPSession(frame)
  const sent: Sent[] = []
  session.on('Network.requestWillBeSent', (e) => {
    const headers = Object.fromEntries(Object.entries(e.request.headers).map(([k, v]) => [k.toLowerCase(), String(v)]))
    sent.push({ requestId: e.requestId, url: e.request.url, method: e.request.method, type: e.type ?? '', contentType: headers['content-type'] ?? '', postData: e.request.postData ?? '' })
  })
  await session.send('Network.enable')
  return { sent, session }
}

const restOf = (sent: Sent[]) => sent.filter((s) => s.url.includes('/rest/'))
const preflightsOf = (sent: Sent[]) => restOf(sent).filter((s) => s.method === 'OPTIONS' || s.type === 'Preflight')

describe('REST without preflights', () => {
  it('opening the tab, a clear and its Undo send no OPTIONS: every REST call is a form-encoded POST', async () => {
    const { page } = await h.newPage()
    const id = h.emulator.portal.addCompany({ title: 'Preflight Test Ltd', contacts: 4 })
    const before = h.emulator.exchanges().at(-1)?.seq ?? 0
    await page.goto(h.emulator.cardUrl(id, { user: EDITOR }))
    const app = appFrame(page)
    // Opening is checked on the portal's side below (its exchange log); the browser's own events from here on.
    await seeText(app.getByTestId('contact-count'), '4 contacts')
    const { sent } = await recordNetwork(page)
    await app.getByRole('button', { name: /^Refresh/ }).click()
    await seeText(app.getByTestId('contact-count'), '4 contacts')
    await app.getByRole('button', { name: 'Clear all contacts' }).click()
    await app.getByRole('alertdialog').getByRole('button', { name: /^Clear/ }).click()
    await seeText(app.getByTestId('notice'), '4 contacts were unlinked')
    await app.getByRole('button', { name: 'Undo', exact: true }).click()
    await seeText(app.getByTestId('notice'), 'contacts are linked to')
    expect(h.emulator.portal.links(id)).toHaveLength(4)

    const rest = restOf(sent)
    expect(rest.length).toBeGreaterThanOrEqual(3)
    expect(preflightsOf(sent)).toEqual([])
    for (const r of rest) {
      expect(r.method).toBe('POST')
      expect(r.contentType).toBe('application/x-www-form-urlencoded')
    }
    // The same from the portal's side, from the first navigation on: its servers saw no OPTIONS at all.
    expect(h.emulator.exchanges(before).filter((e) => e.kind === 'preflight')).toEqual([])
    expect(h.emulator.exchanges(before).filter((e) => e.kind === 'rest').length).toBeGreaterThanOrEqual(rest.length)
  })

  it('a batch with nested params carries "&", "=", "+" and non-ASCII text intact: the trail names "Smith & Sons = Ltd" and "Ковалёва 東京"', async () => {
    const { page } = await h.newPage()
    const smith = h.emulator.portal.addContact({ name: 'Smith & Sons = Ltd', post: 'Tea + cakes 50%' })
    const kovaleva = h.emulator.portal.addContact({ name: 'Ковалёва', lastName: '東京' })
    const id = h.emulator.portal.addCompany({ title: 'Encoding Test Ltd', contactIds: [smith, kovaleva] })
    await page.goto(h.emulator.cardUrl(id, { user: EDITOR }))
    const app = appFrame(page)
    await seeText(app.getByTestId('contact-count'), '2 contacts')
    const { sent, session } = await recordNetwork(page)
    await seeText(app.getByTestId('contact-row').first(), 'Smith & Sons = Ltd')
    await app.getByRole('button', { name: 'Clear all contacts' }).click()
    await app.getByRole('alertdialog').getByRole('button', { name: /^Clear/ }).click()
    await seeText(app.getByTestId('notice'), '2 contacts were unlinked')

    // The trail: crm.timeline.comment.add inside a batch (fields[COMMENT] in the SDK's cmd string, the cmd in the form body).
    await expect.poll(() => h.emulator.portal.comments().filter((c) => c.entityId === id).length, { timeout: 15_000 }).toBe(1)
    const comment = h.emulator.portal.comments().find((c) => c.entityId === id)!.comment
    expect(comment).toContain('Smith & Sons = Ltd')
    expect(comment).toContain('Ковалёва 東京')
    // Chromium leaves long bodies out of the event: ask for each batch's.
    const bodies = await Promise.all(restOf(sent).filter((r) => r.url.includes('/rest/batch')).map(async (r) => r.postData
      || (await session.send('Network.getRequestPostData', { requestId: r.requestId }).catch(() => ({ postData: '' }))).postData))
    const trail = bodies.find((b) => b.includes('crm.timeline.comment.add'))
    expect(trail).toMatch(/(^|&)cmd\[[^\]]+\]=crm\.timeline\.comment\.add%3F/)
    // nothing but PHP's urlencode alphabet and the brackets of the keys: "&", "=", "+" and the rest of the text are escaped
    expect(trail).not.toMatch(/[^%\w.\-[\]=&+]/)

    // The kept Undo record (nested options in user.option.set) reads back exactly: Undo puts both back.
    await app.getByRole('button', { name: 'Undo', exact: true }).click()
    await seeText(app.getByTestId('notice'), 'contacts are linked to')
    expect(h.emulator.portal.links(id).map((l) => l.CONTACT_ID)).toEqual([smith, kovaleva])
    expect(preflightsOf(sent)).toEqual([])
  })
})
