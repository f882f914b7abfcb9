import ExcelJS from 'exceljs';
import { insertUser } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';
import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';
import { INVENTED_2027_SCHEDULE } from '../fixtures/invented-2027-schedule';

/** The invented 2027 schedule (test fixture, not the State Council notice) as the form's columns. */
function scheduleForm(csrf: string, action: string, edit: (rows: Array<Record<string, string>>) => void = () => undefined) {
  const rows = INVENTED_2027_SCHEDULE.holidays.map((h) => ({
    name: h.name,
    firstDay: h.firstDay,
    lastDay: h.lastDay,
    makeupDays: h.makeupDays.join('、'),
  }));
  edit(rows);
  rows.push({ name: '', firstDay: '', lastDay: '', makeupDays: '' }); // a blank row is left out
  return {
    _csrf: csrf,
    action,
    year: '2027',
    note: INVENTED_2027_SCHEDULE.note,
    name: rows.map((r) => r.name),
    firstDay: rows.map((r) => r.firstDay),
    lastDay: rows.map((r) => r.lastDay),
    makeupDays: rows.map((r) => r.makeupDays),
  };
}

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
    // Leave the shared test database with the packaged coverage for the specs that follow.
    await ctx.db.query("DELETE FROM calendar_days WHERE day IN ('2025-03-04') OR day >= '2027-01-01'");
    await ctx.db.query('DELETE FROM calendar_years WHERE year >= 2027');
    await ctx.db.query('DELETE FROM calendar_recomputes WHERE year >= 2027');
    await ctx.close();
  });

  it('shows a year as twelve month grids: holidays 休, make-up days 班, weekends, a legend; each special day links to its correction form', async () => {
    const page = await admin.get('/admin/calendar?year=2025').expect(200);
    const year = /<section class="card" data-testid="calendar-year">([\s\S]*?)<\/section>/.exec(page.text)?.[1] ?? '';
    expect(year.match(/<table class="cal-month"/g)).toHaveLength(12);
    // 29 January 2025 (春节) is a holiday, Sunday 26 January a make-up working day; both link to their page.
    expect(year).toMatch(/<a class="cal-day cal-holiday" href="\/admin\/calendar\/days\/2025-01-29" [^>]*>29<span class="cal-mark">休<\/span><span class="sr-only">（1月29日 星期三 [^<]*放假）/);
    expect(year).toMatch(/<a class="cal-day cal-workday" href="\/admin\/calendar\/days\/2025-01-26" [^>]*>26<span class="cal-mark">班<\/span>/);
    expect(year).toMatch(/<span class="cal-day cal-weekend" title="3月1日 星期六 周末休息">1<\/span>/);
    // The legend says what 休 and 班 mean in words; ordinary days are not links.
    expect(year).toContain('休：放假（节假日）');
    expect(year).toContain('班：调休上班');
    expect(year).not.toContain('href="/admin/calendar/days/2025-03-03"');
    expect(year).not.toContain('删除');
    expect(year).not.toContain('method="post"');
    expect(page.text).toContain('href="/admin/calendar/schedule"');
    expect(page.text).toContain('href="/admin/calendar?year=2026"');
    // Nonsense years show the current one.
    expect((await admin.get('/admin/calendar?year=abc').expect(200)).text).toMatch(/<h2>\d{4} 年日历/);
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

  it('enters a whole year in the notice’s shape: problems at their field in Chinese, a preview, then one save', async () => {
    const form = await admin.get('/admin/calendar/schedule').expect(200);
    expect(form.text).toContain('录入 2027 年节假日安排');
    expect(form.text).toContain('value="春节"');

    const bad = await admin.post(
      '/admin/calendar/schedule',
      scheduleForm(admin.csrf, 'preview', (rows) => {
        rows[1].makeupDays = '2027-02-13、2027-02-03'; // inside the holiday; a Wednesday
        rows[3].lastDay = '';
        rows[6].firstDay = '2028-10-01';
      }),
    );
    expect(bad.status).toBe(422);
    const at = (key: string) => new RegExp(`data-error-for="${key.replace('.', '\\.')}">([^<]*)<`).exec(bad.text)?.[1];
    expect(at('1.makeupDays')).toContain('调休上班日 2027-02-13 落在春节放假期间');
    expect(at('1.makeupDays')).toContain('2027-02-03 不是周六或周日');
    expect(at('3.lastDay')).toBe('请填写放假最后一天');
    expect(bad.text).not.toContain('data-testid="schedule-preview"');

    const overlapping = await admin.post(
      '/admin/calendar/schedule',
      scheduleForm(admin.csrf, 'preview', (rows) => (rows[6].firstDay = '2027-09-15')),
    );
    expect(overlapping.status).toBe(422);
    expect(overlapping.text).toContain('放假日期重叠');

    const preview = await admin.post('/admin/calendar/schedule', scheduleForm(admin.csrf, 'preview')).expect(200);
    const section = /data-testid="schedule-preview">([\s\S]*?)<\/section>/.exec(preview.text)?.[1] ?? '';
    expect(section).toContain('2027-02-08</td><td>休息日</td><td>春节');
    expect(section).toContain('2027-02-20</td><td>调休上班</td><td>春节调休上班');
    expect(section).toContain('data-testid="appeals-moving"');
    expect(section).toContain('确认保存 2027 年');
    // Previewing saves nothing.
    expect(await ctx.db.query('SELECT year FROM calendar_years WHERE year = 2027')).toEqual([]);

    const upload = await ctx
      .http()
      .post('/admin/calendar/schedule/file')
      .set('Cookie', admin.cookie)
      .field('_csrf', admin.csrf)
      .field('year', '2027')
      .attach(
        'file',
        Buffer.from(
          '名称,放假开始,放假结束,调休上班日\n' +
            INVENTED_2027_SCHEDULE.holidays.map((h) => `${h.name},${h.firstDay},${h.lastDay},${h.makeupDays.join(';')}`).join('\n'),
        ),
        { filename: '2027.csv', contentType: 'text/csv' },
      )
      .expect(200);
    expect(upload.text).toContain('data-testid="schedule-preview"');
    expect(upload.text).toContain('value="2027-01-31、2027-02-20"');
    // The same notice as the first sheet of a workbook (dates as date cells), with one make-up day on a Wednesday.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('2027');
    sheet.addRow(['名称', '放假开始', '放假结束', '调休上班日']);
    const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
    for (const h of INVENTED_2027_SCHEDULE.holidays) {
      const makeup = h.name === '春节' ? [...h.makeupDays, '2027-02-03'] : h.makeupDays;
      sheet.addRow([h.name, day(h.firstDay), day(h.lastDay), makeup.join('、')]);
    }
    const xlsx = Buffer.from(await book.xlsx.writeBuffer());
    const xlsxContentType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const badSheet = await ctx
      .http()
      .post('/admin/calendar/schedule/file')
      .set('Cookie', admin.cookie)
      .field('_csrf', admin.csrf)
      .field('year', '2027')
      .attach('file', xlsx, { filename: '2027.xlsx', contentType: xlsxContentType });
    expect(badSheet.status).toBe(422);
    expect(/data-error-for="1\.makeupDays">([^<]*)</.exec(badSheet.text)?.[1]).toContain('2027-02-03 不是周六或周日');
    expect(badSheet.text).toContain('value="2027-01-31、2027-02-20、2027-02-03"');
    expect(badSheet.text).not.toContain('data-testid="schedule-preview"');
    sheet.getRow(3).getCell(4).value = '2027-01-31、2027-02-20';
    const goodSheet = await ctx
      .http()
      .post('/admin/calendar/schedule/file')
      .set('Cookie', admin.cookie)
      .field('_csrf', admin.csrf)
      .field('year', '2027')
      .attach('file', Buffer.from(await book.xlsx.writeBuffer()), { filename: '2027.xlsx', contentType: xlsxContentType })
      .expect(200);
    expect(goodSheet.text).toContain('data-testid="schedule-preview"');
    expect(goodSheet.text).toContain('value="2027-10-01"');
    const notAWorkbook = await ctx
      .http()
      .post('/admin/calendar/schedule/file')
      .set('Cookie', admin.cookie)
      .field('_csrf', admin.csrf)
      .attach('file', Buffer.from('名称,放假开始'), { filename: '2027.xlsx', contentType: xlsxContentType });
    expect(notAWorkbook.status).toBe(422);
    expect(notAWorkbook.text).toContain('data-error-for="file">文件不是有效的 XLSX 工作簿');
    const badFile = await ctx
      .http()
      .post('/admin/calendar/schedule/file')
      .set('Cookie', admin.cookie)
      .field('_csrf', admin.csrf)
      .attach('file', Buffer.from('{oops'), { filename: '2027.json', contentType: 'application/json' });
    expect(badFile.status).toBe(422);
    expect(badFile.text).toContain('data-error-for="file">文件不是有效的 JSON');

    // Other specs (the year-boundary walk) may have declared 2027 in this database before: this save adds one import.
    const [before] = await ctx.db.query("SELECT COUNT(*) AS n FROM calendar_audit WHERE action = 'import_year' AND year = 2027");
    const saved = await admin.post('/admin/calendar/schedule', scheduleForm(admin.csrf, 'save')).expect(303);
    expect(saved.headers.location).toBe('/admin/calendar?year=2027');
    expect(flashOf(saved)?.text).toContain('2027 年节假日安排已保存并确认');
    const [year] = await ctx.db.query('SELECT source, note FROM calendar_years WHERE year = 2027');
    expect(year).toEqual({ source: 'admin', note: INVENTED_2027_SCHEDULE.note });
    const [{ n }] = await ctx.db.query("SELECT COUNT(*) AS n FROM calendar_days WHERE day BETWEEN '2027-01-01' AND '2027-12-31'");
    expect(Number(n)).toBe(35);
    const [audit] = await ctx.db.query("SELECT COUNT(*) AS n FROM calendar_audit WHERE action = 'import_year' AND year = 2027");
    expect(Number(audit.n)).toBe(Number(before.n) + 1);
    expect((await ctx.db.query('SELECT status FROM calendar_recomputes WHERE year = 2027')).length).toBe(1);

    const again = await admin.post('/admin/calendar/schedule', scheduleForm(admin.csrf, 'save'));
    expect(again.status).toBe(422);
    expect(again.text).toContain('data-error-for="year">');
  });
});
