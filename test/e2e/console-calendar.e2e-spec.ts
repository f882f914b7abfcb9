import { insertUser } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';
import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';

/** The admin's calendar pages: single-day corrections with a reason and an audit trail, no bare delete buttons. */
describe('console calendar pages (e2e)', () => {
  let ctx: TestContext;
  let admin: ConsoleAgent;
  let supervisor: ConsoleAgent;

  const flashOf = (response: { headers: Record<string, unknown> }) => {
    const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
    return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string; details?: string[] }) : null;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    const adminUser = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    const supervisorUser = await insertUser(ctx.db, { role: 'supervisor', regionCode: '510000' });
    [admin, supervisor] = await Promise.all([consoleLogin(ctx, adminUser.username), consoleLogin(ctx, supervisorUser.username)]);
  });
  afterAll(async () => {
    await ctx.db.query("DELETE FROM calendar_days WHERE day IN ('2025-03-04')");
    await ctx.close();
  });

  it('lists a year without bare delete buttons: each row links to its correction form', async () => {
    const page = await admin.get('/admin/calendar?year=2025').expect(200);
    const table = /<table data-testid="calendar-days">([\s\S]*?)<\/table>/.exec(page.text)?.[1] ?? '';
    expect(table).toContain('2025-01-29');
    expect(table).toContain('href="/admin/calendar/days/2025-01-29"');
    expect(table).not.toContain('删除');
    expect(table).not.toContain('<form');
    await supervisor.get('/admin/calendar').expect(403);
  });

  it('corrects a day with a reason, refuses a correction without one at the field, and removes only when confirmed', async () => {
    const form = await admin.get('/admin/calendar/days/2025-03-04').expect(200);
    expect(form.text).toContain('更正原因');
    expect(form.text).not.toContain('value="remove"'); // nothing stored yet: nothing to remove

    const noReason = await admin.post('/admin/calendar/days', {
      _csrf: admin.csrf,
      date: '2025-03-04',
      kind: 'holiday',
      name: '测试',
      reason: '',
    });
    expect(noReason.status).toBe(422);
    expect(noReason.text).toMatch(/data-error-for="reason">请填写更正原因/);
    expect(await ctx.db.query("SELECT day FROM calendar_days WHERE day = '2025-03-04'")).toEqual([]);

    const saved = await admin
      .post('/admin/calendar/days', { _csrf: admin.csrf, date: '2025-03-04', kind: 'holiday', name: '测试', reason: '临时放假通知' })
      .expect(303);
    expect(saved.headers.location).toBe('/admin/calendar?year=2025');
    expect(flashOf(saved)).toMatchObject({ kind: 'success' });
    const [row] = await ctx.db.query("SELECT kind, source FROM calendar_days WHERE day = '2025-03-04'");
    expect(row).toEqual({ kind: 'holiday', source: 'admin' });

    const unconfirmed = await admin.post('/admin/calendar/days', {
      _csrf: admin.csrf,
      date: '2025-03-04',
      kind: 'remove',
      reason: '录入错误',
    });
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.text).toMatch(/data-error-for="confirm">移除设置前请勾选确认/);
    expect(await ctx.db.query("SELECT day FROM calendar_days WHERE day = '2025-03-04'")).toHaveLength(1);

    await admin
      .post('/admin/calendar/days', { _csrf: admin.csrf, date: '2025-03-04', kind: 'remove', reason: '录入错误', confirm: 'true' })
      .expect(303);
    expect(await ctx.db.query("SELECT day FROM calendar_days WHERE day = '2025-03-04'")).toEqual([]);

    const audit = await ctx.db.query("SELECT action, user_id, detail FROM calendar_audit WHERE day = '2025-03-04' ORDER BY id");
    expect(
      audit.map((a: { action: string; detail: string | { reason: string } }) => [
        a.action,
        (typeof a.detail === 'string' ? JSON.parse(a.detail) : a.detail).reason,
      ]),
    ).toEqual([
      ['set_day', '临时放假通知'],
      ['remove_day', '录入错误'],
    ]);
    const page = await admin.get('/admin/calendar?year=2025').expect(200);
    const trail = /<table data-testid="calendar-audit">([\s\S]*?)<\/table>/.exec(page.text)?.[1] ?? '';
    expect(trail).toContain('录入错误');
    expect(trail).toContain('临时放假通知');
    expect(trail).toContain('休息日(节假日)（测试） → 无设置');
  });
});
