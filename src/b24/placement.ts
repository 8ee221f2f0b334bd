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

/** The placement of the app's tab in the CRM company card. */
export const COMPANY_TAB = 'CRM_COMPANY_DETAIL_TAB'

/** The company id from the tab's placement options, or null when missing or not a positive integer. */
export function companyIdFromPlacement(raw: unknown): number | null {
  const id = readPlacementOptions(raw).ID
  const text = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : ''
  if (!/^\d{1,15}$/.test(text)) return null
  const n = Number(text)
  return Number.isSafeInteger(n) && n > 0 ? n : null
}

/** The company the app's tab shows in this context, or null: another placement, the install step, or no usable id. */
export function tabCompanyId(context: Pick<PortalContext, 'placement' | 'placementOptions' | 'isInstall'> | null | undefined): number | null {
  if (!context || context.placement !== COMPANY_TAB || context.isInstall) return null
  return companyIdFromPlacement(context.placementOptions)
}
