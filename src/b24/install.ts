import { B24Error } from './errors'
import type { B24Port } from './port'

export const COMPANY_TAB = 'CRM_COMPANY_DETAIL_TAB'

export interface TabBinding {
  handler: string
  /** the tab's title in each language the app speaks, e.g. { en: 'Contacts', ru: 'Контакты' } */
  titles: Record<string, string>
  /** the title where the portal's language is none of them */
  title: string
}

/**
 * Bind the company card tab, idempotently, in one request: remove this app's
 * bindings of the placement (a reinstall meets the old one, and binding the
 * same handler twice is an error), bind it anew with every title, and list
 * the bindings to confirm exactly one is ours. placement.* are admin only.
 */
export async function bindCompanyTab(port: B24Port, tab: TabBinding): Promise<void> {
  const langAll = Object.fromEntries(Object.entries(tab.titles).map(([lang, title]) => [lang, { TITLE: title }]))
  const out = await port.batch<unknown>({
    unbind: { method: 'placement.unbind', params: { PLACEMENT: COMPANY_TAB } },
    bind: { method: 'placement.bind', params: { PLACEMENT: COMPANY_TAB, HANDLER: tab.handler, TITLE: tab.title, LANG_ALL: langAll } },
    list: { method: 'placement.get', params: {} },
  })
  if (!out.unbind?.ok) throw out.unbind?.error ?? new B24Error('ERROR_UNEXPECTED_ANSWER')
  if (!out.bind?.ok) throw out.bind?.error ?? new B24Error('ERROR_UNEXPECTED_ANSWER')
  if (!out.list?.ok) throw out.list?.error ?? new B24Error('ERROR_UNEXPECTED_ANSWER')
  const bindings = Array.isArray(out.list.result) ? out.list.result as Array<Record<string, unknown>> : []
  const ours = bindings.filter((b) => String(b.placement ?? '').toUpperCase() === COMPANY_TAB)
  if (ours.length !== 1 || ours[0]!.handler !== tab.handler) {
    throw new B24Error('APP_BINDING_NOT_CONFIRMED', 0, `placement.get lists ${ours.length} bindings of ${COMPANY_TAB}`)
  }
}
