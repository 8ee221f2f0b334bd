import { cardOfPlacement, type CardType } from '@/domain/cards'
import type { Owner } from '@/domain/types'
import type { PortalContext } from './port'

/**
 * Tolerant reading of PLACEMENT_OPTIONS (docs/bitrix24.md, Opening a placement): it may arrive as an object
 * or as a JSON string, key case is not guaranteed, and the ID is a string.
 */
export function readPlacementOptions(raw: unknown): Record<string, unknown> {
  let value = raw
  if (typeof value === 'string') {
    const text = value.trim()
    if (!text) return {}
    try {
      value = JSON.parse(text)
    } catch {
      return {}
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {}
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) out[key.toUpperCase()] = v
  return out
}

/** The record id from a tab's placement options, or null when missing or not a positive integer. */
export function idFromPlacement(raw: unknown): number | null {
  const id = readPlacementOptions(raw).ID
  const text = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : ''
  if (!/^\d{1,15}$/.test(text)) return null
  const n = Number(text)
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

/** The card the app's tab is in (its placement), or null: the app's own page, the install step, another placement. */
export function tabCard(context: Pick<PortalContext, 'placement' | 'isInstall'> | null | undefined): CardType | null {
  if (!context || context.isInstall) return null
  return cardOfPlacement(context.placement)
}

/** The card the app's tab shows, or null: not in a card's tab, or no usable id. */
export function tabOwner(context: Pick<PortalContext, 'placement' | 'placementOptions' | 'isInstall'> | null | undefined): Owner | null {
  const card = tabCard(context)
  const id = card ? idFromPlacement(context!.placementOptions) : null
  return card && id !== null ? { card, id } : null
}
