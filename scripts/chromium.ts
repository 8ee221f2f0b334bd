/**
 * Find the Chromium the browser tests and the benchmark drive through
 * playwright-core (which cannot download its own browsers here):
 * CHROMIUM_PATH, else a system Chromium/Chrome; on Debian/Ubuntu as root,
 * install Debian's `chromium` package when none is found; else fail clearly.
 */
import { execFileSync } from 'node:child_process'
import { accessSync, constants, existsSync } from 'node:fs'

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
]

/** Flags Chromium needs on headless CI machines without a sandbox or outside network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // why: Playwright's default --disable-features list includes
  // ThirdPartyStoragePartitioning, which blocks storage in cross-site iframes,
  // and the app always runs in one. Chromium keeps the last --disable-features,
  // so this list replaces Playwright's.
  '--disable-features=AvoidUnnecessaryBeforeUnloadCheckSync,DestroyProfileOnBrowserClose,HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,LensOverlay,MediaRouter,PaintHolding,OptimizationHints,NetworkTimeServiceQuerying,AimEnabled,PreconnectToSearch',
]

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

function fromPath(): string | null {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim()
      if (found && isExecutable(found)) return found
    } catch {
      // not on PATH
    }
  }
  return null
}

export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which is not an executable file.`)
    return fromEnv
  }
  return CANDIDATES.find(isExecutable) ?? fromPath()
}

/** Find Chromium, installing Debian's package when that is possible; throw a clear message otherwise. */
export function ensureChromium(log: (line: string) => void = console.log): string {
  const found = findChromium()
  if (found) return found
  const isDebian = existsSync('/etc/debian_version')
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0
  if (isDebian && isRoot) {
    log('No Chromium found: installing Debian\'s "chromium" package for the browser tests (apt-get install -y chromium)…')
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    const installed = findChromium()
    if (installed) return installed
  }
  throw new Error(
    'The browser tests need Chromium or Google Chrome, and none was found.\n'
    + '  Install one (Debian/Ubuntu: sudo apt-get install chromium) or point CHROMIUM_PATH at its executable,\n'
    + '  e.g. CHROMIUM_PATH=/usr/bin/chromium npm test',
  )
}
