/**
 * The CRM card around the app's tab: its tabs (the app's, History, and the
 * others, which show only the card's fields), and the reloadData the app
 * asks of it.
 */
import { api } from './api.ts'
import { showHistory } from './history.ts'
import { byId, cfg } from './page.ts'

export function setupTabs(): void {
  const tabs = Array.from(document.querySelectorAll<HTMLButtonElement>('[role="tab"][data-tab]'))
  const appPanel = byId('panel-app')
  const historyPanel = byId('panel-history')
  const otherPanel = byId('panel-other')
  const otherTitle = byId('panel-other-title')
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      for (const t of tabs) {
        const on = t === tab
        t.setAttribute('aria-selected', String(on))
        t.classList.toggle('is-active', on)
      }
      const key = tab.dataset.tab
      if (appPanel) appPanel.hidden = key !== 'app'
      if (historyPanel) historyPanel.hidden = key !== 'history'
      showHistory(key === 'history')
      const other = key !== 'app' && key !== 'history'
      if (otherPanel) {
        otherPanel.hidden = !other
        if (other) otherPanel.setAttribute('aria-labelledby', tab.id)
      }
      if (otherTitle && other) otherTitle.textContent = tab.textContent
    })
  }
}

let reloads = 0

/** reloadData: Bitrix24 reloads the card; here a status says so and the title and link count are read again. */
export async function markCardReloaded(): Promise<void> {
  reloads += 1
  const marker = byId('card-reloaded')
  if (marker) {
    marker.textContent = reloads === 1 ? 'Card reloaded' : `Card reloaded ×${reloads}`
    marker.hidden = false
  }
  document.body.dataset.cardReloads = String(reloads)
  if (cfg.cardType === undefined || cfg.cardId === undefined) return
  try {
    const card = await api('card', { params: { type: cfg.cardType, id: cfg.cardId } })
    const title = byId('card-title')
    const count = byId('general-contact-count') ?? byId('general-link-count')
    if (title) title.textContent = card.title
    if (count) count.textContent = String(card.linkCount)
  } catch {
    // the marker is what matters (an unknown record has no card to read)
  }
}
