import type { EntityManager } from 'typeorm';
import { AppealHistory } from '../../src/appeals/events/appeal-history';
import { FixedClock } from '../../src/common/clock/clock';
import { UnitOfWork } from '../../src/common/database/unit-of-work';
import { SettingsService } from '../../src/settings/settings.service';
import { CalendarService } from '../../src/sla/calendar/calendar.service';
import { DeadlineRecomputeRepository } from '../../src/sla/recompute/deadline-recompute.repository';
import { DeadlineRecomputeService, RECOMPUTE_ACTION, RECOMPUTE_LEASE } from '../../src/sla/recompute/deadline-recompute.service';
import { LeaseRepository } from '../../src/sla/sweep/lease.repository';
import { INVENTED_2027_SCHEDULE } from '../fixtures/invented-2027-schedule';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertUser, login } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const sh = (local: string) => new Date(`${local}+08:00`);
/** The recompute's lease (RECOMPUTE_LEASE_MS): a holder that stopped renewing is replaced after it. */
const LEASE_MS = 5 * 60_000;

/**
 * The recompute job after its lease holder died mid-job (an invented 2027, see the fixture): the
 * dead instance committed one batch and never released its lease. Until the lease expires nobody
 * runs the job; after it (clock moved), two live instances race and exactly one of them takes the
 * job over from the stored progress — every moved appeal ends with exactly one event.
 */
describe('recompute job takeover after an expired lease (e2e, moved clock)', () => {
  const clock = new FixedClock(sh('2026-12-10T10:00:00'));
  let ctx: TestContext;
  let admin: string;
  let firmId = 0;
  const ids: number[] = [];
  let firstEventId = 0;

  /** An instance wired like the application's, with its own lease holder. */
  function instance(overrides: { uow?: UnitOfWork; leases?: LeaseRepository } = {}): DeadlineRecomputeService {
    return new DeadlineRecomputeService(
      overrides.uow ?? ctx.app.get(UnitOfWork),
      ctx.app.get(DeadlineRecomputeRepository),
      ctx.app.get(AppealHistory),
      ctx.app.get(CalendarService),
      ctx.app.get(SettingsService),
      overrides.leases ?? ctx.app.get(LeaseRepository),
      clock,
    );
  }

  /** An instance whose process dies after `transactions` commits: no further work, lease never released. */
  function dyingInstance(transactions: number): DeadlineRecomputeService {
    const real = ctx.app.get(UnitOfWork);
    let committed = 0;
    const uow = {
      transaction: <T>(work: (m: EntityManager) => Promise<T>, options?: Parameters<UnitOfWork['transaction']>[1]): Promise<T> => {
        if (committed >= transactions) return Promise.reject(new Error('instance died'));
        committed += 1;
        return real.transaction(work, options);
      },
    } as unknown as UnitOfWork;
    const realLeases = ctx.app.get(LeaseRepository);
    const leases = Object.assign(Object.create(realLeases) as LeaseRepository, { release: () => Promise.resolve() });
    return instance({ uow, leases });
  }

  /** Recompute events written since the test began, per appeal (a shared database may hold other provisional appeals). */
  async function recomputeEvents(): Promise<Map<number, number>> {
    const rows: Array<{ appeal_id: number; n: number | string }> = await ctx.db.query(
      'SELECT appeal_id, COUNT(*) AS n FROM appeal_events WHERE action = ? AND id > ? GROUP BY appeal_id',
      [RECOMPUTE_ACTION, firstEventId],
    );
    return new Map(rows.map((r) => [Number(r.appeal_id), Number(r.n)]));
  }

  async function job(): Promise<{ status: string; examined: number; moved: number }> {
    const [row] = await ctx.db.query('SELECT status, examined, moved FROM calendar_recomputes WHERE year = 2027');
    return { status: row.status, examined: Number(row.examined), moved: Number(row.moved) };
  }

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    await ctx.db.query("DELETE FROM calendar_days WHERE day >= '2027-01-01'");
    await ctx.db.query('DELETE FROM calendar_years WHERE year >= 2027');
    await ctx.db.query('DELETE FROM calendar_recomputes WHERE year >= 2027');
    const [{ maxId }] = await ctx.db.query('SELECT COALESCE(MAX(id), 0) AS maxId FROM appeal_events');
    firstEventId = Number(maxId);
    admin = `Bearer ${await login(ctx, await insertUser(ctx.db, { role: 'admin', regionCode: '510000' }))}`;
    const cast = await appealCast(ctx, '510112');
    firmId = cast.firmId;
    const category = await categoryId(ctx.db, 'energy_power');
    // Routed Mon 28 Dec with 7 working days: provisionally Wed 6 Jan; with 1 January off, Thu 7 Jan.
    for (let i = 0; i < 5; i += 1) {
      ids.push(
        await insertAppealRow(ctx.db, {
          enterpriseId: cast.firmId,
          regionCode: cast.county,
          submittedBy: cast.enterprise.id,
          categoryId: category,
          columns: {
            status: 'in_progress',
            lead_department_id: cast.deptA,
            submitted_at: sh('2026-12-28T09:00:00'),
            signed_at: sh('2026-12-28T10:00:00'),
            resolution_started_at: sh('2026-12-28T10:00:00'),
            resolution_due_at: sh('2027-01-06T17:30:00'),
            resolution_due_basis: 'provisional',
            current_due_at: sh('2027-01-06T17:30:00'),
            current_due_basis: 'provisional',
          },
        }),
      );
    }
  });
  afterAll(async () => {
    await ctx.db.query("DELETE FROM calendar_days WHERE day >= '2027-01-01'");
    await ctx.db.query('DELETE FROM calendar_years WHERE year >= 2027');
    await ctx.db.query('DELETE FROM calendar_recomputes WHERE year >= 2027');
    await ctx.db.query("UPDATE leases SET holder = NULL, expires_at = '1970-01-01' WHERE name = ?", [RECOMPUTE_LEASE]);
    await ctx.db.query('UPDATE appeals SET next_check_at = NULL WHERE enterprise_id = ?', [firmId]);
    await ctx.close();
  });

  it('is not run while the dead holder’s lease lasts, then is taken over exactly once from its progress', async () => {
    await ctx.http().post('/api/calendar/schedules').set('Authorization', admin).send(INVENTED_2027_SCHEDULE).expect(201);

    // The first instance commits the supervision-order pass and one batch of 2, then dies holding the lease.
    const dead = dyingInstance(2);
    await expect(dead.runPending({ batchSize: 2 })).rejects.toThrow('instance died');
    const lease = await ctx.app.get(LeaseRepository).find(RECOMPUTE_LEASE);
    expect(lease).toMatchObject({ holder: dead.holder, expiresAt: new Date(clock.now().getTime() + LEASE_MS) });
    const stalled = await job();
    expect(stalled).toMatchObject({ status: 'pending', examined: 2 });
    const afterDeath = await recomputeEvents();
    expect(afterDeath.size).toBe(stalled.moved);

    // Just before the expiry the lease still belongs to the dead holder: nobody runs the job.
    clock.advance(LEASE_MS - 1000);
    const a = instance();
    const b = instance();
    expect(await Promise.all([a.runPending({ batchSize: 2 }), b.runPending({ batchSize: 2 })])).toEqual([[], []]);
    expect(await job()).toEqual(stalled);

    // Past the expiry two live instances race: one takes the job over, from the stored progress.
    clock.advance(2000);
    const reports = (await Promise.all([a.runPending({ batchSize: 2 }), b.runPending({ batchSize: 2 })])).flat();
    expect(reports).toHaveLength(1);
    expect(reports[0].year).toBe(2027);
    const finished = await job();
    expect(finished.status).toBe('done');
    expect(finished.examined).toBe(stalled.examined + reports[0].examined);
    expect(finished.moved).toBe(stalled.moved + reports[0].moved);
    const events = await recomputeEvents();
    // Every moved appeal has exactly one event: nothing the dead instance committed was applied again.
    expect(events.size).toBe(finished.moved);
    expect([...events.values()].every((n) => n === 1)).toBe(true);
    for (const id of ids) expect(events.get(id)).toBe(1);
    const rows: Array<{ resolution_due_at: Date; resolution_due_basis: string }> = await ctx.db.query(
      'SELECT resolution_due_at, resolution_due_basis FROM appeals WHERE id IN (?)',
      [ids],
    );
    expect(rows).toEqual(ids.map(() => ({ resolution_due_at: sh('2027-01-07T17:30:00'), resolution_due_basis: 'statutory' })));
    // The winner released the lease; running again changes nothing.
    expect((await ctx.app.get(LeaseRepository).find(RECOMPUTE_LEASE))?.holder).toBeNull();
    expect(await Promise.all([a.runPending(), b.runPending()])).toEqual([[], []]);
    expect(await recomputeEvents()).toEqual(events);
    expect(await job()).toEqual(finished);
  });
});
