/**
 * `npm start`: the app on Vite's dev server (hot reload) inside the local
 * portal emulator. Prints the company card's URL; open it in a browser.
 *
 *   PORT       the portal's port on localhost (default 7400)
 *   APP_PORT   the dev server's port on 127.0.0.1 (default 5173)
 */
import { createServer } from 'vite'
import { startEmulator } from '../emulator/server.ts'

const portalPort = Number(process.env.PORT ?? 7400)
const appPort = Number(process.env.APP_PORT ?? 5173)

const vite = await createServer({
  configFile: new URL('../vite.config.ts', import.meta.url).pathname,
  server: { host: '127.0.0.1', port: appPort, strictPort: true },
  clearScreen: false,
  logLevel: 'warn',
})
await vite.listen()
const appUrl = `http://127.0.0.1:${appPort}/`

const emulator = await startEmulator({ portalPort, appUrl, quiet: true })

const line = '─'.repeat(64)
console.log(`\n${line}`)
console.log('  Company Contacts, running inside the local Bitrix24 portal emulator\n')
console.log(`  Open the company card:   ${emulator.cardUrl()}`)
console.log(`  All companies:           ${emulator.portalOrigin}/`)
console.log(`  App (dev server):        ${appUrl}  (opened directly it shows a "not in a portal" message)`)
console.log('\n  The dark "Emulator" bar on the card switches user, role, language,')
console.log('  latency, faults and install state, and shows the log of REST calls.')
console.log(`  Press Ctrl+C to stop.\n${line}\n`)

async function stop() {
  await Promise.allSettled([emulator.close(), vite.close()])
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
