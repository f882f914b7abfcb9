import type { Browser, Page } from 'playwright-core';
import { FixedClock } from '../../src/common/clock/clock';
import { ProblemClusteringService } from '../../src/common-problems/pool/problem-clustering.service';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { accessibilityReport, keep, launchChromium, pageErrors, PHONE, signIn, step, submitAndWait } from './browser-harness';

const WIDE = { width: 1440, height: 900 };
const WIDTHS = [
  ['desktop', WIDE],
  ['phone', PHONE],
] as const;

/**
 * The common-problem pages in Chromium at 1440 and 390 px (#16): the supervisor names a cluster
 * of the pool through the form at desktop width, the lead department's handler answers on a
 * phone, and every page of the feature opens at both widths without sideways scrolling, with its
 * heading first; axe-core checks every page. 泸州's 古蔺县 (510525) and 叙永县 (510524) in
 * November 2024, which no other spec uses.
 */
describe('console common problems at desktop and phone width (browser e2e)', () => {
  let ctx: TestContext;
  let browser: Browser;
  let base: string;
  let a: Awaited<ReturnType<typeof appealCast>>;
  let b: Awaited<ReturnType<typeof appealCast>>;
  let problemId = 0;
  let clusterKey = 0;
  const TEXT = '园区工业用水水价今年上调百分之四十，且按季度预缴，企业资金压力大，请求核查水价调整是否履行程序。';

  async function expectNoSidewaysScroll(page: Page): Promise<void> {
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    const sticking =
      overflow > 1
        ? await page.evaluate<string[]>(
            `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)` +
              `.slice(0, 6).map((e) => e.tagName + '.' + e.className + ' @' + Math.round(e.getBoundingClientRect().right))`,
          )
        : [];
    expect({ url: page.url(), scrollsSideways: overflow > 1, sticking }).toEqual({ url: page.url(), scrollsSideways: false, sticking: [] });
  }

  async function open(page: Page, path: string): Promise<void> {
    const response = await page.goto(`${base}${path}`);
    expect({ path, status: response?.status() }).toEqual({ path, status: 200 });
    await page.waitForSelector('main h1');
    expect(await page.isVisible('main h1')).toBe(true);
    await expectNoSidewaysScroll(page);
  }

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2024-11-12T02:00:00Z')) });
    await ctx.app.listen(0, '127.0.0.1');
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    a = await appealCast(ctx, '510525');
    b = await appealCast(ctx, '510524');
    await ctx.app.get(ProblemClusteringService).catchUp();
    const energy = await categoryId(ctx.db, 'energy_power');
    for (const [cast, title] of [
      [a, '园区工业用水水价上调百分之四十'],
      [b, '工业用水价格上涨四成且要预缴'],
    ] as const) {
      await ctx.http().post('/api/appeals').set('Authorization', cast.enterprise.bearer).send({ categoryId: energy, kind: 'help', title, description: TEXT }).expect(201);
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('lets the supervisor name a cluster of the pool through the form at desktop width', async () => {
    const { page, context } = await signIn(browser, base, 'supervisor-desktop-name', a.supervisor.username, WIDE);
    await step('supervisor-desktop-name', async () => {
      await open(page, '/common-problems/pool?period=month&key=2024-11');
      const row = page.locator('[data-testid=pool-table] tr[data-cluster-key]').first();
      clusterKey = Number(await row.getAttribute('data-cluster-key'));
      await Promise.all([page.waitForNavigation(), row.locator('a').first().click()]);
      await expectNoSidewaysScroll(page);
      await page.fill('[data-testid=name-form] input[name=title]', '园区工业用水水价上调过快');
      await page.selectOption('[data-testid=name-form] select[name=leadDepartmentId]', String(a.cityDept));
      await submitAndWait(page, page.locator('[data-testid=name-submit]'));
      problemId = Number(/\/common-problems\/(\d+)$/.exec(new URL(page.url()).pathname)?.[1]);
      expect(problemId).toBeGreaterThan(0);
      expect(await page.locator('[data-testid=problem-state]').innerText()).toBe('办理中');
      await expectNoSidewaysScroll(page);
      await keep(page, 'desktop-common-problem-named');
    });
    await context.close();
  }, 120_000);

  it('lets the lead department’s handler answer on a phone', async () => {
    const { page, context } = await signIn(browser, base, 'handler-phone-answer', a.cityHandler.username, PHONE);
    await step('handler-phone-answer', async () => {
      await open(page, '/common-problems');
      await Promise.all([page.waitForNavigation(), page.locator(`[data-problem-id="${problemId}"] a`).first().click()]);
      const form = page.locator('[data-testid=answer-form]');
      const button = form.locator('button[type=submit]');
      const box = await button.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
      await form.locator('textarea[name=text]').fill('市发改委已启动水价听证，听证前暂停预缴');
      await submitAndWait(page, button);
      expect(await page.locator('[data-testid=answer-text]').innerText()).toContain('市发改委已启动水价听证');
      await expectNoSidewaysScroll(page);
      await keep(page, 'phone-common-problem-answered');
    });
    await context.close();
  }, 120_000);

  it('opens every common-problem page at both widths without sideways scrolling', async () => {
    const version = Number((await ctx.http().get(`/api/common-problems/${problemId}`).set('Authorization', a.supervisor.bearer).expect(200)).body.version);
    await ctx.http().post(`/api/common-problems/${problemId}/topic`).set('Authorization', a.supervisor.bearer).send({ version, key: '2024-11' }).expect(200);
    const pages: Array<[string, string, string[]]> = [
      [
        'supervisor',
        a.supervisor.username,
        [
          '/common-problems/pool?period=month&key=2024-11',
          '/common-problems/pool?period=week&key=2024-W46',
          `/common-problems/pool/${clusterKey}?period=month&key=2024-11`,
          '/common-problems',
          `/common-problems/${problemId}`,
          '/common-problems/topics?period=month&key=2024-11',
        ],
      ],
      ['handler', a.cityHandler.username, ['/common-problems', `/common-problems/${problemId}`]],
    ];
    for (const [width, viewport] of WIDTHS) {
      for (const [role, username, paths] of pages) {
        const { page, context } = await signIn(browser, base, `${role}-${width}-problems`, username, viewport);
        await step(`${role}-${width}-problems`, async () => {
          for (const path of paths) {
            await open(page, path);
            await keep(page, `${width}-${role}${path.replace(/[^a-z0-9]+/gi, '_')}`);
          }
        });
        await context.close();
      }
    }
  }, 300_000);

  it('had no script errors and no serious accessibility violations', () => {
    expect(pageErrors).toEqual([]);
    expect(accessibilityReport()).toEqual([]);
  });
});
