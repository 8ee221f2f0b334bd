import { B24Error } from './errors'
import type { B24Port, BatchCommand } from './port'

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

export interface PortalUser {
  id: number
  name: string
}

/** What one opening of the tab needs from the portal, read in one HTTP request. */
export interface CompanySnapshot {
  company: Company | null
  links: CompanyContactLink[]
  /** May this user edit the company (and so unlink its contacts)? null: could not tell. */
  canEdit: boolean | null
  /** who is looking (named in the timeline trail of a clear) */
  user: PortalUser | null
}

/** A write followed by a re-read in the same HTTP request. */
export interface WriteAndReread {
  /** null when the write succeeded */
  writeError: B24Error | null
  /** the links after the write; null when the re-read failed */
  after: CompanyContactLink[] | null
}

/** crm.contact.list pages hold 50 rows; one batch holds 50 commands (notes §2, §4). */
export const CONTACTS_PER_CALL = 50
export const COMMANDS_PER_BATCH = 50

const CONTACT_SELECT = ['ID', 'NAME', 'LAST_NAME', 'SECOND_NAME', 'POST', 'PHOTO', 'PHONE', 'EMAIL']

/**
 * The company, its links and the user's edit right in ONE request: a batch
 * whose permission probe refers to the first linked contact with
 * `$result[links][0][CONTACT_ID]` (notes §2).
 *
 * why: there is no REST method for "may I edit?", and items.delete checks only
 * read permission (notes §3, code). crm.company.contact.add with an
 * already-linked contact checks edit permission first and then answers false
 * without writing; ACCESS_DENIED when not allowed.
 */
export async function readCompany(port: B24Port, companyId: number): Promise<CompanySnapshot> {
  const out = await port.batch<unknown>({
    company: { method: 'crm.company.get', params: { id: companyId } },
    links: { method: 'crm.company.contact.items.get', params: { id: companyId } },
    probe: { method: 'crm.company.contact.add', params: { id: companyId, fields: { CONTACT_ID: '$result[links][0][CONTACT_ID]' } } },
    // profile needs no scope beyond basic (notes §8), unlike user.current.
    user: { method: 'profile', params: {} },
  })
  if (!out.links?.ok) throw out.links?.error ?? new B24Error('ERROR_UNEXPECTED_ANSWER')
  const links = parseLinks(out.links.result)
  const company = out.company?.ok ? parseCompany(out.company.result, companyId) : null
  let canEdit: boolean | null = null
  if (out.probe?.ok) {
    canEdit = true
    // why: true means the probe contact was NOT linked any more when the probe
    // ran (a race), so the probe linked it: take that back at once.
    if (out.probe.result === true && links.length > 0) await unlinkContact(port, companyId, links[0]!.contactId)
  } else if (out.probe && links.length > 0) {
    canEdit = isAccessDenied(out.probe.error) ? false : null
  }
  const user = out.user?.ok ? parseUser(out.user.result) : null
  return { company, links, canEdit, user }
}

/** Only the links: what is re-read after every change. */
export async function getCompanyLinks(port: B24Port, companyId: number): Promise<CompanyContactLink[]> {
  return parseLinks(await port.call<unknown>('crm.company.contact.items.get', { id: companyId }))
}

/**
 * Unlink every contact of the company (the product's one destructive call) and
 * re-read the links in the same request. A lost answer (network error) is
 * reported as a write error with `after: null`: the caller must re-read.
 */
export async function clearCompanyContacts(port: B24Port, companyId: number): Promise<WriteAndReread> {
  return writeThenReread(port, companyId, { method: 'crm.company.contact.items.delete', params: { id: companyId } })
}

/**
 * Put links back with crm.company.contact.items.set, which REPLACES the whole
 * set (notes §3): every item carries its SORT, or it is renumbered. Re-reads
 * in the same request.
 */
export async function setCompanyContacts(port: B24Port, companyId: number, links: readonly CompanyContactLink[]): Promise<WriteAndReread> {
  const items = links.map((l) => ({ CONTACT_ID: l.contactId, SORT: l.sort, IS_PRIMARY: l.isPrimary ? 'Y' : 'N' }))
  return writeThenReread(port, companyId, { method: 'crm.company.contact.items.set', params: { id: companyId, items } })
}

async function writeThenReread(port: B24Port, companyId: number, write: BatchCommand): Promise<WriteAndReread> {
  let out
  try {
    out = await port.batch<unknown>({ write, after: { method: 'crm.company.contact.items.get', params: { id: companyId } } })
  } catch (error) {
    return { writeError: B24Error.from(error), after: null }
  }
  let writeError: B24Error | null = null
  if (!out.write?.ok) writeError = out.write?.error ?? new B24Error('ERROR_UNEXPECTED_ANSWER')
  else if (out.write.result !== true) writeError = new B24Error('ERROR_UNEXPECTED_ANSWER', 0, `${write.method} answered ${JSON.stringify(out.write.result)}`)
  return { writeError, after: out.after?.ok ? parseLinks(out.after.result) : null }
}

/** Add a comment to the company's timeline (BB-code allowed, notes §5); answers the comment id. */
export async function addCompanyComment(port: B24Port, companyId: number, comment: string): Promise<number> {
  const id = await port.call<unknown>('crm.timeline.comment.add', { fields: { ENTITY_TYPE: 'company', ENTITY_ID: companyId, COMMENT: comment } })
  const n = toInt(id)
  if (n === null) throw new B24Error('ERROR_UNEXPECTED_ANSWER', 0, `crm.timeline.comment.add answered ${JSON.stringify(id)}`)
  return n
}

function parseUser(raw: unknown): PortalUser | null {
  if (typeof raw !== 'object' || raw === null) return null
  const r = raw as Record<string, unknown>
  const id = toInt(r.ID)
  if (id === null) return null
  return { id, name: [text(r.NAME), text(r.LAST_NAME)].filter(Boolean).join(' ') }
}

async function unlinkContact(port: B24Port, companyId: number, contactId: number): Promise<void> {
  await port.call('crm.company.contact.delete', { id: companyId, fields: { CONTACT_ID: contactId } })
}

/**
 * Details of the given contacts: crm.contact.list with an `@ID` filter, 50 ids
 * a command, 50 commands a batch, so 2,500 contacts cost one HTTP request.
 * Contacts the user may not read are simply absent (notes §4).
 */
export async function getContactDetails(port: B24Port, ids: readonly number[]): Promise<Map<number, ContactDetails>> {
  const commands: Array<[string, BatchCommand]> = []
  for (let i = 0; i < ids.length; i += CONTACTS_PER_CALL) {
    const chunk = ids.slice(i, i + CONTACTS_PER_CALL)
    // start: -1 skips the count query the portal would otherwise run (notes §2).
    commands.push([`c${i / CONTACTS_PER_CALL}`, { method: 'crm.contact.list', params: { filter: { '@ID': chunk }, select: CONTACT_SELECT, start: -1 } }])
  }
  const batches: Array<Record<string, BatchCommand>> = []
  for (let i = 0; i < commands.length; i += COMMANDS_PER_BATCH) batches.push(Object.fromEntries(commands.slice(i, i + COMMANDS_PER_BATCH)))
  const answers = await Promise.all(batches.map((b) => port.batch<unknown>(b)))
  const details = new Map<number, ContactDetails>()
  for (const answer of answers) {
    for (const outcome of Object.values(answer)) {
      if (!outcome.ok) throw outcome.error
      if (!Array.isArray(outcome.result)) continue
      for (const row of outcome.result) {
        const contact = parseContact(row)
        if (contact) details.set(contact.id, contact)
      }
    }
  }
  return details
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

export function parseCompany(raw: unknown, fallbackId: number): Company | null {
  if (typeof raw !== 'object' || raw === null) return null
  const r = raw as Record<string, unknown>
  return { id: toInt(r.ID) ?? fallbackId, title: text(r.TITLE) }
}

export function parseContact(raw: unknown): ContactDetails | null {
  if (typeof raw !== 'object' || raw === null) return null
  const r = raw as Record<string, unknown>
  const id = toInt(r.ID)
  if (id === null) return null
  return {
    id,
    name: text(r.NAME),
    lastName: text(r.LAST_NAME),
    secondName: text(r.SECOND_NAME),
    post: text(r.POST),
    photoUrl: photoUrl(r.PHOTO),
    phones: multiValues(r.PHONE),
    emails: multiValues(r.EMAIL),
  }
}

function isAccessDenied(error: B24Error): boolean {
  return error.code === 'ACCESS_DENIED' || error.status === 403
}

/** PHONE/EMAIL are arrays of {ID, VALUE_TYPE, VALUE, TYPE_ID} (notes §4). */
function multiValues(raw: unknown): string[] {
  if (!Array.isArray(raw)) return []
  return raw.map((v) => (typeof v === 'object' && v !== null ? text((v as Record<string, unknown>).VALUE) : '')).filter(Boolean)
}

/** PHOTO is a file id or an object with showUrl/downloadUrl, depending on the portal version. */
function photoUrl(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null
  const r = raw as Record<string, unknown>
  const url = text(r.showUrl) || text(r.downloadUrl)
  // A relative path would resolve against the app's origin, not the portal's: show initials instead.
  return /^https?:\/\//i.test(url) ? url : null
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''
}

function toInt(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() ? Number(value) : NaN
  return Number.isSafeInteger(n) ? n : null
}
