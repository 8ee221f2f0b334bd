import { describe, expect, it } from 'vitest'
import { guardStorage, MemoryStorage } from '@/storage-guard'

/** A window whose storage getters throw, as in a frame with third-party storage blocked (docs/bitrix24.md, Storage in the frame). */
function blockedWindow(): Window {
  const win = {} as Window
  for (const name of ['localStorage', 'sessionStorage']) {
    Object.defineProperty(win, name, { configurable: true, get() { throw new DOMException('Access is denied for this document.', 'SecurityError') } })
  }
  return win
}

describe('guardStorage', () => {
  it('puts a working in-memory storage where reading one throws', () => {
    const win = blockedWindow()
    expect(guardStorage(win)).toEqual(['localStorage', 'sessionStorage'])
    win.localStorage.setItem('vueuse-color-scheme', 'auto')
    expect(win.localStorage.getItem('vueuse-color-scheme')).toBe('auto')
    expect(win.localStorage.length).toBe(1)
    expect(win.localStorage.key(0)).toBe('vueuse-color-scheme')
    win.localStorage.removeItem('vueuse-color-scheme')
    expect(win.localStorage.getItem('vueuse-color-scheme')).toBeNull()
    expect(win.sessionStorage).not.toBe(win.localStorage)
  })

  it('leaves storage that works alone', () => {
    const real = new MemoryStorage()
    const win = { localStorage: real, sessionStorage: real } as unknown as Window
    expect(guardStorage(win)).toEqual([])
    expect(win.localStorage).toBe(real)
  })

  it('gives up quietly on a property it may not redefine', () => {
    const win = {} as Window
    Object.defineProperty(win, 'localStorage', { configurable: false, get() { throw new DOMException('denied', 'SecurityError') } })
    Object.defineProperty(win, 'sessionStorage', { configurable: true, value: new MemoryStorage() })
    expect(guardStorage(win)).toEqual([])
  })
})
