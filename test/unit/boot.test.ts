// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { flushPromises } from '@vue/test-utils'
import { createApp } from 'vue'
import { createPinia } from 'pinia'
import { boot, whenConnected, type BootedApp } from '@/boot'
import { AppErrorCode, B24Error } from '@/b24/errors'
import type { B24Port } from '@/b24/port'
import { createAppI18n } from '@/i18n'
import { useSessionStore } from '@/stores/session'
import { SEED_USER } from '@emulator/portal'
import { createPortalEnv } from '../fakes/app-env'
import { PortalPort } from '../fakes/portal-port'

/** A port whose context throws when read: an exception in the step after the frame answered. */
function brokenPort(): B24Port {
  return new Proxy({} as B24Port, {
    get(_target, key) {
      if (key === 'then') return undefined // not a thenable
      throw new TypeError(`port.${String(key)} is broken`)
    },
  })
}

function parts() {
  const pinia = createPinia()
  const i18n = createAppI18n()
  const app = createApp({ render: () => null }).use(pinia).use(i18n)
  return { app, pinia, i18n }
}

describe('whenConnected', () => {
  it('shows why when the handshake fails', async () => {
    const p = parts()
    await whenConnected(Promise.reject(new B24Error(AppErrorCode.FRAME_TIMEOUT)), p)
    const session = useSessionStore(p.pinia)
    expect(session.status).toBe('failed')
    expect(session.error?.code).toBe(AppErrorCode.FRAME_TIMEOUT)
  })

  it('ends on the failure message when a step after the handshake throws, not on the spinner', async () => {
    const p = parts()
    await whenConnected(Promise.resolve(brokenPort()), p)
    const session = useSessionStore(p.pinia)
    expect(session.status).toBe('failed')
    expect(session.error).toBeInstanceOf(B24Error)
  })

  it('starts the first read before the view is let in, and switches to the portal\'s language first', async () => {
    const env = createPortalEnv({ userId: SEED_USER.editor })
    env.portal.update({ lang: 'de' })
    const p = parts()
    const session = useSessionStore(p.pinia)
    const seen: Array<{ rest: number, locale: string }> = []
    session.$onAction(({ name }) => {
      if (name === 'connected') seen.push({ rest: env.portal.log().filter((e) => e.kind === 'rest').length, locale: p.i18n.global.locale.value })
    })
    await whenConnected(Promise.resolve(new PortalPort(env.portal, { companyId: 1 })), p)
    expect(session.status).toBe('ready')
    expect(seen).toHaveLength(1)
    expect(seen[0]!.rest).toBeGreaterThan(0)
    expect(seen[0]!.locale).toBe('de')
  })
})

describe('boot', () => {
  let booted: BootedApp | undefined
  afterEach(() => {
    booted?.app.unmount()
    booted = undefined
    document.body.innerHTML = ''
  })

  async function bootInto(connecting: Promise<B24Port>, urlLang: string | null = null) {
    const el = document.createElement('div')
    document.body.append(el)
    booted = await boot(connecting, { el, urlLang })
    await booted.connected
    await flushPromises()
    return el
  }

  it('outside a portal, says where to open the app (the early rejection is no uncaught error)', async () => {
    // Russian words load first (a chunk): the rejection comes long before anyone listens.
    const el = await bootInto(Promise.reject(new B24Error(AppErrorCode.NOT_IN_PORTAL)), 'ru')
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Откройте приложение из Битрикс24')
  })

  it('when a step after the handshake throws, shows the failure on screen in the URL\'s language', async () => {
    const el = await bootInto(Promise.resolve(brokenPort()), 'de')
    const alert = el.querySelector('[role="alert"]')
    expect(alert?.textContent).toContain('Die App konnte nicht starten')
    expect(el.querySelector('[role="status"]')).toBeNull()
  })
})
