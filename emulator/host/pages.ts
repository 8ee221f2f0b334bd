/**
 * Server-side HTML of the portal origin: the start page, the CRM company card
 * that hosts the app, the app's own page, and the simple pages a slider opens.
 * Every piece of portal data goes through `esc()`.
 */
import type { CrmEntityType, Portal } from '../portal/api.ts'
import type { HostConfig, OptsMode } from './config.ts'
import { OPTS_MODES } from './config.ts'
import { frameForm } from './frame-form.ts'
import { cardPath } from '../portal/paths.ts'

export function esc(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

/** A contact as a slider shows it (and GET /_emulator/contacts/<id> answers): empty fields left out. */
export interface ContactView {
  id: number
  name?: string
  lastName?: string
  secondName?: string
  post?: string
  phones: string[]
  emails: string[]
}

/** One contact from the model (no REST, so nothing the app did not do is logged); undefined for an unknown id. */
export function contactOf(portal: Portal, id: number): ContactView | undefined {
  const c = portal.contact(id)
  if (!c) return undefined
  const str = (v: string): string | undefined => (v === '' ? undefined : v)
  return {
    id,
    name: str(c.name),
    lastName: str(c.lastName),
    secondName: str(c.secondName),
    post: str(c.post),
    phones: c.phones.filter(Boolean),
    emails: c.emails.filter(Boolean),
  }
}

/** PLACEMENT_OPTIONS naming record `recordId`, sent the way `mode` says (getInitData's value and the form field). */
export function placementOptionsFor(mode: OptsMode, recordId: number): { ctx: unknown, field: string | undefined } {
  const id = String(recordId)
  switch (mode) {
    case 'json-string': return { ctx: JSON.stringify({ ID: id }), field: JSON.stringify({ ID: id }) }
    case 'missing': return { ctx: undefined, field: undefined }
    case 'empty': return { ctx: [], field: '[]' }
    case 'bad': return { ctx: { ID: 'not-a-number' }, field: JSON.stringify({ ID: 'not-a-number' }) }
    case 'garbage': return { ctx: '{"ID":', field: '{"ID":' }
    case 'lower': return { ctx: { id }, field: JSON.stringify({ id }) }
    case 'number': return { ctx: { ID: recordId }, field: JSON.stringify({ ID: recordId }) }
    case 'object':
    default: return { ctx: { ID: id }, field: JSON.stringify({ ID: id }) }
  }
}

export function parseOptsMode(value: string | null): OptsMode {
  return (OPTS_MODES as readonly string[]).includes(value ?? '') ? value as OptsMode : 'object'
}

const STYLESHEET = '/_emulator/assets/host.css'
const SCRIPT = '/_emulator/assets/host.js'

function layout(title: string, body: string, opts: { bare?: boolean, script?: boolean } = {}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${STYLESHEET}">
</head>
<body class="${opts.bare ? 'b24-bare' : 'b24-body'}">
${body}
${opts.script ? `<script type="module" src="${SCRIPT}"></script>` : ''}
</body>
</html>
`
}

function userName(portal: Portal): string {
  const s = portal.settings()
  const u = portal.users().find(x => x.id === s.userId)
  return u ? `${u.name} ${u.lastName}` : `User ${s.userId}`
}

function chrome(portal: Portal, main: string, active: string): string {
  const menu = ['Feed', 'Messenger', 'Calendar', 'Tasks and Projects', 'CRM', 'Sites and Stores', 'Employees', 'Market']
  return `<div class="b24-layout">
<header class="b24-header">
  <a class="b24-logo" href="/">Bitrix<span>24</span></a>
  <span class="b24-portal">Brightwater Trading (emulated portal)</span>
  <span class="b24-search" aria-hidden="true">Search</span>
  <span class="b24-user" id="b24-user-name">${esc(userName(portal))}</span>
</header>
<nav class="b24-menu" aria-label="Portal menu">
  ${menu.map(m => `<span class="b24-menu-item${m === active ? ' is-active' : ''}">${esc(m)}</span>`).join('\n  ')}
</nav>
<main class="b24-main">
${main}
</main>
</div>`
}

function panelShell(): string {
  return `<div id="emu-panel" class="emu-panel">
  <button type="button" id="emu-panel-toggle" class="emu-bar" aria-expanded="false" aria-controls="emu-panel-body">
    <span class="emu-bar-tag">Emulator</span><span id="emu-bar-summary"></span><span class="emu-bar-hint">control panel</span>
  </button>
  <div id="emu-panel-body" class="emu-panel-body" hidden></div>
</div>`
}

function appFrame(cfg: HostConfig, tokens: { auth: string, refresh: string }, lang: string, title: string): string {
  const form = frameForm({ ...cfg, lang, ...tokens })
  return `<div id="app-title" class="b24-app-title" hidden></div>
<iframe id="app-frame" class="b24-app-frame" name="${esc(form.name)}" title="${esc(title)}" src="about:blank"></iframe>
<form id="app-form" class="b24-hidden-form" method="post" target="${esc(form.name)}" action="${esc(form.action)}">
${form.fields.map(([k, v]) => `  <input type="hidden" name="${esc(k)}" value="${esc(v)}">`).join('\n')}
</form>`
}

export interface CardPageInput {
  portal: Portal
  cfg: HostConfig
  tokens: { auth: string, refresh: string }
  /** title of the app's tab (placement.bind TITLE) */
  tabTitle: string
}

/** What each card type is called and which tabs, besides the app's and History, its card has. */
export const CARD_TYPES: Readonly<Record<CrmEntityType, { one: string, many: string, linked: string, tabs: ReadonlyArray<readonly [string, string]> }>> = {
  company: { one: 'Company', many: 'Companies', linked: 'Linked contacts', tabs: [['general', 'General'], ['deals', 'Deals'], ['quotes', 'Quotes'], ['invoices', 'Invoices']] },
  contact: { one: 'Contact', many: 'Contacts', linked: 'Companies', tabs: [['general', 'General'], ['deals', 'Deals'], ['invoices', 'Invoices']] },
  deal: { one: 'Deal', many: 'Deals', linked: 'Contacts', tabs: [['general', 'General'], ['products', 'Products'], ['invoices', 'Invoices']] },
  lead: { one: 'Lead', many: 'Leads', linked: 'Contacts', tabs: [['general', 'General'], ['products', 'Products']] },
  quote: { one: 'Quote', many: 'Quotes', linked: 'Contacts', tabs: [['general', 'General'], ['products', 'Products']] },
}

/** The card's own placement (its pair's): what placement.bind must have bound for the app's tab to show. */
export function cardPlacementOf(portal: Portal, type: CrmEntityType): string {
  return portal.pairs().find(p => p.ownerType === type)?.placement ?? `CRM_${type.toUpperCase()}_DETAIL_TAB`
}

export interface CrmCardPageInput extends CardPageInput {
  type: CrmEntityType
  id: number
}

/**
 * A CRM card (company, contact, deal, lead, quote) as Bitrix24 draws it: the
 * title, the card's own tabs (General and the others show the card's fields),
 * the app's tab when the app bound the card's placement (titled as the
 * binding says, selected), and History (the record's timeline comments).
 * Without a binding the card opens on General, with a note that the app's
 * tab is not bound here. The company card keeps its element ids
 * (`#company-title`, `#general-contact-count`); every card has `#card-title`.
 */
export function renderCardPage({ portal, cfg, tokens, tabTitle, type, id }: CrmCardPageInput): string {
  const kind = CARD_TYPES[type]
  const card = portal.card(type, id)
  const title = card?.title ?? `${kind.one} #${id}`
  const lang = portal.settings().lang
  const placement = cardPlacementOf(portal, type)
  const bound = cfg.tabBound !== false
  const tabs: Array<readonly [string, string]> = [...kind.tabs, ...(bound ? [['app', tabTitle] as const] : []), ['history', 'History']]
  const selected = bound ? 'app' : 'general'
  const countId = type === 'company' ? 'general-contact-count' : 'general-link-count'
  const fields = [
    [type === 'company' ? 'Company name' : type === 'contact' ? 'Name' : 'Title', title],
    ['ID', id],
    ...(card?.details ?? []).map(f => [f.label, f.value]),
  ]
  const panelFor = (key: string) => (key === 'app' || key === 'history' ? key : 'other')
  const main = `<div class="b24-card" id="crm-card" data-card-type="${esc(type)}" data-card-id="${esc(id)}" data-tab-bound="${bound ? '1' : '0'}">
  <div class="b24-card-head">
    <nav class="b24-crumbs" aria-label="Breadcrumbs"><a href="/">CRM</a> <span>›</span> <span>${esc(kind.many)}</span></nav>
    <div class="b24-card-title-row">
      <h1 id="${esc(type)}-title" class="b24-card-title"><span id="card-title">${esc(title)}</span></h1>
      <span id="card-reloaded" class="b24-reloaded" role="status" hidden></span>
    </div>
    ${card ? '' : `<p class="b24-warning">This ${esc(kind.one.toLowerCase())} does not exist in the emulated portal.</p>`}
    ${bound ? '' : `<p id="app-tab-unbound" class="b24-muted">The app's tab is not bound here: no handler for ${esc(placement)} (placement.bind). Bind it from the control panel or the app's settings.</p>`}
  </div>
  <div class="b24-tabs" role="tablist" aria-label="${esc(kind.one)} card">
    ${tabs.map(([key, label]) => `<button type="button" role="tab" id="tab-${key}" class="b24-tab${key === selected ? ' is-active' : ''}" aria-selected="${key === selected}" aria-controls="panel-${panelFor(key)}" data-tab="${key}">${esc(label)}</button>`).join('\n    ')}
  </div>
  <section id="panel-other" class="b24-tab-panel" role="tabpanel"${bound ? ' hidden' : ' aria-labelledby="tab-general"'}>
    <div class="b24-section">
      <h2 class="b24-section-title" id="panel-other-title">General</h2>
      <dl class="b24-fields" id="general-fields">
        ${fields.map(([label, value]) => `<dt>${esc(label)}</dt><dd>${esc(value)}</dd>`).join('\n        ')}
        <dt>${esc(kind.linked)}</dt><dd id="${countId}">${esc(card?.linkCount ?? 0)}</dd>
      </dl>
      <p class="b24-muted">Only the app's tab and the History are emulated.</p>
    </div>
  </section>
  <section id="panel-history" class="b24-tab-panel" role="tabpanel" aria-labelledby="tab-history" hidden>
    <div class="b24-section">
      <h2 class="b24-section-title">Timeline comments</h2>
      <p id="history-empty" class="b24-muted">No comments on this ${esc(kind.one.toLowerCase())}'s timeline.</p>
      <ol id="history-list" class="b24-history" aria-label="Timeline comments, newest first"></ol>
    </div>
  </section>
  ${bound
    ? `<section id="panel-app" class="b24-tab-panel b24-app-panel" role="tabpanel" aria-labelledby="tab-app">
${appFrame(cfg, tokens, lang, `${tabTitle} (application)`)}
  </section>`
    : ''}
</div>`
  return framePage(portal, cfg, `${title} — ${kind.one}`, main, 'CRM')
}

/** A page that hosts the app's frame: the control panel, the portal chrome around `main`, the slider root and the frame's config. */
function framePage(portal: Portal, cfg: CardPageInput['cfg'], title: string, main: string, section: Parameters<typeof chrome>[2]): string {
  return layout(title, `${panelShell()}
${chrome(portal, main, section)}
<div id="slider-root"></div>
<script type="application/json" id="emu-config">${scriptJson(cfg)}</script>`, { script: true })
}

export function renderAppPage({ portal, cfg, tokens, tabTitle }: CardPageInput): string {
  const lang = portal.settings().lang
  const main = `<div class="b24-card">
  <div class="b24-card-head">
    <nav class="b24-crumbs" aria-label="Breadcrumbs"><a href="/">Market</a> <span>›</span> <span>Applications</span></nav>
    <div class="b24-card-title-row"><h1 id="company-title" class="b24-card-title">${esc(tabTitle)}</h1></div>
  </div>
  <section id="panel-app" class="b24-tab-panel b24-app-panel">
${appFrame(cfg, tokens, lang, `${tabTitle} (application)`)}
  </section>
</div>`
  return framePage(portal, cfg, `${tabTitle} — Applications`, main, 'Market')
}

/** How many contacts the start page lists (of thousands): the first ones by id, and Ada Quill's card is among them. */
export const START_PAGE_CONTACTS = 50

export function renderStartPage(portal: Portal, appUrl: string): string {
  const companies = portal.companies()
  const first = companies[0]?.id ?? 1
  const variants = OPTS_MODES.map(m => `<li><a href="/crm/company/details/${esc(first)}/?opts=${esc(m)}">PLACEMENT_OPTIONS: ${esc(m)}</a></li>`)
  const order: CrmEntityType[] = ['company', 'deal', 'lead', 'quote', 'contact']
  const sections = order.map((type) => {
    const kind = CARD_TYPES[type]
    const all = portal.crmItems(type)
    const items = type === 'contact' ? all.slice(0, START_PAGE_CONTACTS) : all
    const placement = cardPlacementOf(portal, type)
    const bound = portal.placementHandlers(placement).length > 0
    const rows = items.map(c => `<li><a href="${esc(cardPath(c.type, c.id))}">${esc(c.title)}</a> <span class="b24-muted">#${esc(c.id)} · ${esc(c.linkCount)} ${esc(kind.linked.toLowerCase())}</span></li>`)
    const more = all.length > items.length
      ? `<p class="b24-muted">The first ${esc(items.length)} of ${esc(all.length)}; any other opens at <code>${esc(cardPath(type, 0).replace('/0/', '/&lt;id&gt;/'))}</code>.</p>`
      : ''
    return `<h2 class="b24-section-title" id="${esc(type)}-section">${esc(kind.many)} <span class="b24-muted" data-tab-bound="${bound ? '1' : '0'}">· ${esc(placement)} ${bound ? 'bound' : 'not bound'}</span></h2>
    <ul class="b24-list" id="${esc(type)}-list">${rows.join('\n')}</ul>
    ${rows.length === 0 ? `<p class="b24-muted">No ${esc(kind.many.toLowerCase())}.${type === 'company' ? ' Add one from the control panel on a card page, or POST /_emulator/companies.' : ''}</p>` : ''}
    ${more}`
  })
  const main = `<div class="b24-card">
  <div class="b24-card-head"><div class="b24-card-title-row"><h1 class="b24-card-title">CRM</h1></div></div>
  <div class="b24-section">
    ${sections.join('\n    ')}
    <h2 class="b24-section-title">Other entry points</h2>
    <ul class="b24-list">
      <li><a href="/marketplace/app/1/">The app's own page (PLACEMENT DEFAULT)</a></li>
      <li><a href="/crm/company/details/${esc(first)}/?install=1">Card with the app not yet installed (INSTALL for admins)</a></li>
      <li><a href="/crm/company/details/${esc(first)}/?silent=1">Card whose portal never answers the app</a></li>
      ${variants.join('\n      ')}
    </ul>
    <p class="b24-muted">App handler: ${esc(appUrl)}. A card shows the app's tab when the app bound its placement (placement.bind, or the control panel's Cards).</p>
  </div>
</div>`
  return layout('CRM — Bitrix24 emulator', chrome(portal, main, 'CRM'))
}

export function renderContactPage(portal: Portal, id: number): string {
  const c = contactOf(portal, id)
  const fullName = c ? [c.name, c.secondName, c.lastName].filter(Boolean).join(' ') : ''
  const heading = fullName || `Contact #${id}`
  // Its companies by SORT, as crm.contact.company.items.get lists them.
  const titles = new Map(portal.companies().map(co => [co.id, co.title]))
  const linkedTo = portal.pairLinks('contact', id).map(l => ({ title: titles.get(Number(l.COMPANY_ID)) ?? `Company #${String(l.COMPANY_ID)}` }))
  const body = `<div class="b24-slider-page">
  <p class="b24-crumbs">CRM › Contacts</p>
  <h1 class="b24-card-title" id="contact-title">${esc(heading)}</h1>
  ${c?.post ? `<p class="b24-muted" id="contact-post">${esc(c.post)}</p>` : ''}
  <div class="b24-section">
    <dl class="b24-fields">
      <dt>ID</dt><dd>${esc(id)}</dd>
      ${c ? '' : '<dt>Details</dt><dd class="b24-muted">Not available from the emulated portal.</dd>'}
      ${(c?.phones ?? []).map(p => `<dt>Phone</dt><dd>${esc(p)}</dd>`).join('')}
      ${(c?.emails ?? []).map(e => `<dt>E-mail</dt><dd>${esc(e)}</dd>`).join('')}
      <dt>Companies</dt><dd>${linkedTo.length ? linkedTo.map(co => esc(co.title)).join(', ') : '—'}</dd>
    </dl>
    ${c ? `<p><a href="${esc(cardPath('contact', id))}" target="_top">Open the full card</a></p>` : ''}
  </div>
</div>`
  return layout(`${heading} — Contact`, body, { bare: true })
}

/** A company, deal, lead or quote as a slider shows it (openPath of its card's path): its title and General fields. */
export function renderRecordSliderPage(portal: Portal, type: Exclude<CrmEntityType, 'contact'>, id: number): string {
  const kind = CARD_TYPES[type]
  const card = portal.card(type, id)
  const title = card?.title ?? `${kind.one} #${id}`
  const body = `<div class="b24-slider-page" data-card-type="${esc(type)}" data-card-id="${esc(id)}">
  <p class="b24-crumbs">CRM › ${esc(kind.many)}</p>
  <h1 class="b24-card-title">${esc(title)}</h1>
  <div class="b24-section"><dl class="b24-fields">
    <dt>ID</dt><dd>${esc(id)}</dd>
    ${card ? '' : '<dt>Details</dt><dd class="b24-muted">Not available from the emulated portal.</dd>'}
    ${(card?.details ?? []).map(f => `<dt>${esc(f.label)}</dt><dd>${esc(f.value)}</dd>`).join('\n    ')}
    <dt>${esc(kind.linked)}</dt><dd>${esc(card?.linkCount ?? 0)}</dd>
  </dl>
  <p><a href="${esc(cardPath(type, id))}" target="_top">Open the full card</a></p></div>
</div>`
  return layout(`${title} — ${kind.one}`, body, { bare: true })
}

/** A company as a slider shows it (`/crm/company/details/<id>/?IFRAME=Y`). */
export function renderCompanySliderPage(portal: Portal, id: number): string {
  return renderRecordSliderPage(portal, 'company', id)
}

/** The page a slider shows for a card path (openPath): a contact's card, or any other record's summary. */
export function renderSliderPage(portal: Portal, type: CrmEntityType, id: number): string {
  return type === 'contact' ? renderContactPage(portal, id) : renderRecordSliderPage(portal, type, id)
}

export function renderNotEmulated(path: string): string {
  const body = `<div class="b24-slider-page">
  <h1 class="b24-card-title">Page not emulated</h1>
  <p class="b24-muted">The emulated portal has no page at <code>${esc(path)}</code>.</p>
  <p><a href="/" target="_top">CRM</a></p>
</div>`
  return layout('Not emulated', body, { bare: true })
}

export function renderPlaceholderApp(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>No app configured</title>
<style>body{font:14px/1.5 system-ui,sans-serif;color:#333;margin:24px}code{background:#f3f4f6;padding:1px 4px}</style></head>
<body><h1>No app configured</h1>
<p>Start the emulator with <code>--app-url http://127.0.0.1:5173/</code> (the Vite dev server) or <code>--app-dir dist</code> (a build).</p>
</body></html>
`
}
