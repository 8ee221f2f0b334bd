import { openCompany, type OpenedCompany } from './b24/crm'
import { tabCompanyId } from './b24/placement'
import type { B24Port } from './b24/port'

/** The company tab's first read: which company, and its read under way. */
export interface FirstRead {
  companyId: number
  opened: Promise<OpenedCompany>
  /**
   * Settles once the read no longer needs the main thread soon: its second
   * request (the contacts' details) has gone out, or the read has ended.
   */
  pastFirstAnswer: Promise<void>
}

/**
 * Start the company tab's first read the moment the frame answers (null
 * outside a company tab). main.ts calls it before Vue, the UI kit and the
 * view have loaded, so the read and their download overlap; the store adopts
 * the read (useCompanyContactsStore().load) and shows what it returns.
 */
export function startFirstRead(port: B24Port): FirstRead | null {
  const companyId = tabCompanyId(port.context)
  if (companyId === null) return null
  let asked: () => void = () => {}
  const detailsAsked = new Promise<void>((resolve) => { asked = resolve })
  const opened = openCompany(port, companyId, () => asked())
  // Its failure is shown by the store once it adopts the read, not reported here as unhandled.
  opened.catch(() => {})
  // The SDK sends the request a few promise steps after it is asked for: one task later, it has gone.
  const sent = detailsAsked.then(nextTask)
  const pastFirstAnswer = Promise.race([sent, opened.then(() => {}, () => {})])
  return { companyId, opened, pastFirstAnswer }
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
 * nothing. Never rejects; outside a company tab, resolves at once.
 */
export async function readyToMount(firstRead: Promise<FirstRead | null> | undefined, maxMs = MOUNT_WAIT_MAX_MS): Promise<void> {
  const read = await firstRead?.catch(() => null)
  if (!read) return
  let timer: ReturnType<typeof setTimeout> | undefined
  await Promise.race([read.pastFirstAnswer, new Promise<void>((resolve) => { timer = setTimeout(resolve, maxMs) })])
  clearTimeout(timer)
}
