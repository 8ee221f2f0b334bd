import { describe, expect, it } from 'vitest'
import { parseLinks, readOwner } from '@/b24/crm'
import { PAIRS } from '@/b24/pairs'
import { AppErrorCode } from '@/b24/errors'
import type { BatchOutcome } from '@/b24/port'
import { useLinksStore } from '@/stores/links'
import { SEED_USER } from '@emulator/portal'
import { createPortalEnv, createStoreEnv, portWith } from '../../fakes/app-env'

const EDITOR = SEED_USER.editor
const row = (CONTACT_ID: unknown, SORT: unknown = 10, IS_PRIMARY: unknown = 'N') => ({ CONTACT_ID, SORT, ROLE_ID: 0, IS_PRIMARY })

describe('parseLinks: the links every clear and undo is built from, read strictly', () => {
  it('reads numbers and plain decimal strings, sorted by SORT', () => {
    expect(parseLinks([row(5, 20, 'Y'), row('7', '10'), row(9, -3)], PAIRS.company)).toEqual([
      { itemId: 9, sort: -3, isPrimary: false },
      { itemId: 7, sort: 10, isPrimary: false },
      { itemId: 5, sort: 20, isPrimary: true },
    ])
    expect(parseLinks([], PAIRS.company)).toEqual([])
  })

  it.each([
    ['a hex id', [row('0x10')]],
    ['an exponent id', [row('1e3')]],
    ['a negative id', [row(-4)]],
    ['a zero id', [row(0)]],
    ['a fractional id', [row(2.5)]],
    ['an id with spaces', [row(' 5')]],
    ['an id past 2^53', [row('9007199254740993')]],
    ['a missing id', [{ SORT: 10, IS_PRIMARY: 'N' }]],
    ['a duplicate contact', [row(3), row('3', 20)]],
    ['a SORT that is not an integer', [row(3, '1.5')]],
    ['a missing SORT', [{ CONTACT_ID: 3, IS_PRIMARY: 'N' }]],
    ['an IS_PRIMARY that is not Y or N', [row(3, 10, true)]],
    ['a row that is not an object', [3]],
    ['an answer that is not a list', { 0: row(3) }],
    ['no answer', null],
  ])('refuses %s with BAD_ANSWER', (_, raw) => {
    expect(() => parseLinks(raw, PAIRS.company)).toThrow(expect.objectContaining({ code: AppErrorCode.BAD_ANSWER }))
  })

  it('turns an untrustworthy answer into a load error the tab shows, not a list', async () => {
    const env = createPortalEnv({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Odd Answer Test Ltd', contacts: 2 })
    const odd = portWith(env.port, {
      batch: async <T>(commands: Parameters<typeof env.port.batch>[0]) => {
        const out = await env.port.batch<T>(commands)
        if (out.links?.ok) out.links = { ok: true, result: [row('0x10'), row(3)] as T }
        return out
      },
    })
    createStoreEnv(odd)
    const store = useLinksStore()
    await store.load({ card: 'company', id: id })
    expect(store.status).toBe('error')
    expect(store.lastError?.code).toBe(AppErrorCode.BAD_ANSWER)
  })
})

describe('readOwner', () => {
  it('says that a company does not exist instead of showing it without contacts', async () => {
    const env = createPortalEnv({ userId: EDITOR })
    await expect(readOwner(env.port, { card: 'company', id: 999 })).rejects.toMatchObject({ code: AppErrorCode.COMPANY_NOT_FOUND })
  })

  /** A port whose probe answers `true` (its contact had been unlinked a moment before) and whose links come in the server's own order. */
  function raceProbe(env: ReturnType<typeof createPortalEnv>, serverOrder: (rows: unknown[]) => unknown[]) {
    return portWith(env.port, {
      batch: async <T>(commands: Parameters<typeof env.port.batch>[0]) => {
        const out = await env.port.batch<T>(commands)
        if (!commands.probe) return out
        const links = out.links as BatchOutcome<unknown[]>
        if (links.ok) links.result = serverOrder(links.result)
        const first = (links.ok ? links.result[0] : null) as { CONTACT_ID: number } | null
        // What the server did in the race: the probe linked the contact again.
        if (first) env.portal.setLinks(Number(commands.links!.params!.id), [...env.portal.links(Number(commands.links!.params!.id)).filter((l) => l.CONTACT_ID !== first.CONTACT_ID), { CONTACT_ID: first.CONTACT_ID, SORT: 500 }])
        out.probe = { ok: true, result: true as T }
        return out
      },
    })
  }

  it('when the probe linked a contact, unlinks exactly that one: the first row of the server\'s answer', async () => {
    const env = createPortalEnv({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Probe Race Test Ltd', contacts: 3 })
    const [a, b, c] = env.portal.links(id).map((l) => l.CONTACT_ID)
    // The server's answer lists C first (not the client's SORT order): the probe used C.
    const port = raceProbe(env, (rows) => [...rows].reverse())
    const since = env.portal.log().at(-1)?.seq ?? 0
    const snapshot = await readOwner(port, { card: 'company', id: id })
    const unlink = env.portal.log(since).find((e) => e.name === 'crm.company.contact.delete')
    // A form body: the portal reads every value as a string.
    expect(unlink?.params).toMatchObject({ id: String(id), fields: { CONTACT_ID: String(c) } })
    expect(env.portal.links(id).map((l) => l.CONTACT_ID)).toEqual([a, b])
    expect(snapshot).toMatchObject({ canEdit: true, probeLeftLinked: null })
  })

  it('still opens the tab when that clean-up fails, and says which contact it left linked', async () => {
    const env = createPortalEnv({ userId: EDITOR })
    const id = env.portal.addCompany({ title: 'Probe Cleanup Failure Ltd', contacts: 2 })
    const first = env.portal.links(id)[0]!.CONTACT_ID
    env.portal.addFault({ method: 'crm.company.contact.delete', count: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'boom' })
    createStoreEnv(raceProbe(env, (rows) => rows))
    const store = useLinksStore()
    await store.load({ card: 'company', id: id })
    expect(store.status).toBe('ready')
    expect(store.probeLeftLinked).toBe(first)
  })
})
