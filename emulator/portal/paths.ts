/**
 * CRM card paths, on their own so the host page's script can build links
 * without bundling the model.
 */
import type { CrmEntityType } from './api-crm.ts'

/**
 * A card's path on the portal. Leads, deals, contacts and companies:
 * `/crm/<type>/details/<id>/` (the docs' openPath examples). Quotes open as
 * CRM type 7 (`/crm/type/7/…`, as crm.entity.mergeBatch and BX24.openPath
 * write the paths of typed items).
 */
export function cardPath(type: CrmEntityType, id: number): string {
  return type === 'quote' ? `/crm/type/7/details/${id}/` : `/crm/${type}/details/${id}/`
}

/** The record a card path is about: `/crm/deal/details/5/`, `/crm/type/7/details/5/`; undefined for any other path. */
export function parseCardPath(path: string): { type: CrmEntityType, id: number } | undefined {
  const typed = /^\/crm\/type\/7\/details\/(\d+)\/?$/.exec(path)
  if (typed) return { type: 'quote', id: Number(typed[1]) }
  const m = /^\/crm\/(company|contact|deal|lead|quote)\/details\/(\d+)\/?$/.exec(path)
  return m ? { type: m[1] as CrmEntityType, id: Number(m[2]) } : undefined
}
