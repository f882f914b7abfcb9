import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { DEMO_PASSWORD } from '../../src/demo/demo-departments';
import { DemoClock } from '../../src/demo/demo-clock';
import { seedDemo } from '../../src/demo/seed-demo';
import { accessibility, accessibilityReport, launchChromium, pageErrors, PHONE, watch } from '../browser/browser-harness';

/** Where the README's tour reads its pictures from. */
const TOUR_DIR = join(__dirname, '..', '..', 'docs', 'tour');
const DESKTOP = { width: 1440, height: 900 };
/** The demo is seeded "as of" this instant (Wednesday 09:30 in Shanghai)... */
const SEEDED_AT = new Date('2026-11-18T01:30:00Z');
/** ...and every page is shown at this one (10:30), whatever the seeding took. */
const SHOWN_AT = new Date('2026-11-18T02:30:00Z');

/**
 * `npm run screenshots`: the README's "working day" tour, one or two pictures per role at desktop
 * (1440×900) and phone (390×844) width, taken from the demo data (`npm run demo`'s seed) on a
 * fresh database with a pinned clock, so a rerun draws the same pages. The pictures are the
 * first screen of each page (what a person sees without scrolling), written to docs/tour/.
 * Every page is also checked with axe-core like the browser suite.
 */
describe('the working-day tour (screenshots for the README)', () => {
  let app: NestFastifyApplication;
  let browser: Browser;
  let base: string;
  let db: DataSource;
  const clock = new DemoClock();

  beforeAll(async () => {
    // The seed counts its history back from Date.now(): only Date is faked (and keeps running), timers stay real.
    jest.useFakeTimers({
      now: SEEDED_AT,
      advanceTimers: true,
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    clock.pin(SEEDED_AT);
    const seeding = await createApp({ clock });
    try {
      await seedDemo(seeding, seeding.get(DataSource), clock);
    } finally {
      await seeding.close();
    }
    clock.pin(SHOWN_AT);
    app = await createApp({ clock });
    db = app.get(DataSource);
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    browser = await launchChromium();
    mkdirSync(TOUR_DIR, { recursive: true });
  }, 15 * 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    jest.useRealTimers();
  });

  async function signIn(who: string, username: string, viewport: { width: number; height: number }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', deviceScaleFactor: 1 });
    const page = await context.newPage();
    await watch(page, who);
    await page.goto(`${base}/login`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', DEMO_PASSWORD);
    await Promise.all([
      page.waitForURL((url) => !url.pathname.startsWith('/login')),
      page.click('form[action="/login"] button[type=submit]'),
    ]);
    return page;
  }

  /** The first screen of the page, as a person sees it. */
  async function shoot(page: Page, name: string): Promise<void> {
    await page.evaluate('document.fonts ? document.fonts.ready : null');
    await page.screenshot({ path: join(TOUR_DIR, `${name}.png`), fullPage: false, animations: 'disabled', caret: 'hide' });
  }

  /** The first appeal a list on the current page links to. */
  async function firstAppeal(page: Page): Promise<string> {
    const hrefs = await page.locator('main a[href^="/appeals/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    const href = hrefs.find((h) => /^\/appeals\/\d+$/.test(h));
    if (!href) throw new Error(`no appeal linked from ${page.url()}`);
    return href;
  }

  it('the firm: what it must do now, and an appeal on the phone', async () => {
    const desktop = await signIn('firm-desktop', 'enterprise', DESKTOP);
    await desktop.goto(`${base}/appeals`);
    await shoot(desktop, '01-firm-appeals-desktop');
    const phone = await signIn('firm-phone', 'enterprise', PHONE);
    await phone.goto(`${base}/appeals`);
    await phone.goto(`${base}${await firstAppeal(phone)}`);
    await shoot(phone, '02-firm-appeal-phone');
  });

  it('the liaison officer: the caseload, an appeal and the firms on the phone', async () => {
    const desktop = await signIn('officer-desktop', 'officer', DESKTOP);
    await desktop.goto(`${base}/work`);
    await shoot(desktop, '03-officer-work-desktop');
    const phone = await signIn('officer-phone', 'officer', PHONE);
    await phone.goto(`${base}/work`);
    await phone.goto(`${base}${await firstAppeal(phone)}`);
    await shoot(phone, '04-officer-appeal-phone');
    await phone.goto(`${base}/firms`);
    await shoot(phone, '05-officer-firms-phone');
  });

  it('the department handler: the department’s queue and an appeal on the phone', async () => {
    const desktop = await signIn('handler-desktop', 'handler', DESKTOP);
    await desktop.goto(`${base}/work`);
    await shoot(desktop, '06-handler-work-desktop');
    const phone = await signIn('handler-phone', 'handler', PHONE);
    await phone.goto(`${base}/work`);
    await phone.goto(`${base}${await firstAppeal(phone)}`);
    await shoot(phone, '07-handler-appeal-phone');
  });

  it('the supervisor: the dashboard, the approval inbox and the overdue queue on the phone', async () => {
    const desktop = await signIn('supervisor-desktop', 'supervisor', DESKTOP);
    await desktop.goto(`${base}/dashboard`);
    await shoot(desktop, '08-supervisor-dashboard-desktop');
    await desktop.goto(`${base}/supervision/approvals`);
    await shoot(desktop, '09-supervisor-approvals-desktop');
    const phone = await signIn('supervisor-phone', 'supervisor', PHONE);
    await phone.goto(`${base}/supervision/queues/overdue`);
    await shoot(phone, '10-supervisor-overdue-phone');
  });

  it('the admin: a user picked by region and firm, and a routing rule’s region on the phone', async () => {
    const [firm] = await db.query(
      "SELECT e.name FROM enterprises e JOIN users u ON u.enterprise_id = e.id WHERE u.username = 'enterprise'",
    );
    const desktop = await signIn('admin-desktop', 'admin', DESKTOP);
    await desktop.goto(`${base}/admin/users`);
    await desktop.locator('details.action summary').click();
    const form = desktop.locator('[data-testid=user-form]');
    await form.locator('select[name=role]').selectOption('enterprise');
    await form.locator('input[name=displayName]').fill('企业联系人');
    await form.locator('[data-testid=region-search-regionCode]').fill('锦江');
    const firmInput = form.locator('input[name=enterpriseIdSearch]');
    await firmInput.click();
    await firmInput.pressSequentially(String(firm.name).slice(0, 2), { delay: 20 });
    await form.locator('[role=listbox] [role=option]').first().waitFor();
    await shoot(desktop, '11-admin-user-pickers-desktop');
    const phone = await signIn('admin-phone', 'admin', PHONE);
    await phone.goto(`${base}/admin/routing-rules`);
    await phone.locator('details.action summary').click();
    await phone.locator('[data-testid=routing-rule-form] [data-testid=region-search-regionCode]').fill('雨城');
    await phone.locator('[data-testid=routing-rule-form] [data-testid=region-search-regionCode]').scrollIntoViewIfNeeded();
    await shoot(phone, '12-admin-routing-region-phone');
  });

  it('drew every page without script errors or serious accessibility violations', () => {
    expect(pageErrors).toEqual([]);
    expect(accessibility.checked.length).toBeGreaterThanOrEqual(12);
    expect(accessibilityReport()).toEqual([]);
  });
});
