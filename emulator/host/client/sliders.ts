/**
 * Bitrix24's sliders: a panel from the right with a portal page (openPath)
 * or the app's own page (openApplication), closed by its button, a click
 * outside it or Escape.
 */
import { isRecord } from '../../common.ts'
import { createAppFrame, reloadFrame, removeFrame, type AppFrame, type FrameSlider } from './frames.ts'
import { byId, h } from './page.ts'

interface Slider extends FrameSlider {
  root: HTMLElement
  frame?: AppFrame
}

const sliders: Slider[] = []

function openSlider(label: string, onClosed: () => void): Slider {
  const root = byId('slider-root') ?? document.body
  const title = h('h2', { class: 'b24-slider-title' }, label)
  const closeBtn = h('button', { type: 'button', class: 'b24-slider-close', 'aria-label': 'Close slider' }, '×')
  const content = h('div', { class: 'b24-slider-content' })
  const panel = h('div', { class: 'b24-slider', role: 'dialog', 'aria-modal': 'true', 'aria-label': label },
    closeBtn, h('div', { class: 'b24-slider-head' }, title), content)
  const overlay = h('div', { class: 'b24-slider-overlay' }, panel)
  let closed = false
  const slider: Slider = {
    root: content,
    title,
    close() {
      if (closed) return
      closed = true
      const i = sliders.indexOf(slider)
      if (i >= 0) sliders.splice(i, 1)
      if (slider.frame) removeFrame(slider.frame)
      overlay.classList.remove('is-open')
      setTimeout(() => overlay.remove(), 200)
      onClosed()
    },
  }
  closeBtn.addEventListener('click', () => slider.close())
  overlay.addEventListener('click', ev => { if (ev.target === overlay) slider.close() })
  root.append(overlay)
  sliders.push(slider)
  requestAnimationFrame(() => requestAnimationFrame(() => overlay.classList.add('is-open')))
  closeBtn.focus()
  return slider
}

document.addEventListener('keydown', ev => {
  if (ev.key === 'Escape' && sliders.length > 0) sliders[sliders.length - 1]?.close()
})

/** openPath: a portal page in a slider (contact cards come from the model). */
export function openPathSlider(path: string, onClosed: () => void): void {
  const url = new URL(path, location.origin)
  if (url.origin !== location.origin) {
    onClosed()
    return
  }
  url.searchParams.set('IFRAME', 'Y')
  const slider = openSlider('Loading…', onClosed)
  slider.root.parentElement?.setAttribute('data-path', url.pathname)
  void fetch(url.toString(), { headers: { Accept: 'text/html' } })
    .then(res => res.text())
    .then(text => {
      // Server-rendered by emulator/host/pages.ts with every value escaped.
      const doc = new DOMParser().parseFromString(text, 'text/html')
      const page = doc.querySelector('.b24-slider-page') ?? doc.body
      const heading = page.querySelector('h1')?.textContent ?? doc.title
      slider.title.textContent = heading
      slider.root.parentElement?.setAttribute('aria-label', heading)
      page.querySelector('h1')?.remove()
      slider.root.append(document.importNode(page, true))
    })
    .catch(() => { slider.root.append(h('p', { class: 'b24-muted' }, 'Could not load the page.')) })
}

/** openApplication: the app's own page (PLACEMENT DEFAULT) in a slider; answered when it closes. */
export function openAppSlider(params: unknown, onClosed: () => void): void {
  const slider = openSlider('Application', onClosed)
  const options = isRecord(params) ? params : {}
  const frame = createAppFrame('DEFAULT', options, slider.root, 'Application (slider)')
  frame.slider = slider
  slider.frame = frame
  frame.iframe.classList.add('is-slider')
  void reloadFrame(frame)
}
