import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { SEED_USER } from '@emulator/portal'
import { appFrame, failedRequest, logMark, restCalls, seeText, useHarness } from './support/harness'

const h = useHarness()
const EDITOR = SEED_USER.editor

/** A company with sparse SORT values and mixed main-company flags, opened in the card. */
async function openOwner(page: Page, contacts: number, title: string) {
  const id = h.emulator.portal.addCompany({ title, contacts })
  h.emulator.portal.setLinks(id, h.emulator.portal.links(id).map((l, i) => ({ CONTACT_ID: l.CONTACT_ID, SORT: 15 + i * 7, IS_PRIMARY: i % 2 ? 'N' : 'Y' })))
  await page.goto(h.emulator.cardUrl(id, { user: EDITOR }))
  const app = appFrame(page)
  await seeText(app.getByTestId('contact-count'), `${contacts} contacts`)
  return { id, app, before: h.emulator.portal.links(id) }
}

async function clearAll(app: ReturnType<typeof appFrame>) {
  await app.getByRole('button', { name: 'Clear all contacts' }).click()
  await app.getByRole('alertdialog').getByRole('button', { name: /^Clear/ }).click()
}

/** Every REST method the app ran since `since`, batch sub-commands included. */
function methodsRun(since: number) {
  return restCalls(h.emulator, since).flatMap((e) => e.sub ?? [e.name])
}

describe('nothing is lost', () => {
  it('Undo links every contact again with its SORT and main company, one crm.company.contact.add each, never items.set', async () => {
    const { page } = await h.newPage()
    const { id, app, before } = await openOwner(page, 6, 'Undo Browser Test Ltd')
    const other = h.emulator.portal.addCompany({ title: 'Main Elsewhere Test Ltd' })
    // The contacts with IS_PRIMARY N here have the other company as their main company.
    h.emulator.portal.setLinks(other, before.filter((l) => l.IS_PRIMARY === 'N').map((l) => ({ CONTACT_ID: l.CONTACT_ID, IS_PRIMARY: 'Y' as const })))
    const mains = before.map((l) => h.emulator.portal.mainCompanyOf(l.CONTACT_ID))
    await clearAll(app)
    await seeText(app.getByTestId('notice'), '6 contacts were unlinked')
    expect(h.emulator.portal.links(id)).toEqual([])
    const since = logMark(h.emulator)
    await app.getByRole('button', { name: 'Undo', exact: true }).click()
    await seeText(app.getByTestId('notice'), 'All 6 contacts are linked to “\u2068Undo Browser Test Ltd\u2069” again')
    await seeText(app.getByTestId('contact-count'), '6 contacts')
    expect(h.emulator.portal.links(id)).toEqual(before)
    expect(before.map((l) => h.emulator.portal.mainCompanyOf(l.CONTACT_ID))).toEqual(mains)
    const run = methodsRun(since)
    expect(run.filter((m) => m === 'crm.company.contact.add')).toHaveLength(6)
    expect(run).not.toContain('crm.company.contact.items.set')
    await expect(app.getByRole('button', { name: 'Undo', exact: true }).count()).resolves.toBe(0)
  })

  it('a contact linked right before the clear\'s request is unlinked with the rest, linked again at once, and named', async () => {
    const { page } = await h.newPage()
    const { id, app, before } = await openOwner(page, 3, 'Race Clear Browser Test AG')
    const newcomer = h.emulator.portal.addContact({ name: 'Nadia', lastName: 'Latecomer', post: 'Buyer' })
    // A colleague links Nadia when the app's delete request arrives, before it runs.
    h.emulator.portal.addHook({ method: 'crm.company.contact.items.delete', link: { companyId: id, contactId: newcomer, sort: 999 } })
    const since = logMark(h.emulator)
    await clearAll(app)
    await seeText(app.getByTestId('notice'), '3 contacts were unlinked')
    await seeText(app.getByTestId('notice'), '\u2068Nadia Latecomer\u2069 was linked while you confirmed')
    await seeText(app.getByTestId('contact-row').filter({ has: app.getByTestId('mark-added') }), 'Nadia Latecomer')
    await seeText(app.getByTestId('contact-count'), 'One contact')
    expect(methodsRun(since).filter((m) => m === 'crm.company.contact.items.delete')).toHaveLength(1)
    expect(h.emulator.portal.links(id)).toEqual([{ CONTACT_ID: newcomer, SORT: 999, ROLE_ID: 0, IS_PRIMARY: 'Y' }])
    // The trail and Undo hold what the person confirmed.
    await seeText(app.getByTestId('trail-written'), 'comment listing the unlinked contacts')
    const comment = h.emulator.portal.comments().find((c) => c.entityId === id)!.comment
    for (const l of before) expect(comment).toContain(`(ID ${l.CONTACT_ID})`)
    expect(comment).not.toContain(`(ID ${newcomer})`)
    await app.getByRole('button', { name: 'Undo', exact: true }).click()
    await seeText(app.getByTestId('notice'), 'All 3 contacts are linked')
    expect(h.emulator.portal.links(id).map((l) => l.CONTACT_ID)).toEqual([...before.map((l) => l.CONTACT_ID), newcomer])
  })

  it('a contact linked right before the undo\'s request stays linked', async () => {
    const { page } = await h.newPage()
    const { id, app, before } = await openOwner(page, 4, 'Race Undo Browser Test AG')
    await clearAll(app)
    await seeText(app.getByTestId('notice'), '4 contacts were unlinked')
    const newcomer = h.emulator.portal.addContact({ name: 'Omar', lastName: 'Onlooker' })
    h.emulator.portal.addHook({ method: 'crm.company.contact.add', link: { companyId: id, contactId: newcomer, sort: 1 } })
    await app.getByRole('button', { name: 'Undo', exact: true }).click()
    await seeText(app.getByTestId('notice'), 'All 4 contacts are linked')
    const links = h.emulator.portal.links(id)
    expect(links[0]).toMatchObject({ CONTACT_ID: newcomer, SORT: 1 })
    expect(links.slice(1).map((l) => [l.CONTACT_ID, l.SORT])).toEqual(before.map((l) => [l.CONTACT_ID, l.SORT]))
    await seeText(app.getByTestId('contact-count'), '5 contacts')
  })

  it('a comment whose answer is lost (the SDK sends it again) ends up on the timeline once', async () => {
    h.allowConsole(failedRequest('no answer'))
    const { page } = await h.newPage()
    const { id, app } = await openOwner(page, 2, 'Dropped Comment Browser Test Oy')
    // The comment is written, then the connection drops; the SDK re-sends the request after a second.
    h.emulator.portal.addFault({ method: 'crm.timeline.comment.add', count: 1, kind: 'drop' })
    const since = logMark(h.emulator)
    await clearAll(app)
    await seeText(app.getByTestId('trail-written'), 'comment listing the unlinked contacts', 30_000)
    expect(methodsRun(since).filter((m) => m === 'crm.timeline.comment.add')).toHaveLength(2)
    expect(methodsRun(since)).toContain('crm.timeline.comment.delete')
    const comments = h.emulator.portal.comments().filter((c) => c.entityId === id)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.comment).toMatch(/Reference: CC-[0-9A-F]{10}$/)
  })

  it('a slow read started before a clear never puts the cleared contacts back on screen', async () => {
    const { page } = await h.newPage()
    const { id, app } = await openOwner(page, 3, 'Slow Read Browser Test AB')
    // The refresh's read runs now but is heard 1.5 s later, after the clear and its re-read.
    h.emulator.portal.addHook({ method: 'crm.company.contact.items.get', holdMs: 1500 })
    const since = logMark(h.emulator)
    await app.getByRole('button', { name: 'Refresh' }).click()
    await clearAll(app)
    await seeText(app.getByTestId('notice'), '3 contacts were unlinked')
    // Wait until the held answer has been heard, then look again.
    await expect.poll(() => restCalls(h.emulator, since).filter((e) => e.name === 'crm.company.contact.items.get').length).toBe(1)
    await page.waitForTimeout(1800)
    await seeText(app.getByTestId('contact-count'), 'No contacts are linked')
    await expect(app.getByTestId('contact-row').count()).resolves.toBe(0)
    expect(h.emulator.portal.links(id)).toEqual([])
  })

  it('Undo survives a reload of the card: offered again when the tab opens, then used up', async () => {
    const { page } = await h.newPage()
    const { id, app, before } = await openOwner(page, 3, 'Reload Undo Browser Test SA')
    await clearAll(app)
    await seeText(app.getByTestId('notice'), '3 contacts were unlinked')
    await expect.poll(() => Object.keys(h.emulator.portal.userOptions(EDITOR))).toContain(`cc_undo_${id}`)
    await page.goto(h.emulator.cardUrl(id, { user: EDITOR }))
    const reloaded = appFrame(page)
    await seeText(reloaded.getByTestId('undo-offered'), 'can still be undone')
    await reloaded.getByRole('button', { name: 'Undo', exact: true }).click()
    await seeText(reloaded.getByTestId('notice'), 'All 3 contacts are linked')
    expect(h.emulator.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT])).toEqual(before.map((l) => [l.CONTACT_ID, l.SORT]))
    // Used up: a second reload offers nothing.
    await page.goto(h.emulator.cardUrl(id, { user: EDITOR }))
    await seeText(appFrame(page).getByTestId('contact-count'), '3 contacts')
    await expect(appFrame(page).getByRole('button', { name: 'Undo', exact: true }).count()).resolves.toBe(0)
  })

  it('leaves a timeline comment listing the removed contacts and who removed them', async () => {
    const { page } = await h.newPage()
    const { id, app, before } = await openOwner(page, 4, 'Trail Browser Test Oy')
    await clearAll(app)
    await seeText(app.getByTestId('trail-written'), 'comment listing the unlinked contacts')
    const comments = h.emulator.portal.comments().filter((c) => c.entityId === id)
    expect(comments).toHaveLength(1)
    expect(comments[0]!.entityType).toBe('company')
    expect(comments[0]!.comment).toContain('Boris Petrov unlinked 4 contacts')
    for (const l of before) expect(comments[0]!.comment).toContain(`(ID ${l.CONTACT_ID})`)
  })

  it('a failing comment says so and offers the unlinked contacts as CSV', async () => {
    const { page } = await h.newPage()
    const { app, before } = await openOwner(page, 3, 'Comment Fails Test SA')
    h.emulator.portal.addFault({ method: 'crm.timeline.comment.add', count: 1, kind: 'error', status: 403, error: 'ACCESS_DENIED', description: 'Access denied!' })
    await clearAll(app)
    await seeText(app.getByRole('alert'), 'could not be added to the company\'s timeline')
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      app.getByRole('button', { name: 'Download unlinked contacts (CSV)' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('contacts-comment-fails-test-sa-unlinked.csv')
    const csv = await readFile((await download.path())!, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const lines = csv.slice(1).trim().split('\r\n')
    expect(lines[0]).toBe('ID,Name,Position,Phones,E-mails,Main company,Sort')
    expect(lines.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(before.map((l) => l.CONTACT_ID))
  })

  it('a delete whose connection drops ends with the screen matching the server', async () => {
    const { page } = await h.newPage()
    const { id, app } = await openOwner(page, 5, 'Dropped Browser Test BV')
    h.emulator.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'drop' })
    await clearAll(app)
    await seeText(app.getByTestId('contact-count'), 'No contacts are linked')
    expect(h.emulator.portal.links(id)).toEqual([])
    await seeText(app.getByTestId('notice'), '5 contacts were unlinked')
    await app.getByRole('button', { name: 'Undo' }).waitFor()
  })

  it('a 500 on delete keeps the list as the server has it', async () => {
    const { page } = await h.newPage()
    const { id, app } = await openOwner(page, 3, 'Server Error Test KG')
    h.emulator.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await clearAll(app)
    await seeText(app.getByRole('alert'), 'The contacts were not unlinked')
    await seeText(app.getByTestId('contact-count'), '3 contacts')
    expect(h.emulator.portal.links(id)).toHaveLength(3)
    await expect(app.getByRole('button', { name: 'Undo' }).count()).resolves.toBe(0)
  })

  it('a failing undo can be retried and then succeeds, also through the rate limit', async () => {
    h.allowConsole(failedRequest(503))
    const { page } = await h.newPage()
    const { id, app, before } = await openOwner(page, 4, 'Retry Undo Test AB')
    await clearAll(app)
    await seeText(app.getByTestId('notice'), '4 contacts were unlinked')
    h.emulator.portal.addFault({ method: 'crm.company.contact.add', count: 4, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await app.getByRole('button', { name: 'Undo' }).click()
    await seeText(app.getByRole('alert'), 'The links were not restored')
    expect(h.emulator.portal.links(id)).toEqual([])
    // The rate limit answers the whole request; the SDK waits and retries it.
    h.emulator.portal.addFault({ method: 'batch', count: 1, kind: 'error', status: 503, error: 'QUERY_LIMIT_EXCEEDED', description: 'Too many requests' })
    await app.getByRole('button', { name: 'Undo' }).click()
    await seeText(app.getByTestId('notice'), 'All 4 contacts are linked', 20_000)
    expect(h.emulator.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT])).toEqual(before.map((l) => [l.CONTACT_ID, l.SORT]))
  })

  it('Download CSV offers the linked contacts before any clear', async () => {
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(1, { user: EDITOR }))
    const app = appFrame(page)
    await seeText(app.getByTestId('contact-count'), '12 contacts')
    const [download] = await Promise.all([page.waitForEvent('download'), app.getByRole('button', { name: 'Download CSV' }).click()])
    const csv = await readFile((await download.path())!, 'utf8')
    expect(csv).toContain('Дмитрий Иванович Соколов')
    expect(csv).toContain('"<b>Quality</b> & ""Testing"""')
    expect(csv.slice(1).trim().split('\r\n')).toHaveLength(13)
  })

  it('keeps Undo after Refresh, and when neither the delete\'s answer nor the re-read came back', async () => {
    h.allowConsole(failedRequest('no answer'))
    h.allowConsole(failedRequest(500))
    const { page } = await h.newPage()
    const { id, app, before } = await openOwner(page, 3, 'Unknown Outcome Test GmbH')
    h.emulator.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    // skip 1: the read inside the clear's request goes through; then every read fails
    // (the SDK sends the dropped request again, and the app re-reads after it).
    h.emulator.portal.addFault({ method: 'crm.company.contact.items.get', skip: 1, count: 20, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await clearAll(app)
    await seeText(app.getByRole('alert'), 'did not confirm that the contacts were unlinked', 30_000)
    h.emulator.portal.clearFaults()
    expect(h.emulator.portal.links(id)).toEqual([])
    await app.getByRole('button', { name: 'Refresh' }).click()
    await seeText(app.getByTestId('contact-count'), 'No contacts are linked')
    await app.getByRole('button', { name: 'Undo' }).click()
    await seeText(app.getByTestId('notice'), 'All 3 contacts are linked')
    expect(h.emulator.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT])).toEqual(before.map((l) => [l.CONTACT_ID, l.SORT]))
  })
})

