/**
 * The host page's script (runs in the browser on the portal origin): loads
 * the app into its iframe by form POST, speaks the parent side of the
 * Bitrix24 frame protocol (docs/bitrix24.md, Frame protocol), and drives the
 * card's tabs and the emulator's control panel. Bundled by
 * emulator/host/assets.ts into one script, /_emulator/assets/host.js.
 *
 *   page.ts            the page's config and DOM helpers
 *   api.ts             the control API, typed by emulator/control.ts
 *   frames.ts          the app's frames and the form that loads them
 *   frame-protocol.ts  the app's messages and their answers
 *   sliders.ts         openPath and openApplication
 *   pickers.ts         selectUser and selectAccess
 *   card.ts            the card's tabs and reloadData
 *   history.ts         the History tab: the company's timeline comments
 *   control-panel.ts   the status bar and the control panel
 *   live.ts            the model's log, polled while watched; state changes
 */
import { setupTabs } from './card.ts'
import { setupPanel } from './control-panel.ts'
import { listenToFrames } from './frame-protocol.ts'
import { pageFrame, prefetchInitData } from './frames.ts'
import { byId } from './page.ts'

function start(): void {
  listenToFrames()
  setupTabs()
  setupPanel()
  const iframe = byId<HTMLIFrameElement>('app-frame')
  const form = byId<HTMLFormElement>('app-form')
  if (!iframe || !form) return
  const frame = pageFrame(iframe, form)
  // The listener is in place: now load the app, by form POST as Bitrix24 does.
  form.submit()
  prefetchInitData(frame)
  document.body.dataset.hostReady = '1'
}

start()
