import { describe, expect, it, vi } from 'vitest'
import { effectScope, ref, toRaw } from 'vue'
import type { ItemRow } from '@/domain/types'
import type { ContactSort } from '@/stores/preferences'
import { useContactFinder } from '@/composables/useContactFinder'
import * as search from '@/domain/contact-search'

// The real search keys, counted.
vi.mock('@/domain/contact-search', async (original) => {
  const real = await original<typeof import('@/domain/contact-search')>()
  return { ...real, searchKey: vi.fn(real.searchKey) }
})

const person = (id: number, name: string, lastName: string, post = ''): ItemRow => ({
  id, sort: id * 10, isPrimary: false, details: { id, name, lastName, secondName: '', post, photoUrl: null, phones: [], emails: [] },
})

function setup(rows: ItemRow[], sortBy: ContactSort = 'sort', locale = 'en') {
  const list = ref(rows)
  const sort = ref<ContactSort>(sortBy)
  const scope = effectScope()
  const finder = scope.run(() => useContactFinder(list, { sortBy: sort, locale: ref(locale), fallbackName: (id) => `Contact #${id}` }))!
  const ids = () => finder.shown.value.map((r) => r.id)
  return { list, sort, finder, ids }
}

const rows = [
  person(1, 'Zoë', 'Adams', 'Buyer'),
  person(2, 'ada', 'Young'),
  { id: 3, sort: 30, isPrimary: false, details: null } as ItemRow,
  person(4, 'Émile', 'Brun', 'Buyer'),
  person(5, 'Boris', 'Zeller'),
]

describe('useContactFinder', () => {
  it('keeps the portal\'s order, or sorts by name or last name (accents and case aside), unreadable contacts last', () => {
    const { sort, ids } = setup(rows)
    expect(ids()).toEqual([1, 2, 3, 4, 5])
    sort.value = 'name'
    expect(ids()).toEqual([2, 5, 4, 1, 3])
    sort.value = 'last_name'
    expect(ids()).toEqual([1, 4, 2, 5, 3])
  })

  it('filters by the search, in the chosen order; the fallback name of an unreadable contact matches too', () => {
    const { finder, sort, ids } = setup(rows, 'name')
    finder.query.value = 'BUYER'
    expect(ids()).toEqual([4, 1])
    expect(finder.searching.value).toBe(true)
    finder.query.value = 'contact #3'
    expect(ids()).toEqual([3])
    sort.value = 'sort'
    finder.query.value = ''
    expect(ids()).toEqual([1, 2, 3, 4, 5])
  })

  it('Select all takes every row matching the search and only those; clearing the search keeps the selection', () => {
    const { finder } = setup(rows)
    finder.query.value = 'buyer'
    finder.selectAllShown(true)
    expect([...finder.selected.value]).toEqual([1, 4])
    expect(finder.allShownSelected.value).toBe(true)
    finder.query.value = ''
    expect(finder.allShownSelected.value).toBe(false)
    expect(finder.someShownSelected.value).toBe(true)
    expect(finder.selectedLinks.value).toEqual([{ itemId: 1, sort: 10, isPrimary: false }, { itemId: 4, sort: 40, isPrimary: false }])
  })

  it('a Shift-click sets every shown row from the last click to this one, the way this one goes', () => {
    const { finder } = setup(rows)
    finder.toggle(2)
    finder.toggle(5, true)
    expect([...finder.selected.value].sort()).toEqual([2, 3, 4, 5])
    finder.toggle(4)
    finder.toggle(2, true)
    expect([...finder.selected.value].sort()).toEqual([5])
  })

  it('a contact that is no longer linked drops out of the selection', async () => {
    const { finder, list } = setup(rows)
    finder.selectAllShown(true)
    list.value = rows.filter((r) => r.id !== 4)
    await Promise.resolve()
    expect([...finder.selected.value]).toEqual([1, 2, 3, 5])
  })
})

describe('useContactFinder: search keys', () => {
  it('are built while the browser is idle, so that the first search builds none', async () => {
    vi.useFakeTimers()
    try {
      const built = vi.mocked(search.searchKey)
      built.mockClear()
      const many = Array.from({ length: 300 }, (_, i) => person(i + 1, `Name${i}`, `Last${i}`))
      const { finder } = setup(many)
      expect(built).not.toHaveBeenCalled()
      await vi.runAllTimersAsync()
      // (other tests' lists may be warming up too: count this list's contacts)
      const ours = () => built.mock.calls.filter(([details]) => many.some((r) => r.details === toRaw(details))).length
      expect(ours()).toBe(300)
      finder.query.value = 'name29'
      expect(finder.shown.value.map((r) => r.id)).toEqual([30, ...Array.from({ length: 10 }, (_, i) => 291 + i)])
      expect(ours()).toBe(300)
    } finally {
      vi.useRealTimers()
    }
  })
})
