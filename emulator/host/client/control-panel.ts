/**
 * The emulator's control panel: the dark bar above the card (its status
 * line) and the drawer it opens: session settings, faults, the portal's
 * data, and the live log.
 */
import type { CrmEntityType, LogEntry, PortalSettings, PortalUser, Role } from '../../portal/api.ts'
import { cardPath } from '../../portal/paths.ts'
import type { CompanyRow, UserView } from '../../control.ts'
import { OPTS_MODES } from '../config.ts'
import { api } from './api.ts'
import { reloadAllFrames, setCurrentLang } from './frames.ts'
import { onStateChange, watchLog } from './live.ts'
import { byId, cfg, h } from './page.ts'

/** Bitrix24's LANG codes (docs/bitrix24.md, Opening a placement). */
const LANGS = ['en', 'ru', 'de', 'la', 'br', 'fr', 'it', 'pl', 'ua', 'tr', 'sc', 'tc', 'ja', 'vn', 'id', 'ms', 'th', 'ar', 'kz', 'in']
const COMMON_METHODS = [
  'crm.company.contact.items.get', 'crm.company.contact.items.delete', 'crm.company.contact.items.set',
  'crm.company.contact.add', 'crm.contact.list', 'crm.item.list', 'batch', 'user.current', 'profile',
  'user.admin', 'app.option.get', 'app.option.set', 'placement.bind', 'placement.get', 'crm.timeline.comment.add',
]
const ERROR_CODES = ['ACCESS_DENIED', 'expired_token', 'QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT', 'INTERNAL_SERVER_ERROR', 'NO_AUTH_FOUND', 'insufficient_scope', 'user_access_error', '']

// ---------------------------------------------------------------- status bar ----

/** The bar's status line (and the portal header's user name): who, language, times, install state, page mode. */
function updateSummary(settings: PortalSettings, users: PortalUser[]): void {
  const node = byId('emu-bar-summary')
  const me = users.find(u => u.id === settings.userId)
  const text = `${me ? `${me.name} ${me.lastName} (${me.role})` : `user ${settings.userId}`} · ${settings.lang} · ${settings.latencyMs} ms${settings.networkMs ? ` + network ${settings.networkMs} ms` : ''} · ${settings.installed ? 'installed' : 'not installed'}${cfg.silent ? ' · SILENT' : ''}${cfg.ignore.length ? ` · ignoring ${cfg.ignore.join(', ')}` : ''} · ${cfg.placement}`
  if (node) node.textContent = text
  const header = byId('b24-user-name')
  if (header && me) header.textContent = `${me.name} ${me.lastName}`
}

/** Read the portal's state and show it in the bar (and, once built, the panel). */
async function readState(): Promise<void> {
  try {
    const s = await api('state')
    setCurrentLang(s.settings.lang)
    updateSummary(s.settings, s.users)
    panelSession?.(s.settings, s.users)
  } catch {
    // the bar keeps what it showed
  }
}

// --------------------------------------------------------------------- log ----

function logItem(e: LogEntry): HTMLLIElement {
  const time = new Date(e.at).toLocaleTimeString(undefined, { hour12: false })
  const bad = e.error !== undefined || (e.status !== undefined && e.status >= 400)
  const detail = e.kind === 'rest'
    ? `${e.status ?? ''}${e.error ? ` ${e.error}` : ''}${e.sub ? ` [${e.sub.join(', ')}]` : ''}`
    : (e.params === undefined ? '' : JSON.stringify(e.params).slice(0, 160))
  return h('li', { class: `emu-log-${e.kind}${bad ? ' is-error' : ''}` },
    h('span', { class: 'emu-log-seq' }, `#${e.seq}`), ` ${time} `,
    h('span', { class: 'emu-log-kind' }, e.kind === 'rest' ? 'REST' : 'FRAME'), ' ',
    h('strong', {}, e.name), ` ${detail}`)
}

/** The newest entry the panel's log shows: it follows on from there when opened again. */
let logSeq = 0

function showLog(list: HTMLOListElement, entries: LogEntry[]): void {
  for (const e of entries) {
    list.prepend(logItem(e))
    logSeq = Math.max(logSeq, e.seq)
  }
  while (list.children.length > 300) list.lastElementChild?.remove()
}

// ------------------------------------------------------------------ drawer ----

function field(label: string, control: HTMLElement): HTMLDivElement {
  return h('div', { class: 'emu-field' }, h('label', { for: control.id }, label), control)
}

let flashNode: HTMLElement | null = null
function flash(text: string, error = false): void {
  if (!flashNode) return
  flashNode.textContent = text
  flashNode.classList.toggle('is-error', error)
}

function button(label: string, onClick: () => void | Promise<void>, cls = 'emu-btn'): HTMLButtonElement {
  const b = h('button', { type: 'button', class: cls }, label)
  b.addEventListener('click', () => {
    b.disabled = true
    Promise.resolve(onClick())
      .catch((err: unknown) => flash(err instanceof Error ? err.message : String(err), true))
      .finally(() => { b.disabled = false })
  })
  return b
}

function options(select: HTMLSelectElement, items: Array<[string, string]>, selected: string): void {
  select.replaceChildren(...items.map(([value, label]) => h('option', { value, selected: value === selected }, label)))
}

/** The built panel's session fields, shown again after a state change (null until built). */
let panelSession: ((settings: PortalSettings, users: UserView[]) => void) | null = null

function sessionFields(state: { settings: PortalSettings, users: UserView[] }): HTMLFieldSetElement {
  let { settings, users } = state
  const userSel = h('select', { id: 'emu-user' })
  const roleSel = h('select', { id: 'emu-role' })
  const langSel = h('select', { id: 'emu-lang' })
  const latency = h('input', { id: 'emu-latency', type: 'number', min: 0, step: 100 })
  const network = h('input', { id: 'emu-network', type: 'number', min: 0, step: 10 })
  const installed = h('input', { id: 'emu-installed', type: 'checkbox' })
  const rate = h('input', { id: 'emu-rate', type: 'checkbox' })
  const optsSel = h('select', { id: 'emu-opts' })

  const show = (s: PortalSettings, u: UserView[]): void => {
    settings = s
    users = u
    options(userSel, users.map(x => [String(x.id), `${x.name} ${x.lastName} (${x.role})`]), String(settings.userId))
    const me = users.find(x => x.id === settings.userId)
    options(roleSel, [['admin', 'admin'], ['editor', 'editor'], ['readonly', 'readonly']], me?.role ?? 'admin')
    options(langSel, LANGS.map(l => [l, l]), settings.lang)
    latency.value = String(settings.latencyMs)
    network.value = String(settings.networkMs)
    installed.checked = settings.installed
    rate.checked = settings.rateLimit.enabled
    updateSummary(settings, users)
  }
  panelSession = show
  options(optsSel, OPTS_MODES.map(o => [o, o]), cfg.optsMode)
  show(settings, users)

  const patch = async (p: Partial<PortalSettings>, reload: boolean): Promise<void> => {
    const s = await api('patchSettings', { body: p })
    show(s, await api('users'))
    flash(`Saved: ${Object.keys(p).join(', ')}${reload ? ' — app reloaded' : ''}`)
    if (reload) reloadAllFrames()
  }
  const onChange = (control: HTMLElement, p: () => Partial<PortalSettings>, reload: boolean): void => {
    control.addEventListener('change', () => void patch(p(), reload).catch(e => flash(String(e), true)))
  }
  onChange(userSel, () => ({ userId: Number(userSel.value) }), true)
  onChange(langSel, () => ({ lang: langSel.value }), true)
  onChange(latency, () => ({ latencyMs: Math.max(0, Number(latency.value) || 0) }), false)
  onChange(network, () => ({ networkMs: Math.max(0, Number(network.value) || 0) }), false)
  onChange(installed, () => ({ installed: installed.checked }), true)
  onChange(rate, () => ({ rateLimit: { ...settings.rateLimit, enabled: rate.checked } }), false)
  roleSel.addEventListener('change', () => {
    void api('setRole', { params: { id: settings.userId }, body: { role: roleSel.value as Role } })
      .then(list => { show(settings, list); flash(`Role: ${roleSel.value} — app reloaded`); reloadAllFrames() })
      .catch(e => flash(String(e), true))
  })
  optsSel.addEventListener('change', () => {
    const u = new URL(location.href)
    u.searchParams.set('opts', optsSel.value)
    location.href = u.toString()
  })

  return h('fieldset', {}, h('legend', {}, 'Session'),
    field('User', userSel), field('Role of this user', roleSel), field('Language', langSel),
    field('Latency (server time), ms', latency),
    field('Network (per request), ms', network),
    h('label', { class: 'emu-check' }, installed, ' App installed'),
    h('label', { class: 'emu-check' }, rate, ' Rate limit (2/s, burst 50)'),
    field('PLACEMENT_OPTIONS as', optsSel))
}

function faultFields(): HTMLFieldSetElement {
  const fMethod = h('input', { id: 'emu-fault-method', list: 'emu-methods', value: 'crm.company.contact.items.delete', size: 30 })
  const fKind = h('select', { id: 'emu-fault-kind' })
  options(fKind, [['error', 'error (not applied)'], ['drop', 'drop (applied, no answer)']], 'error')
  const fCount = h('input', { id: 'emu-fault-count', type: 'number', min: 1, value: 1 })
  const fStatus = h('input', { id: 'emu-fault-status', type: 'number', value: 403 })
  const fCode = h('input', { id: 'emu-fault-code', value: 'ACCESS_DENIED', list: 'emu-codes' })
  const fDesc = h('input', { id: 'emu-fault-desc', value: 'Access denied!' })
  const faultList = h('ul', { class: 'emu-faults' })
  return h('fieldset', {}, h('legend', {}, 'Faults (next calls of a method)'),
    h('datalist', { id: 'emu-methods' }, ...COMMON_METHODS.map(m => h('option', { value: m }))),
    h('datalist', { id: 'emu-codes' }, ...ERROR_CODES.map(c => h('option', { value: c }))),
    field('Method', fMethod), field('Kind', fKind), field('Count', fCount),
    field('HTTP status', fStatus), field('Error code', fCode), field('Description', fDesc),
    h('div', { class: 'emu-row' },
      button('Add fault', async () => {
        const kind = fKind.value === 'drop' ? 'drop' : 'error'
        await api('addFaults', {
          body: {
            method: fMethod.value, kind, count: Number(fCount.value) || 1,
            status: Number(fStatus.value) || 500, error: fCode.value, description: fDesc.value,
          },
        })
        faultList.append(h('li', {}, `${fMethod.value} × ${fCount.value}: ${kind === 'drop' ? 'drop' : `${fStatus.value} ${fCode.value}`}`))
        flash('Fault added')
      }),
      button('Clear faults', async () => {
        await api('clearFaults')
        faultList.replaceChildren()
        flash('Faults cleared')
      }, 'emu-btn emu-btn-light')),
    faultList)
}

function portalFields(companies: CompanyRow[]): HTMLFieldSetElement {
  const companyList = h('ul', { class: 'emu-companies' })
  const renderCompanies = (list: CompanyRow[]): void => {
    companyList.replaceChildren(...list.map(c => h('li', {},
      h('a', { href: `/crm/company/details/${c.id}/${cfg.silent ? '?silent=1' : ''}` }, `${c.title}`),
      ` #${c.id} · ${c.contactCount}`)))
  }
  renderCompanies(companies)
  const newTitle = h('input', { id: 'emu-company-title', value: 'Lakeside Ceramics', size: 20 })
  const newCount = h('input', { id: 'emu-company-contacts', type: 'number', min: 0, value: 5 })
  return h('fieldset', {}, h('legend', {}, 'Portal'),
    h('div', { class: 'emu-row' },
      button('Expire tokens', async () => { await api('expireTokens'); flash('Tokens expired: next call gets 401 expired_token') }),
      button('Reload app frame', () => { reloadAllFrames(); flash('App reloaded') }, 'emu-btn emu-btn-light'),
      button('Reset data', async () => { await api('reset'); location.reload() }, 'emu-btn emu-btn-danger')),
    h('p', { class: 'emu-sub' }, 'Companies'),
    companyList,
    h('div', { class: 'emu-row' }, field('New company', newTitle), field('contacts', newCount),
      button('Add company', async () => {
        const r = await api('addCompany', { body: { title: newTitle.value || 'New company', contacts: Number(newCount.value) || 0 } })
        renderCompanies(await api('companies'))
        flash(`Company #${r.id} added`)
      })))
}

/** The card types, in the order the panel lists them, and how many records of each it lists (contacts run to thousands). */
const CARD_LIST: ReadonlyArray<readonly [CrmEntityType, string, number | undefined]> = [
  ['company', 'Companies', undefined], ['deal', 'Deals', undefined], ['lead', 'Leads', undefined],
  ['quote', 'Quotes', undefined], ['contact', 'Contacts', 50],
]

/**
 * Every card type: whether its tab is bound (the handlers its placement has,
 * as the card loads them), a button that binds or unbinds the app's handler
 * (control API, no REST), and its cards to open. Changing a binding reloads
 * the page when it is a card of that type.
 */
function cardFields(): HTMLFieldSetElement {
  const rows = CARD_LIST.map(([type, label, limit]) => {
    const status = h('span', { class: 'emu-sub', id: `emu-tab-${type}` }, '…')
    const toggle = h('button', { type: 'button', class: 'emu-btn emu-btn-light', id: `emu-bind-${type}` }, '…')
    const list = h('ul', { class: 'emu-companies', id: `emu-cards-${type}` })
    let placement = ''
    let bound = false
    const show = async (): Promise<void> => {
      const tab = await api('cardTab', { params: { type } })
      placement = tab.placement
      bound = tab.handlers.length > 0
      status.textContent = `${placement}: ${bound ? `bound (${tab.handlers.map(b => b.handler).join(', ')})` : 'not bound'}`
      toggle.textContent = bound ? 'Unbind tab' : 'Bind tab'
      toggle.setAttribute('aria-label', `${bound ? 'Unbind' : 'Bind'} the app's tab on ${label.toLowerCase()}`)
    }
    toggle.addEventListener('click', () => {
      toggle.disabled = true
      const wasBound = bound
      const done = wasBound ? api('unbindPlacement', { body: { placement } }) : api('bindPlacement', { body: { placement } })
      void done
        .then(async () => {
          await show()
          flash(`${placement} ${wasBound ? 'unbound' : 'bound'}`)
          if (cfg.cardType === type) location.reload()
        })
        .catch((e: unknown) => flash(String(e), true))
        .finally(() => { toggle.disabled = false })
    })
    const summary = h('summary', {}, label)
    const details = h('details', { id: `emu-card-list-${type}` }, summary, list)
    details.addEventListener('toggle', () => {
      if (!details.open || list.childElementCount > 0) return
      void api('crmItems', { params: { type }, query: limit === undefined ? {} : { limit } })
        .then(items => list.replaceChildren(...items.map(c => h('li', {},
          h('a', { href: `${cardPath(c.type, c.id)}${cfg.silent ? '?silent=1' : ''}` }, c.title),
          ` #${c.id} · ${c.linkCount}`))))
        .catch((e: unknown) => flash(String(e), true))
    })
    void show().catch((e: unknown) => { status.textContent = String(e) })
    return h('div', { class: 'emu-card-type', 'data-card-type': type }, h('div', { class: 'emu-row' }, status, toggle), details)
  })
  return h('fieldset', { id: 'emu-cards' }, h('legend', {}, 'Cards (open one; bind or unbind its tab)'), ...rows)
}

let logList: HTMLOListElement | null = null

function logFields(): HTMLFieldSetElement {
  const list = h('ol', { class: 'emu-log-list', 'aria-live': 'off' })
  logList = list
  return h('fieldset', { class: 'emu-log' }, h('legend', {}, 'Log (REST calls and frame messages)'),
    h('div', { class: 'emu-row' },
      button('Clear log', async () => { await api('clearLog'); list.replaceChildren() }, 'emu-btn emu-btn-light')),
    list)
}

async function buildPanel(body: HTMLElement): Promise<void> {
  const state = await api('state')
  flashNode = h('p', { class: 'emu-flash', role: 'status' })
  body.replaceChildren(
    h('div', { class: 'emu-grid' }, sessionFields(state), faultFields(), portalFields(state.companies), cardFields(), logFields()),
    flashNode)
}

export function setupPanel(): void {
  const toggle = byId<HTMLButtonElement>('emu-panel-toggle')
  const body = byId('emu-panel-body')
  if (!toggle || !body) return
  let open = false
  let built: Promise<void> | undefined
  let unwatch: (() => void) | undefined
  const setOpen = (on: boolean): void => {
    open = on
    toggle.setAttribute('aria-expanded', String(on))
    body.hidden = !on
    built ??= buildPanel(body).catch(err => { body.textContent = `Control panel failed: ${String(err)}` })
    if (on) {
      // The log follows once the panel is built, from where the panel's list stands.
      void built.then(() => {
        if (open && logList && !unwatch) unwatch = watchLog(entries => { if (logList) showLog(logList, entries) }, logSeq)
      })
    } else {
      unwatch?.()
      unwatch = undefined
    }
  }
  toggle.addEventListener('click', () => setOpen(!open))
  onStateChange(() => void readState())
  void readState()
  if (cfg.panelOpen) setOpen(true)
}
