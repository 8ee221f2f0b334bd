import { resultOf, type B24Port } from './port'

/** One app option as the portal has it now (app.option.get; null when missing). */
export async function readAppOption(port: B24Port, key: string): Promise<unknown> {
  return port.call<unknown>('app.option.get', { option: key })
}

/**
 * Save one app option through REST app.option.set (admins only: a non-admin
 * gets ACCESS_DENIED, unlike the frame's setAppOption, which silently drops
 * the write, docs/bitrix24.md, Options) and read it back in the same request.
 */
export async function saveAppOption(port: B24Port, key: string, value: string): Promise<unknown> {
  const out = await port.batch<unknown>({
    set: { method: 'app.option.set', params: { options: { [key]: value } } },
    get: { method: 'app.option.get', params: { option: key } },
  })
  resultOf(out, 'set')
  return resultOf(out, 'get')
}
