import { CARD_PLACEMENTS, CARD_TYPES, cardOfPlacement, type CardType } from '@/domain/cards'
import { AppErrorCode, B24Error } from './errors'
import { failureOf, resultOf, type B24Port, type BatchCommand, type BatchOutcome } from './port'

/** One of this app's placement bindings (placement.get lists only the calling app's). */
export interface TabBinding {
  placement: string
  handler: string
}

/** The app's tab in one card type. */
export interface CardTab {
  card: CardType
  /** the title where the portal's language is none of `titles` */
  title: string
  /** the title in each language the app speaks, by Bitrix24 LANG code, e.g. { en: 'Contacts', ru: 'Контакты' } */
  titles: Record<string, string>
}

export interface TabsChange {
  /** the app's URL, the tab's handler */
  handler: string
  /** the cards that must end with exactly one tab of the app each, this handler's */
  tabs: CardTab[]
  /**
   * The app's tabs in the other cards: 'unbind' removes them (the settings
   * chose the cards); 'keep' leaves them (an install that could not read
   * which cards an administrator chose).
   */
  others: 'unbind' | 'keep'
  /** an app option to write after the binds and before the unbinds, in the same request, and read back */
  option?: { key: string, value: string }
}

export interface TabsApplied {
  /** the app's card tabs now (placement.get, read in the same request) */
  bindings: TabBinding[]
  /** the option as the portal has it after the change (app.option.get), when one was written */
  option: unknown
}

/**
 * What went wrong, and so what the portal has now:
 * - `bind`: a card could not get its tab (`cards`); the binds this change
 *   made were removed again and the option was not written: nothing changed;
 * - `option`: the option could not be written; the binds were removed again:
 *   nothing changed;
 * - `unbind`: the option is saved and every chosen card has its tab, but the
 *   tab is still in `cards`, which the settings no longer list;
 * - `verify`: everything answered, but placement.get did not list the tabs
 *   wanted.
 * The code is the portal's (or BINDING_NOT_CONFIRMED), so its words are the
 * error's usual ones.
 */
export class TabsChangeError extends B24Error {
  readonly stage: 'bind' | 'option' | 'unbind' | 'verify'
  readonly cards: CardType[]

  constructor(stage: TabsChangeError['stage'], cards: CardType[], cause: B24Error) {
    super(cause.code, cause.status, cause.description)
    this.name = 'TabsChangeError'
    this.stage = stage
    this.cards = cards
  }
}

/** This app's bindings in card tabs, as placement.get lists them (administrators only). */
export async function readTabBindings(port: B24Port): Promise<TabBinding[]> {
  return cardBindings(await port.call<unknown>('placement.get', {}))
}

/** The cards in which the app's tab is bound (this handler's, when one is given), in CARD_TYPES order. */
export function cardsWithTab(bindings: readonly TabBinding[], handler?: string): CardType[] {
  return CARD_TYPES.filter((t) => bindings.some((b) => b.placement === CARD_PLACEMENTS[t] && (handler === undefined || b.handler === handler)))
}

/**
 * The cards where the bindings are not as wanted: a chosen card without
 * exactly one of the app's tabs, this handler's; with others 'unbind', a card
 * not chosen that has one. [] when all is as wanted.
 */
export function tabsAmiss(bindings: readonly TabBinding[], want: { handler: string, cards: readonly CardType[], others: 'unbind' | 'keep' }): CardType[] {
  return CARD_TYPES.filter((t) => {
    const here = bindings.filter((b) => b.placement === CARD_PLACEMENTS[t])
    if (want.cards.includes(t)) return here.length !== 1 || here[0]!.handler !== want.handler
    return want.others === 'unbind' && here.length > 0
  })
}

/**
 * The option and, for an administrator, the app's card tabs, in one request
 * (placement.get is for administrators only: others, and a list that fails,
 * get bindings null).
 */
export async function readOptionAndTabs(port: B24Port, key: string): Promise<{ option: unknown, bindings: TabBinding[] | null }> {
  if (!port.context.isAdmin) return { option: await port.call<unknown>('app.option.get', { option: key }), bindings: null }
  const out = await port.batch<unknown>({ get: { method: 'app.option.get', params: { option: key } }, list: { method: 'placement.get', params: {} } })
  // Where the tab is helps, but the settings do not depend on it: a failed list is "not known".
  return { option: resultOf(out, 'get'), bindings: out.list?.ok ? cardBindings(out.list.result) : null }
}

/**
 * Give exactly the chosen cards the app's tab, idempotently, never leaving a
 * chosen card without it (docs/bitrix24.md, Placements and install):
 *
 * 1. placement.get: what is bound now;
 * 2. one batch that halts at the first error, run in order by the server:
 *    placement.bind for each chosen card that lacks this handler's tab
 *    (binding the same handler twice is an error, so a tab already there is
 *    kept), then the option (app.option.set), then placement.unbind of the
 *    app's other tabs (older handlers of chosen cards: a moved app; with
 *    `others: 'unbind'`, every tab in a card not chosen), then placement.get
 *    and app.option.get to confirm.
 *
 * Binding comes first so that a failed bind costs no tab and no setting: the
 * batch stops before the option and the unbinds, and the tabs this call had
 * just bound are removed again. So the option never lists a card without its
 * tab; the one state short of the goal is an unbind that fails after the
 * option was saved (a tab left in a card the settings no longer list: shown,
 * and removed by the next save). Throws TabsChangeError.
 */
export async function applyTabs(port: B24Port, change: TabsChange): Promise<TabsApplied> {
  const before = await readTabBindings(port)
  const wanted = new Map(change.tabs.map((tab) => [CARD_PLACEMENTS[tab.card], tab]))
  const toBind = change.tabs.filter((tab) => !before.some((b) => b.placement === CARD_PLACEMENTS[tab.card] && b.handler === change.handler))
  const toUnbind = before.filter((b) => (wanted.has(b.placement) ? b.handler !== change.handler : change.others === 'unbind'))
  if (toBind.length === 0 && toUnbind.length === 0 && !change.option) {
    verify(before, change)
    return { bindings: before, option: undefined }
  }

  const commands: Record<string, BatchCommand> = {}
  toBind.forEach((tab, i) => {
    const langAll = Object.fromEntries(Object.entries(tab.titles).map(([lang, title]) => [lang, { TITLE: title }]))
    commands[`bind${i}`] = { method: 'placement.bind', params: { PLACEMENT: CARD_PLACEMENTS[tab.card], HANDLER: change.handler, TITLE: tab.title, LANG_ALL: langAll } }
  })
  if (change.option) commands.set = { method: 'app.option.set', params: { options: { [change.option.key]: change.option.value } } }
  toUnbind.forEach((b, i) => {
    commands[`unbind${i}`] = { method: 'placement.unbind', params: { PLACEMENT: b.placement, HANDLER: b.handler } }
  })
  commands.list = { method: 'placement.get', params: {} }
  if (change.option) commands.get = { method: 'app.option.get', params: { option: change.option.key } }
  const out = await port.batch<unknown>(commands, { halt: true })

  const failedBind = toBind.findIndex((_, i) => !out[`bind${i}`]?.ok)
  if (failedBind >= 0 || (change.option && !out.set?.ok)) {
    await undoBinds(port, change.handler, toBind.filter((_, i) => out[`bind${i}`]?.ok))
    if (failedBind >= 0) throw new TabsChangeError('bind', [toBind[failedBind]!.card], errorOf(out, `bind${failedBind}`))
    throw new TabsChangeError('option', [], errorOf(out, 'set'))
  }
  const failedUnbind = toUnbind.findIndex((_, i) => !out[`unbind${i}`]?.ok)
  if (failedUnbind >= 0) {
    const left = toUnbind.slice(failedUnbind).map((b) => cardOfPlacement(b.placement)).filter((t): t is CardType => t !== null)
    throw new TabsChangeError('unbind', CARD_TYPES.filter((t) => left.includes(t)), errorOf(out, `unbind${failedUnbind}`))
  }
  const after = cardBindings(resultOf(out, 'list'))
  verify(after, change)
  return { bindings: after, option: change.option ? resultOf(out, 'get') : undefined }
}

/** Remove the tabs this change had just bound (the old ones were never touched); what it cannot remove, the next read shows. */
async function undoBinds(port: B24Port, handler: string, bound: CardTab[]): Promise<void> {
  if (bound.length === 0) return
  const commands = Object.fromEntries(bound.map((tab, i) => [`undo${i}`, { method: 'placement.unbind', params: { PLACEMENT: CARD_PLACEMENTS[tab.card], HANDLER: handler } }]))
  await port.batch(commands).catch(() => undefined)
}

/** Each chosen card has exactly one of the app's tabs, this handler's; with 'unbind', no other card has one. */
function verify(bindings: readonly TabBinding[], change: TabsChange): void {
  const wrong = tabsAmiss(bindings, { handler: change.handler, cards: change.tabs.map((tab) => tab.card), others: change.others })
  if (wrong.length > 0) {
    throw new TabsChangeError('verify', wrong, new B24Error(AppErrorCode.BINDING_NOT_CONFIRMED, 0, `placement.get does not list the tabs wanted in: ${wrong.join(', ')}`))
  }
}

function errorOf(out: Readonly<Record<string, BatchOutcome<unknown>>>, key: string): B24Error {
  const outcome = out[key]
  return outcome && !outcome.ok ? outcome.error : failureOf(undefined, key)
}

/** The app's bindings in card-tab placements, from placement.get's rows (other placements are none of this code's business). */
function cardBindings(result: unknown): TabBinding[] {
  const rows = Array.isArray(result) ? result as Array<Record<string, unknown>> : []
  return rows
    .map((b) => ({ placement: String(b.placement ?? b.PLACEMENT ?? '').toUpperCase(), handler: String(b.handler ?? b.HANDLER ?? '') }))
    .filter((b) => cardOfPlacement(b.placement) !== null)
}
