import type { Browser, Page } from 'playwright-core';
import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertUser } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { accessibility, accessibilityReport, finishChecks, keep, launchChromium, pageErrors, PHONE, signIn, step } from './browser-harness';

/** The desktop width the issue measured at. */
const WIDE = { width: 1440, height: 900 };
const WIDTHS = [
  ['desktop', WIDE],
  ['phone', PHONE],
] as const;

async function overflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
}

/**
 * Issue #17, the supervisor's and the admin's remaining pages: the dashboard's period picker
 * (week / 旬 / month / quarter, previous / next / current, within the supervisor's region) with its
 * inline SVG charts, and the calendar as a year view — at desktop and phone widths, axe-core on
 * every page.
 */
describe('console supervisor dashboard and calendar year (browser e2e)', () => {
  let ctx: TestContext;
  let browser: Browser;
  let base: string;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let admin: { username: string };

  beforeAll(async () => {
    // Wednesday 18 March 2026, 10:00 in Shanghai.
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-03-18T02:00:00Z')) });
    await ctx.app.listen(0, '127.0.0.1');
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    cast = await appealCast(ctx, '513301');
    const energy = await categoryId(ctx.db, 'energy_power');
    for (const title of ['供电不稳影响生产', '用工缺口较大']) {
      await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.enterprise.bearer)
        .send({ categoryId: energy, kind: 'help', title, description: '近两周每天停电两到三次，生产线被迫停工。' })
        .expect(201);
    }
    admin = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  for (const [name, viewport] of WIDTHS) {
    it(`the city supervisor picks periods on the dashboard and reads its charts (${name})`, async () => {
      const { page, context } = await signIn(browser, base, `supervisor-${name}`, cast.supervisor.username, viewport);
      await step(`dashboard-${name}`, async () => {
        expect(new URL(page.url()).pathname).toBe('/dashboard');
        expect(await page.textContent('[data-testid=period-label]')).toBe('2026年3月');
        // No "next" for the running month, and no chart script: the charts are SVG drawn on the server.
        expect(await page.locator('[data-testid=period-next]').count()).toBe(0);
        expect(await page.locator('script[src*=echarts]').count()).toBe(0);
        for (const chart of ['chart-lights', 'chart-ladder', 'chart-trend-counts', 'chart-trend-rates', 'chart-regions']) {
          const svg = page.locator(`[data-testid=${chart}] svg[role=img]`);
          expect(await svg.count()).toBe(1);
          expect(await svg.getAttribute('aria-label')).toBeTruthy();
        }
        expect(await page.getAttribute('[data-testid=chart-lights] svg', 'aria-label')).toContain('绿灯 2（100%）');
        expect(await page.locator('[data-testid=chart-trend-counts] table tbody tr').count()).toBe(6);
        expect(await page.textContent('[data-testid=chart-regions] table')).toContain('康定市');
        expect(await overflow(page)).toBeLessThanOrEqual(1);
        await keep(page, `supervisor-dashboard-${name}`);

        await Promise.all([page.waitForURL(/period=xun/), page.click('[data-testid=period-kind-xun]')]);
        expect(await page.textContent('[data-testid=period-label]')).toBe('2026年3月中旬');
        await Promise.all([page.waitForURL(/key=2026-03-X1/), page.click('[data-testid=period-previous]')]);
        expect(await page.textContent('[data-testid=period-label]')).toBe('2026年3月上旬');
        expect(await page.locator('[data-testid=chart-trend-counts] table tbody th').first().textContent()).toBe('2026年1月中旬');
        await Promise.all([page.waitForURL(/key=2026-03-X2/), page.click('[data-testid=period-next]')]);
        await Promise.all([page.waitForURL(/period=quarter/), page.click('[data-testid=period-kind-quarter]')]);
        expect(await page.textContent('[data-testid=period-label]')).toBe('2026年第一季度');
        await Promise.all([page.waitForURL(/key=2025-Q4/), page.click('[data-testid=period-previous]')]);
        await Promise.all([page.waitForURL(/key=2026-Q1/), page.click('[data-testid=period-current]')]);
        await Promise.all([page.waitForURL(/period=week/), page.click('[data-testid=period-kind-week]')]);
        expect(await page.textContent('[data-testid=period-label]')).toContain('第12周');
        expect(await overflow(page)).toBeLessThanOrEqual(1);
        await keep(page, `supervisor-dashboard-week-${name}`);

        // A county of the ranking opens its own dashboard for the same period, with a way back.
        await page.goto(`${base}/dashboard?period=month&key=2026-02`);
        await Promise.all([page.waitForURL(/regionCode=513301/), page.click('[data-testid=region-ranking] a[href*="regionCode=513301"]')]);
        expect(new URL(page.url()).searchParams.get('key')).toBe('2026-02');
        expect(await page.textContent('h1')).toContain('康定市');
        expect(await page.locator('[data-testid=chart-regions]').count()).toBe(0);
        await Promise.all([page.waitForURL((url) => !url.searchParams.has('regionCode')), page.click('[data-testid=own-region]')]);

        // Outside the supervisor's region is not there at all.
        const other = await page.goto(`${base}/dashboard?regionCode=511800&period=month&key=2026-02`);
        expect(other?.status()).toBe(404);
      });
      await finishChecks(page);
      await context.close();
    });
  }

  for (const [name, viewport] of WIDTHS) {
    it(`the admin reads the calendar as a year, opens a holiday's page and finds the year-entry form (${name})`, async () => {
      const { page, context } = await signIn(browser, base, `admin-${name}`, admin.username, viewport);
      await step(`calendar-${name}`, async () => {
        await page.goto(`${base}/admin/calendar?year=2025`);
        expect(await page.locator('[data-testid=calendar-year] table.cal-month').count()).toBe(12);
        // The marks are words (休 / 班) as well as colours, explained by the legend.
        expect(await page.textContent('[data-testid=calendar-legend]')).toContain('休：放假');
        const holiday = page.locator('a[data-date="2025-01-29"]');
        expect(await holiday.textContent()).toMatch(/^29休（1月29日 星期三 .*放假）$/);
        expect(await page.locator('a[data-date="2025-01-26"]').textContent()).toMatch(/^26班（1月26日 星期日 .*调休上班）$/);
        // No delete button on the year: deleting is on the day's own page.
        expect(await page.locator('[data-testid=calendar-year] button, [data-testid=calendar-year] .btn-danger').count()).toBe(1); // the year form's 查看
        expect(await overflow(page)).toBeLessThanOrEqual(1);
        await keep(page, `admin-calendar-year-${name}`);
        await Promise.all([page.waitForURL(/\/admin\/calendar\/days\/2025-01-29$/), holiday.click()]);
        expect(await page.locator('[data-testid=day-form] select[name=kind] option[value=remove]').count()).toBe(1);
        await page.goto(`${base}/admin/calendar?year=2025`);
        await Promise.all([page.waitForURL(/year=2026/), page.click('a[href="/admin/calendar?year=2026"]')]);
        expect(await page.textContent('[data-testid=calendar-year] h2')).toContain('2026 年日历');
        await page.fill('[data-testid=calendar-year] input[name=year]', '2027');
        await Promise.all([page.waitForURL(/year=2027/), page.click('[data-testid=calendar-year] form button')]);
        await Promise.all([page.waitForURL(/\/admin\/calendar\/schedule$/), page.click('.page-head a[href="/admin/calendar/schedule"]')]);
        await page.waitForSelector('h1');
      });
      await finishChecks(page);
      await context.close();
    });
  }

  it('ran without script errors or content-security-policy violations', () => {
    expect(pageErrors).toEqual([]);
  });

  it('has no serious or critical accessibility violations (axe-core) on any page it visited', () => {
    expect(accessibility.checked.length).toBeGreaterThan(10);
    expect(accessibilityReport()).toEqual([]);
  });
});
