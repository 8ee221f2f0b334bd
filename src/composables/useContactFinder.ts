import { computed, onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import type { Link, ItemRow } from '@/domain/types'
import type { ContactSort } from '@/stores/preferences'
import { matches, parseQuery, searchKey, type SearchKey } from '@/domain/contact-search'

/** How long one slice of building search keys may take when the browser has no idle callbacks, ms. */
const KEY_SLICE_MS = 8

function whenIdle(fn: (deadline?: IdleDeadline) => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(fn, { timeout: 1_000 })
  else setTimeout(fn, 16)
}

/**
 * Search, order and selection over the tab's rows, all on the client: a
 * search key per contact is built once (and again only when its details
 * change), so filtering 5,000 rows is a loop of string `includes`.
 */
export function useContactFinder(rows: Readonly<Ref<ItemRow[]>>, options: { sortBy: Readonly<Ref<ContactSort>>, locale: Readonly<Ref<string>>, fallbackName: (id: number) => string }) {
  const query = ref('')
  const keys = new WeakMap<object, SearchKey>()
  const hiddenKeys = new Map<number, SearchKey>()
  function keyOf(row: ItemRow): SearchKey {
    if (!row.details) {
      let k = hiddenKeys.get(row.id)
      if (!k) hiddenKeys.set(row.id, k = searchKey(null, options.fallbackName(row.id)))
      return k
    }
    let k = keys.get(row.details)
    if (!k) keys.set(row.details, k = searchKey(row.details, options.fallbackName(row.id)))
    return k
  }

  // The keys are built while the browser is idle, a few milliseconds at a
  // time, so that the first search at 5,000 contacts is as quick as the next
  // (building them all at the first keystroke took ~100 ms there).
  let warming = 0
  watch(rows, (now) => {
    const run = ++warming
    let next = 0
    const step = (deadline?: IdleDeadline) => {
      if (run !== warming) return
      const until = performance.now() + KEY_SLICE_MS
      while (next < now.length && (deadline ? deadline.timeRemaining() > 1 : performance.now() < until)) keyOf(now[next++]!)
      if (next < now.length) whenIdle(step)
    }
    whenIdle(step)
  }, { immediate: true })
  onScopeDispose(() => { warming++ })

  const sorted = computed(() => {
    const by = options.sortBy.value
    if (by === 'sort') return rows.value
    const collator = new Intl.Collator(options.locale.value, { sensitivity: 'base', numeric: true })
    const nameOf = (r: ItemRow) => {
      const d = r.details
      if (!d) return options.fallbackName(r.id)
      return by === 'last_name' ? [d.lastName, d.name, d.secondName].join(' ').trim() : [d.name, d.secondName, d.lastName].join(' ').trim()
    }
    // Contacts without a name (or that the user may not read) go last, in the portal's order.
    return rows.value
      .map((r, i) => ({ r, i, name: nameOf(r) }))
      .sort((a, b) => (a.r.details ? 0 : 1) - (b.r.details ? 0 : 1) || collator.compare(a.name, b.name) || a.i - b.i)
      .map((x) => x.r)
  })

  const parsed = computed(() => parseQuery(query.value))
  const searching = computed(() => parsed.value.words.length > 0)
  /** The rows to show: matching the search, in the chosen order. */
  const shown = computed(() => (searching.value ? sorted.value.filter((r) => matches(keyOf(r), parsed.value)) : sorted.value))

  const selected = shallowRef<ReadonlySet<number>>(new Set())
  /** where a Shift-click range starts: the last row clicked without Shift */
  let anchor: number | null = null

  /** `ids` added to the selection (`on`) or taken out of it. */
  function setSelected(ids: Iterable<number>, on: boolean) {
    const next = new Set(selected.value)
    for (const id of ids) {
      if (on) next.add(id)
      else next.delete(id)
    }
    selected.value = next
  }

  // A contact that is no longer linked drops out of the selection.
  watch(rows, (now) => {
    if (selected.value.size === 0) return
    const linked = new Set(now.map((r) => r.id))
    const kept = [...selected.value].filter((id) => linked.has(id))
    if (kept.length !== selected.value.size) selected.value = new Set(kept)
  })

  /** Toggle one row; with `range`, set every shown row from the anchor to it the way this one goes. */
  function toggle(id: number, range = false) {
    const on = !selected.value.has(id)
    const list = shown.value
    const to = list.findIndex((r) => r.id === id)
    const from = range && anchor !== null ? list.findIndex((r) => r.id === anchor) : -1
    if (from >= 0 && to >= 0) {
      const [a, b] = from < to ? [from, to] : [to, from]
      setSelected(list.slice(a, b + 1).map((r) => r.id), on)
    } else setSelected([id], on)
    anchor = id
  }

  /** Every row that matches the search, not only those drawn. */
  const allShownSelected = computed(() => shown.value.length > 0 && shown.value.every((r) => selected.value.has(r.id)))
  const someShownSelected = computed(() => !allShownSelected.value && shown.value.some((r) => selected.value.has(r.id)))

  function selectAllShown(on: boolean) {
    setSelected(shown.value.map((r) => r.id), on)
  }

  function clearSelection() {
    selected.value = new Set()
    anchor = null
  }

  /** The selected links, in the list's order. */
  const selectedLinks = computed<Link[]>(() => rows.value
    .filter((r) => selected.value.has(r.id))
    .map((r) => ({ itemId: r.id, sort: r.sort, isPrimary: r.isPrimary })))
  const selectedRows = computed(() => sorted.value.filter((r) => selected.value.has(r.id)))

  return {
    query, searching, shown, selected, selectedLinks, selectedRows, allShownSelected, someShownSelected,
    toggle, selectAllShown, clearSelection,
  }
}
