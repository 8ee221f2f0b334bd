import type { ItemDetails, Link, Owner, OwnerInfo, PortalUser } from '@/domain/types'
import { ownerKey } from '@/domain/cards'
import { contactFullName } from '@/domain/contact-name'
import { union } from '@/domain/link-diff'
import { AppErrorCode, B24Error } from './errors'
import { PAIRS, type LinkPair } from './pairs'
import { failureOf, resultOf, type B24Port, type BatchCommand, type BatchOutcome } from './port'

/**
 * Every read and write of a card's links. An `Owner` names the card (company,
 * deal, lead, quote or contact) and its id; the pair table (pairs.ts) gives
 * the methods, so the same code serves a company's contacts and a contact's
 * companies.
 */

/** What one opening of the tab needs from the portal, read in one HTTP request. */
export interface OwnerSnapshot {
  owner: OwnerInfo
  links: Link[]
  /** May this user edit the owner (and so unlink its items)? null: could not tell. */
  canEdit: boolean | null
  /** who is looking (named in the timeline trail of a clear) */
  user: PortalUser | null
  /**
   * The permission probe linked this item by accident (it had been unlinked
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

/** What linking items again (`crm.<owner>.<item>.add` each) did. */
export interface LinkAgainResult {
  /** items whose add failed or whose answer was lost, with the error */
  failed: Map<number, B24Error>
  /** the links after the last add (re-read in the same request); null when that read failed */
  after: Link[] | null
}

/** crm.contact.list and crm.company.list pages hold 50 rows; one batch holds 50 commands (docs/bitrix24.md, Contact details and Batch). */
export const ITEMS_PER_CALL = 50
export const COMMANDS_PER_BATCH = 50

const linksGet = (owner: Owner): BatchCommand => ({ method: `${PAIRS[owner.card].prefix}.items.get`, params: { id: owner.id } })
/** crm.<owner>.<item>.add or .delete of one link (fields[CONTACT_ID] or fields[COMPANY_ID], with SORT and IS_PRIMARY for an add). */
function linkCommand(owner: Owner, verb: 'add' | 'delete', fields: Record<string, unknown>): BatchCommand {
  return { method: `${PAIRS[owner.card].prefix}.${verb}`, params: { id: owner.id, fields } }
}

/**
 * The owner, its links and the user's edit right in ONE request (the probe:
 * see probeEditRight).
 */
export async function readOwner(port: B24Port, owner: Owner): Promise<OwnerSnapshot> {
  const pair = PAIRS[owner.card]
  const out = await port.batch<unknown>({
    owner: { method: pair.ownerGet, params: { id: owner.id } },
    links: linksGet(owner),
    probe: linkCommand(owner, 'add', { [pair.field]: `$result[links][0][${pair.field}]` }),
    // profile needs no scope beyond basic (docs/bitrix24.md, Placements and install), unlike user.current.
    user: { method: 'profile', params: {} },
  })
  const rawLinks = resultOf(out, 'links')
  const links = parseLinks(rawLinks, pair)
  const info = readOwnerOutcome(out.owner, owner)
  const { canEdit, probeLeftLinked } = await probeEditRight(port, owner, out.probe, rawLinks)
  const user = out.user?.ok ? parseUser(out.user.result) : null
  return { owner: info, links, canEdit, user, probeLeftLinked }
}

/*
 * The probe, why: there is no REST method for "may I edit?", and the
 * company pair's items.delete checks only read permission (docs/bitrix24.md,
 * CRM links; code). The pair's own add with an already-linked item checks
 * edit permission first and then answers false without writing;
 * ACCESS_DENIED when not allowed. The item is the first row of the links read
 * just before it in the same batch (`$result[links][0]`). Every pair is
 * probed so, whatever its items.delete checks: the app stays conservative.
 */

/**
 * What the probe's answer says about the edit right. `true` means the probe
 * contact was NOT linked any more when the probe ran (a colleague unlinked it
 * between the two commands), so the probe linked it: that is taken back at
 * once. The contact is the one the server resolved `$result[links][0]` to: the
 * first row of the raw answer, not of the app's own sorting. If taking it back
 * fails, the tab still opens and says so.
 */
async function probeEditRight(
  port: B24Port, owner: Owner, probe: BatchOutcome<unknown> | undefined, rawLinks: unknown,
): Promise<{ canEdit: boolean | null, probeLeftLinked: number | null }> {
  const field = PAIRS[owner.card].field
  const probed = Array.isArray(rawLinks) && rawLinks.length > 0 ? toId((rawLinks[0] as Record<string, unknown> | null)?.[field]) : null
  if (!probe || probed === null) return { canEdit: null, probeLeftLinked: null }
  if (!probe.ok) return { canEdit: isAccessDenied(probe.error) ? false : null, probeLeftLinked: null }
  if (probe.result !== true) return { canEdit: true, probeLeftLinked: null }
  try {
    const undo = linkCommand(owner, 'delete', { [field]: probed })
    await port.call(undo.method, undo.params)
    return { canEdit: true, probeLeftLinked: null }
  } catch {
    return { canEdit: true, probeLeftLinked: probed }
  }
}

/**
 * crm.<owner>.get: a missing owner says so (the company pair's items.get
 * answers [] for it, docs/bitrix24.md, CRM links); other failures leave the
 * title unknown.
 */
function readOwnerOutcome(outcome: BatchOutcome<unknown> | undefined, owner: Owner): OwnerInfo {
  if (outcome?.ok) return parseOwner(outcome.result, owner)
  // why: crm.<entity>.get answers a missing record with HTTP 400, `error: ""`, "Not found".
  if (outcome && outcome.error.code === '' && /not found/i.test(outcome.error.description)) {
    throw new B24Error(AppErrorCode.COMPANY_NOT_FOUND, 404, outcome.error.description)
  }
  return { ...owner, title: '' }
}

/** An owner as the tab first shows it: the snapshot, then the linked items' details. */
export interface OpenedOwner extends OwnerSnapshot {
  details: Map<number, ItemDetails>
}

/**
 * Open a card's tab: readOwner (one request), then the details of its items
 * (one more). main.ts starts this before the UI has loaded; the store shows
 * what it returns. `detailsAsked` is called once the details read has been
 * started (first-read.ts: the UI waits for it to mount).
 */
export async function openOwner(port: B24Port, owner: Owner, detailsAsked?: () => void): Promise<OpenedOwner> {
  const snapshot = await readOwner(port, owner)
  const reading = getItemDetails(port, owner.card, snapshot.links.map((l) => l.itemId))
  detailsAsked?.()
  return { ...snapshot, details: await reading }
}

/** Only the links: what is re-read after every change. */
export async function getLinks(port: B24Port, owner: Owner): Promise<Link[]> {
  const get = linksGet(owner)
  return parseLinks(await port.call<unknown>(get.method, get.params), PAIRS[owner.card])
}

/** The user option that holds, server-side, the read a clear was built from (see clearAllLinks). */
export function clearRecordKey(owner: Owner): string {
  return `cc_clear_${ownerKey(owner)}`
}

/**
 * Unlink every item of the owner (the product's one destructive call) in
 * ONE request that halts at the first error (docs/bitrix24.md, Batch: a batch runs in order):
 *
 * 1. `before`: the links, the read the record of the clear is built from;
 * 2. `guard`: crm.<owner>.<item>.add of the first of them (already linked, so
 *    it writes nothing): it fails with ACCESS_DENIED for a user who may not
 *    edit the owner, and when nothing is linked (`$result[before][0]` is
 *    missing), so the batch stops before the delete;
 * 3. `prev` and `save`: that read, kept in the user's options with `token`,
 *    so that a lost answer loses nothing. When the SDK sends the request
 *    again, its next run finds the list empty and stops at `guard`; if someone
 *    linked an item in between, that run goes on, and its `save` keeps the
 *    earlier runs' reads (read by `prev`) next to its own: the SDK's three
 *    attempts all fit (recoverClearRecord reads them back);
 * 4. `write`: crm.<owner>.<item>.items.delete;
 * 5. `after`: the links again.
 *
 * A lost answer is reported as a write error with everything unknown.
 */
export async function clearAllLinks(port: B24Port, owner: Owner, token: string): Promise<ClearResult> {
  const pair = PAIRS[owner.card]
  let out
  try {
    out = await port.batch<unknown>({
      before: linksGet(owner),
      guard: linkCommand(owner, 'add', { [pair.field]: `$result[before][0][${pair.field}]` }),
      prev: { method: 'user.option.get', params: { option: clearRecordKey(owner) } },
      save: {
        method: 'user.option.set',
        params: {
          options: {
            [clearRecordKey(owner)]: {
              token,
              links: '$result[before]',
              // The two runs before this one, if they were this clear's (the token tells).
              earlier: ['$result[prev][token]', '$result[prev][links]', '$result[prev][earlier][0]', '$result[prev][earlier][1]'],
            },
          },
        },
      },
      write: { method: `${pair.prefix}.items.delete`, params: { id: owner.id } },
      after: linksGet(owner),
    }, { halt: true })
  } catch (error) {
    return { before: null, writeError: B24Error.from(error), after: null }
  }
  const read = out.before?.ok ? parseLinks(out.before.result, pair) : null
  // Nothing was linked: the guard stopped the batch, nothing was written.
  if (read && read.length === 0) return { before: read, writeError: null, after: read }
  // A run of this request that the SDK sent again: `prev` holds what the earlier runs read.
  const before = read && out.prev?.ok ? union(read, savedRuns(out.prev.result, token, pair)) : read
  const failed = ['guard', 'prev', 'save', 'write'].map((key) => stepError(out[key], key)).find((e) => e !== null)
  return { before, writeError: failed ?? null, after: out.after?.ok ? parseLinks(out.after.result, pair) : null }
}

/**
 * The read a clear saved before its delete (clearAllLinks, step 3),
 * when it carries `token`: null when there is none, it is another clear's,
 * or it cannot be read.
 */
export async function recoverClearRecord(port: B24Port, owner: Owner, token: string): Promise<Link[] | null> {
  let saved: unknown
  try {
    saved = await port.call<unknown>('user.option.get', { option: clearRecordKey(owner) })
  } catch {
    return null
  }
  const runs = savedRuns(saved, token, PAIRS[owner.card])
  return runs.length > 0 ? runs : null
}

/** What the runs of the clear with `token` read, from what its `save` kept: the last run's and up to two before it. */
function savedRuns(saved: unknown, token: string, pair: LinkPair): Link[] {
  if (typeof saved !== 'object' || saved === null) return []
  const r = saved as Record<string, unknown>
  const earlier = Array.isArray(r.earlier) ? r.earlier : []
  let links: Link[] = []
  for (const [t, raw] of [[r.token, r.links], [earlier[0], earlier[1]], [earlier[2], earlier[3]]]) {
    if (t !== token) continue
    try {
      links = union(links, parseLinks(raw, pair))
    } catch {
      // one run's read that cannot be trusted is left out; the others still count
    }
  }
  return links
}

/** What unlinking chosen items (`crm.<owner>.<item>.delete` each) did. */
export interface UnlinkResult {
  /** the links read in the same request as the first deletes; null when unknown */
  before: Link[] | null
  /** items the portal said were not linked (delete answered false) */
  notLinked: Set<number>
  /** items whose delete failed or whose answer was lost, with the error */
  failed: Map<number, B24Error>
  /** the links after the last delete (same request); null when unknown */
  after: Link[] | null
}

/**
 * Unlink exactly these items: crm.<owner>.<item>.delete per item, 50
 * commands a request, the first request reading the links before its deletes
 * (the record of what was unlinked takes SORT and primary flags from it)
 * and the last one reading them after. It never touches another link, whatever
 * a colleague does meanwhile; an item someone else unlinked already answers
 * false (docs/bitrix24.md, CRM links).
 */
export async function unlinkItems(
  port: B24Port, owner: Owner, itemIds: readonly number[], progress?: (done: number) => void,
): Promise<UnlinkResult> {
  const pair = PAIRS[owner.card]
  const steps: BatchCommand[] = [
    linksGet(owner),
    ...itemIds.map((id) => linkCommand(owner, 'delete', { [pair.field]: id })),
    linksGet(owner),
  ]
  const result: UnlinkResult = { before: null, notLinked: new Set(), failed: new Map(), after: null }
  let done = 0
  for (let i = 0; i < steps.length; i += COMMANDS_PER_BATCH) {
    const chunk = steps.slice(i, i + COMMANDS_PER_BATCH)
    const commands = Object.fromEntries(chunk.map((c, k) => [`s${i + k}`, c]))
    // steps[n] deletes itemIds[n - 1]; the first and last steps are the reads
    const ids = chunk.map((_, k) => itemIds[i + k - 1]).filter((id): id is number => id !== undefined)
    try {
      const out = await port.batch<unknown>(commands)
      chunk.forEach((_, k) => {
        const n = i + k
        const outcome = out[`s${n}`]
        if (n === 0 || n === steps.length - 1) {
          const links = outcome?.ok ? parseLinks(outcome.result, pair) : null
          if (n === 0) result.before = links
          else result.after = links
          return
        }
        const itemId = itemIds[n - 1]!
        if (!outcome?.ok) result.failed.set(itemId, failureOf(outcome, `s${n}`))
        else if (outcome.result === false) result.notLinked.add(itemId)
        else if (outcome.result !== true) result.failed.set(itemId, unexpected(`${pair.prefix}.delete`, outcome.result))
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
 * Link items to the owner again, each with its SORT and primary flag:
 * crm.<owner>.<item>.add per item, 50 a request. It never unlinks anything:
 * an item someone linked meanwhile stays as it is (add answers false for it,
 * docs/bitrix24.md, CRM links). The last request also re-reads the links
 * when it has room for that, else one more request does. Requests go one
 * after the other, and `progress` hears how many items are done.
 */
export async function linkAgain(
  port: B24Port, owner: Owner, links: readonly Link[], progress?: (done: number) => void,
): Promise<LinkAgainResult> {
  const pair = PAIRS[owner.card]
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
      commands[`a${k}`] = linkCommand(owner, 'add', { [pair.field]: l.itemId, SORT: l.sort, IS_PRIMARY: l.isPrimary ? 'Y' : 'N' })
    })
    const last = n === chunks.length - 1
    if (last) commands.after = linksGet(owner)
    try {
      const out = await port.batch<unknown>(commands)
      chunk.forEach((l, k) => {
        const outcome = out[`a${k}`]
        // true: linked again; false: it was linked already (someone did, or it was never unlinked).
        if (!outcome?.ok) failed.set(l.itemId, failureOf(outcome, `a${k}`))
        else if (typeof outcome.result !== 'boolean') failed.set(l.itemId, unexpected(`${pair.prefix}.add`, outcome.result))
      })
      if (last && out.after?.ok) after = parseLinks(out.after.result, pair)
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
 * Add a comment to the owner's timeline (BB-code allowed, docs/bitrix24.md, Timeline) and, in
 * the same request, read the newest comments back. The SDK re-sends a request
 * whose answer was lost (docs/bitrix24.md, REST over HTTP), and a re-sent comment.add writes the
 * comment twice: the read-back shows every copy, so the caller can remove the
 * extra ones (see removeDuplicateComments).
 */
export async function addComment(port: B24Port, owner: Owner, comment: string): Promise<TimelineComment[]> {
  const out = await port.batch<unknown>({
    add: { method: 'crm.timeline.comment.add', params: { fields: { ENTITY_TYPE: PAIRS[owner.card].timelineType, ENTITY_ID: owner.id, COMMENT: comment } } },
    latest: latestCommentsCommand(owner),
  })
  const id = toId(resultOf(out, 'add'))
  if (id === null) throw unexpected('crm.timeline.comment.add', out.add)
  return out.latest?.ok ? parseComments(out.latest.result) : [{ id, comment }]
}

/** The owner's newest comments (one page: 50), newest first. */
export async function latestComments(port: B24Port, owner: Owner): Promise<TimelineComment[]> {
  const command = latestCommentsCommand(owner)
  return parseComments(await port.call<unknown>(command.method, command.params))
}

/** Delete timeline comments (duplicates this app wrote), in one request. */
export async function deleteComments(port: B24Port, owner: Owner, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return
  const commands: Record<string, BatchCommand> = {}
  // ownerTypeId: the CRM type of the comment's owner (the crm.timeline.comment.delete docs), e.g. 4 = company.
  const ownerTypeId = PAIRS[owner.card].ownerTypeId
  ids.slice(0, COMMANDS_PER_BATCH).forEach((id, n) => { commands[`d${n}`] = { method: 'crm.timeline.comment.delete', params: { id, ownerTypeId, ownerId: owner.id } } })
  const out = await port.batch<unknown>(commands)
  for (const key of Object.keys(commands)) resultOf(out, key)
}

function latestCommentsCommand(owner: Owner): BatchCommand {
  return {
    method: 'crm.timeline.comment.list',
    params: { filter: { ENTITY_ID: owner.id, ENTITY_TYPE: PAIRS[owner.card].timelineType }, order: { ID: 'DESC' }, select: ['ID', 'COMMENT'] },
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
 * Details of the given items: the pair's list method (crm.contact.list or
 * crm.company.list) with an `@ID` filter, 50 ids a command, 50 commands a
 * batch, so 2,500 items cost one HTTP request. Items the user may not read
 * are simply absent (docs/bitrix24.md, Contact details). A company's type and
 * industry are codes: their names come from crm.status.list, in the first
 * batch (a failure there leaves the codes out, never the companies).
 */
export async function getItemDetails(port: B24Port, card: Owner['card'], ids: readonly number[]): Promise<Map<number, ItemDetails>> {
  const pair = PAIRS[card]
  const commands: Array<[string, BatchCommand]> = []
  const companies = pair.item === 'company'
  if (companies && ids.length > 0) {
    for (const entity of STATUS_ENTITIES) commands.push([`status_${entity}`, { method: 'crm.status.list', params: { filter: { ENTITY_ID: entity }, order: { SORT: 'ASC' } } }])
  }
  for (let i = 0; i < ids.length; i += ITEMS_PER_CALL) {
    const chunk = ids.slice(i, i + ITEMS_PER_CALL)
    // start: -1 skips the count query the portal would otherwise run (docs/bitrix24.md, List methods).
    commands.push([`c${i / ITEMS_PER_CALL}`, { method: pair.detailsList, params: { filter: { '@ID': chunk }, select: pair.detailsSelect, start: -1 } }])
  }
  const batches: Array<Record<string, BatchCommand>> = []
  for (let i = 0; i < commands.length; i += COMMANDS_PER_BATCH) batches.push(Object.fromEntries(commands.slice(i, i + COMMANDS_PER_BATCH)))
  const answers = await Promise.all(batches.map((b) => port.batch<unknown>(b)))
  const labels = new Map<string, string>()
  for (const entity of STATUS_ENTITIES) {
    const outcome = answers[0]?.[`status_${entity}`]
    if (outcome?.ok && Array.isArray(outcome.result)) {
      for (const row of outcome.result as Array<Record<string, unknown> | null>) labels.set(`${entity}:${text(row?.STATUS_ID)}`, text(row?.NAME))
    }
  }
  const details = new Map<number, ItemDetails>()
  for (const answer of answers) {
    for (const key of Object.keys(answer)) {
      if (key.startsWith('status_')) continue
      const rows = resultOf(answer, key)
      if (!Array.isArray(rows)) continue
      for (const row of rows) {
        const item = companies ? parseCompanyItem(row, labels) : parseContact(row)
        if (item) details.set(item.id, item)
      }
    }
  }
  return details
}

/** The reference lists a company's COMPANY_TYPE and INDUSTRY codes name (crm.status.list, ENTITY_ID). */
const STATUS_ENTITIES = ['COMPANY_TYPE', 'INDUSTRY'] as const

/**
 * The links as crm.<owner>.<item>.items.get answers them (docs/bitrix24.md,
 * CRM links), read strictly: an answer the app cannot trust is refused
 * (BAD_ANSWER), never guessed at, because every clear and undo is built from
 * it. Ids (CONTACT_ID, or COMPANY_ID in a contact's list) are positive
 * integers (numbers or plain decimal strings), SORT an integer, IS_PRIMARY
 * "Y"/"N", and no item appears twice.
 */
export function parseLinks(rows: unknown, pair: LinkPair): Link[] {
  const bad = (why: string, value: unknown) => new B24Error(AppErrorCode.BAD_ANSWER, 0, `${pair.prefix}.items.get: ${why}: ${JSON.stringify(value)?.slice(0, 200)}`)
  if (!Array.isArray(rows)) throw bad('not a list', rows)
  const links: Link[] = []
  const seen = new Set<number>()
  for (const row of rows) {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw bad('a row is not an object', row)
    const r = row as Record<string, unknown>
    const itemId = toId(r[pair.field])
    if (itemId === null) throw bad(`${pair.field} is not a positive integer`, row)
    if (seen.has(itemId)) throw bad(`${pair.item === 'company' ? 'a company' : 'a contact'} appears twice`, row)
    seen.add(itemId)
    const sort = toInteger(r.SORT)
    if (sort === null) throw bad('SORT is not an integer', row)
    if (r.IS_PRIMARY !== 'Y' && r.IS_PRIMARY !== 'N') throw bad('IS_PRIMARY is not Y or N', row)
    links.push({ itemId, sort, isPrimary: r.IS_PRIMARY === 'Y' })
  }
  return links.sort((a, b) => a.sort - b.sort)
}

/** The owner's title: TITLE of a company, deal, lead or quote; a contact's full name. */
export function parseOwner(raw: unknown, owner: Owner): OwnerInfo {
  if (typeof raw !== 'object' || raw === null) return { ...owner, title: '' }
  const r = raw as Record<string, unknown>
  return { ...owner, title: owner.card === 'contact' ? contactFullName(parseContact(raw)) : text(r.TITLE) }
}

/**
 * A linked company as the tab shows it: its title in `name`, its industry's
 * name in `post` (else its type's), its logo, phones and e-mails.
 */
export function parseCompanyItem(raw: unknown, labels: ReadonlyMap<string, string> = new Map()): ItemDetails | null {
  if (typeof raw !== 'object' || raw === null) return null
  const r = raw as Record<string, unknown>
  const id = toId(r.ID)
  if (id === null) return null
  const named = (entity: string, code: string) => (code ? labels.get(`${entity}:${code}`) ?? '' : '')
  return {
    id,
    name: text(r.TITLE),
    lastName: '',
    secondName: '',
    post: named('INDUSTRY', text(r.INDUSTRY)) || named('COMPANY_TYPE', text(r.COMPANY_TYPE)),
    photoUrl: photoUrl(r.LOGO),
    phones: multiValues(r.PHONE),
    emails: multiValues(r.EMAIL),
  }
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
