import { describe, expect, it } from 'vitest'
import type { FrameLocator, Locator, Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import { appFrame, seeText, useHarness } from './support/harness'

/**
 * The tab at any width (issue 11): readable from a phone to a wide screen, and
 * the frame follows the card's width both ways. Seed company 1 has 12 contacts
 * with long and multi-script names, company 3 has 3,000.
 */
const h = useHarness()
const ADMIN = SEED_USER.admin

interface Box { x: number, y: number, width: number, height: number }

const iframeOf = (page: Page) => page.locator('iframe[name*="|"]')

async function openTab(page: Page, companyId: number, width: number) {
  await page.setViewportSize({ width, height: 900 })
  await page.goto(h.emulator.cardUrl(companyId, { user: ADMIN }))
  const app = appFrame(page)
  await app.getByTestId('contact-row').first().waitFor()
  await settled(page)
  return app
}

/** Wait until the frame has stopped resizing (the app asks again whenever its content changes size). */
async function settled(page: Page, resizedAtLeast = 0) {
  let last = ''
  let same = 0
  for (let i = 0; i < 100 && same < 6; i++) {
    await page.waitForTimeout(100)
    const now = await iframeOf(page).evaluate((el: HTMLIFrameElement) => {
      const r = el.getBoundingClientRect()
      return `${el.dataset.resized ?? 0}|${r.width}|${r.height}`
    })
    const enough = Number(now.split('|')[0]) >= resizedAtLeast
    same = now === last && enough ? same + 1 : 0
    last = now
  }
  expect(same, 'the frame kept resizing').toBeGreaterThanOrEqual(6)
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox()
  if (!box) throw new Error(`no box for ${String(locator)}`)
  return box
}

/** `inner` lies within `outer`'s left and right edges (and, with `vertically`, its top and bottom), to half a pixel. */
function expectInside(inner: Box, outer: Box, what: string, vertically = true) {
  expect(inner.x, `${what}: left edge`).toBeGreaterThanOrEqual(outer.x - 0.5)
  expect(inner.x + inner.width, `${what}: right edge`).toBeLessThanOrEqual(outer.x + outer.width + 0.5)
  if (!vertically) return
  expect(inner.y, `${what}: top edge`).toBeGreaterThanOrEqual(outer.y - 0.5)
  expect(inner.y + inner.height, `${what}: bottom edge`).toBeLessThanOrEqual(outer.y + outer.height + 0.5)
}

/** The iframe is as wide as the card's panel that holds it: its width follows the card, not a pixel width it was once given. */
async function expectFrameFollowsCard(page: Page) {
  const sizes = await iframeOf(page).evaluate((el: HTMLIFrameElement) => ({
    frame: el.getBoundingClientRect().width,
    card: el.parentElement!.clientWidth,
    style: el.style.width,
  }))
  expect(sizes.style).not.toMatch(/px$/)
  expect(Math.abs(sizes.frame - sizes.card)).toBeLessThanOrEqual(1)
  return sizes.frame
}

/** No scroll area in the frame itself, either way (Market rule: no scrollbars in the frame). */
async function expectNoFrameScroll(app: FrameLocator) {
  const doc = await app.locator('html').evaluate((el) => ({ sw: el.scrollWidth, cw: el.clientWidth, sh: el.scrollHeight, ch: el.clientHeight }))
  expect(doc.sw, 'horizontal overflow in the frame').toBeLessThanOrEqual(doc.cw)
  expect(doc.sh, 'vertical overflow in the frame').toBeLessThanOrEqual(doc.ch + 1)
}

/** Every name is shown whole, or at least 8 average characters (8 × 0.5em) wide: it never shrinks to a letter or two. */
async function expectNamesReadable(app: FrameLocator) {
  const names = await app.locator('[data-testid="contact-row"] button[data-col="1"]').evaluateAll((els) => els.map((el) => ({
    text: el.textContent?.trim() ?? '',
    shown: el.getBoundingClientRect().width,
    full: el.scrollWidth,
    eightChars: 8 * 0.5 * Number.parseFloat(getComputedStyle(el).fontSize),
  })))
  expect(names.length).toBeGreaterThan(0)
  for (const n of names) {
    expect(n.shown + 0.5, `name "${n.text}" is ${n.shown}px wide`).toBeGreaterThanOrEqual(Math.min(n.full, n.eightChars))
  }
}

/** Every visible button and every e-mail within the frame's box; `vertically` false for a virtualized list, whose margin rows lie below its scroll area. */
async function expectButtonsAndEmailsInside(page: Page, app: FrameLocator, vertically = true) {
  const frame = await boxOf(iframeOf(page))
  const buttons = app.getByRole('button')
  const count = await buttons.count()
  expect(count).toBeGreaterThan(5)
  for (let i = 0; i < count; i++) {
    const button = buttons.nth(i)
    if (!(await button.isVisible())) continue
    expectInside(await boxOf(button), frame, `button "${(await button.getAttribute('aria-label')) ?? (await button.innerText())}"`, vertically)
  }
  const emails = app.getByTestId('contact-email')
  expect(await emails.count()).toBeGreaterThan(0)
  for (let i = 0; i < (await emails.count()); i++) expectInside(await boxOf(emails.nth(i)), frame, `e-mail ${i + 1}`, vertically)
}

describe('the tab at any width', () => {
  it.each([360, 1600])('at %i px: names readable, every button and e-mail inside the frame, no scroll in the frame', async (width) => {
    const { page } = await h.newPage()
    const app = await openTab(page, 1, width)
    await expectFrameFollowsCard(page)
    await expectNamesReadable(app)
    await expectButtonsAndEmailsInside(page, app)
    await expectNoFrameScroll(app)
    // The row's parts: one line when wide; name and badge, then position, phone and e-mail one under the other when narrow.
    const row = app.getByTestId('contact-row').first()
    const [name, badge, post, phone, email] = await Promise.all([
      boxOf(row.locator('button[data-col="1"]')), boxOf(row.getByTestId('main-company')), boxOf(row.getByTestId('contact-post')),
      boxOf(row.getByTestId('contact-phone')), boxOf(row.getByTestId('contact-email')),
    ])
    const middle = (b: Box) => b.y + b.height / 2
    expect(Math.abs(middle(badge) - middle(name))).toBeLessThan(4)
    expect(post.y).toBeGreaterThanOrEqual(name.y + name.height - 1)
    if (width < 640) {
      expect(phone.y).toBeGreaterThanOrEqual(post.y + post.height - 1)
      expect(email.y).toBeGreaterThanOrEqual(phone.y + phone.height - 1)
    } else {
      expect(phone.x).toBeGreaterThan(badge.x + badge.width)
      expect(email.x).toBeGreaterThan(phone.x + phone.width)
      expect(Math.abs(middle(email) - middle(await boxOf(row)))).toBeLessThan(4)
    }
  })

  it('follows the card both ways: 1,600 px, then 500, 1,600 and 500 again, never pinned to a pixel width', async () => {
    const { page } = await h.newPage()
    const app = await openTab(page, 1, 1600)
    const wide = await expectFrameFollowsCard(page)
    const resized = async () => Number(await iframeOf(page).evaluate((el: HTMLIFrameElement) => el.dataset.resized ?? '0'))

    let before = await resized()
    await page.setViewportSize({ width: 500, height: 900 })
    // Narrower rows stack: the content grows taller and the app asks for the new height.
    await settled(page, before + 1)
    expect(await expectFrameFollowsCard(page)).toBeLessThan(500)
    await expectButtonsAndEmailsInside(page, app)
    await expectNoFrameScroll(app)

    before = await resized()
    await page.setViewportSize({ width: 1600, height: 900 })
    // Wider again: the content is shorter and the app asks to shrink the frame (this is where a pixel width used to pin it).
    await settled(page, before + 1)
    expect(await expectFrameFollowsCard(page)).toBe(wide)
    const frame = await boxOf(iframeOf(page))
    expectInside(await boxOf(app.getByRole('button', { name: 'Clear all contacts' })), frame, 'Clear all contacts')
    expectInside(await boxOf(app.getByTestId('contact-email').first()), frame, 'the first e-mail')
    await expectButtonsAndEmailsInside(page, app)
    await expectNoFrameScroll(app)

    // And narrow once more: a frame pinned to its wide width would now stick out of the card.
    before = await resized()
    await page.setViewportSize({ width: 500, height: 900 })
    await settled(page, before + 1)
    expect(await expectFrameFollowsCard(page)).toBeLessThan(500)
    await expectButtonsAndEmailsInside(page, app)
  })

  it('says a long list scrolls (3,000 contacts) and not a short one (12); the stacked list scrolls to its last contact', async () => {
    const { page } = await h.newPage()
    let app = await openTab(page, 1, 1600)
    await expect(app.getByTestId('scroll-hint').count()).resolves.toBe(0)

    app = await openTab(page, 3, 360)
    await seeText(app.getByTestId('scroll-hint'), 'Scroll the list to see all 3,000 contacts')
    await expectNamesReadable(app)
    await expectButtonsAndEmailsInside(page, app, false)
    await expectNoFrameScroll(app)
    const scroller = app.getByTestId('contact-scroller')
    await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight })
    const last = app.locator('[data-testid="contact-row"][aria-rowindex="3000"]')
    await last.waitFor()
    expectInside(await boxOf(last), await boxOf(scroller), 'the last row in the list')
    expect(await app.getByTestId('contact-row').count()).toBeLessThan(60)
  })
})
