import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { tabCard } from '@/b24/placement'
import { PAIRS } from '@/b24/pairs'
import type { CardType } from '@/domain/cards'
import { useSessionStore } from '@/stores/session'

/**
 * The tab's words for the card it sits in. The messages are the company
 * card's; a card whose words differ has them under `for_<card>` in each
 * locale file, key for key (`for_deal.contacts.clear_all.done` is the deal
 * card's `contacts.clear_all.done`). `t` picks the card's own message when it
 * has one, else the common one; everything else is vue-i18n's.
 */
export function useCardWords() {
  const i18n = useI18n()
  const session = useSessionStore()
  const card = computed<CardType>(() => tabCard(session.context) ?? 'company')
  const pair = computed(() => PAIRS[card.value])

  /** Whether the current language has this message (walked by hand: `te` of the runtime-only build trips over compiled messages). */
  function has(key: string): boolean {
    let node: unknown = i18n.getLocaleMessage(i18n.locale.value)
    for (const part of key.split('.')) node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined
    return node !== undefined
  }

  function t(key: string, named: Record<string, unknown> = {}, plural?: number): string {
    const own = `for_${card.value}.${key}`
    const chosen = card.value !== 'company' && has(own) ? own : key
    return plural === undefined ? i18n.t(chosen, named) : i18n.t(chosen, named, plural)
  }

  return { ...i18n, t, card, pair }
}
