import { describe, expect, it } from 'vitest'
import Papa from 'papaparse'
import { contactsCsv, csvSeparator, type CsvContact } from '@/domain/export-csv'
import { SUPPORTED_LOCALES } from '@/i18n'

const headings = { id: 'ID', name: 'Name', position: 'Position', phones: 'Phones', emails: 'E-mails', mainCompany: 'Main company', sort: 'Sort', yes: 'yes', no: 'no' }

function contact(id: number, name: string, extra: Partial<CsvContact['details'] & object> = {}, isPrimary = true): CsvContact {
  return {
    id, sort: id * 10, isPrimary,
    details: { id, name, lastName: '', secondName: '', post: '', photoUrl: null, phones: [], emails: [], ...extra },
  }
}

describe('contactsCsv', () => {
  it('starts with a UTF-8 byte-order mark and a header row', async () => {
    const csv = await contactsCsv([], headings)
    expect(csv.charCodeAt(0)).toBe(0xfeff)
    expect(csv.slice(1).split('\r\n')[0]).toBe('ID,Name,Position,Phones,E-mails,Main company,Sort')
  })

  it('round-trips names with commas, quotes, line breaks and Cyrillic exactly', async () => {
    const rows = [
      contact(1, 'Иван "Ваня"', { lastName: 'Петров, мл.', post: 'Директор\nпо продажам', phones: ['+7 495 555-01-23', '+7 916 555-00-00'], emails: ['ivan@example.test'] }),
      contact(2, 'Zoë', { lastName: 'Ångström' }, false),
    ]
    const csv = await contactsCsv(rows, headings)
    const parsed = Papa.parse<string[]>(csv.slice(1).trim(), { newline: '\r\n' }).data
    // The phones' apostrophe: see "writes a phone that starts with +" below.
    expect(parsed[1]).toEqual(['1', 'Иван "Ваня" Петров, мл.', 'Директор\nпо продажам', "'+7 495 555-01-23; +7 916 555-00-00", 'ivan@example.test', 'yes', '10'])
    expect(parsed[2]).toEqual(['2', 'Zoë Ångström', '', '', '', 'no', '20'])
  })

  it('keeps a formula-like name from running in a spreadsheet', async () => {
    const csv = await contactsCsv([contact(3, '=HYPERLINK("http://x.test","click")'), contact(4, '+1 phone'), contact(5, '@SUM(A1)')], headings)
    const parsed = Papa.parse<string[]>(csv.slice(1).trim(), { newline: '\r\n' }).data
    expect(parsed.slice(1).map((r) => r[1]!.charAt(0))).toEqual(["'", "'", "'"])
  })

  it.each([
    ['=1+2', `"'=1+2"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\t=1+2', `"'\t=1+2"`],
    ['\r=1+2', `"'\r=1+2"`],
    ['\n=1+2', `"'\n=1+2"`],
    ['1+2', '1+2'],
    [' =1+2', '" =1+2"'],
  ])('writes a cell %j as %j: an apostrophe before = + - @, a tab or a line break, nothing else', async (post, cell) => {
    const csv = await contactsCsv([contact(7, 'Ada', { post })], headings)
    expect(csv.slice(1).split('\r\n').slice(1, -1).join('\r\n')).toBe(`7,Ada,${cell},,,yes,70`)
  })

  it('writes a phone that starts with + as text a person reads as the number: one apostrophe before it, nothing else changed', async () => {
    const rows = [
      contact(1, 'Ada', { phones: ['+44 20 7946 0000'] }),
      contact(2, 'Bo', { phones: ['+1-555-0100'] }),
      contact(3, 'Cy', { phones: ['+44 20 7946 0000', '+1-555-0100'] }),
      contact(4, 'Di', { phones: ['8 (495) 555-01-23'] }),
    ]
    const lines = (await contactsCsv(rows, headings)).slice(1).split('\r\n')
    expect(lines.slice(1, 5)).toEqual([
      `1,Ada,,"'+44 20 7946 0000",,yes,10`,
      `2,Bo,,"'+1-555-0100",,yes,20`,
      `3,Cy,,"'+44 20 7946 0000; +1-555-0100",,yes,30`,
      '4,Di,,8 (495) 555-01-23,,yes,40',
    ])
    const semicolons = (await contactsCsv(rows.slice(0, 1), headings, ';')).slice(1).split('\r\n')
    expect(semicolons[1]).toBe(`1;Ada;;"'+44 20 7946 0000";;yes;10`)
  })

  it('separates fields with the separator given, quoting a cell that contains it', async () => {
    const rows = [contact(1, 'Иван', { lastName: 'Петров; мл.', phones: ['8 495 555-01-23', '8 916 555-00-00'] })]
    const csv = await contactsCsv(rows, headings, ';')
    const lines = csv.slice(1).split('\r\n')
    expect(lines[0]).toBe('ID;Name;Position;Phones;E-mails;Main company;Sort')
    expect(lines[1]).toBe('1;"Иван Петров; мл.";;"8 495 555-01-23; 8 916 555-00-00";;yes;10')
    expect(Papa.parse<string[]>(csv.slice(1).trim(), { delimiter: ';', newline: '\r\n' }).data[1])
      .toEqual(['1', 'Иван Петров; мл.', '', '8 495 555-01-23; 8 916 555-00-00', '', 'yes', '10'])
    expect(csv.charCodeAt(0)).toBe(0xfeff)
  })

  it('writes a contact the user may not read with its id and an empty name', async () => {
    const csv = await contactsCsv([{ id: 9, sort: 90, isPrimary: false, details: null }], headings)
    expect(csv.slice(1).split('\r\n')[1]).toBe('9,,,,,no,90')
  })

  it('writes a name nobody could see (zero-width spaces, a soft hyphen, an RLO) as no name, like an unreadable one', async () => {
    const csv = await contactsCsv([contact(6, '\u200B\u200B', { lastName: '\u00AD', secondName: '\u202E' })], headings)
    expect(csv.slice(1).split('\r\n')[1]).toBe('6,,,,,yes,60')
  })
})

describe('csvSeparator', () => {
  // Every locale the app speaks: ';' exactly where its language writes 1.5 as "1,5".
  const expected: Record<string, ',' | ';'> = {
    en: ',', ru: ';', de: ';', es: ';', 'pt-BR': ';', fr: ';', it: ';', pl: ';', uk: ';', tr: ';',
    'zh-CN': ',', 'zh-TW': ',', ja: ',', vi: ';', id: ';', ms: ',', th: ',', ar: ',', kk: ';', hi: ',',
  }

  it('covers every locale of src/i18n/locales', () => {
    expect(Object.keys(expected).sort()).toEqual([...SUPPORTED_LOCALES].sort())
  })

  it.each(Object.entries(expected))('%s → %j', (locale, separator) => {
    expect(csvSeparator(locale)).toBe(separator)
    const decimal = new Intl.NumberFormat(locale).format(1.5).replace(/\d/g, '')
    expect(decimal === ',' ? ';' : ',').toBe(separator)
  })
})

