/**
 * Bitrix24's pickers (selectUser, selectAccess): a dialog of the model's
 * users; Cancel closes it without an answer, as Bitrix24's does.
 */
import type { PortalUser } from '../../portal/api.ts'
import { api } from './api.ts'
import { h } from './page.ts'

function pickerDialog(label: string, build: (body: HTMLElement, done: (value: unknown) => void) => void): Promise<unknown> {
  return new Promise(resolve => {
    const body = h('div', { class: 'b24-picker-body' })
    const cancel = h('button', { type: 'button', class: 'b24-btn b24-btn-light' }, 'Cancel')
    const dialog = h('div', { class: 'b24-picker', role: 'dialog', 'aria-modal': 'true', 'aria-label': label },
      h('h2', { class: 'b24-section-title' }, label), body, h('div', { class: 'b24-picker-actions' }, cancel))
    const overlay = h('div', { class: 'b24-picker-overlay' }, dialog)
    const done = (value: unknown): void => {
      overlay.remove()
      resolve(value)
    }
    // Cancel: Bitrix24's dialog closes without calling back.
    cancel.addEventListener('click', () => done(null))
    build(body, done)
    document.body.append(overlay)
    body.querySelector<HTMLElement>('button, input')?.focus()
  })
}

/** Checkboxes for `items` and a Select button that answers the checked ones. */
function checkList<T extends { id: string | number, name: string }>(body: HTMLElement, items: T[], done: (value: unknown) => void, answer: (item: T) => unknown, disabled: (item: T) => boolean = () => false): void {
  const boxes = items.map(item => {
    const box = h('input', { type: 'checkbox', value: item.id, disabled: disabled(item) })
    body.append(h('label', { class: 'b24-picker-check' }, box, ` ${item.name}`))
    return { box, item }
  })
  const ok = h('button', { type: 'button', class: 'b24-btn' }, 'Select')
  ok.addEventListener('click', () => done(boxes.filter(x => x.box.checked).map(x => answer(x.item))))
  body.append(ok)
}

const fullName = (u: PortalUser): string => `${u.name} ${u.lastName}`

export async function pickUsers(multiple: boolean): Promise<unknown> {
  const users = (await api('users')).map(u => ({ id: u.id, name: fullName(u) }))
  return pickerDialog(multiple ? 'Select users' : 'Select user', (body, done) => {
    if (multiple) {
      checkList(body, users, done, u => u)
      return
    }
    for (const u of users) {
      const b = h('button', { type: 'button', class: 'b24-picker-item' }, u.name)
      b.addEventListener('click', () => done(u))
      body.append(b)
    }
  })
}

export async function pickAccess(blocked: string[]): Promise<unknown> {
  const users = await api('users')
  const items = [
    { id: 'AU', name: 'All authorized users' },
    { id: 'G2', name: 'All employees' },
    ...users.map(u => ({ id: `U${u.id}`, name: fullName(u) })),
  ]
  return pickerDialog('Select access', (body, done) => checkList(body, items, done, item => item, item => blocked.includes(item.id)))
}
