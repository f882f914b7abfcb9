import type { Browser, Page } from 'playwright-core';
import { generateCreditCode } from '../../src/enterprises/domain/credit-code';
import { appealCast, categoryId, insertEnterprise } from '../helpers/appeal-fixtures';
import { insertUser } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';
import {
  keep,
  launchChromium,
  openAction,
  pageErrors,
  PHONE,
  signIn,
  step,
  submitAndWait,
  accessibility,
  accessibilityReport,
  watch,
} from './browser-harness';

/**
 * The whole closed loop through the web console in real headless Chromium: the enterprise
 * submits (with an attachment), the officer accepts and routes to the proposed department, the
 * handler signs and resolves, the enterprise verifies, and the supervisor sees it in the figures.
 * Then the refusals: another firm's appeal, an admin page, and a form posted without its token.
 */
describe('web console in a browser (e2e)', () => {
  let ctx: TestContext;
  let browser: Browser;
  let base: string;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let otherAppealId: number;
  let appealId: number;
  const pages: Record<string, Page> = {};
  const title = '园区10kV线路频繁停电影响生产';

  beforeAll(async () => {
    ctx = await createTestApp();
    await ctx.app.listen(0, '127.0.0.1');
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    cast = await appealCast(ctx, '510115'); // a county of its own: the routing rule below must not collide with other specs'
    // The routing rule the officer's route form should propose.
    await ctx.db.query('INSERT INTO routing_rules (category_id, region_code, department_id) VALUES (?, ?, ?)', [
      await categoryId(ctx.db, 'energy'),
      cast.county,
      cast.deptA,
    ]);
    await ctx.db.query('UPDATE departments SET name = ? WHERE id = ?', [`温江区经信局-${cast.deptA}`, cast.deptA]);
    const otherFirm = await insertEnterprise(ctx.db, { regionCode: cast.county, officerId: cast.officer.id });
    otherAppealId = (
      await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.officer.bearer)
        .send({
          enterpriseId: otherFirm,
          categoryId: await categoryId(ctx.db, 'labour'),
          kind: 'help',
          title: '另一家企业的用工诉求',
          description: '春节后返岗率低，缺少熟练工人。',
        })
        .expect(201)
    ).body.id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('shows the sign-in page', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await watch(page, 'anonymous');
    await page.goto(`${base}/appeals`);
    await page.waitForSelector('form[action="/login"]');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/appeals');
    await keep(page, 'login');
    await context.close();
  });

  it('the enterprise submits an appeal with an attachment', async () => {
    const { page } = await signIn(browser, base, 'enterprise', cast.enterprise.username);
    pages.enterprise = page;
    await step('enterprise-submit', async () => {
      expect(new URL(page.url()).pathname).toBe('/home');
      await keep(page, 'enterprise-my-appeals-empty');
      await submitAndWait(page, page.locator('nav.nav a[href="/appeals/new"]'));
      await page.selectOption('select[name=categoryId]', String(await categoryId(ctx.db, 'energy_power')));
      await page.selectOption('select[name=kind]', 'help');
      await page.fill('input[name=title]', title);
      await page.fill('textarea[name=description]', '近两周每天停电两到三次，每次约半小时，生产线被迫停工。');
      await page.setInputFiles('input[name=file]', {
        name: '停电记录.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from('11月10日 停电 35 分钟\n11月12日 停电 40 分钟\n'),
      });
      await keep(page, 'enterprise-submit-form');
      await submitAndWait(page, page.locator('[data-testid=submit-form] button[type=submit]'));
      await page.waitForSelector('[data-testid=flash]');
      expect(await page.textContent('[data-testid=flash]')).toContain('诉求已提交');
      appealId = Number(/\/appeals\/(\d+)$/.exec(page.url())?.[1]);
      expect(appealId).toBeGreaterThan(0);
      expect(await page.textContent('.badge')).toContain('已提交');
      expect(await page.textContent('.attachments')).toContain('停电记录.txt');
      expect(await page.textContent('[data-testid=timeline]')).toContain('提交诉求');
      await keep(page, 'enterprise-appeal-submitted');
    });
  });

  it('the officer finds it in the caseload, accepts it and routes it to the proposed department', async () => {
    const { page } = await signIn(browser, base, 'officer', cast.officer.username);
    pages.officer = page;
    await step('officer-accept-route', async () => {
      expect(new URL(page.url()).pathname).toBe('/work');
      const row = page.locator(`tr[data-appeal-id="${appealId}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('绿灯');
      await keep(page, 'officer-caseload');
      await submitAndWait(page, row.locator('td.title a'));

      const accept = await openAction(page, 'accept');
      await submitAndWait(page, accept.locator('button[type=submit]'));
      expect(await page.textContent('[data-testid=flash]')).toContain('已受理');
      expect(await page.textContent('.page-head .badge')).toContain('已受理');

      const route = await openAction(page, 'route');
      expect(await page.textContent('[data-testid=proposal]')).toContain(`温江区经信局-${cast.deptA}`);
      expect(await route.locator('select[name=leadDepartmentId]').inputValue()).toBe(String(cast.deptA));
      await route.locator(`input[name=coDepartmentIds][value="${cast.deptB}"]`).check();
      await keep(page, 'officer-appeal-route');
      await submitAndWait(page, route.locator('button[type=submit]'));
      expect(await page.textContent('[data-testid=flash]')).toContain('已交办');
      expect(await page.textContent('[data-testid=lead-department]')).toContain(`温江区经信局-${cast.deptA}`);
      expect(await page.textContent('.page-head .badge')).toContain('已交办');
    });
  });

  it('the handler signs for it and resolves it', async () => {
    const { page } = await signIn(browser, base, 'handler', cast.handlerA.username);
    pages.handler = page;
    await step('handler-sign-resolve', async () => {
      const row = page.locator(`tr[data-appeal-id="${appealId}"]`);
      await row.waitFor();
      await submitAndWait(page, row.locator('td.title a'));
      await submitAndWait(page, page.locator('[data-testid=action-sign] button[type=submit]'));
      expect(await page.textContent('[data-testid=flash]')).toContain('已签收');
      expect(await page.textContent('.page-head .badge')).toContain('办理中');
      // Joint closure: while the co-handling department owes its part, the lead cannot answer.
      expect(await page.textContent('[data-testid=co-tasks-open]')).toContain('尚有 1 项协办任务未反馈');
      expect(await page.locator('[data-testid=action-resolve]').count()).toBe(0);

      const co = await signIn(browser, base, 'co-handler', cast.handlerB.username);
      await co.page.goto(`${base}/appeals/${appealId}`);
      const task = co.page.locator('[data-testid=co-task]');
      expect(await task.locator('[data-testid=co-task-status]').textContent()).toContain('待签收');
      await submitAndWait(co.page, task.getByRole('button', { name: '签收协办任务' }));
      expect(await co.page.textContent('[data-testid=flash]')).toContain('协办任务已签收');
      await co.page.locator('[data-testid=co-task-answer] textarea[name=answer]').fill('已核查园区线路产权，同意配合更换。');
      await keep(co.page, 'co-handler-task-answer');
      await submitAndWait(co.page, co.page.locator('[data-testid=co-task-answer] button[type=submit]'));
      expect(await co.page.textContent('[data-testid=flash]')).toContain('协办意见已反馈牵头单位');
      expect(await co.page.textContent('[data-testid=co-task-status]')).toContain('已反馈');
      await co.page.context().close();

      await page.reload();
      expect(await page.textContent('[data-testid=co-task]')).toContain('同意配合更换');
      const resolve = await openAction(page, 'resolve');
      await resolve.locator('select[name=closureType]').selectOption('resolved');
      await resolve.locator('textarea[name=answer]').fill('已协调供电公司更换老化线路，近一周未再停电。');
      await keep(page, 'handler-appeal-resolve');
      await submitAndWait(page, resolve.locator('button[type=submit]'));
      expect(await page.textContent('[data-testid=flash]')).toContain('已办结答复');
      expect(await page.textContent('.page-head .badge')).toContain('已办结待评价');
      expect(await page.textContent('[data-testid=answer]')).toContain('更换老化线路');
    });
  });

  it('the enterprise verifies and rates the answer, which closes the appeal', async () => {
    const page = pages.enterprise;
    await step('enterprise-verify', async () => {
      await page.goto(`${base}/appeals/${appealId}`);
      const verify = await openAction(page, 'verify');
      await verify.locator('select[name=solved]').selectOption('yes');
      await verify.locator('select[name=satisfaction]').selectOption('very_satisfied');
      await verify.locator('textarea[name=comment]').fill('处理及时，非常感谢');
      await submitAndWait(page, verify.locator('button[type=submit]'));
      expect(await page.textContent('[data-testid=flash]')).toContain('已验证评价');
      expect(await page.textContent('.page-head .badge')).toContain('已关闭');
      expect(await page.textContent('[data-testid=verification]')).toContain('非常满意');
      expect(await page.locator('[data-testid=action-verify]').count()).toBe(0);
      await keep(page, 'enterprise-appeal-closed');
      await page.goto(`${base}/appeals`);
      expect(await page.locator(`tr[data-appeal-id="${appealId}"] .badge`).textContent()).toContain('已关闭');
    });
  });

  it('the supervisor sees it in the dashboard figures', async () => {
    const { page } = await signIn(browser, base, 'supervisor', cast.supervisor.username);
    pages.supervisor = page;
    await step('supervisor-dashboard', async () => {
      expect(new URL(page.url()).pathname).toBe('/dashboard');
      expect(Number(await page.textContent('[data-testid=count-closed]'))).toBeGreaterThanOrEqual(1);
      expect(await page.textContent('[data-testid=department-ranking]')).toContain(`温江区经信局-${cast.deptA}`);
      // The trend is inline SVG drawn on the server (no chart script).
      await page.waitForSelector('[data-testid=chart-trend-counts] svg[role=img]');
      await keep(page, 'supervisor-dashboard');
      await page.goto(`${base}/supervision/queues/overdue`);
      await page.waitForSelector('h1');
      await page.goto(`${base}/supervision/exports`);
      await page.waitForSelector('[data-testid=export-ledger]');
      await keep(page, 'supervisor-exports');
    });
  });

  it('refuses another firm’s appeal (404), an admin page (403) and a form posted without its token (403)', async () => {
    const page = pages.enterprise;
    await step('denied', async () => {
      const other = await page.goto(`${base}/appeals/${otherAppealId}`);
      expect(other?.status()).toBe(404);
      expect(await page.getAttribute('[data-testid=error-page]', 'data-status')).toBe('404');
      expect(await page.content()).not.toContain('另一家企业的用工诉求');
      await keep(page, 'enterprise-denied-404');

      const admin = await page.goto(`${base}/admin/users`);
      expect(admin?.status()).toBe(403);
      expect(await page.getAttribute('[data-testid=error-page]', 'data-status')).toBe('403');

      // A form whose token was stripped (as a forged cross-site form would arrive) is refused.
      await page.goto(`${base}/account`);
      await page.locator('form[action="/account/password"] input[name=_csrf]').evaluate((input) => input.remove());
      await page.fill('input[name=currentPassword]', 'anything-1');
      await page.fill('input[name=newPassword]', 'Another-password-9');
      await page.fill('input[name=confirmPassword]', 'Another-password-9');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/account/password')),
        page.click('form[action="/account/password"] button[type=submit]'),
      ]);
      expect(response.status()).toBe(403);
      await page.waitForSelector('[data-testid=error-page][data-status="403"]');
      expect(await page.textContent('h1')).toContain('请求来源无法验证');
    });
  });

  it('the admin imports an enterprise list with htmx and reads the per-row report on the page', async () => {
    const adminUser = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    const { page } = await signIn(browser, base, 'admin', adminUser.username);
    await step('admin-import', async () => {
      await page.goto(`${base}/admin/users`);
      await page.waitForSelector('[data-testid=user-table]');
      await keep(page, 'admin-users');
      await page.goto(`${base}/admin/import`);
      const good = generateCreditCode(cast.county, 700_000 + (Date.now() % 90_000));
      const csv = [
        '统一社会信用代码,企业名称,行政区划代码,行业,规模',
        `${good},浏览器导入测试有限公司,${cast.county},食品饮料,规上`,
        '91510100MA00000000,校验位错误的企业,510104,装备制造,规上',
      ].join('\n');
      await page.setInputFiles('input[name=file]', { name: '企业名录.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
      await page.selectOption('select[name=mode]', 'valid-only');
      await page.click('[data-testid=import-form] button[type=submit]');
      // htmx swaps the report into the page without leaving it.
      await page.waitForSelector('[data-testid=import-report] .report-ok');
      expect(new URL(page.url()).pathname).toBe('/admin/import');
      expect(await page.textContent('[data-testid=import-report]')).toContain('统一社会信用代码');
      await keep(page, 'admin-import-report');
      await page.goto(`${base}/admin/calendar`);
      await keep(page, 'admin-calendar');
    });
  });

  it('works at phone width', async () => {
    const { page } = await signIn(browser, base, 'officer-phone', cast.officer.username, PHONE);
    await step('phone', async () => {
      // The menu folds away behind the ☰ button on a narrow screen.
      expect(await page.locator('nav.nav').isVisible()).toBe(false);
      await page.click('label.nav-toggle-label');
      expect(await page.locator('nav.nav').isVisible()).toBe(true);
      await page.goto(`${base}/appeals/${appealId}`);
      await page.waitForSelector('[data-testid=timeline]');
      const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(1);
      await keep(page, 'phone-officer-appeal');
      await page.goto(`${base}/work`);
      await keep(page, 'phone-officer-work');
      // The filter form updates the list in place with htmx and keeps the filter in the address.
      await page.fill('[data-testid=filters] input[name=q]', '没有这样的诉求');
      await page.waitForSelector('#results .empty');
      await page.waitForURL((url) => url.searchParams.get('q') === '没有这样的诉求');
    });
  });

  it('ran without script errors or content-security-policy violations', () => {
    expect(pageErrors).toEqual([]);
  });
  it('has no serious or critical accessibility violations (axe-core) on any page it visited', () => {
    expect(accessibility.checked.length).toBeGreaterThan(3);
    expect(accessibilityReport()).toEqual([]);
  });
});
