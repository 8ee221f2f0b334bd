import { defineStore } from 'pinia'
import { computed, inject, ref, shallowRef } from 'vue'
import { B24_PORT } from '@/b24/port'
import { B24Error } from '@/b24/errors'
import { getCompany, getCompanyLinks, type Company, type CompanyContactLink } from '@/b24/crm'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

/** The links between one company and its contacts, as the portal has them. */
export const useCompanyContactsStore = defineStore('company-contacts', () => {
  const port = inject(B24_PORT)
  if (!port) throw new Error('company-contacts store: no B24Port provided (app.provide(B24_PORT, port) before using the store)')

  const companyId = ref<number | null>(null)
  const company = shallowRef<Company | null>(null)
  const links = shallowRef<CompanyContactLink[]>([])
  const status = ref<LoadStatus>('idle')
  const lastError = shallowRef<B24Error | null>(null)

  const count = computed(() => links.value.length)

  /** Read the company and its links from the portal (two calls in parallel). */
  async function load(id: number) {
    companyId.value = id
    status.value = 'loading'
    lastError.value = null
    try {
      const [companyRow, linkRows] = await Promise.all([getCompany(port!, id), getCompanyLinks(port!, id)])
      if (companyId.value !== id) return
      company.value = companyRow
      links.value = linkRows
      status.value = 'ready'
    } catch (error) {
      if (companyId.value !== id) return
      lastError.value = B24Error.from(error)
      status.value = 'error'
    }
  }

  return { companyId, company, links, status, lastError, count, load }
})
