import { fileURLToPath, URL } from 'node:url'
import { defineConfig } from 'vitest/config'

// Browser tests: the built app inside the emulator's company card, in real
// Chromium. Files run one at a time (two cores; each starts its own emulator).
export default defineConfig({
  // As in vite.config.ts (which the unit tests' config extends): `@emulator/server`.
  resolve: { alias: { '@emulator': fileURLToPath(new URL('./emulator', import.meta.url)) } },
  test: {
    include: ['test/e2e/**/*.spec.ts', 'test/emulator/**/*-browser.test.ts', 'test/deploy/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
