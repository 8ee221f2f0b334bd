import { defineStore } from 'pinia'
import { inject, ref, shallowRef } from 'vue'
import { B24_PORT } from '@/b24/port'
import { AppErrorCode, B24Error } from '@/b24/errors'
import { readAppOption, saveAppOption } from '@/b24/app-options'
import {
  SETTINGS_OPTION_KEY, parseSettings, serializeSettings,
  type AppSettings, type SettingsProblem,
} from '@/domain/settings'

/**
 * The app's settings (who may clear, the timeline trail). Read from the
 * options getInitData sent when the frame opened (no request), re-read over
 * REST on the settings page; saved by admins through REST and read back.
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

  function apply(raw: unknown) {
    const parsed = parseSettings(raw)
    settings.value = parsed.settings
    problem.value = parsed.problem
  }

  /** Re-read the option from the portal. */
  async function load() {
    lastAction.value = 'load'
    status.value = 'loading'
    lastError.value = null
    try {
      apply(await readAppOption(port!, SETTINGS_OPTION_KEY))
      status.value = 'idle'
    } catch (error) {
      lastError.value = B24Error.from(error)
      status.value = 'error'
    }
  }

  /**
   * Save (admins only; the portal refuses others) and confirm by reading the
   * option back: resolves only when the portal has exactly what was sent.
   */
  async function save(next: AppSettings): Promise<void> {
    lastAction.value = 'save'
    status.value = 'saving'
    lastError.value = null
    try {
      const sent = serializeSettings(next)
      const back = await saveAppOption(port!, SETTINGS_OPTION_KEY, sent)
      apply(back)
      if (problem.value !== null || serializeSettings(settings.value) !== sent) throw new B24Error(AppErrorCode.NOT_CONFIRMED)
      status.value = 'idle'
    } catch (error) {
      lastError.value = B24Error.from(error)
      status.value = 'error'
      throw lastError.value
    }
  }

  return { settings, problem, status, lastError, lastAction, load, save }
})
