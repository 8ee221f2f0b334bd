import { describe, expect, it } from 'vitest'
import type { FrameLocator, Locator, Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import { appFrame, useHarness } from './support/harness'
import { appFrameOf } from './support/axe'

/**
 * Arabic mirrors the app (dir="rtl" on <html>, from the UI kit's locale;
 * logical CSS properties throughout), checked by where things are drawn:
 * each position in Arabic is the English one mirrored within its box.
 * Phone numbers and e-mails stay left to right inside.
 */
const h = useHarness()
const WIDTH = 1280

interface Box { x: number, y: number, width: number, height: number }

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox()
  if (!b) throw new Error(`${locator} is not drawn`)
  return b
}

/** `inner`'s distance from the start edge of `outer`: its left edge in English, its right edge in Arabic. */
function fromStart(inner: Box, outer: Box, rtl: boolean): number {
  return rtl ? outer.x + outer.width - (inner.x + inner.width) : inner.x - outer.x
}

interface Layout {
  dir: string
  lang: string
  /** in the first row: the checkbox, the name, the phone; from the row's start edge */
  checkbox: number
  name: number
  phone: number
  /** in the header: Clear all and the count line, from the header's start edge */
  clearAll: number
  count: number
  /** the confirmation's footer: Cancel and the confirm button from the footer's start */
  cancel: number
  confirm: number
  /** the notice: its close button from the notice's start */
  close: number
  /** the settings: a radio button and its label, from the radio group's start */
  radio: number
  radioLabel: number
  /** the directions phones and e-mails are written in */
  phoneDir: string
  emailDir: string
}

async function layout(page: Page, lang: 'en' | 'ar'): Promise<Layout> {
  const id = h.emulator.portal.addCompany({ title: `Mirror ${lang} Ltd`, contacts: 3 })
  await page.goto(h.emulator.cardUrl(id, { user: SEED_USER.admin, lang }))
  const app: FrameLocator = appFrame(page)
  const row = app.getByTestId('contact-row').first()
  await row.waitFor()
  const rtl = lang === 'ar'
  const frame = appFrameOf(page)
  const [dir, htmlLang, phoneDir, emailDir] = await frame.evaluate(() => [
    document.documentElement.dir,
    document.documentElement.lang,
    getComputedStyle(document.querySelector('[data-testid="contact-phone"] bdi')!).direction,
    getComputedStyle(document.querySelector('[data-testid="contact-email"] bdi')!).direction,
  ])
  const rowBox = await box(row)
  const header = await box(app.locator('header'))
  const result = {
    dir, lang: htmlLang, phoneDir, emailDir,
    checkbox: fromStart(await box(row.getByRole('checkbox')), rowBox, rtl),
    name: fromStart(await box(row.locator('[data-col="1"]')), rowBox, rtl),
    phone: fromStart(await box(row.getByTestId('contact-phone')), rowBox, rtl),
    clearAll: fromStart(await box(app.getByTestId('clear-all')), header, rtl),
    count: fromStart(await box(app.getByTestId('contact-count')), header, rtl),
  }
  await app.getByTestId('clear-all').click()
  const dialog = app.getByRole('alertdialog')
  await dialog.waitFor()
  await page.waitForTimeout(300) // its opening animation scales it
  const buttons = dialog.getByRole('button')
  const footer = await box(dialog)
  const cancel = fromStart(await box(buttons.nth(-2)), footer, rtl)
  const confirm = fromStart(await box(buttons.nth(-1)), footer, rtl)
  await buttons.nth(-1).click()
  const notice = app.getByTestId('notice')
  await notice.waitFor()
  const close = fromStart(await box(notice.getByRole('button')), await box(notice), rtl)
  await page.goto(h.emulator.cardUrl(undefined, { placement: 'DEFAULT', user: SEED_USER.admin, lang }))
  const group = app.getByRole('radiogroup')
  await group.waitFor()
  const groupBox = await box(group)
  const radio = fromStart(await box(group.getByRole('radio').first()), groupBox, rtl)
  const radioLabel = fromStart(await box(group.locator('[data-slot="label"]').first()), groupBox, rtl)
  return { ...result, cancel, confirm, close, radio, radioLabel }
}

describe('right to left', () => {
  it('Arabic draws the tab, the confirmation, the notice and the settings mirrored; phones and e-mails stay left to right', async () => {
    const { page } = await h.newPage()
    await page.setViewportSize({ width: WIDTH, height: 900 })
    const en = await layout(page, 'en')
    const ar = await layout(page, 'ar')
    expect(en).toMatchObject({ dir: 'ltr', lang: 'en', phoneDir: 'ltr', emailDir: 'ltr' })
    expect(ar).toMatchObject({ dir: 'rtl', lang: 'ar', phoneDir: 'ltr', emailDir: 'ltr' })
    // From the start edge: checkbox, name, phone; the count line, then (at the end) Clear all.
    expect(en.checkbox).toBeLessThan(en.name)
    expect(en.name).toBeLessThan(en.phone)
    expect(en.count).toBeLessThan(en.clearAll)
    // Mirrored: in Arabic the same distance from the right edge as in English from the left, within a pixel or two
    // (the phone's column and the header's buttons share the row with words of another width in Arabic: those keep their order).
    expect(Math.abs(ar.checkbox - en.checkbox)).toBeLessThanOrEqual(2)
    expect(Math.abs(ar.name - en.name)).toBeLessThanOrEqual(2)
    expect(ar.name).toBeLessThan(ar.phone)
    expect(Math.abs(ar.count - en.count)).toBeLessThanOrEqual(2)
    expect(ar.count).toBeLessThan(ar.clearAll)
    // The dialog's buttons sit at its end: right in English, left in Arabic.
    expect(en.confirm).toBeGreaterThan(en.cancel)
    expect(ar.confirm).toBeGreaterThan(ar.cancel)
    expect(ar.confirm).toBeGreaterThan(300)
    // The notice's close button at its end.
    expect(en.close).toBeGreaterThan(600)
    expect(ar.close).toBeGreaterThan(600)
    // A radio button before its label, from the start edge.
    expect(en.radio).toBeLessThan(en.radioLabel)
    expect(Math.abs(ar.radio - en.radio)).toBeLessThanOrEqual(2)
    expect(ar.radio).toBeLessThan(ar.radioLabel)
  })
})
