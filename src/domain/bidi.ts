/** U+2068 FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE */
const FSI = '\u2068'
const PDI = '\u2069'
/** LRE, RLE, LRO, RLO: closed by PDF (U+202C) */
const EMBEDDINGS = new Set(['\u202A', '\u202B', '\u202D', '\u202E'])
const PDF = '\u202C'
/** LRI, RLI, FSI: closed by PDI */
const ISOLATES = new Set(['\u2066', '\u2067', FSI])
/** paragraph separators end every embedding and isolate (UAX #9, class B) */
const PARAGRAPH_BREAK = /[\n\r\u001C-\u001E\u0085\u2029]/g

/**
 * `text` with the bidi controls that are not properly closed inside it
 * removed (an RLO without its PDF, a stray PDI), so none of them reaches
 * past the end of the text; matched pairs stay.
 */
export function balancedBidi(text: string): string {
  const chars = Array.from(text)
  const open: { index: number, isolate: boolean }[] = []
  const drop = new Set<number>()
  chars.forEach((c, index) => {
    if (EMBEDDINGS.has(c) || ISOLATES.has(c)) {
      open.push({ index, isolate: ISOLATES.has(c) })
    } else if (c === PDF) {
      // a PDF closes the innermost embedding, never across an isolate
      if (open.at(-1)?.isolate === false) open.pop()
      else drop.add(index)
    } else if (c === PDI) {
      // a PDI closes the innermost isolate; embeddings left open inside it go
      if (!open.some((o) => o.isolate)) {
        drop.add(index)
        return
      }
      for (let o = open.pop(); o && !o.isolate; o = open.pop()) drop.add(o.index)
    }
  })
  for (const o of open) drop.add(o.index)
  return drop.size === 0 ? text : chars.filter((_, i) => !drop.has(i)).join('')
}

/**
 * `text` as a bidi isolate for a translated sentence (`t('…', { company: isolate(title) })`):
 * wrapped in U+2068 … U+2069, unbalanced bidi controls and paragraph breaks inside removed.
 */
export function isolate(text: string): string {
  return `${FSI}${balancedBidi(text.replace(PARAGRAPH_BREAK, ' '))}${PDI}`
}
