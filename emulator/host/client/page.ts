/**
 * The host page itself: the config the server embedded in it, and the DOM
 * helpers every part of the script builds with.
 */
import type { HostConfig } from '../config.ts'

function readConfig(): HostConfig {
  const node = document.getElementById('emu-config')
  if (!node?.textContent) throw new Error('emulator host page: no #emu-config')
  return JSON.parse(node.textContent) as HostConfig
}

/** What the server put in the page (emulator/host/config.ts). */
export const cfg: HostConfig = readConfig()

type Attrs = Record<string, string | number | boolean | undefined>
export type Child = Node | string | null | undefined | false

/** Build an element; text goes in as text nodes only (portal data is user input). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue
    node.setAttribute(key, value === true ? '' : String(value))
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    node.append(child)
  }
  return node
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T | null {
  return document.getElementById(id) as T | null
}
