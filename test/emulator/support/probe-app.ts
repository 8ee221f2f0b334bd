/**
 * A tiny app in place of the real one for the host page's browser tests: it
 * runs the real SDK (its UMD build, copied next to it as sdk.js) through
 * `initializeB24Frame()` and keeps what it got in `window.probe`.
 */

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
