import { describe, expect, it } from 'vitest'
import type { Owner } from '@/domain/types'
import { decodeUndoRecord, dropUndoRecord, encodeUndoRecord, UNDO_KEEP_MS, type UndoRecord } from '@/domain/undo-record'

const C7: Owner = { card: 'company', id: 7 }
const AT = Date.UTC(2026, 11, 3, 9, 0, 0)

function record(n: number): UndoRecord {
  const links = Array.from({ length: n }, (_, i) => ({ itemId: 100 + i, sort: (i + 1) * 10, isPrimary: i % 3 === 0 }))
  return { owner: C7, at: AT, ref: 'CC-ABCDEF0123', links, names: new Map(links.map((l) => [l.itemId, `Имя «${l.itemId}» "quoted"`])) }
}

const reader = (options: Record<string, string>) => (key: string) => options[key]

describe('the Undo record kept in the user options', () => {
  it('round-trips ids, SORT, main-company flags and names', () => {
    const r = record(3)
    const options = encodeUndoRecord(r)!
    expect(Object.keys(options)).toEqual(['cc_undo_7', 'cc_undo_7_0'])
    expect(decodeUndoRecord(reader(options), C7, AT + 1000)).toEqual({ kind: 'record', parts: 1, record: r })
  })

  it('splits a large record over several values, each under the limit, and reads it back', () => {
    const r = record(400)
    const options = encodeUndoRecord(r, { partChars: 1000, maxParts: 50 })!
    const parts = Object.keys(options).length - 1
    expect(parts).toBeGreaterThan(10)
    for (const [key, value] of Object.entries(options)) if (key !== 'cc_undo_7') expect(value.length).toBeLessThanOrEqual(1000)
    expect(decodeUndoRecord(reader(options), C7, AT)).toMatchObject({ kind: 'record', parts, record: { links: r.links } })
  })

  it('refuses a record too large to keep (the tab keeps its Undo and says so)', () => {
    expect(encodeUndoRecord(record(400), { partChars: 1000, maxParts: 5 })).toBeNull()
  })

  it('has none when nothing (or an emptied value) is kept', () => {
    expect(decodeUndoRecord(reader({}), C7, AT)).toEqual({ kind: 'none' })
    expect(decodeUndoRecord(reader(dropUndoRecord(C7, 2)), C7, AT)).toEqual({ kind: 'none' })
    expect(dropUndoRecord(C7, 2)).toEqual({ cc_undo_7: '', cc_undo_7_0: '', cc_undo_7_1: '' })
  })

  it('is stale (to be dropped) once older than the keeping time, or from the future', () => {
    const options = encodeUndoRecord(record(2))!
    expect(decodeUndoRecord(reader(options), C7, AT + UNDO_KEEP_MS)).toMatchObject({ kind: 'record' })
    expect(decodeUndoRecord(reader(options), C7, AT + UNDO_KEEP_MS + 1)).toEqual({ kind: 'stale', parts: 1 })
    expect(decodeUndoRecord(reader(options), C7, AT - 60_000)).toEqual({ kind: 'stale', parts: 1 })
  })

  it.each([
    ['broken JSON', { cc_undo_7: '{"v":1', cc_undo_7_0: '[]' }],
    ['another version', { cc_undo_7: JSON.stringify({ v: 2, at: AT, ref: 'x', parts: 1 }), cc_undo_7_0: '[[1,10,0,""]]' }],
    ['a missing part', { cc_undo_7: JSON.stringify({ v: 1, at: AT, ref: 'x', parts: 2 }), cc_undo_7_0: '[[1,10,0,""]]' }],
    ['a bad id', { cc_undo_7: JSON.stringify({ v: 1, at: AT, ref: 'x', parts: 1 }), cc_undo_7_0: '[[-1,10,0,""]]' }],
    ['a bad flag', { cc_undo_7: JSON.stringify({ v: 1, at: AT, ref: 'x', parts: 1 }), cc_undo_7_0: '[[1,10,"Y",""]]' }],
    ['an empty list', { cc_undo_7: JSON.stringify({ v: 1, at: AT, ref: 'x', parts: 1 }), cc_undo_7_0: '[]' }],
  ])('treats %s as stale, never as a record', (_, options) => {
    expect(decodeUndoRecord(reader(options), C7, AT).kind).toBe('stale')
  })
})
