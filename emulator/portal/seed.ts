/**
 * Seed data. Everything here is fictional: names, companies, phone numbers
 * (reserved/drama ranges) and e-mail addresses (the reserved `.example` TLD).
 *
 * Companies
 *   1  Northwind Trading Co.   12 contacts (ids 1–12): Latin, Cyrillic, German
 *                              umlauts, Greek, Chinese, Japanese, Arabic names;
 *                              some without phone or e-mail; contact 7 is named
 *                              `<img src=x onerror=alert(1)>`; contact 8 is
 *                              hidden from user 3 (read-only). Contacts 3 and
 *                              10 have company 4 as their main company, so they
 *                              show IS_PRIMARY "N" here; all others "Y".
 *   2  Quiet Harbor Ltd.       no contacts
 *   3  Megastack Logistics     3,000 generated contacts (ids 1001–4000), SORT 10…30000
 *   4  Blue Fjord Partners     contacts 3, 10 (main company here), 11 (main is 1) and 13
 *   5  Lanternfish Analytics   contact 14 (Ada Quill), SORT 10
 *   6  Copperleaf Studio       contact 14, SORT 20: Ada's main company
 *   7  Orchard Row Bakery      contact 14, SORT 30
 *
 * Each company has a COMPANY_TYPE and an INDUSTRY from Bitrix24's default
 * directories (crm.status.list) and some phones and e-mails (+1 555 01xx and
 * +44 20 7946 0xxx are fictional ranges):
 *   1 CUSTOMER/DELIVERY   phone, e-mail      5 CUSTOMER/IT            phone, e-mail
 *   2 PARTNER/OTHER       none               6 PARTNER/ENTERTAINMENT  two phones, e-mail
 *   3 CUSTOMER/DELIVERY   phone              7 SUPPLIER/MANUFACTURING e-mail only
 *   4 PARTNER/CONSULTING  e-mail
 *
 * Contact 14, Ada Quill, has three companies (5, 6 main, 7): the contact
 * card's tab (crm.contact.company.*). The company↔contact rows are one table,
 * so she is also company 5's, 6's and 7's only contact.
 *
 * Deals, leads, quotes (their contacts: crm.deal.contact.* and the like)
 *   deal 1   Fleet renewal        company 1; contacts 1 (primary), 2, 10 (SORT 10, 20, 30)
 *   deal 2   Network rollout      company 3; 2,000 contacts: 1001–3000 (SORT 10…20000, 1001 primary)
 *   deal 3   Harbor crane service company 2; no contacts
 *   lead 1   Warehouse robots inquiry (Mira Santos); contacts 4 (primary), 5
 *   quote 1  Fleet renewal quote  company 1, deal 1; contact 1
 *
 * Users: 1 Anna Lindqvist (admin), 2 Boris Petrov (editor), 3 Chiara Rossi (read-only).
 */
import type { PortalUser } from './api.ts'
import type { CrmStore } from './crm.ts'

/** The seeded users by what they may do: tests name them instead of repeating ids. */
export const SEED_USER: Readonly<Record<'admin' | 'editor' | 'reader', number>> = { admin: 1, editor: 2, reader: 3 }

export const SEED_USERS: readonly PortalUser[] = [
  { id: SEED_USER.admin, name: 'Anna', lastName: 'Lindqvist', role: 'admin' },
  { id: SEED_USER.editor, name: 'Boris', lastName: 'Petrov', role: 'editor' },
  { id: SEED_USER.reader, name: 'Chiara', lastName: 'Rossi', role: 'readonly' },
]

export const SEED_COMPANY = { northwind: 1, empty: 2, large: 3, blueFjord: 4, lanternfish: 5, copperleaf: 6, orchardRow: 7 } as const
export const SEED_CONTACT = { xss: 7, hidden: 8, ada: 14 } as const
export const SEED_DEAL = { fleetRenewal: 1, large: 2, empty: 3 } as const
export const SEED_LEAD = { robots: 1 } as const
export const SEED_QUOTE = { fleetRenewal: 1 } as const
/** How many contacts deal 2 has (contacts 1001–3000, Megastack's first 2,000). */
export const SEED_LARGE_DEAL_CONTACTS = 2000
export const READONLY_USER_ID = SEED_USER.reader

const FIRST = ['Liam', 'Emma', 'Noah', 'Mia', 'Lukas', 'Sofia', 'Mateo', 'Hana', 'Oskar', 'Lea',
  'Ivan', 'Nora', 'Elias', 'Amira', 'Jonas', 'Yuki', 'Felix', 'Clara', 'Omar', 'Ingrid', 'Pavel', 'Zoe', 'Karim']
const LAST = ['Novak', 'Berg', 'Costa', 'Ahmed', 'Kowalski', 'Lindgren', 'Moreau', 'Sato', 'Keller', 'Haddad',
  'Olsen', 'Rinaldi', 'Weber', 'Petrova', 'Okafor', 'Brandt', 'Duarte', 'Fischer', 'Nakamura']
const POSTS = ['Account Manager', 'Buyer', 'Logistics Coordinator', 'CFO', 'Warehouse Lead', '',
  'Sales Director', 'Procurement Specialist', 'Office Manager', 'Engineer', 'Dispatcher']

/** The n-th generated contact (deterministic, no randomness). */
export function generatedContact(n: number): {
  name: string, lastName: string, post: string, phones: string[], emails: string[]
} {
  const name = FIRST[n % FIRST.length]!
  const lastName = LAST[Math.floor(n / FIRST.length) % LAST.length]!
  const tail = String(1000 + (n % 9000)).padStart(4, '0')
  return {
    name,
    lastName,
    post: POSTS[n % POSTS.length]!,
    phones: n % 3 === 2 ? [] : [`+1 555 01${tail.slice(-2)} ${tail}`],
    emails: n % 4 === 3 ? [] : [`${name}.${lastName}.${n}@megastack.example`.toLowerCase()],
  }
}

export function seedCrm(crm: CrmStore): void {
  const nw = crm.addCompany('Northwind Trading Co.', {
    id: SEED_COMPANY.northwind, companyType: 'CUSTOMER', industry: 'DELIVERY',
    phones: ['+44 20 7946 0100'], emails: ['office@northwind.example'],
  })
  crm.addCompany('Quiet Harbor Ltd.', { id: SEED_COMPANY.empty, companyType: 'PARTNER', industry: 'OTHER' })
  const large = crm.addCompany('Megastack Logistics', {
    id: SEED_COMPANY.large, companyType: 'CUSTOMER', industry: 'DELIVERY', phones: ['+1 555 0130'],
  })
  const fjord = crm.addCompany('Blue Fjord Partners', {
    id: SEED_COMPANY.blueFjord, companyType: 'PARTNER', industry: 'CONSULTING', emails: ['hello@bluefjord.example'],
  })

  const people = [
    { id: 1, name: 'Olivia', lastName: 'Bennett', post: 'Head of Procurement', phones: ['+44 20 7946 0011'], emails: ['olivia.bennett@northwind.example'] },
    { id: 2, name: 'Дмитрий', secondName: 'Иванович', lastName: 'Соколов', post: 'Коммерческий директор', phones: ['+7 495 555-01-23'], emails: ['d.sokolov@northwind.example'] },
    { id: 3, name: 'Jürgen', lastName: 'Müller-Lüdenscheidt', post: 'Leiter Einkauf', phones: ['+49 30 555 0147'], emails: ['j.mueller@bluefjord.example'] },
    { id: 4, name: 'Σοφία', lastName: 'Παπαδοπούλου', post: 'Λογίστρια', emails: ['sofia.p@northwind.example'] },
    { id: 5, name: '明', lastName: '李', post: '采购经理', phones: ['+86 10 5555 0199'] },
    { id: 6, name: 'فاطمة', lastName: 'الزهراء', post: 'مديرة المبيعات', phones: ['+971 4 555 0123'], emails: ['fatima.z@northwind.example'] },
    { id: 7, name: '<img src=x onerror=alert(1)>', lastName: '', post: '<b>Quality</b> & "Testing"' },
    { id: 8, name: 'Victor', lastName: 'Hale', post: 'Confidential Advisor', phones: ['+44 20 7946 0999'], emails: ['v.hale@northwind.example'], hiddenFrom: [READONLY_USER_ID] },
    { id: 9, name: 'Zoë', lastName: 'Ångström', post: '' },
    { id: 10, name: 'Mateo', lastName: 'García Núñez', post: 'Jefe de Ventas', phones: ['+34 91 555 0134', '+34 600 555 013'], emails: ['mateo.garcia@bluefjord.example', 'mateo.g@home.example'] },
    { id: 11, name: 'Ólafur', lastName: 'Jónsson', post: 'Shipping Agent', phones: ['+354 555 0142'] },
    { id: 12, name: '愛子', lastName: '田中', post: '営業部長', emails: ['aiko.tanaka@northwind.example'] },
  ]
  for (const p of people) crm.addContact(p)
  crm.addContact({ id: 13, name: 'Ines', lastName: 'Duarte', post: 'Partner', emails: ['ines@bluefjord.example'] })

  // Main company first: 3 and 10 belong to Blue Fjord, so they are "N" at Northwind.
  crm.link(fjord.id, 3, 10, 'make')
  crm.link(fjord.id, 10, 20, 'make')
  crm.link(fjord.id, 13, 40, 'make')
  people.forEach((p, i) => crm.link(nw.id, p.id, (i + 1) * 10, 'if-none'))
  crm.link(fjord.id, 11, 30, 'if-none') // 11 stays Northwind's

  for (let n = 0; n < 3000; n++) {
    const c = crm.addContact({ id: 1001 + n, ...generatedContact(n) })
    crm.link(large.id, c.id, (n + 1) * 10, 'make')
  }

  seedCards(crm)
}

/** Ada Quill with three companies, and the deals, lead and quote with their contacts (the header above). */
function seedCards(crm: CrmStore): void {
  const ada = crm.addContact({
    id: SEED_CONTACT.ada, name: 'Ada', lastName: 'Quill', post: 'Data Consultant',
    phones: ['+1 555 0142'], emails: ['ada.quill@lanternfish.example'],
  })
  const adaCompanies = [
    crm.addCompany('Lanternfish Analytics', {
      id: SEED_COMPANY.lanternfish, companyType: 'CUSTOMER', industry: 'IT',
      phones: ['+1 555 0150'], emails: ['contact@lanternfish.example'],
    }),
    crm.addCompany('Copperleaf Studio', {
      id: SEED_COMPANY.copperleaf, companyType: 'PARTNER', industry: 'ENTERTAINMENT',
      phones: ['+1 555 0160', '+1 555 0161'], emails: ['studio@copperleaf.example'],
    }),
    crm.addCompany('Orchard Row Bakery', {
      id: SEED_COMPANY.orchardRow, companyType: 'SUPPLIER', industry: 'MANUFACTURING', emails: ['orders@orchardrow.example'],
    }),
  ]
  adaCompanies.forEach((company, i) => crm.link(company.id, ada.id, (i + 1) * 10, company.id === SEED_COMPANY.copperleaf ? 'make' : 'keep'))

  const fleet = crm.addDeal({ id: SEED_DEAL.fleetRenewal, title: 'Fleet renewal', companyId: SEED_COMPANY.northwind, stageId: 'PREPARATION', opportunity: 48000 })
  ;[1, 2, 10].forEach((contactId, i) => crm.dealContact.link(fleet.id, contactId, (i + 1) * 10, i === 0 ? 'make' : 'keep'))
  const rollout = crm.addDeal({ id: SEED_DEAL.large, title: 'Network rollout', companyId: SEED_COMPANY.large, stageId: 'EXECUTING', opportunity: 1250000 })
  for (let n = 0; n < SEED_LARGE_DEAL_CONTACTS; n++) crm.dealContact.link(rollout.id, 1001 + n, (n + 1) * 10, n === 0 ? 'make' : 'keep')
  crm.addDeal({ id: SEED_DEAL.empty, title: 'Harbor crane service', companyId: SEED_COMPANY.empty })

  const robots = crm.addLead({ id: SEED_LEAD.robots, title: 'Warehouse robots inquiry', name: 'Mira', lastName: 'Santos', statusId: 'IN_PROCESS' })
  ;[4, 5].forEach((contactId, i) => crm.leadContact.link(robots.id, contactId, (i + 1) * 10, i === 0 ? 'make' : 'keep'))

  const quote = crm.addQuote({ id: SEED_QUOTE.fleetRenewal, title: 'Fleet renewal quote', companyId: SEED_COMPANY.northwind, dealId: fleet.id, statusId: 'SENT' })
  crm.quoteContact.link(quote.id, 1, 10, 'make')
}
