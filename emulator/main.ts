/**
 * Start the Bitrix24 portal emulator from the command line.
 *
 *   tsx emulator/main.ts [--port 7400] [--app-url http://127.0.0.1:5173/ | --app-dir dist [--app-port 7401]] [--quiet]
 *
 * Prints the company card URL to open in a browser. See emulator/README.md.
 */
import { parseArgs } from 'node:util'
import { existsSync } from 'node:fs'
import { startEmulator } from './server.ts'

const USAGE = `Usage: tsx emulator/main.ts [options]
  --port <n>       portal port on localhost (default 7400, 0 = any free port)
  --app-url <url>  an app that is already running, e.g. the Vite dev server http://127.0.0.1:5173/
  --app-dir <dir>  a built app folder (vite build) to serve on http://127.0.0.1:<app-port>
  --app-port <n>   port for --app-dir (default 7401, 0 = any free port)
  --quiet          print only the card URL
  --help`

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error(`${name} must be a port number`)
    process.exit(2)
  }
  return n
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'port': { type: 'string' },
      'app-url': { type: 'string' },
      'app-dir': { type: 'string' },
      'app-port': { type: 'string' },
      'quiet': { type: 'boolean', default: false },
      'help': { type: 'boolean', default: false },
    },
    strict: true,
  })
  if (values.help) {
    console.log(USAGE)
    return
  }
  if (values['app-url'] && values['app-dir']) {
    console.error('Pass either --app-url or --app-dir, not both.')
    process.exit(2)
  }
  if (values['app-dir'] && !existsSync(values['app-dir'])) {
    console.error(`--app-dir ${values['app-dir']} does not exist (run the build first).`)
    process.exit(2)
  }
  const emulator = await startEmulator({
    portalPort: port(values.port, 7400, '--port'),
    appPort: port(values['app-port'], 7401, '--app-port'),
    appDir: values['app-dir'],
    appUrl: values['app-url'],
    quiet: true,
  })
  if (values.quiet) {
    console.log(emulator.cardUrl())
  } else {
    console.log(`Bitrix24 emulator
  portal (DOMAIN ${emulator.domain}):  ${emulator.portalOrigin}/
  app handler:                       ${emulator.appUrl}
  company card:                      ${emulator.cardUrl()}
  app's own page:                    ${emulator.cardUrl(undefined, { placement: 'DEFAULT' })}
Press Ctrl+C to stop.`)
  }
  const stop = (): void => {
    void emulator.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
