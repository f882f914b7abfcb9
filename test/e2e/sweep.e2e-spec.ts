import { DataSource } from 'typeorm';
import { toHashedFields, StoredEventRow } from '../../src/appeals/events/appeal-events.repository';
import { verifyChain } from '../../src/appeals/events/event-hash';
import { FixedClock } from '../../src/common/clock/clock';
import { SlaSweepService } from '../../src/sla/sweep/sla-sweep.service';
import { categoryId, insertEnterprise } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertDepartment, insertUser } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/** Asia/Shanghai wall-clock time to an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

/** Who is around one firm in a Chengdu county: the people the ladder notifies. */
async function sweepCast(db: DataSource, county: string) {
  const city = `${county.slice(0, 4)}00`;
  const officer = await insertUser(db, { role: 'officer', regionCode: county });
  const firmId = await insertEnterprise(db, { regionCode: county, officerId: officer.id });
  const firmUser = await insertUser(db, { role: 'enterprise', regionCode: county, enterpriseId: firmId });
  const departmentId = await insertDepartment(db, county);
  const handler = await insertUser(db, { role: 'handler', regionCode: county, departmentId });
  const head = await insertUser(db, { role: 'handler', regionCode: county, departmentId, isDepartmentHead: true });
  const supervisor = await insertUser(db, { role: 'supervisor', regionCode: city });
  const otherCitySupervisor = await insertUser(db, { role: 'supervisor', regionCode: '510700' });
  const category = await categoryId(db, 'energy_power');
  return { county, officer, firmId, firmUser, departmentId, handler, head, supervisor, otherCitySupervisor, category };
}

type Cast = Awaited<ReturnType<typeof sweepCast>>;

function inProgress(cast: Cast, columns: Record<string, unknown>) {
  return {
    enterpriseId: cast.firmId,
    regionCode: cast.county,
    submittedBy: cast.firmUser.id,
    categoryId: cast.category,
    columns: {
      status: 'in_progress',
      officer_id: cast.officer.id,
      lead_department_id: cast.departmentId,
      submitted_at: sh('2025-09-15T09:00:00'),
      signed_at: sh('2025-09-15T10:00:00'),
      resolution_started_at: sh('2025-09-15T10:00:00'),
      ...columns,
    },
  };
}

/** Everything the sweep may touch for these appeals, to compare before and after a run. */
async function state(db: DataSource, ids: number[]) {
  const appeals = await db.query(
    `SELECT id, status, warning_light, supervision_level, response_overdue, resolution_overdue, overdue_since, next_check_at,
            auto_closed, closed_at, event_count, last_event_hash, version
       FROM appeals WHERE id IN (?) ORDER BY id`,
    [ids],
  );
  const [counts] = await db.query(
    `SELECT (SELECT COUNT(*) FROM appeal_events WHERE appeal_id IN (?)) AS events,
            (SELECT COUNT(*) FROM notifications WHERE appeal_id IN (?)) AS notifications,
            (SELECT COUNT(*) FROM supervision_orders WHERE appeal_id IN (?)) AS orders`,
    [ids, ids, ids],
  );
  return { appeals, counts };
}

async function events(db: DataSource, appealId: number): Promise<StoredEventRow[]> {
  return db.query('SELECT * FROM appeal_events WHERE appeal_id = ? ORDER BY seq', [appealId]);
}

describe('SLA sweep (e2e)', () => {
  const clock = new FixedClock(sh('2025-09-24T11:00:00')); // Wednesday
  let ctx: TestContext;
  let cast: Cast;
  let sweep: SlaSweepService;

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await sweepCast(ctx.db, '510104');
    sweep = ctx.app.get(SlaSweepService);
  });
  afterAll(() => ctx.close());

  describe('lights, overdue, ladder and auto-close', () => {
    let yellowing: number;
    let overdue: number;
    let resolved: number;
    let quiet: number;

    beforeAll(async () => {
      clock.set(sh('2025-09-24T11:00:00'));
      yellowing = await insertAppealRow(
        ctx.db,
        inProgress(cast, {
          current_due_at: sh('2025-09-26T17:30:00'),
          resolution_due_at: sh('2025-09-26T17:30:00'),
          yellow_at: sh('2025-09-24T10:30:00'),
          next_check_at: sh('2025-09-24T10:30:00'),
        }),
      );
      overdue = await insertAppealRow(
        ctx.db,
        inProgress(cast, {
          current_due_at: sh('2025-09-24T10:00:00'),
          resolution_due_at: sh('2025-09-24T10:00:00'),
          yellow_at: sh('2025-09-22T10:00:00'),
          warning_light: 'yellow',
          next_check_at: sh('2025-09-24T10:00:00'),
        }),
      );
      resolved = await insertAppealRow(
        ctx.db,
        inProgress(cast, {
          status: 'resolved',
          resolved_at: sh('2025-09-17T10:00:00'),
          verification_due_at: sh('2025-09-24T10:30:00'),
          current_due_at: sh('2025-09-24T10:30:00'),
          next_check_at: sh('2025-09-24T10:30:00'),
        }),
      );
      quiet = await insertAppealRow(
        ctx.db,
        inProgress(cast, {
          current_due_at: sh('2025-10-20T17:30:00'),
          yellow_at: sh('2025-10-14T10:00:00'),
          next_check_at: sh('2025-10-14T10:00:00'),
        }),
      );
    });

    it('turns lights, marks overdue, reminds, and auto-closes the unrated appeal', async () => {
      const report = await sweep.runOnce();
      expect(report).toMatchObject({ skipped: false, completed: true });

      const rows: Array<Record<string, unknown>> = await ctx.db.query('SELECT * FROM appeals WHERE id IN (?) ORDER BY id', [
        [yellowing, overdue, resolved, quiet],
      ]);
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      expect(byId.get(yellowing)).toMatchObject({ warning_light: 'yellow', supervision_level: 'none', event_count: 0 });
      expect(byId.get(yellowing)?.next_check_at).toEqual(sh('2025-09-26T17:30:00'));

      expect(byId.get(overdue)).toMatchObject({
        warning_light: 'red',
        resolution_overdue: 1,
        supervision_level: 'reminder',
        event_count: 1,
      });
      expect(byId.get(overdue)?.overdue_since).toEqual(sh('2025-09-24T10:00:00'));
      // Supervision order after 2 overdue working days: Thu 25 and Fri 26 close at 17:30.
      expect(byId.get(overdue)?.next_check_at).toEqual(sh('2025-09-26T17:30:00'));

      expect(byId.get(resolved)).toMatchObject({ status: 'closed', auto_closed: 1, is_open: 0, event_count: 1, version: 2 });
      expect(byId.get(resolved)?.closed_at).toEqual(clock.now());

      expect(byId.get(quiet)).toMatchObject({ warning_light: 'green', event_count: 0, version: 1 });

      const [autoClose] = await events(ctx.db, resolved);
      expect(autoClose).toMatchObject({
        seq: 1,
        action: 'auto_close',
        actor_id: null,
        actor_role: 'system',
        from_status: 'resolved',
        to_status: 'closed',
      });
      const [remind] = await events(ctx.db, overdue);
      expect(remind).toMatchObject({ seq: 1, action: 'remind', actor_role: 'system', visibility: 'internal' });
      expect(verifyChain((await events(ctx.db, overdue)).map(toHashedFields)).valid).toBe(true);

      // Due soon → the lead department's handlers; the reminder → the handlers, not the supervisor.
      const inbox: Array<{ user_id: number; appeal_id: number; kind: string; title: string }> = await ctx.db.query(
        'SELECT user_id, appeal_id, kind, title FROM notifications WHERE appeal_id IN (?) ORDER BY id',
        [[yellowing, overdue, resolved]],
      );
      const recipients = (appealId: number, kind: string) =>
        inbox
          .filter((n) => n.appeal_id === appealId && n.kind === kind)
          .map((n) => n.user_id)
          .sort();
      expect(recipients(yellowing, 'appeal.due_soon')).toEqual([cast.handler.id, cast.head.id].sort());
      expect(recipients(overdue, 'appeal.remind')).toEqual([cast.handler.id, cast.head.id].sort());
      expect(recipients(resolved, 'appeal.auto_close')).toEqual([cast.handler.id, cast.head.id, cast.officer.id].sort());
      expect(inbox.find((n) => n.kind === 'appeal.remind')?.title).toContain('催办');
    });

    it('changes nothing when run again right after', async () => {
      const ids = [yellowing, overdue, resolved, quiet];
      const before = await state(ctx.db, ids);
      const report = await sweep.runOnce();
      expect(report).toMatchObject({ turnedYellow: 0, turnedRed: 0, ladderSteps: 0, autoClosed: 0 });
      expect(await state(ctx.db, ids)).toEqual(before);
    });

    it('issues a supervision order to the department head after 2 overdue working days', async () => {
      clock.set(sh('2025-09-26T17:30:00'));
      await sweep.runOnce();
      const [row] = await ctx.db.query('SELECT supervision_level, next_check_at, event_count FROM appeals WHERE id = ?', [overdue]);
      expect(row).toMatchObject({ supervision_level: 'supervision', event_count: 2 });
      // Yellow card after 5: Sun 28 (make-up day), Mon 29, Tue 30 — then National Day.
      expect(row.next_check_at).toEqual(sh('2025-09-30T17:30:00'));
      const orders = await ctx.db.query(
        'SELECT source, department_id, issued_by, reply_due_at FROM supervision_orders WHERE appeal_id = ?',
        [overdue],
      );
      expect(orders).toEqual([
        { source: 'ladder', department_id: cast.departmentId, issued_by: null, reply_due_at: sh('2025-09-29T17:30:00') },
      ]);
      const heads = await ctx.db.query("SELECT user_id FROM notifications WHERE appeal_id = ? AND kind = 'appeal.supervise'", [overdue]);
      expect(heads).toEqual([{ user_id: cast.head.id }]);
    });
  });

  it('tells each handler once when several of their cases turn yellow in one sweep', async () => {
    clock.set(sh('2025-09-26T17:30:00'));
    const departmentId = await insertDepartment(ctx.db, cast.county);
    const handler = await insertUser(ctx.db, { role: 'handler', regionCode: cast.county, departmentId });
    const numbers: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const id = await insertAppealRow(
        ctx.db,
        inProgress(cast, {
          lead_department_id: departmentId,
          current_due_at: sh('2025-09-30T17:30:00'),
          yellow_at: sh('2025-09-26T17:00:00'),
          next_check_at: sh('2025-09-26T17:00:00'),
        }),
      );
      numbers.push((await ctx.db.query('SELECT number FROM appeals WHERE id = ?', [id]))[0].number);
    }
    await sweep.runOnce();
    const inbox = await ctx.db.query("SELECT appeal_id, title, body FROM notifications WHERE user_id = ? AND kind = 'appeal.due_soon'", [
      handler.id,
    ]);
    expect(inbox).toEqual([{ appeal_id: null, title: '您有 3 件诉求即将到期，请抓紧办理', body: [...numbers].sort().join('、') }]);
  });

  describe('two instances', () => {
    let second: TestContext;
    const secondClock = new FixedClock(sh('2025-10-15T17:30:00'));

    beforeAll(async () => {
      second = await createTestApp({ clock: secondClock });
    });
    afterAll(() => second.close());

    it('take each ladder step exactly once when both sweep at the same moment', async () => {
      clock.set(sh('2025-10-15T17:30:00'));
      const ids: number[] = [];
      for (let i = 0; i < 30; i += 1) {
        ids.push(
          await insertAppealRow(
            ctx.db,
            inProgress(cast, {
              current_due_at: sh('2025-09-24T17:30:00'),
              resolution_due_at: sh('2025-09-24T17:30:00'),
              yellow_at: sh('2025-09-23T10:00:00'),
              next_check_at: sh('2025-09-24T17:30:00'),
            }),
          ),
        );
      }
      const reports = await Promise.all([
        sweep.runOnce({ batchSize: 7 }),
        second.app.get(SlaSweepService).runOnce({ batchSize: 7 }),
        sweep.runOnce({ batchSize: 7 }),
        second.app.get(SlaSweepService).runOnce({ batchSize: 7 }),
      ]);
      expect(reports.some((r) => !r.skipped)).toBe(true);

      const steps: Array<{ appeal_id: number; action: string; n: number }> = await ctx.db.query(
        'SELECT appeal_id, action, COUNT(*) AS n FROM appeal_events WHERE appeal_id IN (?) GROUP BY appeal_id, action',
        [ids],
      );
      expect(steps).toHaveLength(ids.length * 4);
      expect(steps.every((s) => Number(s.n) === 1)).toBe(true);
      const orders = await ctx.db.query(
        'SELECT appeal_id, COUNT(*) AS n FROM supervision_orders WHERE appeal_id IN (?) GROUP BY appeal_id',
        [ids],
      );
      expect(orders).toHaveLength(ids.length);
      expect(orders.every((o: { n: number }) => Number(o.n) === 1)).toBe(true);
      // The red card raised each appeal to the city, where no rule routes it (待交办), on a fresh ladder.
      const levels = await ctx.db.query('SELECT DISTINCT supervision_level, event_count, level, status, ladder_cycle FROM appeals WHERE id IN (?)', [ids]);
      expect(levels).toEqual([{ supervision_level: 'none', event_count: 4, level: 'city', status: 'accepted', ladder_cycle: 1 }]);
      for (const id of ids.slice(0, 3)) {
        expect(verifyChain((await events(ctx.db, id)).map(toHashedFields))).toMatchObject({ valid: true, checkedEvents: 4 });
      }
    });

    it('leave the sweep to the lease holder and take over once its lease expired', async () => {
      await ctx.db.query("UPDATE leases SET holder = 'crashed-instance', expires_at = ? WHERE name = 'sla-sweep'", [
        sh('2025-10-15T17:35:00'),
      ]);
      expect(await second.app.get(SlaSweepService).runOnce()).toMatchObject({ skipped: true });
      secondClock.set(sh('2025-10-15T17:36:00'));
      const report = await second.app.get(SlaSweepService).runOnce();
      expect(report).toMatchObject({ skipped: false, completed: true });
      const [lease] = await ctx.db.query("SELECT holder FROM leases WHERE name = 'sla-sweep'");
      // Released after the run, so the next tick on any instance may start at once.
      expect(lease.holder).toBeNull();
    });
  });
});
