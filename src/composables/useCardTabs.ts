import { useI18n } from 'vue-i18n'
import type { CardTab } from '@/b24/tabs'
import type { CardType } from '@/domain/cards'
import { loadLocale, PORTAL_LANGUAGE, SUPPORTED_LOCALES } from '@/i18n'

/**
 * The words around the app's tab in the cards: each card's tab titled in
 * every language the app speaks (placement.bind's LANG_ALL, keyed by
 * Bitrix24 LANG code: uk → ua), and a list of card kinds for a sentence
 * ("company and deal cards").
 */
export function useCardTabs() {
  const i18n = useI18n({ useScope: 'global' })
  const { t } = i18n

  /** A contact's tab lists its companies; every other card's, its contacts. */
  const titleKey = (card: CardType) => (card === 'contact' ? 'install.tab_title_companies' : 'install.tab_title')

  /** The tabs of these cards, titled in all 20 languages (loads every language's words first). */
  async function cardTabs(cards: readonly CardType[]): Promise<CardTab[]> {
    await Promise.all(SUPPORTED_LOCALES.map((l) => loadLocale(i18n as unknown as Parameters<typeof loadLocale>[0], l)))
    return cards.map((card) => ({
      card,
      title: t(titleKey(card)),
      titles: Object.fromEntries(SUPPORTED_LOCALES.map((l) => [PORTAL_LANGUAGE[l], t(titleKey(card), {}, { locale: l })])),
    }))
  }

  /** "company, deal and lead", in the user's language, for "… {cards} cards" */
  function cardKinds(cards: readonly CardType[]): string {
    return new Intl.ListFormat(i18n.locale.value, { type: 'conjunction' }).format(cards.map((c) => t(`cards.kind.${c}`)))
  }

  return { cardTabs, cardKinds }
}
