import { describe, expect, it } from 'vitest'
import type { Frame, Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import { appFrame, seeText, useHarness } from './support/harness'
import { appFrameOf } from './support/axe'

/**
 * Every action by keyboard alone (Tab, Shift+Tab, Space, Enter, Escape), from
 * the card into the app's frame: select a row, unlink it, Undo; Clear all,
 * Escape, Clear all again, confirm. Each control reached shows where focus
 * is (a ring or outline of 2 px or more on :focus-visible), and focus goes
 * on sensibly when a dialog closes or a button goes away.
 */
const h = useHarness()

interface Focused {
  /** where focus is: the element's test id, its data-col in the grid, or its text */
  testid: string | null
  col: string | null
  text: string
  label: string | null
  inDialog: boolean
  /** :focus-visible matches and draws an outline or a ring of 2 px or more */
  visible: boolean
}

async function focused(frame: Frame): Promise<Focused | null> {
  return frame.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return null
    const style = getComputedStyle(el)
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
    const ring = style.boxShadow !== 'none' && /\b[2-9]px|\b\d{2,}px/.test(style.boxShadow)
    return {
      testid: el.dataset.testid ?? null,
      col: el.dataset.col ?? null,
      text: (el.textContent ?? '').trim(),
      label: el.getAttribute('aria-label'),
      inDialog: el.closest('[role="alertdialog"]') !== null,
      visible: el.matches(':focus-visible') && (outline || ring),
    }
  })
}

/** Press `key` until focus is where `wanted` says (at most `max` presses); every stop on the way shows its focus. */
async function pressUntil(page: Page, key: 'Tab' | 'Shift+Tab', wanted: (f: Focused) => boolean, what: string, max = 40): Promise<Focused> {
  const frame = appFrameOf(page)
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key)
    const f = await focused(frame).catch(() => null)
    if (!f) continue
    expect(f.visible, `focus visible on ${JSON.stringify(f)}`).toBe(true)
    if (wanted(f)) return f
  }
  throw new Error(`${key} never reached ${what}`)
}

/** Focus now, once the app has had a moment to move it. */
async function focusSettles(page: Page, wanted: (f: Focused | null) => boolean, what: string): Promise<Focused> {
  const frame = appFrameOf(page)
  await expect.poll(async () => wanted(await focused(frame)), { message: `focus on ${what}` }).toBe(true)
  const f = (await focused(frame))!
  expect(f.visible, `focus visible on ${what}`).toBe(true)
  return f
}

describe('keyboard only', () => {
  it('select a row, Unlink selected, confirm, Undo; Clear all, Escape, Clear all, confirm', async () => {
    const id = h.emulator.portal.addCompany({ title: 'Keyboard Test Ltd', contacts: 4 })
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(id, { user: SEED_USER.editor }))
    const app = appFrame(page)
    await app.getByTestId('contact-row').first().waitFor()
    const before = h.emulator.portal.links(id)

    // From the card into the frame: the tab's first control, then the grid's one tab stop (a row's name).
    await pressUntil(page, 'Tab', (f) => f.testid === 'refresh', 'Refresh', 60)
    await pressUntil(page, 'Tab', (f) => f.col === '1', 'the grid')
    // Space selects the row; the selection bar (above the list) offers Unlink 1 selected.
    await page.keyboard.press('Space')
    await seeText(app.getByTestId('selected-count'), '1 selected')
    await pressUntil(page, 'Shift+Tab', (f) => f.testid === 'unlink-selected', 'Unlink 1 selected')
    await page.keyboard.press('Enter')
    await app.getByRole('alertdialog').waitFor()
    await pressUntil(page, 'Tab', (f) => f.inDialog && f.text === 'Unlink one contact', 'the confirm button')
    await page.keyboard.press('Enter')
    await seeText(app.getByTestId('notice'), 'One contact was unlinked')
    expect(h.emulator.portal.links(id)).toHaveLength(3)
    // The button that asked is gone with the selection: focus goes to Undo.
    await focusSettles(page, (f) => f?.testid === 'undo', 'Undo')
    await page.keyboard.press('Enter')
    await seeText(app.getByTestId('notice'), 'linked to')
    expect(h.emulator.portal.links(id)).toEqual(before)
    // Undo is gone once done: focus goes to Clear all.
    await focusSettles(page, (f) => f?.testid === 'clear-all', 'Clear all')

    await page.keyboard.press('Enter')
    await app.getByRole('alertdialog').waitFor()
    await page.keyboard.press('Escape')
    await app.getByRole('alertdialog').waitFor({ state: 'hidden' })
    // Escape: nothing sent, and focus is back on the button that asked.
    await focusSettles(page, (f) => f?.testid === 'clear-all', 'Clear all, after Escape')
    expect(h.emulator.portal.links(id)).toEqual(before)
    await page.keyboard.press('Enter')
    await app.getByRole('alertdialog').waitFor()
    await pressUntil(page, 'Tab', (f) => f.inDialog && f.text === 'Clear 4 contacts', 'the confirm button')
    await page.keyboard.press('Enter')
    await seeText(app.getByTestId('notice'), '4 contacts were unlinked')
    expect(h.emulator.portal.links(id)).toEqual([])
    await focusSettles(page, (f) => f?.testid === 'undo', 'Undo, after the clear')
  })

  it('a notice closes by keyboard, and focus goes on to Undo', async () => {
    const id = h.emulator.portal.addCompany({ title: 'Keyboard Notice Test Ltd', contacts: 2 })
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(id, { user: SEED_USER.editor }))
    const app = appFrame(page)
    await app.getByTestId('contact-row').first().waitFor()
    // The one live region is in the page before anything happens (a region inserted with its text may be read twice, or not at all).
    await expect(app.getByTestId('announcer').textContent()).resolves.toBe('')
    await pressUntil(page, 'Tab', (f) => f.testid === 'clear-all', 'Clear all', 60)
    await page.keyboard.press('Enter')
    await app.getByRole('alertdialog').waitFor()
    await pressUntil(page, 'Tab', (f) => f.inDialog && f.text === 'Clear 2 contacts', 'the confirm button')
    await page.keyboard.press('Enter')
    await focusSettles(page, (f) => f?.testid === 'undo', 'Undo')
    await pressUntil(page, 'Shift+Tab', (f) => f.label === 'Close', 'the notice\'s close button')
    await expect(app.getByTestId('notice').evaluate((el) => el.closest('[role="status"], [role="alert"], [aria-live]'))).resolves.toBeNull()
    await page.keyboard.press('Enter')
    await app.getByTestId('notice').waitFor({ state: 'detached' })
    await focusSettles(page, (f) => f?.testid === 'undo', 'Undo, after closing the notice')
    // The outcome is said by that live region alone: the notice is no live region of its own.
    // Read in one step: the announcer moves on to the next message (the trail) soon after.
    const regions = () => app.locator('body').evaluate((body) => {
      const live = [...body.querySelectorAll('[role="status"], [role="alert"], [aria-live]')].filter((el) => el.textContent?.includes('2 contacts were unlinked'))
      return { announcer: live.some((el) => el.getAttribute('data-testid') === 'announcer'), others: live.filter((el) => el.getAttribute('data-testid') !== 'announcer' && !el.contains(body.querySelector('[data-testid="announcer"]'))).length }
    })
    await expect.poll(async () => (await regions()).announcer || (await regions()).others > 0).toBe(true)
    expect((await regions()).others).toBe(0)
  })
})
