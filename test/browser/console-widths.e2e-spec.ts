import type { Browser, Page } from 'playwright-core';
import { FixedClock } from '../../src/common/clock/clock';
import { actOn, appealCast, categoryId, deliverCoHandlerTasks, signedAppealOf } from '../helpers/appeal-fixtures';
import { insertUser } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { accessibility, accessibilityReport, keep, launchChromium, pageErrors, PHONE, signIn, step, submitAndWait } from './browser-harness';

/** The desktop width the issue measured at. */
const WIDE = { width: 1440, height: 900 };
const WIDTHS = [
  ['desktop', WIDE],
  ['phone', PHONE],
] as const;

/**
 * Issue #17's "every item works in Chromium at both widths": each role's daily pages opened at
 * desktop and phone width — none scrolls sideways, each leads with its heading — and the daily
 * tasks the other specs walk at one width done again at the other: the approval inbox decided
 * inline, the list's sort / page size / export, the firm's phone and its page of appeals and
 * visits, the firm's own to-do first without internal deadlines. axe-core checks every page.
 */
describe('console at desktop and phone width (browser e2e)', () => {
  let ctx: TestContext;
  let browser: Browser;
  let base: string;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let admin: { username: string };
  let energy: number;
  const appeals: Record<string, number> = {};
  let visitId: number;
  let plannedVisitId: number;

  const act = (bearer: string, id: number, path: string, body: Record<string, unknown> = {}) => actOn(ctx, bearer, id, path, body);
  /** An appeal of the cast's firm, taken through the API up to the handler's signature. */
  const signedAppeal = (title: string) => signedAppealOf(ctx, cast, { categoryId: energy, title, description: '园区线路老化，近两周每天停电两到三次，生产线被迫停工。' });

  /** The page's own width is the viewport's: nothing pushes it sideways. */
  async function expectNoSidewaysScroll(page: Page): Promise<void> {
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    // On failure, name what sticks out (the first few elements whose right edge passes the viewport).
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
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-18T02:00:00Z')) });
    await ctx.app.listen(0, '127.0.0.1');
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    cast = await appealCast(ctx, '510114');
    energy = await categoryId(ctx.db, 'energy_power');
    admin = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    await ctx.db.query('UPDATE enterprises SET contact_person = ?, contact_phone = ? WHERE id = ?', ['刘厂长', '028 6123 4567', cast.firmId]);
    appeals.handling = await signedAppeal('新都园区线路频繁停电');
    for (const [name] of WIDTHS) {
      const id = await signedAppeal(`${name === 'desktop' ? '桌面' : '手机'}审批的延期诉求`);
      await act(cast.handlerA.bearer, id, 'extension', { days: 3, reason: '等待供电公司更换变压器' });
      appeals[`extension-${name}`] = id;
    }
    for (const [name] of WIDTHS) {
      appeals[`again-${name}`] = (
        await ctx
          .http()
          .post('/api/appeals')
          .set('Authorization', cast.enterprise.bearer)
          .send({ categoryId: energy, kind: 'help', title: `再次反映：新都园区线路频繁停电（${name}）`, description: '园区线路老化，每天停电两到三次。' })
          .expect(201)
      ).body.id as number;
    }
    // A part department A owes as a co-handler (#20), for its task list.
    appeals.coHandled = (
      await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.enterprise.bearer)
        .send({ categoryId: energy, kind: 'help', title: '园区专线改造需供电和住建协同', description: '园区专线改造涉及道路开挖，需要供电和住建部门协同办理。' })
        .expect(201)
    ).body.id as number;
    await act(cast.officer.bearer, appeals.coHandled, 'accept');
    await act(cast.officer.bearer, appeals.coHandled, 'route', { leadDepartmentId: cast.deptB, coDepartmentIds: [cast.deptA] });
    // And one it delivered, so the supervisor's dashboard has a 协办单位排名 to lay out.
    const delivered = (
      await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.enterprise.bearer)
        .send({ categoryId: energy, kind: 'help', title: '园区路灯线路迁改需协同', description: '园区路灯线路迁改涉及供电和住建部门，需要协同办理。' })
        .expect(201)
    ).body.id as number;
    await act(cast.officer.bearer, delivered, 'accept');
    await act(cast.officer.bearer, delivered, 'route', { leadDepartmentId: cast.deptB, coDepartmentIds: [cast.deptA] });
    await deliverCoHandlerTasks(ctx, cast.handlerA.bearer, delivered);
    // The clock stands still: answered "now" lies at the running month's end, outside it; an hour earlier is inside.
    await ctx.db.query('UPDATE co_handler_tasks SET answered_at = answered_at - INTERVAL 1 HOUR WHERE appeal_id = ?', [delivered]);
    appeals.answered = await signedAppeal('已答复待评价的供电诉求');
    await act(cast.handlerA.bearer, appeals.answered, 'resolve', { closureType: 'resolved', answer: '已更换园区线路，恢复稳定供电。' });
    visitId = (
      await ctx
        .http()
        .post('/api/visits')
        .set('Authorization', cast.officer.bearer)
        .send({ enterpriseId: cast.firmId, visitDate: '2026-11-16', form: 'on_site', notes: '了解企业用电需求', problemsFound: true })
        .expect(201)
    ).body.id as number;
    // A planned visit too (#20): the firm's 走访安排 and the officer's plan page with its forms.
    plannedVisitId = (
      await ctx
        .http()
        .post('/api/visits/plans')
        .set('Authorization', cast.officer.bearer)
        .send({ enterpriseId: cast.firmId, visitDate: '2026-11-20', form: 'on_site', purpose: '了解企业用工需求' })
        .expect(201)
    ).body.visit.id as number;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  it('opens every role’s daily pages at both widths without sideways scrolling', async () => {
    const pages: Array<[string, () => string, string[]]> = [
      ['enterprise', () => cast.enterprise.username, ['/home', '/appeals', `/appeals/${appeals.answered}`, '/appeals/new', '/notifications', '/account', '/visits', `/visits/${plannedVisitId}`, `/visits/${visitId}`]],
      ['officer', () => cast.officer.username, [
          '/work',
          '/firms',
          '/firms?unvisited=month',
          `/firms/${cast.firmId}`,
          `/appeals/${appeals.handling}`,
          '/appeals/new',
          '/notifications',
          '/visits',
          '/visits/new',
          `/visits/${plannedVisitId}`,
        ],
      ],
      ['handler', () => cast.handlerA.username, ['/work', `/appeals/${appeals.handling}`, '/co-handler-tasks', `/appeals/${appeals.coHandled}`, '/notifications']],
      [
        'supervisor',
        () => cast.supervisor.username,
        ['/dashboard', '/supervision/approvals', '/supervision/queues/overdue', '/supervision/queues/unaccepted', '/reports', '/supervision/exports', `/appeals/${appeals.handling}`],
      ],
      [
        'admin',
        () => admin.username,
        ['/admin/users', '/admin/departments', '/admin/routing-rules', '/admin/task-forces', '/admin/task-forces/new?regionCode=510000', '/admin/categories', '/admin/sla-policies', '/admin/calendar', '/admin/import'],
      ],
    ];
    for (const [width, viewport] of WIDTHS) {
      for (const [role, username, paths] of pages) {
        const { page, context } = await signIn(browser, base, `${role}-${width}-pages`, username(), viewport);
        await step(`${role}-${width}-pages`, async () => {
          for (const path of paths) {
            await open(page, path);
            await keep(page, `${width}-${role}${path.replace(/[^a-z0-9]+/gi, '_')}`);
          }
        });
        await context.close();
      }
    }
  }, 300_000);

  it('lays out the co-handling departments’ ranking (协办单位排名) on the dashboard at phone width', async () => {
    const { page, context } = await signIn(browser, base, 'supervisor-phone-co-tasks', cast.supervisor.username, PHONE);
    await step('supervisor-phone-co-tasks', async () => {
      await open(page, '/dashboard');
      const table = page.locator('[data-testid=co-task-ranking]');
      expect(await table.isVisible()).toBe(true);
      expect(await table.locator(`[data-department-id="${cast.deptA}"]`).count()).toBe(1);
      await keep(page, 'phone-supervisor-co-task-ranking');
    });
    await context.close();
  });

  it('lets the supervisor approve an extension inline from the approval inbox at both widths', async () => {
    for (const [width, viewport] of WIDTHS) {
      const id = appeals[`extension-${width}`];
      const { page, context } = await signIn(browser, base, `supervisor-${width}-approve`, cast.supervisor.username, viewport);
      await step(`supervisor-${width}-approve`, async () => {
        await open(page, '/supervision/approvals?pending=extension');
        const row = page.locator(`[data-testid=approval-table] tr[data-appeal-id="${id}"]`);
        expect(await row.locator('[data-testid=waiting]').innerText()).toContain('延期 3 个工作日');
        expect(await row.locator('[data-testid=waiting]').innerText()).toContain('等待供电公司更换变压器');
        const approve = row.locator('[data-testid=approve-extension]');
        const button = approve.locator('button[type=submit]');
        expect(await button.isVisible()).toBe(true);
        const box = await button.boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= viewport.width).toBe(true);
        await approve.locator('input[name=days]').fill('2');
        await submitAndWait(page, button);
        expect(new URL(page.url()).pathname).toBe('/supervision/approvals');
        expect(await page.locator(`[data-testid=approval-table] tr[data-appeal-id="${id}"]`).count()).toBe(0);
        await expectNoSidewaysScroll(page);
      });
      await context.close();
      const { body } = await ctx.http().get(`/api/appeals/${id}`).set('Authorization', cast.supervisor.bearer).expect(200);
      expect(body.pendingExtension).toBeNull();
      expect(body.counters.extensions).toBe(1);
    }
  });

  it('sorts the officer’s list, changes its page size and exports exactly what is on screen, at both widths', async () => {
    for (const [width, viewport] of WIDTHS) {
      const { page, context } = await signIn(browser, base, `officer-${width}-list`, cast.officer.username, viewport);
      await step(`officer-${width}-list`, async () => {
        await open(page, `/work?q=${encodeURIComponent('停电')}`);
        if (!(await page.isVisible('[data-testid=sort-select]'))) await page.click('[data-testid=filters-toggle]');
        expect(await page.isVisible('[data-testid=sort-select]')).toBe(true);
        // The form filters in place (htmx) on each change; the address and the export link follow.
        await page.selectOption('[data-testid=page-size]', '50');
        await page.waitForURL((u) => u.searchParams.get('pageSize') === '50');
        await page.selectOption('[data-testid=sort-select]', '-submitted');
        await page.waitForURL((u) => u.searchParams.get('sort') === '-submitted');
        await page.waitForFunction(`document.querySelector('[data-testid=export-list]').href.includes('sort=-submitted')`);
        const url = new URL(page.url());
        expect(url.searchParams.get('pageSize')).toBe('50');
        expect(url.searchParams.get('q')).toBe('停电');
        expect(url.searchParams.get('sort')).toBe('-submitted');
        const exportHref = (await page.getAttribute('[data-testid=export-list]', 'href')) ?? '';
        const exportLink = new URL(exportHref, base);
        expect(exportLink.pathname).toBe('/work/export.xlsx');
        expect(exportLink.searchParams.get('q')).toBe('停电');
        expect(exportLink.searchParams.get('sort')).toBe('-submitted');
        // The same address loaded afresh offers the same export.
        await open(page, `${url.pathname}${url.search}`);
        expect(await page.getAttribute('[data-testid=export-list]', 'href')).toBe(exportHref);
        expect(await page.locator('[data-testid=appeal-table] tbody tr').count()).toBeGreaterThanOrEqual(3);
        await expectNoSidewaysScroll(page);
      });
      await context.close();
    }
  });

  it('gives the handler and the officer the firm’s phone to tap, and the officer the firm’s appeals and visits, at both widths', async () => {
    for (const [width, viewport] of WIDTHS) {
      for (const [role, username] of [
        ['handler', cast.handlerA.username],
        ['officer', cast.officer.username],
      ] as const) {
        const { page, context } = await signIn(browser, base, `${role}-${width}-phone`, username, viewport);
        await step(`${role}-${width}-phone`, async () => {
          await open(page, `/appeals/${appeals.handling}`);
          const phone = page.locator('[data-testid=firm-phone]');
          expect(await phone.getAttribute('href')).toBe('tel:02861234567');
          expect(await phone.isVisible()).toBe(true);
          if (role === 'officer') {
            await open(page, `/firms/${cast.firmId}`);
            const text = await page.locator('main').innerText();
            expect(text).toContain('新都园区线路频繁停电');
            expect(text).toContain('2026-11-16');
            expect(await page.locator(`a[href="/appeals/${appeals.handling}"]`).count()).toBeGreaterThan(0);
          }
        });
        await context.close();
      }
    }
  });

  it('shows the firm what it must do first and never an internal deadline, at both widths', async () => {
    for (const [width, viewport] of WIDTHS) {
      const { page, context } = await signIn(browser, base, `enterprise-${width}-todo`, cast.enterprise.username, viewport);
      await step(`enterprise-${width}-todo`, async () => {
        await open(page, '/appeals');
        const list = page.locator('[data-testid=firm-todo]');
        expect(await list.innerText()).toContain('待您评价');
        expect(await list.locator(`a[href="/appeals/${appeals.answered}"]`).count()).toBe(1);
        expect(await list.locator(`a[href="/appeals/${appeals.handling}"]`).count()).toBe(0);
        const listBox = await list.boundingBox();
        expect(listBox && listBox.y < viewport.height).toBe(true);
        await submitAndWait(page, list.locator(`a[href="/appeals/${appeals.answered}"]`));
        const todo = page.locator('[data-testid=enterprise-todo]');
        expect(await todo.innerText()).toContain('待您评价');
        const box = await todo.boundingBox();
        expect(box && box.y < viewport.height).toBe(true);
        await expectNoSidewaysScroll(page);
        await open(page, `/appeals/${appeals.handling}`);
        const text = await page.locator('main').innerText();
        expect(text).not.toContain('退单截止');
        expect(text).not.toContain('督办');
      });
      await context.close();
    }
  });

  it('lets the officer close a repeated appeal as a duplicate of the firm’s first, and shows the firm where it is handled, at both widths', async () => {
    for (const [width, viewport] of WIDTHS) {
      const id = appeals[`again-${width}`];
      const { page, context } = await signIn(browser, base, `officer-${width}-duplicate`, cast.officer.username, viewport);
      await step(`officer-${width}-duplicate`, async () => {
        await open(page, `/appeals/${id}`);
        const details = page.locator('[data-testid=action-mark_duplicate]');
        // Closing is never the first thing a page unfolds.
        expect(await details.getAttribute('open')).toBeNull();
        await details.locator('summary').click();
        const select = details.locator('[data-testid=duplicate-original]');
        // The firm's first appeal is offered, marked as the likely same problem; the appeal itself is not.
        expect(await select.locator(`option[value="${appeals.handling}"]`).textContent()).toContain('（内容相似）');
        expect(await select.locator(`option[value="${id}"]`).count()).toBe(0);
        if (width === 'desktop') {
          // Whatever the page offers, the server judges: the appeal itself is refused, in Chinese at the field.
          await select.evaluate((el, self) => {
            const option = (el as unknown as { options: Array<{ value: string }> }).options[1];
            option.value = String(self);
          }, id);
          await select.selectOption({ index: 1 });
          page.once('dialog', (dialog) => void dialog.accept());
          await submitAndWait(page, details.locator('button[type=submit]'));
          expect(await page.textContent('[data-testid=action-mark_duplicate] [data-testid=field-error-originalAppealId]')).toContain('不能把诉求标记为与自身重复');
          expect(await page.textContent('main')).not.toMatch(/duplicate of itself/);
        }
        await page.locator('[data-testid=action-mark_duplicate]').evaluate((el) => ((el as unknown as { open: boolean }).open = true));
        await page.selectOption('[data-testid=duplicate-original]', String(appeals.handling));
        await page.fill('[data-testid=action-mark_duplicate] textarea[name=note]', '与本月 18 日反映的停电问题相同');
        page.once('dialog', (dialog) => void dialog.accept());
        await submitAndWait(page, page.locator('[data-testid=action-mark_duplicate] button[type=submit]'));
        expect(await page.textContent('[data-testid=duplicate-of]')).toContain('已合并至该诉求办理');
        await expectNoSidewaysScroll(page);
      });
      await context.close();
      const firm = await signIn(browser, base, `enterprise-${width}-duplicate`, cast.enterprise.username, viewport);
      await step(`enterprise-${width}-duplicate`, async () => {
        await open(firm.page, `/appeals/${id}`);
        const banner = firm.page.locator('[data-testid=duplicate-of]');
        const box = await banner.boundingBox();
        expect(box && box.y < viewport.height).toBe(true);
        await submitAndWait(firm.page, banner.locator(`a[href="/appeals/${appeals.handling}"]`));
        expect(await firm.page.textContent('[data-testid=appeal-title]')).toContain('新都园区线路频繁停电');
      });
      await firm.context.close();
    }
  });

  it('ran without script errors or content-security-policy violations', () => {
    expect(pageErrors).toEqual([]);
  });

  it('has no serious or critical accessibility violations (axe-core) on any page it visited', () => {
    expect(accessibility.checked.length).toBeGreaterThan(40);
    expect(accessibilityReport()).toEqual([]);
  });
});
