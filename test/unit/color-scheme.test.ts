// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { followColorScheme } from '@/color-scheme'

function fakeSystem(dark: boolean) {
  const listeners: Array<() => void> = []
  const query = { matches: dark, addEventListener: (_: string, fn: () => void) => listeners.push(fn) }
  return {
    win: { matchMedia: () => query as unknown as MediaQueryList, document },
    switchTo(next: boolean) {
      query.matches = next
      for (const fn of listeners) fn()
    },
  }
}

describe('followColorScheme', () => {
  it('puts the kit\'s .dark on <html> while the system prefers dark, and follows changes', () => {
    const system = fakeSystem(true)
    followColorScheme(system.win)
    expect(document.documentElement.classList.contains('dark')).toBe(true)
    system.switchTo(false)
    expect(document.documentElement.classList.contains('dark')).toBe(false)
    system.switchTo(true)
    expect(document.documentElement.classList.contains('dark')).toBe(true)
    system.switchTo(false)
  })

  it('touches no storage and adds no <style> element', () => {
    const before = document.head.querySelectorAll('style').length
    followColorScheme(fakeSystem(true).win)
    expect(document.head.querySelectorAll('style').length).toBe(before)
    expect(localStorage.length).toBe(0)
  })
})
