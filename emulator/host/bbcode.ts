/**
 * The BB-code of a timeline comment (docs/bitrix24.md, Timeline), read into
 * a tree the History tab draws with DOM nodes: `[B]`, `[I]`, `[U]`, `[S]`
 * and `[LIST]` with `[*]` items, what the app writes (src/domain/trail.ts)
 * and a little more. Everything else, other tags, stray or misnested ones
 * included, stays text: the comment is user input and is never read as HTML.
 */

export type BbStyle = 'b' | 'i' | 'u' | 's'

export type BbNode =
  | { type: 'text', text: string }
  | { type: BbStyle, children: BbNode[] }
  | { type: 'list', items: BbNode[][] }

interface Open {
  /** root: the whole comment; item: one [*] of the list below it */
  kind: 'root' | BbStyle | 'list' | 'item'
  /** the tag as written, put back as text if it is never closed */
  tag: string
  children: BbNode[]
  items: BbNode[][]
  /** a list just ended here: its line break is the list's, not text */
  afterList?: boolean
}

const TAG = /\[(\/?)(b|i|u|s|list|\*)\]/gi

function addText(to: Open, text: string): void {
  if (to.afterList) {
    to.afterList = false
    text = text.replace(/^\r?\n/, '')
  }
  if (text === '') return
  // Between [LIST] and its first [*] only white space is expected: drop it.
  if (to.kind === 'list') return
  const last = to.children[to.children.length - 1]
  if (last?.type === 'text') last.text += text
  else to.children.push({ type: 'text', text })
}

/** White space at both ends of a list item is the source's layout. */
function trimmed(nodes: BbNode[]): BbNode[] {
  const out = nodes.map(n => (n.type === 'text' ? { ...n } : n))
  const first = out[0]
  if (first?.type === 'text') first.text = first.text.trimStart()
  const last = out[out.length - 1]
  if (last?.type === 'text') last.text = last.text.trimEnd()
  return out.filter(n => n.type !== 'text' || n.text !== '')
}

function append(into: Open, nodes: BbNode[]): void {
  for (const n of nodes) {
    if (n.type === 'text') addText(into, n.text)
    else into.children.push(n)
  }
}

/** An open tag that never closed: its tag and its content go back into the parent as they were. */
function unwind(open: Open, into: Open): void {
  addText(into, open.tag)
  if (open.kind !== 'list') {
    append(into, open.children)
    return
  }
  for (const item of open.items) {
    addText(into, '[*]')
    append(into, item)
  }
}

export function parseBbCode(source: string): BbNode[] {
  const root: Open = { kind: 'root', tag: '', children: [], items: [] }
  const stack: Open[] = [root]
  const top = (): Open => stack[stack.length - 1]!
  const closeItem = (): void => {
    const item = stack.pop()!
    top().items.push(trimmed(item.children))
  }
  let at = 0
  for (const m of source.matchAll(TAG)) {
    addText(top(), source.slice(at, m.index))
    at = m.index + m[0].length
    const closing = m[1] === '/'
    const name = m[2]!.toLowerCase()
    const current = top()
    if (name === '*') {
      if (closing || (current.kind !== 'list' && current.kind !== 'item')) { addText(current, m[0]); continue }
      if (current.kind === 'item') closeItem()
      stack.push({ kind: 'item', tag: m[0], children: [], items: [] })
    } else if (name === 'list') {
      if (!closing) {
        const last = current.children[current.children.length - 1]
        if (last?.type === 'text') last.text = last.text.replace(/\r?\n$/, '')
        stack.push({ kind: 'list', tag: m[0], children: [], items: [] })
        continue
      }
      if (current.kind === 'item') closeItem()
      if (top().kind !== 'list') { addText(top(), m[0]); continue }
      const list = stack.pop()!
      top().children.push({ type: 'list', items: list.items })
      top().afterList = true
    } else if (!closing) {
      stack.push({ kind: name as BbStyle, tag: m[0], children: [], items: [] })
    } else if (current.kind === name) {
      stack.pop()
      top().children.push({ type: name as BbStyle, children: current.children })
    } else {
      addText(current, m[0])
    }
  }
  addText(top(), source.slice(at))
  while (stack.length > 1) {
    const open = stack.pop()!
    if (open.kind === 'item') {
      top().items.push(trimmed(open.children))
      continue
    }
    unwind(open, top())
  }
  return root.children
}
