import { openCompany, type OpenedCompany } from './b24/crm'
import { tabCompanyId } from './b24/placement'
import type { B24Port } from './b24/port'

/** The company tab's first read: which company, and its read under way. */
export interface FirstRead {
  companyId: number
  opened: Promise<OpenedCompany>
}

/**
 * Start the company tab's first read the moment the frame answers (null
 * outside a company tab). main.ts calls it before Vue, the UI kit and the
 * view have loaded, so the read and their download overlap; the store adopts
 * the read (useCompanyContactsStore().load) and shows what it returns.
 */
export function startFirstRead(port: B24Port): FirstRead | null {
  const companyId = tabCompanyId(port.context)
  if (companyId === null) return null
  const opened = openCompany(port, companyId)
  // Its failure is shown by the store once it adopts the read, not reported here as unhandled.
  opened.catch(() => {})
  return { companyId, opened }
}
