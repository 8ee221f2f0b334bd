import type { B24Port } from './port'

/**
 * Save some of this user's options for the app (REST user.option.set: any
 * user, per user and app, docs/bitrix24.md, Options). Values are strings; an empty string
 * reads back as missing.
 */
export async function saveUserOptions(port: B24Port, options: Record<string, string>): Promise<void> {
  await port.call('user.option.set', { options })
}
