import { fileURLToPath, URL } from 'node:url'
import { defineConfig, mergeConfig } from 'vitest/config'
import type { UserConfig } from 'vite'
import viteConfig from './vite.config.ts'

export default mergeConfig(viteConfig as UserConfig, defineConfig({
  resolve: {
    // The real luxon, to check src/b24/luxon-lite.ts against (the build aliases `luxon` to that file).
    alias: [{ find: /^luxon-reference$/, replacement: fileURLToPath(new URL('./node_modules/luxon/build/es6/luxon.mjs', import.meta.url)) }],
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/emulator/**/*.test.ts'],
    // Tests that drive Chromium run with the browser tests (npm run test:e2e), after Chromium is found or installed.
    exclude: ['test/emulator/**/*-browser.test.ts', 'node_modules/**'],
    environment: 'node',
    restoreMocks: true,
    // The SDK goes through Vite's pipeline as in the build, so its `luxon` is src/b24/luxon-lite.ts here too.
    server: { deps: { inline: ['@bitrix24/b24jssdk'] } },
  },
}))
