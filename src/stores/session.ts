import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { PortalContext } from '@/b24/port'
import { B24Error } from '@/b24/errors'

export type SessionStatus = 'connecting' | 'ready' | 'failed'

/**
 * How the app's connection to the portal stands. Holds the plain context data
 * the portal sent, never the port or the SDK's frame object.
 */
export const useSessionStore = defineStore('session', () => {
  const status = ref<SessionStatus>('connecting')
  const context = shallowRef<PortalContext | null>(null)
  const error = shallowRef<B24Error | null>(null)

  const placement = computed(() => context.value?.placement ?? '')

  /** The frame answered: the app may start talking to the portal. */
  function connected(ctx: PortalContext) {
    context.value = ctx
    error.value = null
    status.value = 'ready'
  }

  /** The frame could not be opened (outside a portal, or no answer). */
  function failed(reason: unknown) {
    error.value = B24Error.from(reason)
    status.value = 'failed'
  }

  return { status, context, error, placement, connected, failed }
})
