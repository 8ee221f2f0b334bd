import { defineStore } from 'pinia'
import { computed, inject, ref, shallowRef } from 'vue'
import { B24_PORT } from '@/b24/port'
import { AppErrorCode, B24Error } from '@/b24/errors'
import { applyTabs, cardsWithTab, readOptionAndTabs, tabsAmiss, type CardTab, type TabBinding } from '@/b24/tabs'
import {
  SETTINGS_OPTION_KEY, parseSettings, serializeSettings,
  type AppSettings, type SettingsProblem,
} from '@/domain/settings'
import type { CardType } from '@/domain/cards'

/**
 * The app's settings (the cards with the tab, who may clear in each, the
 * timeline trail) and, for administrators, where the tab is bound now. Read
 * from the options getInitData sent when the frame opened (no request),
 * re-read over REST on the settings page; saved by admins through REST,
 * together with the tabs, and read back.
 */
export const useSettingsStore = defineStore('settings', () => {
  const port = inject(B24_PORT)
  if (!port) throw new Error('settings store: no B24Port provided (app.provide(B24_PORT, port) before using the store)')

  const initial = parseSettings(port.initialAppOption(SETTINGS_OPTION_KEY))
  const settings = shallowRef<AppSettings>(initial.settings)
  const problem = ref<SettingsProblem | null>(initial.problem)
  const status = ref<'idle' | 'loading' | 'saving' | 'error'>('idle')
  const lastError = shallowRef<B24Error | null>(null)
  /** which action the last error belongs to */
  const lastAction = ref<'load' | 'save' | null>(null)
  /** the app's card tabs as placement.get listed them last (administrators only); null: not read */
  const bindings = shallowRef<TabBinding[] | null>(null)
  /** the cards that have the app's tab now; null: not known */
  const boundCards = computed<CardType[] | null>(() => (bindings.value ? cardsWithTab(bindings.value) : null))

  /** Take the option as read; `keepSame`: leave the settings object alone when it says the same (a form's draft follows it). */
  function apply(raw: unknown, keepSame = false) {
    const parsed = parseSettings(raw)
    if (keepSame && parsed.problem === problem.value && serializeSettings(parsed.settings) === serializeSettings(settings.value)) return
    settings.value = parsed.settings
    problem.value = parsed.problem
  }

  /** Re-read the option (and, for an administrator, the tabs) from the portal. */
  async function load() {
    lastAction.value = 'load'
    status.value = 'loading'
    lastError.value = null
    try {
      const now = await readOptionAndTabs(port!, SETTINGS_OPTION_KEY)
      apply(now.option)
      bindings.value = now.bindings
      status.value = 'idle'
    } catch (error) {
      lastError.value = B24Error.from(error)
      status.value = 'error'
    }
  }

  /**
   * Save (admins only; the portal refuses others): give exactly `next.cards`
   * the tab and write the option, in one request that binds first, then
   * writes the option, then unbinds (src/b24/tabs.ts), and confirm by reading
   * both back. Resolves only when the portal has exactly what was sent.
   * `tab` is the app's handler and each chosen card's tab titles.
   *
   * On failure it throws (a TabsChangeError says which step failed) after
   * reading the portal again, so `settings` and `bindings` show what the
   * portal has: after a failed bind, the old ones. A save whose answer was
   * lost but which went through (the SDK sends a request again after a lost
   * answer; the second run then fails on the tabs the first one bound) is
   * found by that read and resolves.
   */
  async function save(next: AppSettings, tab: { handler: string, tabs: CardTab[] }): Promise<void> {
    lastAction.value = 'save'
    status.value = 'saving'
    lastError.value = null
    const sent = serializeSettings(next)
    const cards = tab.tabs.map((t) => t.card)
    try {
      const applied = await applyTabs(port!, { handler: tab.handler, tabs: tab.tabs, others: 'unbind', option: { key: SETTINGS_OPTION_KEY, value: sent } })
      bindings.value = applied.bindings
      apply(applied.option)
      if (problem.value !== null || serializeSettings(settings.value) !== sent) throw new B24Error(AppErrorCode.NOT_CONFIRMED)
      status.value = 'idle'
    } catch (error) {
      const now = await readOptionAndTabs(port!, SETTINGS_OPTION_KEY).catch(() => null)
      if (now?.bindings) {
        bindings.value = now.bindings
        const parsed = parseSettings(now.option)
        if (parsed.problem === null && serializeSettings(parsed.settings) === sent && tabsAmiss(now.bindings, { handler: tab.handler, cards, others: 'unbind' }).length === 0) {
          apply(now.option)
          status.value = 'idle'
          return
        }
      }
      if (now) apply(now.option, true)
      lastError.value = B24Error.from(error)
      status.value = 'error'
      throw lastError.value
    }
  }

  return { settings, problem, status, lastError, lastAction, bindings, boundCards, load, save }
})
