/**
 * why: a browser that blocks third-party storage throws a SecurityError the
 * moment a cross-site frame (this app inside the portal) reads
 * `window.localStorage` or `window.sessionStorage` (docs/bitrix24.md, Storage in the frame). Libraries read
 * them at start-up without a guard (Vue's devtools code that Pinia loads in
 * development does, at import). Where reading one throws, this puts an
 * in-memory stand-in in its place for the life of the page; where storage
 * works, nothing changes. main.ts imports this module first, so it runs before
 * any library.
 */
export class MemoryStorage implements Storage {
  #items = new Map<string, string>()
  get length() {
    return this.#items.size
  }
  clear() {
    this.#items.clear()
  }
  getItem(key: string) {
    return this.#items.get(String(key)) ?? null
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null
  }
  removeItem(key: string) {
    this.#items.delete(String(key))
  }
  setItem(key: string, value: string) {
    this.#items.set(String(key), String(value))
  }
}

/** Replace each storage `win` may not read with a MemoryStorage; returns the names replaced. */
export function guardStorage(win: Window = window): string[] {
  const replaced: string[] = []
  for (const name of ['localStorage', 'sessionStorage'] as const) {
    try {
      void win[name]
    } catch {
      try {
        Object.defineProperty(win, name, { configurable: true, enumerable: true, value: new MemoryStorage() })
        replaced.push(name)
      } catch {
        // A property the browser will not let us redefine: nothing more to do.
      }
    }
  }
  return replaced
}

if (typeof window !== 'undefined') guardStorage()
