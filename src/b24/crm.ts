import type { B24Port } from './port'

/** A link row of `crm.company.contact.items.get` (notes §3). */
export interface CompanyContactLink {
  contactId: number
  sort: number
  /** this company is the contact's main company */
  isPrimary: boolean
}

export interface Company {
  id: number
  title: string
}

export interface ContactDetails {
  id: number
  name: string
  lastName: string
  secondName: string
  post: string
  photoUrl: string | null
  phones: string[]
  emails: string[]
}

/** crm.contact.list pages hold 50 rows; one batch holds 50 commands (notes §2, §4). */
export const CONTACTS_PER_CALL = 50
export const COMMANDS_PER_BATCH = 50

export async function getCompany(port: B24Port, id: number): Promise<Company | null> {
  const raw = await port.call<Record<string, unknown> | null>('crm.company.get', { id })
  if (!raw) return null
  return { id: toInt(raw.ID) ?? id, title: String(raw.TITLE ?? '') }
}

/** Every link of a company, in SORT order. `[]` also for an unknown company (notes §3). */
export async function getCompanyLinks(port: B24Port, companyId: number): Promise<CompanyContactLink[]> {
  const rows = await port.call<unknown>('crm.company.contact.items.get', { id: companyId })
  return parseLinks(rows)
}

export function parseLinks(rows: unknown): CompanyContactLink[] {
  if (!Array.isArray(rows)) return []
  const links: CompanyContactLink[] = []
  for (const row of rows) {
    if (typeof row !== 'object' || row === null) continue
    const r = row as Record<string, unknown>
    const contactId = toInt(r.CONTACT_ID)
    if (contactId === null) continue
    links.push({ contactId, sort: toInt(r.SORT) ?? 0, isPrimary: r.IS_PRIMARY === 'Y' || r.IS_PRIMARY === true })
  }
  return links.sort((a, b) => a.sort - b.sort)
}

function toInt(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN
  return Number.isSafeInteger(n) ? n : null
}
