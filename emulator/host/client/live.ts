/**
 * What the host page hears of the portal while it is open: the model's log
 * (REST calls and frame messages), polled once a second while anything
 * watches it, and the state changes the page itself caused (an install
 * finished), so the status bar and the control panel show them.
 */
import type { LogEntry } from '../../portal/api.ts'
import { api } from './api.ts'

interface Watcher { since: number, onEntries(entries: LogEntry[]): void }

const watchers = new Set<Watcher>()
let timer: number | undefined
let polling = false
let again = false

async function poll(): Promise<void> {
  if (watchers.size === 0) return
  const since = Math.min(...[...watchers].map(w => w.since))
  let entries: LogEntry[]
  try {
    entries = await api('log', { query: { since } })
  } catch {
    return
  }
  let behind = false
  for (const w of watchers) {
    // A watcher that came while this poll was under way wants older entries: the next poll brings them.
    if (w.since < since) { behind = true; continue }
    const fresh = entries.filter(e => e.seq > w.since)
    if (fresh.length === 0) continue
    w.since = fresh[fresh.length - 1]!.seq
    w.onEntries(fresh)
  }
  if (behind) pokeLog()
}

/** Poll now (one poll at a time): something just happened that the log has. */
export function pokeLog(): void {
  if (polling) {
    again = true
    return
  }
  polling = true
  void poll().finally(() => {
    polling = false
    if (again) {
      again = false
      pokeLog()
    }
  })
}

/**
 * Call `onEntries` with the log's entries after `since`, now and whenever
 * more come, until the returned function is called.
 */
export function watchLog(onEntries: (entries: LogEntry[]) => void, since = 0): () => void {
  const w: Watcher = { since, onEntries }
  watchers.add(w)
  timer ??= window.setInterval(pokeLog, 1000)
  pokeLog()
  return () => {
    watchers.delete(w)
    if (watchers.size === 0 && timer !== undefined) {
      clearInterval(timer)
      timer = undefined
    }
  }
}

const stateListeners = new Set<() => void>()

/** Run `listener` after each portal state change the page caused (see stateChanged). */
export function onStateChange(listener: () => void): void {
  stateListeners.add(listener)
}

/** The page changed the portal's state (e.g. the app finished installing): whoever shows it reads it again. */
export function stateChanged(): void {
  for (const l of stateListeners) l()
}
