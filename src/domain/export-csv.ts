import type { ItemDetails } from './types'
import { contactFullName } from './contact-name'

/**
 * Cells a spreadsheet would read as a formula: starting with = + - @, a tab or
 * a line break (OWASP's list for CSV injection). Each gets a leading
 * apostrophe, phone numbers too: Excel reads "+1-555-0100" as the sum
 * 1 − 555 − 100, and "'+1-555-0100" as text (README, "CSV").
 */
const FORMULA_START = /^[=+\-@\t\r\n]/

export type CsvSeparator = ',' | ';'

/**
 * The field separator a spreadsheet expects from a user of `locale` (a BCP 47
 * tag): ';' where the language writes 1.5 as "1,5" (Excel in German, Russian,
 * French… reads a comma as the decimal mark, so it splits fields at ';'),
 * ',' elsewhere.
 */
export function csvSeparator(locale: string): CsvSeparator {
  const decimal = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')
  return decimal?.value === ',' ? ';' : ','
}

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
 * programs open Cyrillic and other scripts correctly, fields separated by
 * `separator` (csvSeparator). Quoting is Papa Parse's; cells that start like
 * a formula get a leading apostrophe, so a contact named `=HYPERLINK(…)`
 * stays text in a spreadsheet.
 */
export async function contactsCsv(rows: readonly CsvContact[], h: CsvHeadings, separator: CsvSeparator = ','): Promise<string> {
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
    { quotes: false, delimiter: separator, escapeFormulae: FORMULA_START, newline: '\r\n' },
  )
  return `\uFEFF${csv}\r\n`
}
