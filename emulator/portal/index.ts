/**
 * The portal model: what a Bitrix24 portal answers to the company-contacts app.
 * Plain TypeScript (no Node or DOM imports). See README.md for the facts it
 * emulates and where each comes from.
 */
export type * from './api.ts'
export { createPortal, AUTH_EXPIRES } from './portal.ts'
export type { CreatePortalOptions } from './portal.ts'
export {
  SEED_COMPANY, SEED_CONTACT, SEED_DEAL, SEED_LARGE_DEAL_CONTACTS, SEED_LEAD, SEED_QUOTE, SEED_USER, SEED_USERS, READONLY_USER_ID,
} from './seed.ts'
export { cardPath, parseCardPath } from './cards.ts'
