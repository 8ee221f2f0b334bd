import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { useCompanyContactsStore } from '@/stores/company-contacts'
import type { FaultSpec } from '../../../emulator/portal/api'
import { createPortalEnv, createStoreEnv } from '../../fakes/app-env'

type Step =
  | { kind: 'load' }
  | { kind: 'clear' }
  | { kind: 'undo' }
  | { kind: 'fault', fault: FaultSpec }
  | { kind: 'colleague-links', sort: number }
  | { kind: 'colleague-unlinks', index: number }

const faultArb: fc.Arbitrary<FaultSpec> = fc.record({
  method: fc.constantFrom('batch', 'crm.company.contact.items.get', 'crm.company.contact.items.delete', 'crm.company.contact.items.set'),
  count: fc.integer({ min: 1, max: 2 }),
  skip: fc.integer({ min: 0, max: 2 }),
  kind: fc.constantFrom<'error' | 'drop'>('error', 'drop'),
  status: fc.constant(500),
  error: fc.constant('INTERNAL_SERVER_ERROR'),
  description: fc.constant('injected'),
})

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.constant<Step>({ kind: 'load' }), weight: 1 },
  { arbitrary: fc.constant<Step>({ kind: 'clear' }), weight: 3 },
  { arbitrary: fc.constant<Step>({ kind: 'undo' }), weight: 3 },
  { arbitrary: faultArb.map<Step>((fault) => ({ kind: 'fault', fault })), weight: 3 },
  { arbitrary: fc.integer({ min: 1, max: 900 }).map<Step>((sort) => ({ kind: 'colleague-links', sort })), weight: 1 },
  { arbitrary: fc.nat(40).map<Step>((index) => ({ kind: 'colleague-unlinks', index })), weight: 1 },
)

const EDITOR = 2

describe('clear and undo under random faults (property)', () => {
  it('the store equals the server after every reconcile, and an undo after any confirmed clear restores its links', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 999 }), { minLength: 0, maxLength: 25 }),
        fc.array(stepArb, { minLength: 1, maxLength: 25 }),
        async (sorts, steps) => {
          const env = createPortalEnv({ userId: EDITOR })
          const id = env.portal.addCompany({ title: 'Property Test Co', contacts: sorts.length })
          env.portal.setLinks(id, env.portal.links(id).map((l, i) => ({ CONTACT_ID: l.CONTACT_ID, SORT: sorts[i]!, IS_PRIMARY: i % 3 ? 'Y' : 'N' })))
          createStoreEnv(env.port)
          const store = useCompanyContactsStore()
          await store.load(id)
          /** the links of the last clear the store reported as done, until an undo restores them */
          let pending: Array<[number, number]> | null = null
          /** faults armed for the next action (load, clear or undo) */
          let armed: FaultSpec[] = []

          for (const step of steps) {
            if (step.kind === 'load' || step.kind === 'clear' || step.kind === 'undo') {
              for (const f of armed) env.portal.addFault(f)
              armed = []
            }
            switch (step.kind) {
              case 'load':
                await store.load(id)
                break
              case 'clear': {
                if (store.status !== 'ready') break
                const before = env.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT] as [number, number])
                const outcome = await store.clearAll(store.links).catch(() => null)
                // Whenever the server lost any of the links, Undo must be possible.
                if (env.portal.links(id).length < before.length || before.some(([c]) => !env.portal.links(id).some((l) => l.CONTACT_ID === c))) {
                  expect(store.lastClear?.links.map((l) => [l.contactId, l.sort])).toEqual(before)
                  pending = before
                }
                if (outcome?.kind === 'cleared') {
                  // Never a success the server does not show.
                  expect(env.portal.links(id).filter((l) => before.some(([c]) => c === l.CONTACT_ID))).toEqual([])
                  expect(outcome.snapshot.links.map((l) => [l.contactId, l.sort])).toEqual(before)
                  pending = before
                }
                break
              }
              case 'undo': {
                if (!store.lastClear) break
                // The store may hold a snapshot the server never lost (a clear whose answer
                // was lost or failed keeps one in case it applied): undo puts back the snapshot.
                const snapshot = store.lastClear.links.map((l) => [l.contactId, l.sort] as [number, number])
                if (pending) expect(snapshot).toEqual(pending)
                const outcome = await store.undo().catch(() => null)
                if (outcome) {
                  const server = env.portal.links(id)
                  for (const [contact, sort] of snapshot) expect(server).toContainEqual(expect.objectContaining({ CONTACT_ID: contact, SORT: sort }))
                  pending = null
                } else {
                  // A failed undo keeps the snapshot for another try.
                  expect(store.lastClear?.links.map((l) => [l.contactId, l.sort])).toEqual(snapshot)
                }
                break
              }
              case 'fault':
                armed.push(step.fault)
                continue
              case 'colleague-links': {
                const c = env.portal.addContact({ name: 'Colleague', lastName: `Added ${step.sort}` })
                env.portal.setLinks(id, [...env.portal.links(id), { CONTACT_ID: c, SORT: step.sort }])
                break
              }
              case 'colleague-unlinks': {
                const links = env.portal.links(id)
                if (links.length) env.portal.setLinks(id, links.filter((_, i) => i !== step.index % links.length))
                break
              }
            }
            // Reconcile without faults: the store must then show exactly what the server has.
            env.portal.clearFaults()
            env.advance(1000)
            if (store.status === 'ready') {
              await store.reconcile()
              expect(store.links.map((l) => [l.contactId, l.sort, l.isPrimary ? 'Y' : 'N'])).toEqual(env.portal.links(id).map((l) => [l.CONTACT_ID, l.SORT, l.IS_PRIMARY]))
            }
          }

          // Whatever happened, a confirmed clear can still be undone once the faults stop.
          if (store.lastClear && pending) {
            await store.undo()
            const server = env.portal.links(id)
            for (const [contact, sort] of pending) expect(server).toContainEqual(expect.objectContaining({ CONTACT_ID: contact, SORT: sort }))
          }
        },
      ),
      {
        numRuns: 150,
        examples: [
          // Found by this test: the clear's batch fails (500, not applied) and the re-read fails too;
          // the store keeps a snapshot in case the delete applied, and Undo puts back links the server still has.
          [[1], [
            { kind: 'fault', fault: { method: 'batch', count: 1, skip: 0, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'injected' } },
            { kind: 'fault', fault: { method: 'crm.company.contact.items.get', count: 1, skip: 1, kind: 'error', status: 500, error: 'INTERNAL_SERVER_ERROR', description: 'injected' } },
            { kind: 'clear' },
            { kind: 'undo' },
          ]],
        ],
      },
    )
  }, 120_000)
})
