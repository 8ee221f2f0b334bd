/**
 * The card's History tab: the record's timeline comments, newest first,
 * with author and time, their BB-code drawn as DOM (bbcode.ts) and every
 * word of them as text. Read when the tab opens and again whenever the log
 * shows a timeline call, while it is open.
 */
import type { LogEntry, PortalUser, TimelineCommentInfo } from '../../portal/api.ts'
import { parseBbCode, type BbNode, type BbStyle } from '../bbcode.ts'
import { api } from './api.ts'
import { watchLog } from './live.ts'
import { byId, cfg, h } from './page.ts'

const STYLE_TAGS: Record<BbStyle, 'strong' | 'em' | 'u' | 's'> = { b: 'strong', i: 'em', u: 'u', s: 's' }

function draw(nodes: BbNode[]): Node[] {
  return nodes.map((n): Node => {
    if (n.type === 'text') return document.createTextNode(n.text)
    if (n.type === 'list') return h('ul', {}, ...n.items.map(item => h('li', {}, ...draw(item))))
    return h(STYLE_TAGS[n.type], {}, ...draw(n.children))
  })
}

function authorName(users: PortalUser[], id: number): string {
  const u = users.find(x => x.id === id)
  return u ? `${u.name} ${u.lastName}` : `User #${id}`
}

function when(created: string): string {
  const at = new Date(created)
  return Number.isNaN(at.getTime()) ? created : at.toLocaleString(undefined, { hour12: false })
}

function item(c: TimelineCommentInfo, users: PortalUser[]): HTMLLIElement {
  return h('li', { class: 'b24-history-item', 'data-comment-id': c.id },
    h('div', { class: 'b24-history-meta' },
      h('strong', { class: 'b24-history-author' }, authorName(users, c.authorId)), ' · ',
      h('time', { datetime: c.created }, when(c.created)), ' · ',
      h('span', { class: 'b24-muted' }, `Comment #${c.id}`)),
    h('div', { class: 'b24-history-text' }, ...draw(parseBbCode(c.comment))))
}

let reading = 0

async function refresh(): Promise<void> {
  const list = byId('history-list')
  const empty = byId('history-empty')
  if (!list || cfg.cardType === undefined || cfg.cardId === undefined) return
  const ticket = ++reading
  let comments: TimelineCommentInfo[]
  let users: PortalUser[]
  try {
    [comments, users] = await Promise.all([
      api('comments', { query: { entityType: cfg.cardType, entityId: cfg.cardId } }),
      api('users'),
    ])
  } catch {
    return
  }
  if (ticket !== reading) return // a newer read is under way
  const newest = [...comments].sort((a, b) => b.id - a.id)
  list.replaceChildren(...newest.map(c => item(c, users)))
  list.dataset.count = String(newest.length)
  if (empty) empty.hidden = newest.length > 0
}

const touchesTimeline = (e: LogEntry): boolean =>
  [e.name, ...(e.sub ?? [])].some(name => name.toLowerCase().startsWith('crm.timeline.comment.'))

let unwatch: (() => void) | undefined

/** The History tab was shown (read it, then follow the log) or hidden (stop). */
export function showHistory(shown: boolean): void {
  if (!shown) {
    unwatch?.()
    unwatch = undefined
    return
  }
  void refresh()
  unwatch ??= watchLog(entries => { if (entries.some(touchesTimeline)) void refresh() })
}
