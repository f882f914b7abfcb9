import type { AuthUser } from '../../src/common/auth/auth-user';
import { MetricCountsRepository, type RawGroupCounts, type Window } from '../../src/supervision/metrics/metric-counts.repository';
import type { GroupColumn } from '../../src/supervision/metrics/metric-group-keys';
import { countMetricRows } from '../../src/supervision/history/metric-row-counts';
import { finishedAtFromLog, metricRowOf, type AppealRowForMetrics } from '../../src/supervision/history/metric-row';
import { insertAppealEventRow, insertAppealRow, insertDepartment, insertUser } from '../helpers/factories';
import { insertEnterprise } from '../helpers/appeal-fixtures';
import { seededRandom } from '../helpers/seeded-random';
import { createTestApp, type TestContext } from '../helpers/test-app';

/**
 * Every supervision metric is defined twice: in SQL over the appeals table (MetricCountsRepository,
 * what live figures count) and in code over rows (countMetricRows, what history and frozen reports
 * correct them with). METRICS.md keeps both on purpose; this is the proof that they agree, on
 * random appeals at every stage of the loop — late and on time, redone, rejected, withdrawn,
 * closed inside and outside the period — not only on the hand-written scenarios.
 */

const COUNTY = '510116'; // 双流区: a county no other spec writes to.
const ADMIN: AuthUser = {
  id: 1,
  username: 'admin',
  displayName: 'admin',
  role: 'admin',
  regionCode: '510000',
  regionLevel: 'province',
  departmentId: null,
  enterpriseId: null,
  isDepartmentHead: false,
  reachPrefix: '',
};
const GROUPINGS: GroupColumn[] = ['county', 'department', 'category', 'total'];
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SPRING = Date.parse('2026-04-01T00:00:00Z');
// May 2026 in Shanghai, and a window cutting through the middle of the data.
const WINDOWS: Window[] = [
  { from: new Date('2026-04-30T16:00:00Z'), to: new Date('2026-05-31T16:00:00Z') },
  { from: new Date('2026-05-10T16:00:00Z'), to: new Date('2026-05-20T16:00:00Z') },
];

describe('supervision metrics: the SQL and the code definitions agree on random appeals', () => {
  let ctx: TestContext;
  const ids: number[] = [];

  beforeAll(async () => {
    ctx = await createTestApp();
    const officer = await insertUser(ctx.db, { role: 'officer', regionCode: COUNTY });
    const firm = await insertEnterprise(ctx.db, { regionCode: COUNTY, officerId: officer.id });
    const departments = [await insertDepartment(ctx.db, COUNTY), await insertDepartment(ctx.db, COUNTY), null];
    const categories: number[] = (await ctx.db.query('SELECT id FROM appeal_categories ORDER BY id LIMIT 3')).map((r: { id: number }) => Number(r.id));
    const random = seededRandom(19);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const after = (from: number, maxDays: number) => from + Math.floor(random() * maxDays * DAY);
    for (let i = 0; i < 240; i += 1) ids.push(await insertRandomAppeal(ctx, { firm, officer: officer.id, departments, categories, pick, after, random }));
  });

  afterAll(async () => {
    await ctx?.close();
  });

  for (const [index, window] of WINDOWS.entries()) {
    it(`counts the same in every family and grouping (window ${index + 1})`, async () => {
      const sql = await ctx.app.get(MetricCountsRepository).countByGroups(ADMIN, { regionCode: COUNTY }, window, GROUPINGS);
      const rows: Array<AppealRowForMetrics & { id: number }> = await ctx.db.query('SELECT * FROM appeals WHERE region_code = ?', [COUNTY]);
      const events: Array<{ appeal_id: number; created_at: Date; from_status: string | null; to_status: string }> = await ctx.db.query(
        'SELECT e.appeal_id, e.created_at, e.from_status, e.to_status FROM appeal_events e JOIN appeals a ON a.id = e.appeal_id WHERE a.region_code = ? ORDER BY e.appeal_id, e.seq',
        [COUNTY],
      );
      const metricRows = rows.map((row) => {
        const log = events
          .filter((e) => Number(e.appeal_id) === Number(row.id))
          .map((e) => ({ createdAt: e.created_at, fromStatus: e.from_status, toStatus: e.to_status, facts: null }));
        return metricRowOf(row, finishedAtFromLog(row.status, log));
      });
      const code = countMetricRows(metricRows, window, GROUPINGS);
      // Something to compare in every family, or the agreement would be vacuous.
      for (const family of ['response', 'dueUnresolved', 'resolved', 'verified', 'assigned', 'open', 'closed'] as const) {
        expect(normalised(sql[3])[family].length).toBeGreaterThan(0);
      }
      // Ratings ruled unreasonable among them (in the wide first window), so their separate count is compared too.
      if (index === 0) expect(normalised(sql[3]).verified.some((row) => Number(row.unreasonable) > 0)).toBe(true);
      GROUPINGS.forEach((grouping, i) => expect({ grouping, ...normalised(code[i]) }).toEqual({ grouping, ...normalised(sql[i]) }));
    });
  }
});

/** Numbers as numbers (mysql2 returns SUMs as strings), groups and closed appeals in a fixed order. */
function normalised(counts: RawGroupCounts): Record<keyof RawGroupCounts, Array<Record<string, unknown>>> {
  const result = {} as Record<keyof RawGroupCounts, Array<Record<string, unknown>>>;
  for (const [family, list] of Object.entries(counts) as Array<[keyof RawGroupCounts, Array<Record<string, unknown>>]>) {
    result[family] = list
      .map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            k === 'g' ? String(v) : v instanceof Date ? v.toISOString() : k === 'pauses' ? v : Number(v),
          ]),
        ),
      )
      .sort((a, b) => `${a.g}:${a.id ?? ''}`.localeCompare(`${b.g}:${b.id ?? ''}`));
  }
  return result;
}

interface Generator {
  firm: number;
  officer: number;
  departments: Array<number | null>;
  categories: number[];
  pick: <T>(list: readonly T[]) => T;
  after: (from: number, maxDays: number) => number;
  random: () => number;
}

/** One appeal stopped at a random stage of the loop, with the events that date its terminal status. */
async function insertRandomAppeal(ctx: TestContext, g: Generator): Promise<number> {
  const { pick, after, random } = g;
  const submitted = after(SPRING, 75);
  const stage = pick(['submitted', 'accepted', 'assigned', 'in_progress', 'resolved', 'verified', 'rejected', 'withdrawn'] as const);
  const c: Record<string, unknown> = {
    submitted_at: new Date(submitted),
    response_due_at: new Date(submitted + 24 * HOUR),
    redo_count: pick([0, 0, 1, 2]),
    objection_count: pick([0, 0, 1]),
    extension_count: pick([0, 0, 1]),
  };
  let status: string = stage;
  let last = submitted;
  const reached = (s: string) => ['assigned', 'in_progress', 'resolved', 'verified'].indexOf(stage) >= ['assigned', 'in_progress', 'resolved', 'verified'].indexOf(s);
  if (stage !== 'submitted' && stage !== 'rejected') c.accepted_at = new Date((last = after(last, 1)));
  if (['assigned', 'in_progress', 'resolved', 'verified'].includes(stage) || (stage === 'withdrawn' && random() < 0.5)) {
    c.assigned_at = new Date((last = after(last, 2)));
    c.lead_department_id = pick(g.departments.filter((d) => d !== null));
    c.resolution_due_at = new Date(last + pick([3, 7, 15]) * DAY);
    if (stage !== 'assigned' && (stage !== 'withdrawn' || random() < 0.5)) c.signed_at = new Date((last = after(last, 2)));
  }
  if (stage !== 'withdrawn' && stage !== 'rejected' && reached('resolved')) {
    c.resolved_at = new Date((last = after(last, 20)));
    c.closure_type = pick(['resolved', 'partly_resolved', 'explained']);
    c.verification_due_at = new Date(last + 7 * DAY);
  }
  // Sent back for redo after an unsatisfied rating, which a supervisor may have ruled unreasonable (不合理差评).
  if (stage === 'in_progress' && c.redo_count !== 0 && random() < 0.7) {
    c.verified_at = new Date((last = after(last, 5)));
    c.solved = pick(['partly', 'no']);
    c.satisfaction = pick(['dissatisfied', 'very_dissatisfied']);
    if (random() < 0.5) c.rating_ruled_at = new Date(after(last, 3));
  }
  if (stage === 'verified') {
    if (random() < 0.8) {
      c.verified_at = new Date((last = after(last, 5)));
      c.solved = pick(['yes', 'partly', 'no']);
      c.satisfaction = pick(['very_satisfied', 'satisfied', 'basically_satisfied']);
      c.verified_on_behalf = pick([0, 1]);
    } else {
      c.auto_closed = 1;
      last = (c.verification_due_at as Date).getTime();
    }
    c.closed_at = new Date(last);
    status = 'closed';
  }
  const id = await insertAppealRow(ctx.db, {
    enterpriseId: g.firm,
    regionCode: COUNTY,
    submittedBy: g.officer,
    categoryId: pick(g.categories),
    columns: { ...c, status },
  });
  await insertAppealEventRow(ctx.db, { appealId: id, seq: 1, action: 'submit', fromStatus: null, toStatus: 'submitted', at: new Date(submitted) });
  if (status === 'rejected' || status === 'withdrawn') {
    const at = new Date(after(last, 10));
    await insertAppealEventRow(ctx.db, { appealId: id, seq: 2, action: status === 'rejected' ? 'reject' : 'withdraw', fromStatus: 'submitted', toStatus: status, at });
    await ctx.db.query('UPDATE appeals SET updated_at = GREATEST(updated_at, ?) WHERE id = ?', [at, id]);
  }
  return id;
}
