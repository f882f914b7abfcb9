import * as ExcelJS from 'exceljs';
import { FixedClock } from '../../src/common/clock/clock';
import { categoryId } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertDepartment, insertFirm, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';
import { consoleLogin } from '../browser/console-http';

const sh = (local: string) => new Date(`${local}+08:00`);
const COUNTY = '510129';

/** supertest buffers binary bodies only when told how. */
function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
const parseBinary = binary as unknown as (res: unknown, done: (err: Error | null, body: unknown) => void) => void; // 大邑县: a county of its own, so no other spec's appeals are counted here

/**
 * Figures that depend on a deadline say how many of their appeals are judged on a provisional
 * one (January 2027, past the packaged calendar): in the metrics API per group and in total, on
 * the dashboard, and as a 暂定 note in the console.
 */
describe('supervision figures on provisional deadlines (e2e)', () => {
  const clock = new FixedClock(sh('2027-01-20T10:00:00'));
  let ctx: TestContext;
  let supervisor: Awaited<ReturnType<typeof signedIn>>;
  let deptA = 0;
  let deptB = 0;

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: COUNTY });
    const officer = await signedIn(ctx, { role: 'officer', regionCode: COUNTY });
    const firm = await insertFirm(ctx.db, { regionCode: COUNTY, officerId: officer.id, name: '暂定指标测试企业' });
    [deptA, deptB] = [await insertDepartment(ctx.db, COUNTY), await insertDepartment(ctx.db, COUNTY)];
    const labour = await categoryId(ctx.db, 'labour');
    const appeal = (dept: number, columns: Record<string, unknown>) =>
      insertAppealRow(ctx.db, {
        enterpriseId: firm.id,
        regionCode: COUNTY,
        submittedBy: officer.id,
        categoryId: labour,
        columns: { officer_id: officer.id, lead_department_id: dept, submitted_at: sh('2027-01-04T09:00:00'), ...columns },
      });
    // A: answered in time for its provisional response deadline, overdue on its provisional resolution deadline.
    await appeal(deptA, {
      status: 'in_progress',
      assigned_at: sh('2027-01-04T10:00:00'),
      signed_at: sh('2027-01-04T11:00:00'),
      response_due_at: sh('2027-01-05T09:00:00'),
      response_due_basis: 'provisional',
      resolution_due_at: sh('2027-01-13T17:30:00'),
      resolution_due_basis: 'provisional',
    });
    // B: the same, on statutory deadlines: counted in the figures, not as provisional.
    await appeal(deptA, {
      status: 'in_progress',
      assigned_at: sh('2027-01-04T10:00:00'),
      signed_at: sh('2027-01-04T11:00:00'),
      response_due_at: sh('2027-01-05T09:00:00'),
      resolution_due_at: sh('2027-01-13T17:30:00'),
    });
    // C: resolved in January before its provisional resolution deadline; its response deadline lay in 2026.
    await appeal(deptB, {
      status: 'resolved',
      submitted_at: sh('2026-12-28T09:00:00'),
      assigned_at: sh('2026-12-28T10:00:00'),
      signed_at: sh('2026-12-28T11:00:00'),
      response_due_at: sh('2026-12-29T09:00:00'),
      resolved_at: sh('2027-01-08T15:00:00'),
      resolution_due_at: sh('2027-01-11T17:30:00'),
      resolution_due_basis: 'provisional',
      verification_due_at: sh('2027-01-15T17:30:00'),
      verification_due_basis: 'provisional',
    });
  });
  afterAll(() => ctx.close());

  it('says per figure, in total and per group, how many appeals are judged on a provisional deadline', async () => {
    const res = await ctx
      .http()
      .get('/api/supervision/metrics')
      .query({ period: 'month', key: '2027-01', groupBy: 'department' })
      .set('Authorization', supervisor.bearer)
      .expect(200);
    expect(res.body.total.metrics).toMatchObject({ overdueCount: 2 });
    expect(res.body.total.metrics.responseRate).toMatchObject({ denominator: 2 });
    expect(res.body.total.metrics.onTimeResolutionRate).toMatchObject({ denominator: 3 });
    expect(res.body.provisional.total).toEqual({ responseRate: 1, onTimeResolutionRate: 2, overdueCount: 1 });
    expect([...res.body.provisional.groups].sort((a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key))).toEqual(
      [
        { key: String(deptA), responseRate: 1, onTimeResolutionRate: 1, overdueCount: 1 },
        { key: String(deptB), responseRate: 0, onTimeResolutionRate: 1, overdueCount: 0 },
      ].sort((a, b) => a.key.localeCompare(b.key)),
    );

    // A month none of these deadlines falls in depends on none.
    const december = await ctx
      .http()
      .get('/api/supervision/metrics')
      .query({ period: 'month', key: '2026-12' })
      .set('Authorization', supervisor.bearer)
      .expect(200);
    expect(december.body.provisional).toEqual({ total: { responseRate: 0, onTimeResolutionRate: 0, overdueCount: 0 }, groups: [] });
  });

  it('shows it on the dashboard, in the API and as a 暂定 note in the console', async () => {
    const dashboard = await ctx.http().get('/api/supervision/dashboard').set('Authorization', supervisor.bearer).expect(200);
    expect(dashboard.body.monthProvisional).toEqual({ responseRate: 1, onTimeResolutionRate: 2, overdueCount: 1 });
    const agent = await consoleLogin(ctx, supervisor.username);
    const page = await agent.get('/dashboard').expect(200);
    const note = /<p[^>]*data-testid="provisional-note">([\s\S]*?)<\/p>/.exec(page.text)?.[1] ?? '';
    expect(note).toContain('暂定');
    expect(note).toContain('响应率 1 件');
    expect(note).toContain('按时办结率 2 件');
    expect(note).toContain('本月超期 1 件');
  });

  it('says it in the rankings: the API per ranked group, the console ranking table and the rankings export', async () => {
    const ranking = await ctx
      .http()
      .get('/api/supervision/rankings')
      .query({ period: 'month', key: '2027-01', kind: 'department' })
      .set('Authorization', supervisor.bearer)
      .expect(200);
    const byKey = <T extends { key: string }>(groups: T[]) => [...groups].sort((a, b) => a.key.localeCompare(b.key));
    expect(ranking.body.provisional.total).toEqual({ responseRate: 1, onTimeResolutionRate: 2, overdueCount: 1 });
    expect(byKey(ranking.body.provisional.groups)).toEqual(
      byKey([
        { key: String(deptA), responseRate: 1, onTimeResolutionRate: 1, overdueCount: 1 },
        { key: String(deptB), responseRate: 0, onTimeResolutionRate: 1, overdueCount: 0 },
      ]),
    );
    // Every group it names is a ranked row.
    const rowKeys = new Set(ranking.body.rows.map((r: { key: string }) => r.key));
    expect(ranking.body.provisional.groups.every((g: { key: string }) => rowKeys.has(g.key))).toBe(true);

    // December's ranking depends on none of them.
    const december = await ctx
      .http()
      .get('/api/supervision/rankings')
      .query({ period: 'month', key: '2026-12', kind: 'department' })
      .set('Authorization', supervisor.bearer)
      .expect(200);
    expect(december.body.provisional.groups).toEqual([]);

    // The console's department ranking (the dashboard of January 2027) tags the groups and explains the tag.
    const agent = await consoleLogin(ctx, supervisor.username);
    const page = await agent.get('/dashboard').expect(200);
    const table = /data-testid="department-ranking">([\s\S]*?)<\/section>/.exec(page.text)?.[1] ?? '';
    expect(table.match(/data-testid="ranking-provisional"/g)).toHaveLength(2);
    expect(table).toContain('含按暂定时限判定的诉求：响应及时率 1 件、按时办结率 1 件、超期 1 件');
    expect(table).toContain('data-testid="department-ranking-provisional-note"');

    // The rankings export: a 暂定时限 column per row, and the note under the table.
    const response = await ctx
      .http()
      .get('/api/supervision/exports/rankings.xlsx?period=month&key=2027-01&kind=department')
      .set('Authorization', supervisor.bearer)
      .buffer(true)
      .parse(parseBinary)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    (workbook.getWorksheet('部门排名') as ExcelJS.Worksheet).eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const [, header, ...body] = rows;
    const column = header.indexOf('暂定时限');
    expect(column).toBeGreaterThan(0);
    const cells = body.filter((r) => typeof r[column] === 'string' && r[column] !== '').map((r) => r[column]);
    expect(cells.sort()).toEqual(['响应及时率 1 件、按时办结率 1 件、超期 1 件', '按时办结率 1 件'].sort());
    expect(body.some((r) => String(r[0]).startsWith('「暂定时限」'))).toBe(true);
  });

  it('freezes the counts with the month report: the report and the rankings read from it say what was 暂定 then, after the recompute too', async () => {
    clock.set(sh('2027-02-02T10:00:00'));
    const created = await ctx
      .http()
      .post('/api/supervision/reports')
      .set('Authorization', supervisor.bearer)
      .send({ periodKind: 'month', key: '2027-01', regionCode: COUNTY })
      .expect(201);
    const expected = {
      total: { responseRate: 1, onTimeResolutionRate: 2, overdueCount: 1 },
      groups: [
        { key: String(deptA), responseRate: 1, onTimeResolutionRate: 1, overdueCount: 1 },
        { key: String(deptB), responseRate: 0, onTimeResolutionRate: 1, overdueCount: 0 },
      ],
    };
    const sorted = (figures: { total: unknown; groups: Array<{ key: string }> }) => ({
      total: figures.total,
      groups: [...figures.groups].sort((a, b) => a.key.localeCompare(b.key)),
    });
    expect(created.body.provisional.countedAt).toBe(clock.now().toISOString());
    // A county's report ranks departments only.
    expect(created.body.provisional.rankings.region).toBeUndefined();
    expect(sorted(created.body.provisional.rankings.department)).toEqual(sorted(expected));

    // The year is entered and recomputed: the deadlines are statutory now, live counts find none.
    await ctx.db.query(
      `UPDATE appeals SET response_due_basis = 'statutory', resolution_due_basis = 'statutory', verification_due_basis = 'statutory'
        WHERE region_code = ?`,
      [COUNTY],
    );
    const report = await ctx.http().get(`/api/supervision/reports/${created.body.id}`).set('Authorization', supervisor.bearer).expect(200);
    expect(report.body.provisional).toEqual(created.body.provisional);
    const ranking = await ctx
      .http()
      .get('/api/supervision/rankings')
      .query({ period: 'month', key: '2027-01', kind: 'department' })
      .set('Authorization', supervisor.bearer)
      .expect(200);
    expect(ranking.body.source).toMatchObject({ kind: 'frozen', reportId: created.body.id });
    expect(sorted(ranking.body.provisional)).toEqual(sorted(expected));
    // Verification recomputes the figures from history; the stored counts are beside them, not compared.
    const verified = await ctx
      .http()
      .get(`/api/supervision/reports/${created.body.id}/verify`)
      .set('Authorization', supervisor.bearer)
      .expect(200);
    expect(verified.body.ok).toBe(true);
  });
});
