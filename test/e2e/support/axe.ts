import axe from 'axe-core'
import type { Frame, Page } from 'playwright-core'

/** The rules of WCAG 2.0 and 2.1, levels A and AA: what the app is checked against. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']

/** The app's frame inside the card (the page around it is the emulator's, not checked). */
export function appFrameOf(page: Page): Frame {
  const frame = page.frames().find((f) => f.name().includes('|'))
  if (!frame) throw new Error('The app frame is not in the page')
  return frame
}

/**
 * axe-core over the app's whole document as it is now (its dialog and
 * notices included), at WCAG 2.1 AA: one line per violation and element,
 * "rule: element: why", so a failing test says what to fix. axe is injected
 * into the frame by the test driver (not a script tag), so the app's
 * Content-Security-Policy does not apply to it.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const frame = appFrameOf(page)
  // A dialog or notice still fading in has not its colours yet: wait for every animation that ends (not a spinner).
  await frame.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity).map((a) => a.finished.catch(() => {}))))
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(axe.source)
  const results = await frame.evaluate((tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), WCAG_21_AA)
  return results.violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(' ')}: ${(node.failureSummary ?? v.help).replace(/\s+/g, ' ')}`))
}
