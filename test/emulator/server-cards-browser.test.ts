/**
 * The card pages of deals, leads, quotes and contacts in real Chromium, with
 * the SDK probe in place of the app: the tab's frame gets the card's
 * placement and id, reloadData and History work on every card, a card whose
 * tab is not bound shows no frame and no error, and the control panel binds
 * a card's tab.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core'
import { type Emulator } from '@emulator/server'
import { SEED_CONTACT, SEED_DEAL, SEED_LEAD, SEED_QUOTE, type CrmEntityType } from '@emulator/portal'
import { CHROMIUM_ARGS } from '../../scripts/chromium'
import { startProbeEmulator } from './support/probe-app'

const chromiumPath = inject('chromiumPath')

const CARDS: Array<[CrmEntityType, number, string]> = [
  ['deal', SEED_DEAL.fleetRenewal, 'CRM_DEAL_DETAIL_TAB'],
  ['lead', SEED_LEAD.robots, 'CRM_LEAD_DETAIL_TAB'],
  ['quote', SEED_QUOTE.fleetRenewal, 'CRM_QUOTE_DETAIL_TAB'],
  ['contact', SEED_CONTACT.ada, 'CRM_CONTACT_DETAIL_TAB'],
]

describe('card pages in Chromium (real SDK probe)', { timeout: 30_000 }, () => {
  let stopEmulator: () => Promise<void>
  let emu: Emulator
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let errors: string[]

  beforeAll(async () => {
    const probe = await startProbeEmulator()
    emu = probe.emu
    stopEmulator = probe.close
    browser = await chromium.launch({ executablePath: chromiumPath, args: CHROMIUM_ARGS, headless: true })
  }, 60_000)

  afterAll(async () => {
    await browser?.close()
    await stopEmulator?.()
  })

  beforeEach(async () => {
    emu.portal.reset()
    emu.portal.clearLog()
    await context?.close()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    errors = []
    page.on('pageerror', e => errors.push(e.message))
    page.on('console', m => { if (m.type() === 'error') errors.push(m.text()) })
  })

  async function probeFrame(): Promise<Frame> {
    const deadline = Date.now() + 10_000
    for (;;) {
      const frame = page.frames().find(f => f.url().startsWith(emu.appOrigin))
      if (frame) {
        await frame.waitForFunction(() => window.probe && (window.probe.ready || window.probe.error !== null), undefined, { timeout: 10_000 })
        return frame
      }
      if (Date.now() > deadline) throw new Error('probe frame not found')
      await page.waitForTimeout(50)
    }
  }

  it.each(CARDS)('%s card: the frame gets the placement and the id, reloadData marks the card, History shows its comments', async (type, id, placement) => {
    emu.portal.bindPlacement({ placement, handler: emu.appUrl, title: 'Linked items' })
    await page.goto(emu.crmCardUrl(type, id))
    const frame = await probeFrame()
    expect(await frame.evaluate(() => window.probe.init)).toMatchObject({ placement, options: { ID: String(id) }, isAdmin: true })
    expect(await page.getByRole('tab', { name: 'Linked items' }).getAttribute('aria-selected')).toBe('true')

    const iface = await frame.evaluate(async () => {
      const answer = await window.b24.placement.getInterface() as unknown
      await window.b24.placement.call('reloadData')
      return answer
    })
    expect(iface).toEqual({ command: ['reloadData'], event: [] })
    await expect.poll(() => page.evaluate(() => document.body.dataset.cardReloads)).toBe('1')
    expect(await page.locator('#card-reloaded').textContent()).toBe('Card reloaded')

    const commentId = await frame.evaluate(async ([entityType, entityId]) => {
      const r = await window.b24.actions.v2.call.make({ method: 'crm.timeline.comment.add', params: { fields: { ENTITY_TYPE: entityType, ENTITY_ID: entityId, COMMENT: 'Unlinked [B]2[/B] records' } } })
      return r.getData().result as number
    }, [type, id] as const)
    await page.getByRole('tab', { name: 'History' }).click()
    const list = page.getByRole('list', { name: /Timeline comments/ })
    await expect.poll(() => list.locator(':scope > li').count()).toBe(1)
    expect(await list.locator(':scope > li').first().getAttribute('data-comment-id')).toBe(String(commentId))
    expect(await list.locator('strong', { hasText: '2' }).count()).toBe(1)
    expect(errors).toEqual([])
  })

  it('opens a company in a slider from a contact\'s tab (openPath), and the full card from there', async () => {
    emu.portal.bindPlacement({ placement: 'CRM_CONTACT_DETAIL_TAB', handler: emu.appUrl })
    await page.goto(emu.crmCardUrl('contact', SEED_CONTACT.ada))
    const frame = await probeFrame()
    void frame.evaluate(() => window.b24.slider.openPath(window.b24.slider.getUrl('/crm/company/details/6/')) as Promise<unknown>).catch(() => undefined)
    const slider = page.getByRole('dialog')
    await slider.waitFor()
    await expect.poll(() => slider.getAttribute('data-path')).toBe('/crm/company/details/6/')
    await expect.poll(() => slider.getAttribute('aria-label')).toBe('Copperleaf Studio')
    expect(await slider.getByText('Entertainment').count()).toBe(1)
    expect(errors).toEqual([])
  })

  it('a card whose tab is not bound: General, the note, no frame, no error; the panel binds the tab and the card reloads with it', async () => {
    await page.goto(emu.crmCardUrl('deal', SEED_DEAL.fleetRenewal, { panel: true }))
    await page.locator('#app-tab-unbound').waitFor()
    expect(await page.locator('iframe').count()).toBe(0)
    expect(await page.getByRole('tab', { name: 'General' }).getAttribute('aria-selected')).toBe('true')
    expect(await page.locator('#panel-other').isVisible()).toBe(true)
    await page.getByRole('tab', { name: 'History' }).click()
    expect(await page.locator('#history-empty').isVisible()).toBe(true)

    const bind = page.getByRole('button', { name: 'Bind the app\'s tab on deals' })
    await bind.click()
    // the page reloads (it is a deal card) and now has the app's tab
    const frame = await probeFrame()
    expect(await frame.evaluate(() => window.probe.init?.placement)).toBe('CRM_DEAL_DETAIL_TAB')
    expect(emu.portal.placementHandlers('CRM_DEAL_DETAIL_TAB').map(b => b.handler)).toEqual([emu.appUrl])
    expect(errors).toEqual([])
  })
})
