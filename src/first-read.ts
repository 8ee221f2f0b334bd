import { openOwner, type OpenedOwner } from './b24/crm'
import { tabOwner } from './b24/placement'
import type { B24Port } from './b24/port'
import type { Owner } from './domain/types'

/** A card tab's first read: which card, and its read under way. */
export interface FirstRead {
  owner: Owner
  opened: Promise<OpenedOwner>
  /**
   * Settles once the read no longer needs the main thread soon: its second
   * request (the contacts' details) has gone out, or the read has ended.
   */
  pastFirstAnswer: Promise<void>
}

/**
 * Start a card tab's first read the moment the frame answers (null outside a
 * card's tab). main.ts calls it before Vue, the UI kit and the view have
 * loaded, so the read and their download overlap; the store adopts the read
 * (useLinksStore().load) and shows what it returns.
 */
export function startFirstRead(port: B24Port): FirstRead | null {
  const owner = tabOwner(port.context)
  if (owner === null) return null
  let asked: () => void = () => {}
  const detailsAsked = new Promise<void>((resolve) => { asked = resolve })
  const opened = openOwner(port, owner, () => asked())
  // Its failure is shown by the store once it adopts the read, not reported here as unhandled.
  opened.catch(() => {})
  // The SDK sends the request a few promise steps after it is asked for: one task later, it has gone.
  const sent = detailsAsked.then(nextTask)
  const pastFirstAnswer = Promise.race([sent, opened.then(() => {}, () => {})])
  return { owner, opened, pastFirstAnswer }
}

/** Resolves in the event loop's next task: every promise step queued before it has run by then. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve))
}

/** How long the UI waits at most for the first read to pass its first answer before it mounts anyway (a slow portal). */
export const MOUNT_WAIT_MAX_MS = 1_000

/**
 * What boot awaits before it mounts the app. Mounting and the view's first
 * render keep the main thread busy for a while (a long task on a slow
 * machine): done while the first read's answer is arriving, they would hold
 * back its second request; done while that request is under way, they cost
 * nothing. Never rejects; outside a card's tab, resolves at once.
 */
export async function readyToMount(firstRead: Promise<FirstRead | null> | undefined, maxMs = MOUNT_WAIT_MAX_MS): Promise<void> {
  const read = await firstRead?.catch(() => null)
  if (!read) return
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([read.pastFirstAnswer, new Promise<void>((resolve) => { timer = setTimeout(resolve, maxMs) })])
  clearTimeout(timer)
}
