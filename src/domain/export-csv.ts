import type { ItemDetails } from './types'
import { contactFullName } from './contact-name'

/**
 * Cells a spreadsheet would read as a formula: starting with = + - @, a tab or
 * a line break (OWASP's list for CSV injection). Each gets a leading
 * apostrophe, phone numbers too: Excel reads "+1-555-0100" as the sum
 * 1 − 555 − 100, and "'+1-555-0100" as text (README, "CSV").
 */
const FORMULA_START = /^[=+\-@\t\r\n]/

export interface CsvContact {
  id: number
  sort: number
  isPrimary: boolean
  details: ItemDetails | null
}

export interface CsvHeadings {
  id: string
  name: string
  position: string
  phones: string
  emails: string
  mainCompany: string
  sort: string
  yes: string
  no: string
}

/**
 * The linked contacts as CSV: UTF-8 with a byte-order mark, so spreadsheet
 * programs open Cyrillic and other scripts correctly. Quoting is Papa Parse's;
 * cells that start like a formula get a leading apostrophe, so a contact
 * named `=HYPERLINK(…)` stays text in a spreadsheet.
 */
export async function contactsCsv(rows: readonly CsvContact[], h: CsvHeadings): Promise<string> {
  const { default: Papa } = await import('papaparse')
  const data = rows.map((r) => [
    String(r.id),
    contactFullName(r.details),
    r.details?.post ?? '',
    (r.details?.phones ?? []).join('; '),
    (r.details?.emails ?? []).join('; '),
    r.isPrimary ? h.yes : h.no,
    String(r.sort),
  ])
  const csv = Papa.unparse(
    { fields: [h.id, h.name, h.position, h.phones, h.emails, h.mainCompany, h.sort], data },
    { quotes: false, escapeFormulae: FORMULA_START, newline: '\r\n' },
  )
  return `\uFEFF${csv}\r\n`
}
