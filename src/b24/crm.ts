import type { Company, ItemDetails, Link, PortalUser } from '@/domain/types'
import { union } from '@/domain/link-diff'
import { AppErrorCode, B24Error } from './errors'
import { failureOf, resultOf, type B24Port, type BatchCommand, type BatchOutcome } from './port'

/** What one opening of the tab needs from the portal, read in one HTTP request. */
export interface CompanySnapshot {
  company: Company
  links: Link[]
  /** May this user edit the company (and so unlink its contacts)? null: could not tell. */
  canEdit: boolean | null
  /** who is looking (named in the timeline trail of a clear) */
  user: PortalUser | null
  /**
   * The permission probe linked this contact by accident (it had been unlinked
   * a moment before) and unlinking it again failed: the user is told.
   */
  probeLeftLinked: number | null
}

/** Clear all, as one request: the read the record is built from, the delete, the re-read. */
export interface ClearResult {
  /** the links right before the delete, in the same request; null when unknown (that read failed, or the answer was lost) */
  before: Link[] | null
  /** null when the delete succeeded */
  writeError: B24Error | null
  /** the links after the delete; null when unknown */
  after: Link[] | null
}

/** What linking contacts again (`crm.company.contact.add` each) did. */
export interface LinkAgainResult {
  /** contacts whose add failed or whose answer was lost, with the error */
  failed: Map<number, B24Error>
  /** the links after the last add (re-read in the same request); null when that read failed */
  after: Link[] | null
}

/** crm.contact.list pages hold 50 rows; one batch holds 50 commands (docs/bitrix24.md, Contact details and Batch). */
export const CONTACTS_PER_CALL = 50
export const COMMANDS_PER_BATCH = 50

const CONTACT_SELECT = ['ID', 'NAME', 'LAST_NAME', 'SECOND_NAME', 'POST', 'PHOTO', 'PHONE', 'EMAIL']
const LINKS_GET = 'crm.company.contact.items.get'

/**
 * The company, its links and the user's edit right in ONE request (the probe:
 * see probeEditRight).
 */
export async function readCompany(port: B24Port, companyId: number): Promise<CompanySnapshot> {
  const out = await port.batch<unknown>({
    company: { method: 'crm.company.get', params: { id: companyId } },
    links: { method: LINKS_GET, params: { id: companyId } },
    probe: probeCommand(companyId),
    // profile needs no scope beyond basic (docs/bitrix24.md, Placements and install), unlike user.current.
    user: { method: 'profile', params: {} },
  })
  const rawLinks = resultOf(out, 'links')
  const links = parseLinks(rawLinks)
  const company = readCompanyOutcome(out.company, companyId)
  const { canEdit, probeLeftLinked } = await probeEditRight(port, companyId, out.probe, rawLinks)
  const user = out.user?.ok ? parseUser(out.user.result) : null
  return { company, links, canEdit, user, probeLeftLinked }
}

/**
 * why: there is no REST method for "may I edit?", and items.delete checks only
 * read permission (docs/bitrix24.md, CRM links; code). crm.company.contact.add with an
 * already-linked contact checks edit permission first and then answers false
 * without writing; ACCESS_DENIED when not allowed. The contact is the first
 * row of the links read just before it in the same batch (`$result[links][0]`).
 */
function probeCommand(companyId: number): BatchCommand {
  return { method: 'crm.company.contact.add', params: { id: companyId, fields: { CONTACT_ID: '$result[links][0][CONTACT_ID]' } } }
}

/**
 * What the probe's answer says about the edit right. `true` means the probe
 * contact was NOT linked any more when the probe ran (a colleague unlinked it
 * between the two commands), so the probe linked it: that is taken back at
 * once. The contact is the one the server resolved `$result[links][0]` to: the
 * first row of the raw answer, not of the app's own sorting. If taking it back
 * fails, the tab still opens and says so.
 */
async function probeEditRight(
  port: B24Port, companyId: number, probe: BatchOutcome<unknown> | undefined, rawLinks: unknown,
): Promise<{ canEdit: boolean | null, probeLeftLinked: number | null }> {
  const probed = Array.isArray(rawLinks) && rawLinks.length > 0 ? toId((rawLinks[0] as Record<string, unknown> | null)?.CONTACT_ID) : null
  if (!probe || probed === null) return { canEdit: null, probeLeftLinked: null }
  if (!probe.ok) return { canEdit: isAccessDenied(probe.error) ? false : null, probeLeftLinked: null }
  if (probe.result !== true) return { canEdit: true, probeLeftLinked: null }
  try {
    await port.call('crm.company.contact.delete', { id: companyId, fields: { CONTACT_ID: probed } })
    return { canEdit: true, probeLeftLinked: null }
  } catch {
    return { canEdit: true, probeLeftLinked: probed }
  }
}

/** crm.company.get: a missing company says so (items.get answers [] for it, docs/bitrix24.md, CRM links); other failures leave the title unknown. */
function readCompanyOutcome(outcome: BatchOutcome<unknown> | undefined, companyId: number): Company {
  if (outcome?.ok) return parseCompany(outcome.result, companyId)
  // why: crm.company.get answers a missing company with HTTP 400, `error: ""`, "Not found".
  if (outcome && outcome.error.code === '' && /not found/i.test(outcome.error.description)) {
    throw new B24Error(AppErrorCode.COMPANY_NOT_FOUND, 404, outcome.error.description)
  }
  return { id: companyId, title: '' }
}

/** A company as the tab first shows it: the snapshot, then the linked contacts' details. */
export interface OpenedCompany extends CompanySnapshot {
  details: Map<number, ItemDetails>
}

/**
 * Open a company's tab: readCompany (one request), then the details of its
 * contacts (one more). main.ts starts this before the UI has loaded; the
 * store shows what it returns. `detailsAsked` is called once the details
 * read has been started (first-read.ts: the UI waits for it to mount).
 */
export async function openCompany(port: B24Port, companyId: number, detailsAsked?: () => void): Promise<OpenedCompany> {
  const snapshot = await readCompany(port, companyId)
  const reading = getContactDetails(port, snapshot.links.map((l) => l.itemId))
  detailsAsked?.()
  return { ...snapshot, details: await reading }
}

/** Only the links: what is re-read after every change. */
export async function getCompanyLinks(port: B24Port, companyId: number): Promise<Link[]> {
  return parseLinks(await port.call<unknown>(LINKS_GET, { id: companyId }))
}

/** The user option that holds, server-side, the read a clear was built from (see clearCompanyContacts). */
export function clearRecordKey(companyId: number): string {
  return `cc_clear_${companyId}`
}

/**
 * Unlink every contact of the company (the product's one destructive call) in
 * ONE request that halts at the first error (docs/bitrix24.md, Batch: a batch runs in order):
 *
 * 1. `before`: the links, the read the record of the clear is built from;
 * 2. `guard`: crm.company.contact.add of the first of them (already linked, so
 *    it writes nothing): it fails with ACCESS_DENIED for a user who may not
 *    edit the company, and when nothing is linked (`$result[before][0]` is
 *    missing), so the batch stops before the delete;
 * 3. `prev` and `save`: that read, kept in the user's options with `token`,
 *    so that a lost answer loses nothing. When the SDK sends the request
 *    again, its next run finds the list empty and stops at `guard`; if someone
 *    linked a contact in between, that run goes on, and its `save` keeps the
 *    earlier runs' reads (read by `prev`) next to its own: the SDK's three
 *    attempts all fit (recoverClearRecord reads them back);
 * 4. `write`: crm.company.contact.items.delete;
 * 5. `after`: the links again.
 *
 * A lost answer is reported as a write error with everything unknown.
 */
export async function clearCompanyContacts(port: B24Port, companyId: number, token: string): Promise<ClearResult> {
  let out
  try {
    out = await port.batch<unknown>({
      before: { method: LINKS_GET, params: { id: companyId } },
      guard: { method: 'crm.company.contact.add', params: { id: companyId, fields: { CONTACT_ID: '$result[before][0][CONTACT_ID]' } } },
      prev: { method: 'user.option.get', params: { option: clearRecordKey(companyId) } },
      save: {
        method: 'user.option.set',
        params: {
          options: {
            [clearRecordKey(companyId)]: {
              token,
              links: '$result[before]',
              // The two runs before this one, if they were this clear's (the token tells).
              earlier: ['$result[prev][token]', '$result[prev][links]', '$result[prev][earlier][0]', '$result[prev][earlier][1]'],
            },
          },
        },
      },
      write: { method: 'crm.company.contact.items.delete', params: { id: companyId } },
      after: { method: LINKS_GET, params: { id: companyId } },
    }, { halt: true })
  } catch (error) {
    return { before: null, writeError: B24Error.from(error), after: null }
  }
  const read = out.before?.ok ? parseLinks(out.before.result) : null
  // Nothing was linked: the guard stopped the batch, nothing was written.
  if (read && read.length === 0) return { before: read, writeError: null, after: read }
  // A run of this request that the SDK sent again: `prev` holds what the earlier runs read.
  const before = read && out.prev?.ok ? union(read, savedRuns(out.prev.result, token)) : read
  const failed = ['guard', 'prev', 'save', 'write'].map((key) => stepError(out[key], key)).find((e) => e !== null)
  return { before, writeError: failed ?? null, after: out.after?.ok ? parseLinks(out.after.result) : null }
}

/**
 * The read a clear saved before its delete (clearCompanyContacts, step 3),
 * when it carries `token`: null when there is none, it is another clear's,
 * or it cannot be read.
 */
export async function recoverClearRecord(port: B24Port, companyId: number, token: string): Promise<Link[] | null> {
  let saved: unknown
  try {
    saved = await port.call<unknown>('user.option.get', { option: clearRecordKey(companyId) })
  } catch {
    return null
  }
  const runs = savedRuns(saved, token)
  return runs.length > 0 ? runs : null
}

/** What the runs of the clear with `token` read, from what its `save` kept: the last run's and up to two before it. */
function savedRuns(saved: unknown, token: string): Link[] {
  if (typeof saved !== 'object' || saved === null) return []
  const r = saved as Record<string, unknown>
  const earlier = Array.isArray(r.earlier) ? r.earlier : []
  let links: Link[] = []
  for (const [t, raw] of [[r.token, r.links], [earlier[0], earlier[1]], [earlier[2], earlier[3]]]) {
    if (t !== token) continue
    try {
      links = union(links, parseLinks(raw))
    } catch {
      // one run's read that cannot be trusted is left out; the others still count
    }
  }
  return links
}

/** What unlinking chosen contacts (`crm.company.contact.delete` each) did. */
export interface UnlinkResult {
  /** the links read in the same request as the first deletes; null when unknown */
  before: Link[] | null
  /** contacts the portal said were not linked (delete answered false) */
  notLinked: Set<number>
  /** contacts whose delete failed or whose answer was lost, with the error */
  failed: Map<number, B24Error>
  /** the links after the last delete (same request); null when unknown */
  after: Link[] | null
}

/**
 * Unlink exactly these contacts: crm.company.contact.delete per contact, 50
 * commands a request, the first request reading the links before its deletes
 * (the record of what was unlinked takes SORT and main-company flags from it)
 * and the last one reading them after. It never touches another link, whatever
 * a colleague does meanwhile; a contact someone else unlinked already answers
 * false (docs/bitrix24.md, CRM links).
 */
export async function unlinkContacts(
  port: B24Port, companyId: number, contactIds: readonly number[], progress?: (done: number) => void,
): Promise<UnlinkResult> {
  const steps: BatchCommand[] = [
    { method: LINKS_GET, params: { id: companyId } },
    ...contactIds.map((id) => ({ method: 'crm.company.contact.delete', params: { id: companyId, fields: { CONTACT_ID: id } } })),
    { method: LINKS_GET, params: { id: companyId } },
  ]
  const result: UnlinkResult = { before: null, notLinked: new Set(), failed: new Map(), after: null }
  let done = 0
  for (let i = 0; i < steps.length; i += COMMANDS_PER_BATCH) {
    const chunk = steps.slice(i, i + COMMANDS_PER_BATCH)
    const commands = Object.fromEntries(chunk.map((c, k) => [`s${i + k}`, c]))
    // steps[n] deletes contactIds[n - 1]; the first and last steps are the reads
    const ids = chunk.map((_, k) => contactIds[i + k - 1]).filter((id): id is number => id !== undefined)
    try {
      const out = await port.batch<unknown>(commands)
      chunk.forEach((_, k) => {
        const n = i + k
        const outcome = out[`s${n}`]
        if (n === 0 || n === steps.length - 1) {
          const links = outcome?.ok ? parseLinks(outcome.result) : null
          if (n === 0) result.before = links
          else result.after = links
          return
        }
        const itemId = contactIds[n - 1]!
        if (!outcome?.ok) result.failed.set(itemId, failureOf(outcome, `s${n}`))
        else if (outcome.result === false) result.notLinked.add(itemId)
        else if (outcome.result !== true) result.failed.set(itemId, unexpected('crm.company.contact.delete', outcome.result))
      })
    } catch (error) {
      const e = B24Error.from(error)
      for (const id of ids) result.failed.set(id, e)
    }
    done += ids.length
    progress?.(done)
  }
  return result
}

function stepError(outcome: BatchOutcome<unknown> | undefined, key: string): B24Error | null {
  if (!outcome?.ok) return failureOf(outcome, key)
  // guard answers false (already linked; true if it had to link it again: deleted next anyway), save true, prev anything.
  if (key === 'prev') return null
  if (key === 'guard') return typeof outcome.result === 'boolean' ? null : unexpected(key, outcome.result)
  return outcome.result === true ? null : unexpected(key, outcome.result)
}

/**
 * Link contacts to the company again, each with its SORT and main-company
 * flag: crm.company.contact.add per contact, 50 a request. It never unlinks
 * anything: a contact someone linked meanwhile stays as it is (add answers
 * false for it, docs/bitrix24.md, CRM links). The last request also re-reads the links when it
 * has room for that, else one more request does. Requests go one after the
 * other, and `progress` hears how many contacts are done.
 */
export async function linkContactsAgain(
  port: B24Port, companyId: number, links: readonly Link[], progress?: (done: number) => void,
): Promise<LinkAgainResult> {
  const failed = new Map<number, B24Error>()
  let after: Link[] | null = null
  const chunks: Link[][] = []
  for (let i = 0; i < links.length; i += COMMANDS_PER_BATCH) chunks.push(links.slice(i, i + COMMANDS_PER_BATCH))
  // The re-read rides in the last request, or gets its own when that one is full.
  if (chunks.length === 0 || chunks.at(-1)!.length === COMMANDS_PER_BATCH) chunks.push([])
  let done = 0
  for (const [n, chunk] of chunks.entries()) {
    const commands: Record<string, BatchCommand> = {}
    chunk.forEach((l, k) => {
      commands[`a${k}`] = { method: 'crm.company.contact.add', params: { id: companyId, fields: { CONTACT_ID: l.itemId, SORT: l.sort, IS_PRIMARY: l.isPrimary ? 'Y' : 'N' } } }
    })
    const last = n === chunks.length - 1
    if (last) commands.after = { method: LINKS_GET, params: { id: companyId } }
    try {
      const out = await port.batch<unknown>(commands)
      chunk.forEach((l, k) => {
        const outcome = out[`a${k}`]
        // true: linked again; false: it was linked already (someone did, or it was never unlinked).
        if (!outcome?.ok) failed.set(l.itemId, failureOf(outcome, `a${k}`))
        else if (typeof outcome.result !== 'boolean') failed.set(l.itemId, unexpected('crm.company.contact.add', outcome.result))
      })
      if (last && out.after?.ok) after = parseLinks(out.after.result)
    } catch (error) {
      const e = B24Error.from(error)
      for (const l of chunk) failed.set(l.itemId, e)
    }
    done += chunk.length
    if (chunk.length) progress?.(done)
  }
  return { failed, after }
}

function unexpected(method: string, answer: unknown): B24Error {
  return new B24Error(AppErrorCode.BAD_ANSWER, 0, `${method} answered ${JSON.stringify(answer)}`)
}

/** A comment as crm.timeline.comment.list answers it. */
export interface TimelineComment {
  id: number
  comment: string
}

/**
 * Add a comment to the company's timeline (BB-code allowed, docs/bitrix24.md, Timeline) and, in
 * the same request, read the newest comments back. The SDK re-sends a request
 * whose answer was lost (docs/bitrix24.md, REST over HTTP), and a re-sent comment.add writes the
 * comment twice: the read-back shows every copy, so the caller can remove the
 * extra ones (see removeDuplicateComments).
 */
export async function addCompanyComment(port: B24Port, companyId: number, comment: string): Promise<TimelineComment[]> {
  const out = await port.batch<unknown>({
    add: { method: 'crm.timeline.comment.add', params: { fields: { ENTITY_TYPE: 'company', ENTITY_ID: companyId, COMMENT: comment } } },
    latest: latestCommentsCommand(companyId),
  })
  const id = toId(resultOf(out, 'add'))
  if (id === null) throw unexpected('crm.timeline.comment.add', out.add)
  return out.latest?.ok ? parseComments(out.latest.result) : [{ id, comment }]
}

/** The company's newest comments (one page: 50), newest first. */
export async function latestCompanyComments(port: B24Port, companyId: number): Promise<TimelineComment[]> {
  const command = latestCommentsCommand(companyId)
  return parseComments(await port.call<unknown>(command.method, command.params))
}

/** Delete timeline comments (duplicates this app wrote), in one request. */
export async function deleteCompanyComments(port: B24Port, companyId: number, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return
  const commands: Record<string, BatchCommand> = {}
  // ownerTypeId 4 = company (the crm.timeline.comment.delete docs: the owner of the comment).
  ids.slice(0, COMMANDS_PER_BATCH).forEach((id, n) => { commands[`d${n}`] = { method: 'crm.timeline.comment.delete', params: { id, ownerTypeId: 4, ownerId: companyId } } })
  const out = await port.batch<unknown>(commands)
  for (const key of Object.keys(commands)) resultOf(out, key)
}

function latestCommentsCommand(companyId: number): BatchCommand {
  return {
    method: 'crm.timeline.comment.list',
    params: { filter: { ENTITY_ID: companyId, ENTITY_TYPE: 'company' }, order: { ID: 'DESC' }, select: ['ID', 'COMMENT'] },
  }
}

function parseComments(raw: unknown): TimelineComment[] {
  if (!Array.isArray(raw)) throw unexpected('crm.timeline.comment.list', raw)
  const out: TimelineComment[] = []
  for (const row of raw) {
    const r = (typeof row === 'object' && row !== null ? row : {}) as Record<string, unknown>
    const id = toId(r.ID)
    if (id !== null) out.push({ id, comment: text(r.COMMENT) })
  }
  return out
}

function parseUser(raw: unknown): PortalUser | null {
  if (typeof raw !== 'object' || raw === null) return null
  const r = raw as Record<string, unknown>
  const id = toId(r.ID)
  if (id === null) return null
  return { id, name: [text(r.NAME), text(r.LAST_NAME)].filter(Boolean).join(' ') }
}

/**
 * Details of the given contacts: crm.contact.list with an `@ID` filter, 50 ids
 * a command, 50 commands a batch, so 2,500 contacts cost one HTTP request.
 * Contacts the user may not read are simply absent (docs/bitrix24.md, Contact details).
 */
export async function getContactDetails(port: B24Port, ids: readonly number[]): Promise<Map<number, ItemDetails>> {
  const commands: Array<[string, BatchCommand]> = []
  for (let i = 0; i < ids.length; i += CONTACTS_PER_CALL) {
    const chunk = ids.slice(i, i + CONTACTS_PER_CALL)
    // start: -1 skips the count query the portal would otherwise run (docs/bitrix24.md, List methods).
    commands.push([`c${i / CONTACTS_PER_CALL}`, { method: 'crm.contact.list', params: { filter: { '@ID': chunk }, select: CONTACT_SELECT, start: -1 } }])
  }
  const batches: Array<Record<string, BatchCommand>> = []
  for (let i = 0; i < commands.length; i += COMMANDS_PER_BATCH) batches.push(Object.fromEntries(commands.slice(i, i + COMMANDS_PER_BATCH)))
  const answers = await Promise.all(batches.map((b) => port.batch<unknown>(b)))
  const details = new Map<number, ItemDetails>()
  for (const answer of answers) {
    for (const key of Object.keys(answer)) {
      const rows = resultOf(answer, key)
      if (!Array.isArray(rows)) continue
      for (const row of rows) {
        const contact = parseContact(row)
        if (contact) details.set(contact.id, contact)
      }
    }
  }
  return details
}

/**
 * The links as crm.company.contact.items.get answers them (docs/bitrix24.md, CRM links), read
 * strictly: an answer the app cannot trust is refused (BAD_ANSWER), never
 * guessed at, because every clear and undo is built from it. Ids are positive
 * integers (numbers or plain decimal strings), SORT an integer, IS_PRIMARY
 * "Y"/"N", and no contact appears twice.
 */
export function parseLinks(rows: unknown): Link[] {
  if (!Array.isArray(rows)) throw badLinks('not a list', rows)
  const links: Link[] = []
  const seen = new Set<number>()
  for (const row of rows) {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw badLinks('a row is not an object', row)
    const r = row as Record<string, unknown>
    const itemId = toId(r.CONTACT_ID)
    if (itemId === null) throw badLinks('CONTACT_ID is not a positive integer', row)
    if (seen.has(itemId)) throw badLinks('a contact appears twice', row)
    seen.add(itemId)
    const sort = toInteger(r.SORT)
    if (sort === null) throw badLinks('SORT is not an integer', row)
    if (r.IS_PRIMARY !== 'Y' && r.IS_PRIMARY !== 'N') throw badLinks('IS_PRIMARY is not Y or N', row)
    links.push({ itemId, sort, isPrimary: r.IS_PRIMARY === 'Y' })
  }
  return links.sort((a, b) => a.sort - b.sort)
}

function badLinks(why: string, value: unknown): B24Error {
  return new B24Error(AppErrorCode.BAD_ANSWER, 0, `${LINKS_GET}: ${why}: ${JSON.stringify(value)?.slice(0, 200)}`)
}

export function parseCompany(raw: unknown, fallbackId: number): Company {
  if (typeof raw !== 'object' || raw === null) return { id: fallbackId, title: '' }
  const r = raw as Record<string, unknown>
  return { id: toId(r.ID) ?? fallbackId, title: text(r.TITLE) }
}

export function parseContact(raw: unknown): ItemDetails | null {
  if (typeof raw !== 'object' || raw === null) return null
  const r = raw as Record<string, unknown>
  const id = toId(r.ID)
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

/** PHONE/EMAIL are arrays of {ID, VALUE_TYPE, VALUE, TYPE_ID} (docs/bitrix24.md, Contact details). */
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

/** An integer as the portal writes it: a number, or a plain decimal string ("0x10", "1e3", " 5", "5.0" are not). */
function toInteger(value: unknown): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null
  if (typeof value !== 'string' || !/^-?(0|[1-9]\d{0,15})$/.test(value)) return null
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : null
}

/** A record id: a positive integer, as strictly as the placement parser reads one. */
function toId(value: unknown): number | null {
  const n = toInteger(value)
  return n !== null && n > 0 ? n : null
}
