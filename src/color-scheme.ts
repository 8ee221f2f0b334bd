/**
 * Follow the system's light or dark preference: Bitrix24 does not tell the app
 * its theme (docs/bitrix24.md, Opening a placement). The UI kit styles `.dark` (its `dark` variant).
 *
 * This replaces the kit's own colour mode (VueUse `useDark`, off in
 * vite.config.ts), which stores the choice in localStorage (throws in a frame
 * whose third-party storage is blocked, docs/bitrix24.md, Storage in the frame) and injects a `<style>`
 * element on every change (blocked by the Content-Security-Policy in deploy/).
 * The app has no theme switch, so there is nothing to store.
 */
export function followColorScheme(win: Pick<Window, 'matchMedia' | 'document'> = window): void {
  const query = typeof win.matchMedia === 'function' ? win.matchMedia('(prefers-color-scheme: dark)') : null
  if (!query) return
  const apply = () => win.document.documentElement.classList.toggle('dark', query.matches)
  apply()
  query.addEventListener('change', apply)
}
