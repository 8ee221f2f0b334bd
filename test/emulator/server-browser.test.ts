/**
 * The host page in real Chromium, with a tiny probe app in place of the real
 * one: the probe runs the real SDK (its UMD build) through
 * `initializeB24Frame()`, so these tests check that the emulator speaks the
 * frame protocol the SDK expects. The real app's browser tests live in test/e2e/.
 *
 * Skipped when no Chromium is installed.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest'
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core'
import { type CardUrlOptions, type Emulator } from '@emulator/server'
import { CHROMIUM_ARGS } from '../../scripts/chromium'
import { startProbeEmulator, type ProbeInit } from './support/probe-app'

// Runs with the browser tests, whose global setup finds Chromium or installs it.
const chromiumPath = inject('chromiumPath')

describe('host page in Chromium (real SDK probe)', { timeout: 30_000 }, () => {
  let stopEmulator: () => Promise<void>
  let emu: Emulator
  let browser: Browser
  let context: BrowserContext
  let page: Page

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
  })

  /** The probe's frame once the SDK is initialised (or failed). */
  async function openCard(companyId?: number, opts: CardUrlOptions = {}): Promise<Frame> {
    await page.goto(emu.cardUrl(companyId, opts))
    return probeFrame()
  }

  async function probeFrame(index = 0): Promise<Frame> {
    const deadline = Date.now() + 10_000
    for (;;) {
      const frames = page.frames().filter(f => f.url().startsWith(emu.appOrigin))
      const frame = frames[index]
      if (frame) {
        try {
          await frame.waitForFunction(() => window.probe && (window.probe.ready || window.probe.error !== null), undefined, { timeout: 5_000 })
          return frame
        } catch (err) {
          if (Date.now() > deadline) throw err
        }
      }
      if (Date.now() > deadline) throw new Error('probe frame not found')
      await page.waitForTimeout(50)
    }
  }

  const init = (frame: Frame): Promise<ProbeInit | null> => frame.evaluate(() => window.probe.init)
  const frameLog = (): string[] => emu.portal.log().filter(e => e.kind === 'frame').map(e => e.name)

  it('initialises the real SDK: window.name, getInitData, then REST across origins', async () => {
    const frame = await openCard(1)
    expect(await frame.evaluate(() => window.probe.error)).toBeNull()
    const sid = await page.evaluate(() => (JSON.parse(document.getElementById('emu-config')!.textContent!) as { appSid: string }).appSid)
    expect(await init(frame)).toEqual({
      placement: 'CRM_COMPANY_DETAIL_TAB',
      options: { ID: '1' },
      lang: 'en',
      isAdmin: true,
      isInstall: false,
      origin: emu.portalOrigin,
      name: `${emu.domain}|0|${sid}`,
    })
    const ids = await frame.evaluate(async () => {
      const r = await window.b24.actions.v2.call.make({ method: 'crm.company.contact.items.get', params: { id: 1 } })
      return (r.getData().result as Array<{ CONTACT_ID: number }>).map(x => x.CONTACT_ID)
    })
    expect(ids).toEqual(emu.portal.links(1).map(l => l.CONTACT_ID))
    expect(frameLog()).toContain('getInitData')
    expect(emu.portal.log().filter(e => e.kind === 'rest').map(e => e.name)).toEqual(['crm.company.contact.items.get'])
  })

  it('sends PLACEMENT_OPTIONS as a JSON string when asked', async () => {
    const frame = await openCard(1, { opts: 'json-string' })
    expect((await init(frame))?.options).toBe('{"ID":"1"}')
  })

  it('refreshes an expired token through refreshAuth and retries', async () => {
    const frame = await openCard(1)
    emu.portal.expireTokens()
    const ok = await frame.evaluate(async () => {
      const r = await window.b24.actions.v2.call.make({ method: 'user.admin', params: {} })
      return r.getData().result as boolean
    })
    expect(ok).toBe(true)
    expect(frameLog()).toContain('refreshAuth')
    const rest = emu.portal.log().filter(e => e.kind === 'rest')
    expect(rest.map(e => e.error ?? e.status)).toEqual(['expired_token', 200])
  })

  it('resizes the iframe, shows the title, answers getInterface, marks reloadData', async () => {
    const frame = await openCard(1)
    const answers = await frame.evaluate(async () => {
      await window.b24.parent.resizeWindow(900, 777)
      await window.b24.parent.setTitle('Probe title')
      const iface = await window.b24.placement.getInterface()
      await window.b24.placement.call('reloadData')
      return { iface }
    })
    expect(await page.locator('#app-frame').evaluate(el => (el as HTMLIFrameElement).style.height)).toBe('777px')
    expect(await page.locator('#app-frame').evaluate(el => el.getBoundingClientRect().height)).toBe(777)
    await expect.poll(() => page.locator('#app-title').textContent()).toBe('Probe title')
    expect(answers.iface).toEqual({ command: ['reloadData'], event: [] })
    expect(await page.getByRole('status').filter({ hasText: 'Card reloaded' }).isVisible()).toBe(true)
    expect(frameLog()).toEqual(expect.arrayContaining(['resizeWindow', 'setTitle', 'getInterface', 'reloadData']))
  })

  it('opens a contact in a slider and resolves openPath when it closes', async () => {
    const contactId = emu.portal.links(1)[0]!.CONTACT_ID
    const frame = await openCard(1)
    const opened = frame.evaluate(async (id) => {
      return window.b24.slider.openPath(window.b24.slider.getUrl(`/crm/contact/details/${id}/`)) as Promise<unknown>
    }, contactId)
    const slider = page.getByRole('dialog')
    await slider.waitFor()
    await expect.poll(() => slider.getAttribute('data-path')).toBe(`/crm/contact/details/${contactId}/`)
    // still pending while the slider is open
    const early = await Promise.race([opened.then(() => 'resolved'), page.waitForTimeout(1_200).then(() => 'pending')])
    expect(early).toBe('pending')
    await slider.getByRole('button', { name: 'Close slider' }).click()
    expect(await opened).toEqual({ isOpenAtNewWindow: false, isClose: true })
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
  })

  it('opens the app page in a slider (openApplication) and answers when it closes itself', async () => {
    const frame = await openCard(1)
    const opened = frame.evaluate(() => window.b24.slider.openSliderAppPage({ mode: 'settings' }) as Promise<unknown>)
    const inner = await probeFrame(1)
    expect(await init(inner)).toMatchObject({ placement: 'DEFAULT', options: { mode: 'settings' } })
    // the frame goes away with the slider, so this evaluate never completes
    void inner.evaluate(() => window.b24.slider.closeSliderAppPage()).catch(() => undefined)
    await opened
    await expect.poll(() => page.getByRole('dialog').count()).toBe(0)
  })

  it('lets the user pick a user from the model (selectUser)', async () => {
    const frame = await openCard(1)
    const picked = frame.evaluate(() => window.b24.dialog.selectUser() as Promise<unknown>)
    await page.getByRole('dialog', { name: 'Select user' }).getByRole('button', { name: 'Boris Petrov' }).click()
    expect(await picked).toEqual({ id: 2, name: 'Boris Petrov' })
  })

  it('reloads the frame on reloadWindow (a new getInitData)', async () => {
    const frame = await openCard(1)
    await frame.evaluate(() => { void window.b24.parent.reloadWindow() })
    await expect.poll(() => frameLog().filter(n => n === 'getInitData').length, { timeout: 10_000 }).toBe(2)
  })

  it('installs: INSTALL for an admin, installFinish, then the app reloads installed', async () => {
    const frame = await openCard(1, { install: true })
    expect((await init(frame))?.isInstall).toBe(true)
    await frame.evaluate(() => window.b24.installFinish())
    expect(emu.portal.settings().installed).toBe(true)
    await expect.poll(() => frameLog().filter(n => n === 'getInitData').length, { timeout: 10_000 }).toBe(2)
    const again = await probeFrame()
    await again.waitForFunction(() => window.probe.ready)
    expect((await init(again))?.isInstall).toBe(false)
  })

  it('says on the status bar that the app is installed once it finishes installing', async () => {
    const frame = await openCard(1, { install: true })
    const summary = page.locator('#emu-bar-summary')
    await expect.poll(() => summary.textContent()).toContain('not installed')
    await frame.evaluate(() => window.b24.installFinish())
    await expect.poll(() => summary.textContent()).toMatch(/· installed ·/)
  })

  it('shows the company\'s timeline comments in the History tab, newest first, BB-code drawn and names as text', async () => {
    const frame = await openCard(1)
    const add = (comment: string, companyId = 1) => frame.evaluate(async ([text, id]) => {
      const r = await window.b24.actions.v2.call.make({ method: 'crm.timeline.comment.add', params: { fields: { ENTITY_TYPE: 'company', ENTITY_ID: id, COMMENT: text } } })
      return r.getData().result as number
    }, [comment, companyId] as const)
    const first = await add('Anna Lindqvist unlinked 2 contacts:\n[LIST]\n[*]<img src=x onerror=alert(1)> (ID 7)\n[*][B]Ada[/B] Quill (ID 14)\n[/LIST]')
    await add('A comment on Quiet Harbor Ltd.', 2) // another company's: not on this card
    await page.getByRole('tab', { name: 'History' }).click()
    const list = page.getByRole('list', { name: /Timeline comments/ })
    await expect.poll(() => list.locator(':scope > li').count()).toBe(1)
    const item = list.locator(':scope > li').first()
    expect(await item.getAttribute('data-comment-id')).toBe(String(first))
    expect(await item.locator('.b24-history-author').textContent()).toBe('Anna Lindqvist')
    expect(await item.locator('ul > li').allTextContents()).toEqual(['<img src=x onerror=alert(1)> (ID 7)', 'Ada Quill (ID 14)'])
    expect(await item.locator('strong', { hasText: 'Ada' }).count()).toBe(1)
    expect(await page.locator('img').count()).toBe(0)
    // a comment written while the tab is open shows up on top (the log says a timeline call ran)
    const second = await add('Anna Lindqvist linked 2 contacts to this company again (Undo)')
    await expect.poll(() => list.locator(':scope > li').first().getAttribute('data-comment-id')).toBe(String(second))
    expect(await list.locator(':scope > li').count()).toBe(2)
    expect(await page.locator('#panel-app').isHidden()).toBe(true)
    await page.getByRole('tab', { name: 'Contacts' }).click()
    expect(await page.locator('#panel-history').isHidden()).toBe(true)
  })

  it('never answers in silent mode: the SDK keeps waiting, the log shows the ask', async () => {
    const pageErrors: Error[] = []
    page.on('pageerror', e => pageErrors.push(e))
    await page.goto(emu.cardUrl(1, { silent: true }))
    await expect.poll(() => emu.portal.log().some(e => e.name === 'getInitData'), { timeout: 10_000 }).toBe(true)
    await page.waitForTimeout(1_500)
    const frame = page.frames().find(f => f.url().startsWith(emu.appOrigin))!
    expect(await frame.evaluate(() => window.probe)).toMatchObject({ ready: false, error: null })
    expect(emu.portal.log().find(e => e.name === 'getInitData')?.params).toMatchObject({ silent: true })
    expect(pageErrors).toEqual([])
  })

  it('ignores only the listed commands with ?ignore=', async () => {
    const frame = await openCard(1, { ignore: ['getInterface'] })
    expect((await init(frame))?.placement).toBe('CRM_COMPANY_DETAIL_TAB')
    // unanswered: the SDK's "safe" timer resolves it after 900 ms
    expect(await frame.evaluate(() => window.b24.placement.getInterface())).toEqual({ isSafely: true })
    expect(emu.portal.log().find(e => e.name === 'getInterface')?.params).toMatchObject({ silent: true })
  })

  it('switches the user from the control panel and reloads the app frame', async () => {
    await openCard(1)
    await page.getByRole('button', { name: /Emulator/ }).click()
    await page.getByLabel('User', { exact: true }).selectOption('3')
    await expect.poll(async () => {
      const f = page.frames().find(x => x.url().startsWith(emu.appOrigin))
      return f ? f.evaluate(() => window.probe?.init?.isAdmin ?? null).catch(() => null) : null
    }, { timeout: 10_000 }).toBe(false)
    expect(emu.portal.settings().userId).toBe(3)
    await expect.poll(() => page.locator('.emu-log-list li').count()).toBeGreaterThan(0)
  })
})
