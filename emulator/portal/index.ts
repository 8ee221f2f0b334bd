/**
 * The portal model: what a Bitrix24 portal answers to the company-contacts app.
 * Plain TypeScript (no Node or DOM imports). See README.md for the facts it
 * emulates and where each comes from.
 */
export type * from './api.ts'
export { createPortal } from './portal.ts'
export type { CreatePortalOptions } from './portal.ts'
