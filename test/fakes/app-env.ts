import { createApp } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import { B24_PORT, type B24Port } from '@/b24/port'
import { createPortal } from '@emulator/portal'
import { PortalPort } from './portal-port'

/**
 * A real Pinia inside a real (unmounted) Vue app that provides the port, the
 * way main.ts does, so stores resolve the port with inject() as in the app.
 */
export function createStoreEnv(port: B24Port) {
  const app = createApp({})
  const pinia = createPinia()
  app.provide(B24_PORT, port)
  app.use(pinia)
  setActivePinia(pinia)
  return { app, pinia }
}

/** A fresh portal model (seeded, fixed clock you can move) and a port into it. */
export function createPortalEnv(options: ConstructorParameters<typeof PortalPort>[1] & { userId?: number } = {}) {
  let now = Date.UTC(2026, 10, 2, 9, 0, 0)
  const portal = createPortal({ now: () => now })
  if (options.userId !== undefined) portal.update({ userId: options.userId })
  const port = new PortalPort(portal, options)
  return {
    portal,
    port,
    advance(ms: number) {
      now += ms
    },
  }
}

/** `port` with some methods replaced; every other method still runs on the real port (its private fields intact). */
export function portWith(port: B24Port, overrides: Partial<B24Port>): B24Port {
  return new Proxy(port, {
    get(target, prop, receiver) {
      if (prop in overrides) return overrides[prop as keyof B24Port]
      const value: unknown = Reflect.get(target, prop, receiver)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
