// First: libraries below may read localStorage as they load (storage-guard.ts says why).
import './storage-guard'
import { connectToPortal } from './b24/sdk-port'
import { nextTask, startFirstRead } from './first-read'
import './placeholder.css'

// This entry holds only what the tab's first REST request needs: the SDK's
// handshake with the portal and the read. They run while Vue, the UI kit and
// the view download (./boot, preloaded by index.html: vite.config.ts,
// appChunk), which then render what the read returns.
const connecting = connectToPortal()
const firstRead = connecting.then(startFirstRead)
// A failed handshake is shown by the app once it has loaded (whenConnected).
firstRead.catch(() => {})
const urlLang = new URLSearchParams(location.search).get('LANG')

// Running the app's code is one long task (its chunk is already downloading):
// it starts once the first request has gone out, and runs while that request
// is under way, instead of holding the handshake back. boot.ts then mounts
// when the second request has gone out too (first-read.ts, readyToMount).
const firstRequestSent = firstRead.then(nextTask, () => {})
firstRequestSent
  .then(() => import('./boot'))
  .then(({ boot }) => boot(connecting, { el: '#app', urlLang, firstRead }))
  .catch(showLoadFailure)

/** The app's code did not arrive (a network failure, or a deploy replaced its files): say so in plain HTML. */
function showLoadFailure(error: unknown): void {
  console.error(error)
  const root = document.getElementById('app')
  if (!root) return
  const message = document.createElement('p')
  message.setAttribute('role', 'alert')
  message.className = 'boot-failure'
  message.textContent = 'Company Contacts could not load. Reload the page to try again.'
  root.replaceChildren(message)
}
