import { defineConfig, mergeConfig } from 'vitest/config'
import type { UserConfig } from 'vite'
import viteConfig from './vite.config.ts'

export default mergeConfig(viteConfig as UserConfig, defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/emulator/**/*.test.ts'],
    // Tests that drive Chromium run with the browser tests (npm run test:e2e), after Chromium is found or installed.
    exclude: ['test/emulator/**/*-browser.test.ts', 'node_modules/**'],
    environment: 'node',
    restoreMocks: true,
    // The SDK goes through Vite's pipeline as in the build, so its luxon and axios are the stand-ins here too.
    server: { deps: { inline: ['@bitrix24/b24jssdk'] } },
  },
}))
