import type { ContactDetails } from '@/b24/crm'

/** "First Second Last", as Bitrix24 shows a contact; empty when the portal sent no name. */
export function contactFullName(details: ContactDetails | null): string {
  if (!details) return ''
  return [details.name, details.secondName, details.lastName].map((s) => s.trim()).filter(Boolean).join(' ')
}

/** Up to two initials for the avatar, from the first letters of the first and last names. */
export function contactInitials(details: ContactDetails | null): string {
  if (!details) return '#'
  const parts = [details.name, details.lastName].map((s) => s.trim()).filter(Boolean)
  const letters = parts.map((p) => Array.from(p)[0] ?? '').join('')
  return letters.toUpperCase() || '#'
}
