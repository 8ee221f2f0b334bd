// First: libraries below may read localStorage as they load (storage-guard.ts says why).
import './storage-guard'
import { connectToPortal } from './b24/sdk-port'
import { boot } from './boot'
import './assets.css'

// The handshake with the portal comes first: everything the tab shows waits
// for it, so it runs while the app mounts and its language loads (boot.ts).
const connecting = connectToPortal()
await boot(connecting, { el: '#app', urlLang: new URLSearchParams(location.search).get('LANG') })
