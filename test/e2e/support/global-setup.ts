import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ensureChromium } from '../../../scripts/chromium'

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string
    appDir: string
  }
}

/** The app is built before this runs (`npm run test:e2e` builds first); find Chromium once for every file. */
export default function setup(project: TestProject) {
  const appDir = resolve('dist')
  if (!existsSync(resolve(appDir, 'index.html'))) {
    throw new Error('No built app in dist/: run `npm run build` first (npm run test:e2e does).')
  }
  project.provide('chromiumPath', ensureChromium())
  project.provide('appDir', appDir)
}
