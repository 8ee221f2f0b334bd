/**
 * The Market listing's screenshots: the built app inside the emulator's
 * company card, in English, Russian and German, at the Market's size
 * (scripts/listing.ts, SCREENSHOT_SIZE):
 *
 *   <dir>/<lang>/tab.png       the Contacts tab of a company with six contacts
 *   <dir>/<lang>/confirm.png   the same tab with the "Clear all contacts" confirmation open
 *   <dir>/<lang>/settings.png  the app's own page, scrolled to its settings
 *
 * Bitrix24 turns down a listing whose screenshots show text in another
 * language than the description, or test data: so each language gets a
 * company and contacts of its own (fictional: the reserved `.example` domain,
 * drama phone ranges), the emulator's portal around the frame is worded in
 * that language (its menu, the card's tabs, the breadcrumbs), and the
 * emulator's own control bar is hidden.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { startEmulator, type Emulator } from '../emulator/server.ts'
import { SETTINGS_OPTION_KEY } from '../src/domain/settings.ts'
import { CHROMIUM_ARGS, ensureChromium } from './chromium.ts'
import { appMessages, SCREENSHOT_LANGUAGES, SCREENSHOT_NAMES, SCREENSHOT_SIZE, type ScreenshotLanguage } from './listing.ts'

const ADMIN = 1
const EDITOR = 2

interface DemoContact { name: string, lastName: string, post: string, phone: string, email: string }
interface Demo {
  company: string
  /** another company that is the main company of `otherMain` contacts, so the "Main company" mark differs between rows */
  otherCompany: string
  otherMain: number[]
  contacts: DemoContact[]
  /** how the settings show the user an administrator picked (the portal's user 2) */
  pickedUser: string
  /** the emulated portal's own words (its menu, the card's tabs, breadcrumbs), English → this language */
  portal: Record<string, string>
}

/**
 * Fictional people and companies per language. Phones: the UK's drama range
 * (020 7946 0xxx), Germany's film and TV numbers (030 23125 xxx), and the
 * 555-01 numbers the emulator's seed uses for Moscow; e-mails under `.example`.
 */
const DEMO: Record<ScreenshotLanguage, Demo> = {
  en: {
    company: 'Fairway Marine Supplies',
    otherCompany: 'Harbor Light Logistics',
    otherMain: [3],
    contacts: [
      { name: 'Olivia', lastName: 'Bennett', post: 'Head of Procurement', phone: '+44 20 7946 0011', email: 'olivia.bennett@fairway-marine.example' },
      { name: 'James', lastName: 'Whitaker', post: 'Sales Director', phone: '+44 20 7946 0342', email: 'james.whitaker@fairway-marine.example' },
      { name: 'Priya', lastName: 'Raman', post: 'Account Manager', phone: '+44 20 7946 0178', email: 'priya.raman@fairway-marine.example' },
      { name: 'Daniel', lastName: 'Okoro', post: 'Logistics Coordinator', phone: '+44 20 7946 0525', email: 'd.okoro@harborlight.example' },
      { name: 'Emily', lastName: 'Carter', post: 'Chief Financial Officer', phone: '+44 20 7946 0611', email: 'emily.carter@fairway-marine.example' },
      { name: 'Thomas', lastName: 'Reid', post: 'Warehouse Lead', phone: '+44 20 7946 0893', email: 'thomas.reid@fairway-marine.example' },
    ],
    pickedUser: 'Boris Petrov',
    portal: {},
  },
  ru: {
    company: 'ООО «Северный причал»',
    otherCompany: 'АО «Балтийская логистика»',
    otherMain: [3],
    contacts: [
      { name: 'Дмитрий', lastName: 'Соколов', post: 'Коммерческий директор', phone: '+7 495 555-01-23', email: 'd.sokolov@severny-prichal.example' },
      { name: 'Анна', lastName: 'Кузнецова', post: 'Руководитель отдела закупок', phone: '+7 495 555-01-47', email: 'a.kuznetsova@severny-prichal.example' },
      { name: 'Игорь', lastName: 'Морозов', post: 'Менеджер по работе с клиентами', phone: '+7 495 555-01-62', email: 'i.morozov@severny-prichal.example' },
      { name: 'Сергей', lastName: 'Лебедев', post: 'Координатор логистики', phone: '+7 495 555-01-85', email: 's.lebedev@baltlog.example' },
      { name: 'Елена', lastName: 'Волкова', post: 'Главный бухгалтер', phone: '+7 495 555-01-09', email: 'e.volkova@severny-prichal.example' },
      { name: 'Ольга', lastName: 'Новикова', post: 'Начальник склада', phone: '+7 495 555-01-91', email: 'o.novikova@severny-prichal.example' },
    ],
    pickedUser: 'Борис Петров',
    portal: {
      Feed: 'Лента', Messenger: 'Мессенджер', Calendar: 'Календарь', 'Tasks and Projects': 'Задачи и Проекты',
      'Sites and Stores': 'Сайты и Магазины', Employees: 'Сотрудники', Market: 'Маркет', Search: 'Поиск',
      General: 'Общие', Deals: 'Сделки', Quotes: 'Предложения', Invoices: 'Счета', History: 'История',
      Companies: 'Компании', Applications: 'Приложения',
    },
  },
  de: {
    company: 'Lindenhof Schiffsbedarf GmbH',
    otherCompany: 'Nordkai Logistik AG',
    otherMain: [3],
    contacts: [
      { name: 'Jürgen', lastName: 'Müller', post: 'Leiter Einkauf', phone: '+49 30 23125 114', email: 'j.mueller@lindenhof-schiffsbedarf.example' },
      { name: 'Katrin', lastName: 'Schneider', post: 'Vertriebsleiterin', phone: '+49 30 23125 238', email: 'k.schneider@lindenhof-schiffsbedarf.example' },
      { name: 'Stefan', lastName: 'Hoffmann', post: 'Kundenbetreuer', phone: '+49 30 23125 377', email: 's.hoffmann@lindenhof-schiffsbedarf.example' },
      { name: 'Markus', lastName: 'Becker', post: 'Logistikkoordinator', phone: '+49 30 23125 452', email: 'm.becker@nordkai.example' },
      { name: 'Sabine', lastName: 'Wagner', post: 'Leiterin Finanzen', phone: '+49 30 23125 519', email: 's.wagner@lindenhof-schiffsbedarf.example' },
      { name: 'Julia', lastName: 'Schäfer', post: 'Lagerleiterin', phone: '+49 30 23125 683', email: 'j.schaefer@lindenhof-schiffsbedarf.example' },
    ],
    pickedUser: 'Boris Petrov',
    portal: {
      Feed: 'Feed', Messenger: 'Messenger', Calendar: 'Kalender', 'Tasks and Projects': 'Aufgaben und Projekte',
      'Sites and Stores': 'Websites und Shops', Employees: 'Mitarbeiter', Market: 'Market', Search: 'Suche',
      General: 'Allgemein', Deals: 'Aufträge', Quotes: 'Angebote', Invoices: 'Rechnungen', History: 'Verlauf',
      Companies: 'Unternehmen', Applications: 'Anwendungen',
    },
  },
}

/** The portal's name in the emulator's header, without "(emulated portal)". */
const PORTAL_NAME = 'Brightwater Trading'

/** Add a language's demo company, with its contacts, to the emulated portal; its id. */
export function addDemoCompany(emulator: Emulator, lang: ScreenshotLanguage): number {
  const demo = DEMO[lang]
  const ids = demo.contacts.map((c) => emulator.portal.addContact({ name: c.name, lastName: c.lastName, post: c.post, phones: [c.phone], emails: [c.email] }))
  // linked there first, so that company is their main company
  emulator.portal.addCompany({ title: demo.otherCompany, contactIds: demo.otherMain.map((i) => ids[i]!) })
  return emulator.portal.addCompany({ title: demo.company, contactIds: ids })
}

/**
 * Word the emulated portal's page in `lang`, and show it as a portal shows
 * itself: no emulator bar, the portal's name alone, the app's tab titled as
 * placement.bind's LANG_ALL titles it, the app page titled with the app's name.
 */
async function dressPortal(page: Page, lang: ScreenshotLanguage, appPage: boolean): Promise<void> {
  const m = appMessages(lang)
  // English words stay as they are; every language has the same words to change.
  const english = Object.fromEntries(Object.keys(DEMO.ru.portal).map((w) => [w, w]))
  const words: Record<string, string> = { ...english, ...DEMO[lang].portal, Contacts: m.install.tab_title }
  const dressed = await page.evaluate(({ lang, words, portalName, appTitle, appPage }) => {
    document.documentElement.lang = lang
    const panel = document.getElementById('emu-panel')
    panel?.remove()
    const portal = document.querySelector('.b24-portal')
    if (portal) portal.textContent = portalName
    let replaced = 0
    for (const el of document.querySelectorAll('.b24-menu-item, .b24-tab, .b24-crumbs a, .b24-crumbs span, .b24-search')) {
      const text = el.textContent?.trim() ?? ''
      if (Object.hasOwn(words, text)) {
        el.textContent = words[text]!
        replaced++
      }
    }
    const title = document.getElementById('company-title')
    if (appPage && title) title.textContent = appTitle
    return { panel: panel !== null, portal: portal !== null, title: title !== null, replaced }
  }, { lang, words, portalName: PORTAL_NAME, appTitle: m.app.title, appPage })
  // A screenshot with the emulator's bar or English around a Russian app would be turned down: fail instead.
  if (!dressed.panel || !dressed.portal || !dressed.title || dressed.replaced < 8) {
    throw new Error(`The emulated portal's page is not what scripts/listing-screenshots.ts words (${JSON.stringify(dressed)}): update dressPortal().`)
  }
}

const appFrame = (page: Page) => page.frameLocator('iframe[name*="|"]')

/** Wait until the frame's height has stopped changing (the app sends its height as it renders). */
async function frameSettled(page: Page): Promise<void> {
  let last = -1
  for (let i = 0; i < 40; i++) {
    const height = await page.locator('iframe[name*="|"]').evaluate((f) => f.getBoundingClientRect().height)
    if (height === last && height > 0) break
    last = height
    await page.waitForTimeout(150)
  }
  await page.waitForTimeout(250)
}

export interface ListingScreenshotOptions {
  /** the built app */
  appDir: string
  /** where <lang>/<name>.png go */
  outDir: string
  /** a running Chromium to use; one is launched (and closed) otherwise */
  browser?: Browser
  log?: (line: string) => void
}

/** Take the listing's screenshots; the paths written. */
export async function takeListingScreenshots(opts: ListingScreenshotOptions): Promise<string[]> {
  const log = opts.log ?? console.log
  const written: string[] = []
  const emulator = await startEmulator({ appDir: opts.appDir, quiet: true })
  const browser = opts.browser ?? await chromium.launch({ executablePath: ensureChromium(log), args: CHROMIUM_ARGS })
  try {
    for (const lang of SCREENSHOT_LANGUAGES) {
      const m = appMessages(lang)
      const dir = join(opts.outDir, lang)
      mkdirSync(dir, { recursive: true })
      const shot = async (page: Page, name: (typeof SCREENSHOT_NAMES)[number]) => {
        const path = join(dir, `${name}.png`)
        await page.screenshot({ path })
        written.push(path)
      }
      const companyId = addDemoCompany(emulator, lang)
      const context = await browser.newContext({ viewport: SCREENSHOT_SIZE, locale: lang })
      const page = await context.newPage()
      try {
        await page.goto(emulator.cardUrl(companyId, { user: ADMIN, lang }))
        await dressPortal(page, lang, false)
        await appFrame(page).getByTestId('contact-row').first().waitFor()
        await frameSettled(page)
        await shot(page, 'tab')

        await appFrame(page).getByRole('button', { name: m.contacts.clear_all.button }).click()
        await appFrame(page).getByRole('alertdialog').waitFor()
        await page.waitForTimeout(400) // the dialog's opening transition
        await shot(page, 'confirm')
        await page.keyboard.press('Escape')

        // Settings as an administrator left them: selected users may clear, with the timeline comment.
        emulator.portal.update({ userId: ADMIN })
        emulator.portal.frame('setAppOption', {
          name: SETTINGS_OPTION_KEY,
          value: JSON.stringify({ version: 2, cards: ['company'], clear: { company: { policy: 'users', userIds: [EDITOR] } }, trail: true, userNames: { [EDITOR]: DEMO[lang].pickedUser } }),
        }, { placement: 'DEFAULT', placementOptions: [], domain: emulator.domain, protocol: '0' })
        await page.goto(emulator.cardUrl(undefined, { placement: 'DEFAULT', user: ADMIN, lang }))
        await dressPortal(page, lang, true)
        const heading = appFrame(page).getByRole('heading', { name: m.settings.title, exact: true })
        await heading.waitFor()
        await appFrame(page).getByText(DEMO[lang].pickedUser).waitFor()
        await frameSettled(page)
        // Scroll the card so that the settings start near the top of the screen.
        const box = await heading.boundingBox()
        if (box) await page.evaluate((y) => window.scrollBy(0, y), Math.max(0, box.y - 120))
        await page.waitForTimeout(300)
        await shot(page, 'settings')
      } finally {
        await context.close()
      }
      log(`Listing screenshots (${lang}): ${SCREENSHOT_NAMES.map((n) => `${n}.png`).join(', ')} in ${dir}`)
    }
  } finally {
    if (!opts.browser) await browser.close()
    await emulator.close()
  }
  return written
}
