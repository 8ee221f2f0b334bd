import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { startEmulator, type Emulator } from '@emulator/server'

/**
 * For a test file: an emulator serving a small built "app" (`files`: path →
 * content, under a temporary folder, removed afterwards) on its app origin.
 * Read `.emulator` and `.appDir` inside tests, after beforeAll has run.
 */
export function useFakeApp(files: Record<string, string>): { readonly emulator: Emulator, readonly appDir: string } {
  const state = {} as { emulator: Emulator, appDir: string }
  beforeAll(async () => {
    state.appDir = mkdtempSync(join(tmpdir(), 'emu-app-'))
    for (const [path, content] of Object.entries(files)) {
      const file = join(state.appDir, path)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, content)
    }
    state.emulator = await startEmulator({ appDir: state.appDir, quiet: true })
  })
  afterAll(async () => {
    await state.emulator?.close()
    if (state.appDir) rmSync(state.appDir, { recursive: true, force: true })
  })
  return state
}
