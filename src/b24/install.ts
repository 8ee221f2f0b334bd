import { AppErrorCode, B24Error } from './errors'
import { resultOf, type B24Port } from './port'
import { COMPANY_TAB } from './placement'

export interface TabBinding {
  handler: string
  /** the tab's title in each language the app speaks, e.g. { en: 'Contacts', ru: 'Контакты' } */
  titles: Record<string, string>
  /** the title where the portal's language is none of them */
  title: string
}

/**
 * Bind the company card tab, idempotently, never leaving the card without it:
 * list this app's bindings (placement.get, admin only); when the handler is
 * already bound (a reinstall), keep it; otherwise bind it first, and only then
 * remove bindings of older handlers (binding the same handler twice is an
 * error, and a failed bind must not cost the old tab). Ends with exactly one
 * binding of the placement, this handler's, or throws.
 */
export async function bindCompanyTab(port: B24Port, tab: TabBinding): Promise<void> {
  let bindings = tabBindings(await port.call<unknown>('placement.get', {}))
  const bound = bindings.includes(tab.handler)
  if (!bound) {
    const langAll = Object.fromEntries(Object.entries(tab.titles).map(([lang, title]) => [lang, { TITLE: title }]))
    await port.call('placement.bind', { PLACEMENT: COMPANY_TAB, HANDLER: tab.handler, TITLE: tab.title, LANG_ALL: langAll })
  }
  const old = bindings.filter((h) => h !== tab.handler)
  if (!bound || old.length > 0) {
    // Remove older handlers' bindings and list again, in one request.
    const out = await port.batch<unknown>({
      ...Object.fromEntries(old.map((handler, i) => [`unbind${i}`, { method: 'placement.unbind', params: { PLACEMENT: COMPANY_TAB, HANDLER: handler } }])),
      list: { method: 'placement.get', params: {} },
    })
    bindings = tabBindings(resultOf(out, 'list'))
  }
  if (bindings.length !== 1 || bindings[0] !== tab.handler) {
    throw new B24Error(AppErrorCode.BINDING_NOT_CONFIRMED, 0, `placement.get lists ${bindings.length} bindings of ${COMPANY_TAB}`)
  }
}

/** The handlers this app has bound to the company tab. */
function tabBindings(result: unknown): string[] {
  const rows = Array.isArray(result) ? result as Array<Record<string, unknown>> : []
  return rows.filter((b) => String(b.placement ?? '').toUpperCase() === COMPANY_TAB).map((b) => String(b.handler ?? ''))
}
