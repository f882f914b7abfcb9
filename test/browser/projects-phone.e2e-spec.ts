import type { Browser } from 'playwright-core';
import { FixedClock } from '../../src/common/clock/clock';
import { insertFirm, insertUser, login } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { keep, launchChromium, PHONE, signIn, step, accessibility, accessibilityReport } from './browser-harness';

const NANCHONG = '511300';
const SHUNQING = '511302';

/** An officer on site reports a project's progress and moves its stage from a phone (390 px wide). */
describe('project and group pages at phone width (browser e2e)', () => {
  let ctx: TestContext;
  let browser: Browser;
  let base: string;
  let officer: { username: string; id: number };
  let projectId: number;
  let groupId: number;

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-18T02:00:00Z')) });
    await ctx.app.listen(0, '127.0.0.1');
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    officer = await insertUser(ctx.db, { role: 'officer', regionCode: SHUNQING });
    const admin = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    const bearer = `Bearer ${await login(ctx, admin)}`;
    const firm = await insertFirm(ctx.db, { regionCode: SHUNQING, officerId: officer.id, name: `南充化工新材料有限公司${Date.now()}` });
    projectId = (
      await ctx
        .http()
        .post('/api/projects')
        .set('Authorization', bearer)
        .send({
          name: '南充年产30万吨高性能树脂及配套项目（一期）',
          regionCode: SHUNQING,
          industry: 'energy_chemicals',
          totalInvestmentWan: 520000,
          enterpriseIds: [firm.id],
          liaisonOfficerId: officer.id,
          responsibleLeader: '南充市人民政府分管副市长',
        })
        .expect(201)
    ).body.id;
    await ctx
      .http()
      .post(`/api/projects/${projectId}/milestones`)
      .set('Authorization', bearer)
      .send({ title: '完成项目用地报批及规划许可', owner: '南充市自然资源和规划局', workingDays: 10 })
      .expect(201);
    groupId = (
      await ctx
        .http()
        .post('/api/groups')
        .set('Authorization', bearer)
        .send({
          name: `省领导包联南充市工作组${Date.now()}`,
          leaderId: admin.id,
          cityCodes: [NANCHONG],
          periodStart: '2026-01-01',
          members: [{ userId: officer.id, duty: 'liaison' }],
        })
        .expect(201)
    ).body.id;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('lets the liaison officer report progress and move the stage without sideways scrolling', async () => {
    const { page } = await signIn(browser, base, 'officer-project-phone', officer.username, PHONE);
    const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    await step('project list', async () => {
      await page.goto(`${base}/projects`);
      await page.waitForSelector('[data-testid=project-table]');
      expect(await overflow()).toBeLessThanOrEqual(1);
      await keep(page, 'phone-projects');
    });
    await step('report progress', async () => {
      await page.goto(`${base}/projects/${projectId}`);
      await page.waitForSelector('[data-testid=report-form]');
      expect(await overflow()).toBeLessThanOrEqual(1);
      await page.fill('[data-testid=report-form] textarea[name=progress]', '场地平整完成，临时用电已接入');
      await page.fill('[data-testid=report-form] input[name=investedToDateWan]', '12000');
      await Promise.all([page.waitForNavigation(), page.click('[data-testid=report-form] button[type=submit]')]);
      expect(await page.textContent('body')).toContain('进展已报送');
      expect(await page.textContent('body')).toContain('场地平整完成');
    });
    await step('move the stage', async () => {
      await page.selectOption('[data-testid=stage-form] select[name=toStage]', 'landed');
      await page.fill('[data-testid=stage-form] textarea[name=note]', '完成土地摘牌');
      await Promise.all([page.waitForNavigation(), page.click('[data-testid=stage-form] button[type=submit]')]);
      expect(await page.textContent('body')).toContain('阶段已更新');
      expect(await overflow()).toBeLessThanOrEqual(1);
      await keep(page, 'phone-project-detail');
    });
    await step('group page', async () => {
      await page.goto(`${base}/groups/${groupId}`);
      await page.waitForSelector('#ledger');
      expect(await overflow()).toBeLessThanOrEqual(1);
      await keep(page, 'phone-group');
    });
  });
  it('has no serious or critical accessibility violations (axe-core) on any page it visited', () => {
    expect(accessibility.checked.length).toBeGreaterThan(3);
    expect(accessibilityReport()).toEqual([]);
  });
});
