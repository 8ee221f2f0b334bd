import { defineStore } from 'pinia'
import { inject, ref } from 'vue'
import { B24_PORT } from '@/b24/port'
import { saveUserOptions } from '@/b24/user-options'

/** How the tab orders its contacts: the portal's order (SORT), by full name, by last name. */
export type ContactSort = 'sort' | 'name' | 'last_name'
export const CONTACT_SORTS: readonly ContactSort[] = ['sort', 'name', 'last_name']
export const SORT_OPTION_KEY = 'cc_sort'

/**
 * The user's own choices in the tab, kept for them on the portal (REST
 * user.option.set, read back from the frame's USER_OPTIONS when the tab
 * opens: no extra request).
 */
export const usePreferencesStore = defineStore('preferences', () => {
  const port = inject(B24_PORT, null)
  const kept = port?.initialUserOption(SORT_OPTION_KEY)
  const sortBy = ref<ContactSort>(CONTACT_SORTS.includes(kept as ContactSort) ? kept as ContactSort : 'sort')

  /** Choose an order; saved in the background (a failed save only means it is not remembered). */
  function setSort(value: ContactSort) {
    if (!CONTACT_SORTS.includes(value) || value === sortBy.value) return
    sortBy.value = value
    if (port) void saveUserOptions(port, { [SORT_OPTION_KEY]: value }).catch(() => {})
  }

  return { sortBy, setSort }
})
