/**
 * A tiny app in place of the real one for the host page's browser tests: it
 * runs the real SDK (its UMD build, copied next to it as sdk.js) through
 * `initializeB24Frame()` and keeps what it got in `window.probe`.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { startEmulator, type Emulator } from '@emulator/server'

export const PROBE = `<!doctype html>
<html><head><meta charset="utf-8"><title>Probe app</title><script src="./sdk.js"></script></head>
<body><h1 id="status">loading</h1>
<script>
  window.probe = { ready: false, error: null, init: null, loads: 0 }
  B24Js.initializeB24Frame().then(function (b24) {
    window.b24 = b24
    window.probe.ready = true
    window.probe.init = {
      placement: b24.placement.placement,
      options: b24.placement.options,
      lang: b24.getLang(),
      isAdmin: b24.auth.isAdmin,
      isInstall: b24.isInstallMode,
      origin: b24.getTargetOrigin(),
      name: window.name,
    }
    document.getElementById('status').textContent = 'ready'
  }, function (err) {
    window.probe.error = String((err && err.code) || err)
    document.getElementById('status').textContent = 'error'
  })
</script></body></html>`

export interface ProbeInit {
  placement: string
  options: unknown
  lang: string
  isAdmin: boolean
  isInstall: boolean
  origin: string
  name: string
}

declare global {
  interface Window {
    probe: { ready: boolean, error: string | null, init: ProbeInit | null }
    // The SDK's B24Frame (untyped here: the probe loads the UMD build).
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    b24: any
  }
}

/** An emulator serving the probe app (PROBE next to the SDK's UMD build) from a temporary folder; `close` stops it and removes the folder. */
export async function startProbeEmulator(): Promise<{ emu: Emulator, close: () => Promise<void> }> {
  const appDir = mkdtempSync(join(tmpdir(), 'emu-probe-'))
  const sdkDir = dirname(createRequire(import.meta.url).resolve('@bitrix24/b24jssdk/package.json'))
  copyFileSync(join(sdkDir, 'dist', 'umd', 'index.min.js'), join(appDir, 'sdk.js'))
  writeFileSync(join(appDir, 'index.html'), PROBE)
  const emu = await startEmulator({ appDir, quiet: true })
  return {
    emu,
    close: async () => {
      await emu.close()
      rmSync(appDir, { recursive: true, force: true })
    },
  }
}
