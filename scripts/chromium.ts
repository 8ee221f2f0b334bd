/**
 * Find the Chromium the browser tests and the benchmark drive through
 * playwright-core (which cannot download its own browsers here):
 * CHROMIUM_PATH, else a system Chromium/Chrome; on Debian/Ubuntu as root,
 * install Debian's `chromium` package when none is found; else fail clearly.
 */
import { ensureTool, findTool, type SystemTool } from './system-tool.ts'

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

const CHROMIUM: SystemTool = {
  label: 'Chromium or Google Chrome',
  envVar: 'CHROMIUM_PATH',
  candidates: CANDIDATES,
  names: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'],
  packages: ['chromium'],
  neededBy: 'the browser tests',
}

export function findChromium(): string | null {
  return findTool(CHROMIUM)
}

/** Find Chromium, installing Debian's package when that is possible; throw a clear message otherwise. */
export function ensureChromium(log: (line: string) => void = console.log): string {
  return ensureTool(CHROMIUM, log)
}
