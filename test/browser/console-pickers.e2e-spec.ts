import type { Browser, Page } from 'playwright-core';
import { FixedClock } from '../../src/common/clock/clock';
import { insertDepartment, insertFirm, insertUser, unique } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';
import {
  accessibility,
  accessibilityReport,
  keep,
  launchChromium,
  pageErrors,
  PHONE,
  signIn,
  step,
  submitAndWait,
} from './browser-harness';

/** The desktop width the issue measured at. */
const WIDE = { width: 1440, height: 900 };
const YUCHENG = '511802';
const MINGSHAN = '511803';
const FUCHENG = '510703';

/**
 * Issue #17, pickers instead of typed codes and ids: a region is chosen by searching the grouped
 * list of the caller's reach, a firm by typing part of its name; at desktop and phone width, with
 * axe-core on every page. A code forced past the picker is refused next to the field.
 */
describe('console pickers (browser e2e)', () => {
  let ctx: TestContext;
  let browser: Browser;
  let base: string;
  const token = unique('拾取');
  let teaFirm: { id: number; name: string; creditCode: string };
  let admin: { username: string };
  let supervisor: { username: string };

  const overflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-18T02:00:00Z')) });
    await ctx.app.listen(0, '127.0.0.1');
    base = (await ctx.app.getUrl()).replace('[::1]', '127.0.0.1');
    teaFirm = await insertFirm(ctx.db, { regionCode: YUCHENG, name: `雅安${token}蒙顶山茶业有限公司` });
    await insertFirm(ctx.db, { regionCode: FUCHENG, name: `绵阳${token}电子有限公司` });
    admin = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    supervisor = await insertUser(ctx.db, { role: 'supervisor', regionCode: '511800' });
    // The policy form's 责任单位 is required: a department in the supervisor's city.
    await insertDepartment(ctx.db, '511800', `雅安市经济和信息化局${token}`);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await ctx?.close();
  });

  for (const [width, viewport] of [
    ['desktop', WIDE],
    ['phone', PHONE],
  ] as const) {
    it(`lets an admin create a firm's user by searching the region and typing part of the firm's name (${width})`, async () => {
      const { page } = await signIn(browser, base, `admin-pickers-${width}`, admin.username, viewport);
      const username = `pick_${width}_${Date.now()}`;
      await step(`admin-user-pickers-${width}`, async () => {
        await page.goto(`${base}/admin/users`);
        await page.locator('details.action summary').click();
        const form = page.locator('[data-testid=user-form]');
        await form.locator('input[name=username]').fill(username);
        await form.locator('input[name=password]').fill('Tea-garden-2026');
        await form.locator('input[name=displayName]').fill('茶业联系人');
        await form.locator('select[name=role]').selectOption('enterprise');

        // The region: typing part of the name narrows the grouped list and chooses the match.
        await form.locator('[data-testid=region-search-regionCode]').fill('雨城');
        expect(await form.locator('select[name=regionCode]').inputValue()).toBe(YUCHENG);
        expect(await form.locator('select[name=regionCode] option[data-search]').count()).toBe(1);
        expect(await form.locator('[data-testid=region-picker-regionCode] [aria-live]').textContent()).toContain('雨城区');
        // Clearing the search brings the whole list back and keeps the choice.
        await form.locator('[data-testid=region-search-regionCode]').fill('');
        expect(await form.locator('select[name=regionCode] option[data-search]').count()).toBeGreaterThan(150);
        expect(await form.locator('select[name=regionCode]').inputValue()).toBe(YUCHENG);

        // The firm: a few characters of its name, then the suggestion (clicked at desktop, keyboard on the phone).
        const firmInput = form.locator('input[name=enterpriseIdSearch]');
        await firmInput.click();
        await firmInput.pressSequentially(`${token}蒙顶`, { delay: 20 });
        const option = form.locator('[role=listbox] [role=option]');
        await option.first().waitFor();
        expect(await option.count()).toBe(1);
        expect(await option.first().textContent()).toContain(teaFirm.creditCode);
        if (width === 'desktop') {
          await option.first().click();
        } else {
          await firmInput.press('ArrowDown');
          expect(await firmInput.getAttribute('aria-activedescendant')).toBeTruthy();
          await firmInput.press('Enter');
        }
        expect(await form.locator('input[type=hidden][name=enterpriseId]').inputValue()).toBe(String(teaFirm.id));
        expect(await firmInput.inputValue()).toBe(teaFirm.name);
        expect(await form.locator('[data-testid=firm-picker-enterpriseId] [data-picker-status]').textContent()).toContain('已选');
        expect(await form.locator('[role=listbox]').isHidden()).toBe(true);
        if (width === 'phone') expect(await overflow(page)).toBeLessThanOrEqual(1);
        await keep(page, `pickers-admin-user-${width}`);

        await submitAndWait(page, form.locator('button[type=submit]'));
        expect(await page.textContent('[data-testid=flash]')).toContain(`已创建用户 ${username}`);
      });
      const [row] = await ctx.db.query('SELECT region_code, enterprise_id FROM users WHERE username = ?', [username]);
      expect({ region: row.region_code, firm: Number(row.enterprise_id) }).toEqual({ region: YUCHENG, firm: teaFirm.id });
    });
  }

  it('offers a city supervisor only their reach and refuses a code forced past the picker next to the field (phone)', async () => {
    const { page } = await signIn(browser, base, 'supervisor-pickers-phone', supervisor.username, PHONE);
    await step('supervisor-policy-region', async () => {
      await page.goto(`${base}/policies/new`);
      const select = page.locator('select[name=regionCode]');
      const codes = await select
        .locator('option[data-search]')
        .evaluateAll((options) => options.map((o) => (o as unknown as { value: string }).value));
      expect(codes).toContain(MINGSHAN);
      expect(codes.every((c) => c.startsWith('5118'))).toBe(true);
      await page.fill('[data-testid=region-search-regionCode]', '名山');
      expect(await select.inputValue()).toBe(MINGSHAN);
      // Searching for a place outside the reach finds nothing.
      await page.fill('[data-testid=region-search-regionCode]', '涪城');
      expect(await page.textContent('[data-testid=region-picker-regionCode] [aria-live]')).toContain('没有匹配的地区');
      expect(await overflow(page)).toBeLessThanOrEqual(1);

      // A code the list does not offer, put there by hand, is refused at the field; what was typed stays.
      await page.fill('[data-testid=region-search-regionCode]', '');
      await select.evaluate((el, code) => {
        const doc = (el as unknown as { ownerDocument: { createElement(tag: string): { value: string; textContent: string } } })
          .ownerDocument;
        const option = doc.createElement('option');
        option.value = code;
        option.textContent = code;
        (el as unknown as { appendChild(o: unknown): void; value: string }).appendChild(option);
        (el as unknown as { value: string }).value = code;
      }, FUCHENG);
      await page.fill('input[name=title]', `${token}茶产业政策`);
      await page.fill('input[name=issuingBody]', '雅安市经济和信息化局');
      await page.fill('input[name=validFrom]', '2026-12-01');
      await page.fill('textarea[name=summary]', '支持茶企技术改造和品牌建设');
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/policies') && r.request().method() === 'POST'),
        page.click('[data-testid=policy-form] button[value=save]'),
      ]);
      expect(response.status()).toBe(400);
      await page.waitForSelector('[data-testid=field-error-regionCode]');
      expect(await page.textContent('[data-testid=field-error-regionCode]')).toContain('不在您的管辖范围内');
      expect(await page.inputValue('input[name=title]')).toBe(`${token}茶产业政策`);
      expect(await select.getAttribute('aria-invalid')).toBe('true');
      await keep(page, 'pickers-supervisor-refused-phone');
    });
  });

  it('has no script errors and no serious or critical accessibility violations (axe-core) on any page it visited', () => {
    expect(pageErrors).toEqual([]);
    expect(accessibility.checked.length).toBeGreaterThan(3);
    expect(accessibilityReport()).toEqual([]);
  });
});
