import { describe, expect, it } from 'vitest'
import { idFromPlacement, readPlacementOptions, tabOwner } from '@/b24/placement'
import { CARD_PLACEMENTS, CARD_TYPES } from '@/domain/cards'

describe('idFromPlacement', () => {
  it.each([
    ['an object with a string ID (what portals send)', { ID: '32' }, 32],
    ['a JSON string', '{"ID":"32"}', 32],
    ['a JSON string with spaces around', '  {"ID": "7"} ', 7],
    ['lower-case key', { id: '15' }, 15],
    ['mixed-case key in a JSON string', '{"Id":"15"}', 15],
    ['a numeric ID', { ID: 9 }, 9],
    ['an ID with spaces', { ID: ' 12 ' }, 12],
  ])('reads %s', (_label, raw, expected) => {
    expect(idFromPlacement(raw)).toBe(expected)
  })

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['an empty string', ''],
    ['an empty object', {}],
    ['an empty array (PHP sends [] for an empty object)', []],
    ['invalid JSON', '{"ID":'],
    ['a non-numeric ID', { ID: 'abc' }],
    ['a negative ID', { ID: '-3' }],
    ['zero', { ID: '0' }],
    ['a fractional ID', { ID: '1.5' }],
    ['an ID with a suffix', { ID: '12abc' }],
    ['a huge ID', { ID: '99999999999999999999' }],
    ['an object ID', { ID: { value: 1 } }],
    ['a JSON number', '42'],
  ])('rejects %s', (_label, raw) => {
    expect(idFromPlacement(raw)).toBeNull()
  })
})

describe('readPlacementOptions', () => {
  it('upper-cases keys and keeps values', () => {
    expect(readPlacementOptions('{"id":"3","entity_type":"company"}')).toEqual({ ID: '3', ENTITY_TYPE: 'company' })
  })
})

describe('tabOwner', () => {
  const tab = { placement: 'CRM_COMPANY_DETAIL_TAB', placementOptions: '{"ID":"42"}', isInstall: false }
  it('is the company of the company tab', () => {
    expect(tabOwner(tab)).toEqual({ card: 'company', id: 42 })
  })
  it.each(CARD_TYPES)('is the %s of its card\'s tab, whatever the placement\'s case', (card) => {
    expect(tabOwner({ ...tab, placement: CARD_PLACEMENTS[card] })).toEqual({ card, id: 42 })
    expect(tabOwner({ ...tab, placement: CARD_PLACEMENTS[card].toLowerCase() })).toEqual({ card, id: 42 })
  })
  it('is null for another placement, the install step, a bad id or no context', () => {
    expect(tabOwner({ ...tab, placement: 'DEFAULT' })).toBeNull()
    expect(tabOwner({ ...tab, placement: 'CRM_INVOICE_DETAIL_TAB' })).toBeNull()
    expect(tabOwner({ ...tab, isInstall: true })).toBeNull()
    expect(tabOwner({ ...tab, placementOptions: { ID: 'x' } })).toBeNull()
    expect(tabOwner(null)).toBeNull()
  })
})
