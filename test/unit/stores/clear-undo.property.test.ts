import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { useLinksStore, type ClearOutcome } from '@/stores/links'
import type { FaultSpec } from '@emulator/portal/api'
import { SEED_USER } from '@emulator/portal'
import { createPortalEnv, createStoreEnv } from '../../fakes/app-env'

/** A colleague links a new contact when the app's next request asking for `method` arrives, before it runs. */
interface RacingLink { method: string, skip: number, sort: number }

type Step =
  | { kind: 'load' }
  | { kind: 'clear' }
  | { kind: 'undo' }
  | { kind: 'fault', fault: FaultSpec }
  | { kind: 'racing-link', race: RacingLink }
  | { kind: 'colleague-links', sort: number }
  | { kind: 'colleague-unlinks', index: number }

const METHODS = ['batch', 'crm.company.contact.items.get', 'crm.company.contact.items.delete', 'crm.company.contact.add']

const faultArb: fc.Arbitrary<FaultSpec> = fc.record({
  method: fc.constantFrom(...METHODS),
  count: fc.integer({ min: 1, max: 2 }),
  skip: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom<'error' | 'drop'>('error', 'drop'),
  status: fc.constant(500),
  error: fc.constant('INTERNAL_SERVER_ERROR'),
  description: fc.constant('injected'),
})

const raceArb: fc.Arbitrary<RacingLink> = fc.record({
  method: fc.constantFrom(...METHODS),
  skip: fc.integer({ min: 0, max: 2 }),
  sort: fc.integer({ min: 1, max: 900 }),
})

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constant<Step>({ kind: 'load' }), weight: 1 },
  { arbitrary: fc.constant<Step>({ kind: 'clear' }), weight: 3 },
  { arbitrary: fc.constant<Step>({ kind: 'undo' }), weight: 3 },
  { arbitrary: faultArb.map<Step>((fault) => ({ kind: 'fault', fault })), weight: 3 },
  { arbitrary: raceArb.map<Step>((race) => ({ kind: 'racing-link', race })), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 900 }).map<Step>((sort) => ({ kind: 'colleague-links', sort })), weight: 1 },
  { arbitrary: fc.nat(40).map<Step>((index) => ({ kind: 'colleague-unlinks', index })), weight: 1 },
)

const EDITOR = SEED_USER.editor
/** PROPERTY_RUNS=5000 for a longer search; the default keeps CI quick. */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150)

describe('clear and undo under random faults and colleagues racing the app (property)', () => {
  it('no link is ever lost without a record the UI offers, nothing unconfirmed stays unlinked unreported, and the store shows the server', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 999 }), { minLength: 0, maxLength: 25 }),
        fc.array(stepArb, { minLength: 1, maxLength: 25 }),
        fc.boolean(),
        async (sorts, steps, sdkResends) => {
          const env = createPortalEnv({ userId: EDITOR })
          // Like the SDK, the port may send a request again after a lost answer.
          env.port.resendLostAnswers = sdkResends
          const id = env.portal.addCompany({ title: 'Property Test Co', contacts: sorts.length })
          env.portal.setLinks(id, env.portal.links(id).map((l, i) => ({ CONTACT_ID: l.CONTACT_ID, SORT: sorts[i]!, IS_PRIMARY: 'Y' })))
          createStoreEnv(env.port)
          const store = useLinksStore()
          await store.load({ card: 'company', id: id })

          /** every contact that was ever linked and that no colleague unlinked on purpose: contact → its SORT */
          const owed = new Map(env.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT]))
          /** contacts a colleague linked while the current action ran */
          let racing: number[] = []
          /** faults and races armed for the next action (load, clear or undo) */
          let armed: FaultSpec[] = []
          let races: RacingLink[] = []

          const linkedNow = () => new Set(env.portal.links(id).map((l) => l.CONTACT_ID))
          /** The safety invariant: each owed link is linked, or in the record Undo offers (with its SORT). */
          const checkNothingLost = () => {
            const linked = linkedNow()
            const offered = new Map(store.lastClear?.links.map((l) => [l.itemId, l.sort]))
            for (const [contact, sort] of owed) {
              if (!linked.has(contact)) expect(offered.get(contact), `contact ${contact} unlinked without a record`).toBe(sort)
            }
          }

          for (const step of steps) {
            if (step.kind === 'load' || step.kind === 'clear' || step.kind === 'undo') {
              for (const f of armed) env.portal.addFault(f)
              for (const race of races) {
                const contact = env.portal.addContact({ name: 'Racing', lastName: `Colleague ${race.sort}` })
                env.portal.addHook({
                  method: race.method,
                  skip: race.skip,
                  link: { companyId: id, contactId: contact, sort: race.sort },
                  run: () => {
                    owed.set(contact, race.sort)
                    racing.push(contact)
                  },
                })
              }
              armed = []
              races = []
              racing = []
            }
            switch (step.kind) {
              case 'load':
                await store.load({ card: 'company', id: id })
                break
              case 'clear': {
                if (store.status !== 'ready') break
                const confirmed = store.links
                const outcome: ClearOutcome | null = await store.clearAll(confirmed).catch(() => null)
                if (outcome?.kind === 'cleared') {
                  // Never a success the server does not show.
                  const linked = linkedNow()
                  expect(confirmed.filter((l) => linked.has(l.itemId) && !racing.includes(l.itemId))).toEqual([])
                  // A contact linked while the clear ran is linked again, or reported and offered for Undo.
                  const reported = new Set(outcome.notPutBack.map((l) => l.itemId))
                  for (const contact of racing) expect(linked.has(contact) || reported.has(contact), `racing contact ${contact}`).toBe(true)
                }
                break
              }
              case 'undo': {
                const record = store.lastClear
                if (!record) break
                const outcome = await store.undo().catch(() => null)
                if (outcome) {
                  // Every contact of the record is back with its SORT, and nothing else was removed.
                  const server = new Map(env.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT]))
                  for (const l of record.links) expect(server.get(l.itemId)).toBe(l.sort)
                  expect(store.lastClear).toBeNull()
                } else {
                  // A failed undo keeps the record for another try.
                  expect(store.lastClear?.links).toEqual(record.links)
                }
                break
              }
              case 'fault':
                armed.push(step.fault)
                continue
              case 'racing-link':
                races.push(step.race)
                continue
              case 'colleague-links': {
                const c = env.portal.addContact({ name: 'Colleague', lastName: `Added ${step.sort}` })
                env.portal.setLinks(id, [...env.portal.links(id), { CONTACT_ID: c, SORT: step.sort }])
                owed.set(c, step.sort)
                break
              }
              case 'colleague-unlinks': {
                const links = env.portal.links(id)
                const gone = links[step.index % Math.max(1, links.length)]
                if (gone) {
                  env.portal.setLinks(id, links.filter((l) => l !== gone))
                  owed.delete(gone.CONTACT_ID)
                }
                break
              }
            }
            checkNothingLost()
            // Refresh without faults or races: the store must then show exactly what the server has.
            env.portal.clearFaults()
            env.portal.clearHooks()
            env.advance(1000)
            if (store.status === 'ready') {
              await store.refresh()
              expect(store.links.map((l) => [l.itemId, l.sort, l.isPrimary ? 'Y' : 'N'])).toEqual(env.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT, l.IS_PRIMARY]))
            }
          }

          // Whatever happened, once the faults stop an Undo puts every owed link back.
          if (store.lastClear) await store.undo()
          const server = new Map(env.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT]))
          for (const [contact, sort] of owed) expect(server.get(contact), `contact ${contact} after the last undo`).toBe(sort)
        },
      ),
      {
        numRuns: RUNS,
        examples: [
          // The clear's batch fails (500, not applied) and the re-read fails too; the store keeps
          // a record in case the delete applied, and Undo puts back links the server still has.
          [[1], [
            { kind: 'fault', fault: { method: 'batch', count: 1, skip: 0, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'injected' } },
            { kind: 'fault', fault: { method: 'crm.company.contact.items.get', count: 1, skip: 0, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'injected' } },
            { kind: 'clear' },
            { kind: 'undo' },
          ], false],
          // A colleague links a contact right before the clear's request; the clear unlinks it too.
          [[10, 20], [{ kind: 'racing-link', race: { method: 'batch', skip: 0, sort: 15 } }, { kind: 'clear' }], false],
          // …and linking it again fails: it must stay in the record, and Undo brings it back.
          [[10, 20], [
            { kind: 'racing-link', race: { method: 'batch', skip: 0, sort: 15 } },
            { kind: 'fault', fault: { method: 'crm.company.contact.add', count: 2, skip: 0, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'injected' } },
            { kind: 'clear' },
          ], false],
          // Two clears without an Undo between them: the first one's links stay recoverable.
          [[10, 20], [{ kind: 'clear' }, { kind: 'colleague-links', sort: 30 }, { kind: 'clear' }], false],
          // A dropped clear that the SDK sends again, with a colleague linking before each run:
          // the second run's read misses the first's; what the first run saved tells.
          [[], [
            { kind: 'racing-link', race: { method: 'batch', skip: 0, sort: 1 } },
            { kind: 'racing-link', race: { method: 'batch', skip: 1, sort: 1 } },
            { kind: 'fault', fault: { method: 'batch', count: 1, skip: 0, kind: 'drop', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'injected' } },
            { kind: 'clear' },
            { kind: 'undo' },
          ], true],
          // A dropped clear that the SDK sends again reads an empty list the second time.
          [[10, 20, 30], [{ kind: 'fault', fault: { method: 'batch', count: 1, skip: 0, kind: 'drop', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'injected' } }, { kind: 'clear' }], true],
        ],
      },
    )
  }, Math.max(180_000, RUNS * 100))
})
