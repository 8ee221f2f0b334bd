import { readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { SEED_USER } from '@emulator/portal'
import en from '../../src/i18n/locales/en.json'
import de from '../../src/i18n/locales/de.json'
import ru from '../../src/i18n/locales/ru.json'
import { appFrame, seeText, useHarness } from './support/harness'

const h = useHarness()

/** What a person sees in each language, and what the file must hold. */
const CASES = [
  { lang: 'en', messages: en, count: '2 contacts', separator: ',', file: 'contacts-csv-test-co.csv', note: 'Field separator: ,' },
  { lang: 'de', messages: de, count: 'Mit diesem Unternehmen sind 2 Kontakte verknüpft', separator: ';', file: 'kontakte-csv-test-co.csv', note: 'Feldtrennzeichen: ;' },
  { lang: 'ru', messages: ru, count: 'К компании привязано 2 контакта', separator: ';', file: 'kontakty-csv-test-co.csv', note: 'Разделитель полей: ;' },
] as const

describe('the CSV download', () => {
  it.each(CASES)('in $lang: fields separated by $separator, the note on the button says so, phones starting with + kept as text', async ({ lang, messages, count, separator, file, note }) => {
    const portal = h.emulator.portal
    const ada = portal.addContact({ name: 'Ada', lastName: 'Quill', post: 'Buyer, EMEA', phones: ['+44 20 7946 0000'] })
    const bo = portal.addContact({ name: 'Bo', lastName: 'Lind', post: 'Engineer', phones: ['+1-555-0100', '8 (495) 555-01-23'] })
    const company = portal.addCompany({ title: 'CSV Test Co', contactIds: [ada, bo] })
    const { page } = await h.newPage()
    await page.goto(h.emulator.cardUrl(company, { user: SEED_USER.editor, lang }))
    const app = appFrame(page)
    await seeText(app.getByTestId('contact-count'), count)

    const button = app.getByRole('button', { name: messages.contacts.csv.button })
    expect(await button.getAttribute('title')).toBe(note)
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()])
    expect(download.suggestedFilename()).toBe(file)

    const csv = await readFile((await download.path())!, 'utf8')
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    const c = messages.contacts.csv
    const lines = csv.slice(1).split('\r\n')
    expect(lines[0]).toBe([c.id, c.name, c.position, c.phones, c.emails, c.main_company, c.sort].join(separator))
    // A cell holding the separator is quoted; the phones carry the formula escape, nothing else.
    const position = separator === ',' ? '"Buyer, EMEA"' : 'Buyer, EMEA'
    expect(lines.slice(1)).toEqual([
      [ada, 'Ada Quill', position, `"'+44 20 7946 0000"`, '', c.yes, '10'].join(separator),
      [bo, 'Bo Lind', 'Engineer', `"'+1-555-0100; 8 (495) 555-01-23"`, '', c.yes, '20'].join(separator),
      '',
    ])
  })
})
