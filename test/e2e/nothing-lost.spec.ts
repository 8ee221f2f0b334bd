import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { appFrame, logMark, restCalls, seeText, useHarness } from './support/harness'

const h = useHarness()
const EDITOR = 2

/** A company with sparse SORT values and mixed main-company flags, opened in the card. */
async function openCompany(page: Page, contacts: number, title: string) {
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

describe('nothing is lost', () => {
  it('Undo restores every contact with its SORT, and writes one items.set', async () => {
    const { page } = await h.newPage()
    const { id, app, before } = await openCompany(page, 6, 'Undo Browser Test Ltd')
    await clearAll(app)
    await seeText(app.getByTestId('notice'), '6 contacts were unlinked')
    expect(h.emulator.portal.links(id)).toEqual([])
    const since = logMark(h.emulator)
    await app.getByRole('button', { name: 'Undo' }).click()
    await seeText(app.getByTestId('notice'), 'All 6 contacts are linked to “Undo Browser Test Ltd” again')
    await seeText(app.getByTestId('contact-count'), '6 contacts')
    expect(h.emulator.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT])).toEqual(before.map((l) => [l.CONTACT_ID, l.SORT]))
    const sets = restCalls(h.emulator, since).filter((e) => e.sub?.includes('crm.company.contact.items.set'))
    expect(sets).toHaveLength(1)
    // Three of them had another main company: Bitrix24 makes this one their main company now.
    await seeText(app.getByTestId('notice'), '3 of them had another main company')
    await expect(app.getByRole('button', { name: 'Undo' }).count()).resolves.toBe(0)
  })

  it('a contact linked by someone else between load and confirm stops the delete and appears on screen', async () => {
    const { page } = await h.newPage()
    const { id, app } = await openCompany(page, 3, 'Stale Browser Test AG')
    const newcomer = h.emulator.portal.addContact({ name: 'Nadia', lastName: 'Latecomer', post: 'Buyer' })
    h.emulator.portal.setLinks(id, [...h.emulator.portal.links(id), { CONTACT_ID: newcomer, SORT: 999 }])
    const since = logMark(h.emulator)
    await clearAll(app)
    await seeText(app.getByTestId('stale'), 'nothing was unlinked')
    await seeText(app.getByTestId('contact-row').filter({ has: app.getByTestId('mark-added') }), 'Nadia Latecomer')
    await seeText(app.getByTestId('contact-count'), '4 contacts')
    expect(restCalls(h.emulator, since).flatMap((e) => e.sub ?? [e.name])).not.toContain('crm.company.contact.items.delete')
    expect(h.emulator.portal.links(id)).toHaveLength(4)
    // Asked again, with the new contact in the list, the clear goes through.
    await clearAll(app)
    await seeText(app.getByTestId('notice'), '4 contacts were unlinked')
    expect(h.emulator.portal.links(id)).toEqual([])
  })

  it('leaves a timeline comment listing the removed contacts and who removed them', async () => {
    const { page } = await h.newPage()
    const { id, app, before } = await openCompany(page, 4, 'Trail Browser Test Oy')
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
    const { app, before } = await openCompany(page, 3, 'Comment Fails Test SA')
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
    const { id, app } = await openCompany(page, 5, 'Dropped Browser Test BV')
    h.emulator.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'drop' })
    await clearAll(app)
    await seeText(app.getByTestId('contact-count'), 'No contacts are linked')
    expect(h.emulator.portal.links(id)).toEqual([])
    await seeText(app.getByTestId('notice'), '5 contacts were unlinked')
    await app.getByRole('button', { name: 'Undo' }).waitFor()
  })

  it('a 500 on delete keeps the list as the server has it', async () => {
    const { page } = await h.newPage()
    const { id, app } = await openCompany(page, 3, 'Server Error Test KG')
    h.emulator.portal.addFault({ method: 'crm.company.contact.items.delete', count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    await clearAll(app)
    await seeText(app.getByRole('alert'), 'The contacts were not unlinked')
    await seeText(app.getByTestId('contact-count'), '3 contacts')
    expect(h.emulator.portal.links(id)).toHaveLength(3)
    await expect(app.getByRole('button', { name: 'Undo' }).count()).resolves.toBe(0)
  })

  it('a failing undo can be retried and then succeeds, also through the rate limit', async () => {
    const { page } = await h.newPage()
    const { id, app, before } = await openCompany(page, 4, 'Retry Undo Test AB')
    await clearAll(app)
    await seeText(app.getByTestId('notice'), '4 contacts were unlinked')
    h.emulator.portal.addFault({ method: 'crm.company.contact.items.set', count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
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
    const { page } = await h.newPage()
    const { id, app, before } = await openCompany(page, 3, 'Unknown Outcome Test GmbH')
    h.emulator.portal.addFault({ method: 'batch', count: 1, kind: 'drop' })
    // skip 1: the stale check before the delete goes through; then the re-reads fail.
    // (the SDK retries a dropped request, so every re-read has to fail).
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

