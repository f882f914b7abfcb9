import { FixedClock } from '../../src/common/clock/clock';
import { SlaSweepService, SWEEP_LEASE } from '../../src/sla/sweep/sla-sweep.service';
import { LeaseRepository } from '../../src/sla/sweep/lease.repository';
import { ReportFreezerCron } from '../../src/supervision/reports/report-freezer.cron';
import { createTestApp, TestContext } from '../helpers/test-app';
import { waitFor } from '../helpers/wait-for';

const LEASE_SECONDS = 5;
const SWEEP_INTERVAL_SECONDS = 60;

/**
 * Singleton jobs hold short leases (JOB_LEASE_SECONDS) renewed while they work: a holder that
 * crashed is replaced by another instance within one lease — inside one sweep interval — and a
 * live holder's heartbeat keeps everyone else out however long its work takes. Two application
 * instances on one database stand for two servers.
 */
describe('job leases: short, renewed, quick fail-over (e2e)', () => {
  const clock = new FixedClock(new Date('2026-05-06T02:00:00Z'));
  let one: TestContext;
  let two: TestContext;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.JOB_LEASE_SECONDS = String(LEASE_SECONDS);
    process.env.SWEEP_INTERVAL_SECONDS = String(SWEEP_INTERVAL_SECONDS);
    one = await createTestApp({ clock });
    two = await createTestApp({ clock });
    await one.db.query("INSERT IGNORE INTO leases (name, expires_at) VALUES ('ops-test-job', '1970-01-01')");
  });
  afterAll(async () => {
    process.env = saved;
    await one?.close();
    await two?.close();
  });

  const leaseRow = async (name: string) => (await one.db.query('SELECT holder, expires_at FROM leases WHERE name = ?', [name]))[0];

  it('replaces a crashed sweep holder within one lease, well inside one sweep interval', async () => {
    const crashedAt = clock.now();
    expect(await one.app.get(LeaseRepository).claim(SWEEP_LEASE, 'crashed-instance', crashedAt)).toBe(true);
    expect((await leaseRow(SWEEP_LEASE)).expires_at).toEqual(new Date(crashedAt.getTime() + LEASE_SECONDS * 1000));

    clock.advance((LEASE_SECONDS - 1) * 1000);
    expect(await two.app.get(SlaSweepService).runOnce()).toMatchObject({ skipped: true });

    clock.set(new Date(crashedAt.getTime() + (LEASE_SECONDS + 1) * 1000));
    expect(clock.now().getTime() - crashedAt.getTime()).toBeLessThan(SWEEP_INTERVAL_SECONDS * 1000);
    expect(await two.app.get(SlaSweepService).runOnce()).toMatchObject({ skipped: false, completed: true });
    expect((await leaseRow(SWEEP_LEASE)).holder).toBeNull();
  });

  it('replaces a crashed holder of the dashboards’ open-case counts the same way', async () => {
    const crashedAt = clock.now();
    await one.app.get(LeaseRepository).claim('supervision-open-counts', 'crashed-instance', crashedAt);
    expect(await two.app.get(ReportFreezerCron).refreshOpenCounts()).toBe(0);
    clock.advance((LEASE_SECONDS + 1) * 1000);
    expect(await two.app.get(ReportFreezerCron).refreshOpenCounts()).toBeGreaterThan(0);
    expect((await leaseRow('supervision-open-counts')).holder).toBeNull();
  });

  it('keeps a working holder’s lease alive with its heartbeat, and releases it when the work ends', async () => {
    const leases = one.app.get(LeaseRepository);
    const started = clock.now();
    let finish = () => {};
    const work = leases.hold('ops-test-job', 'holder-a', () => new Promise<string>((resolve) => (finish = () => resolve('done'))));
    await waitFor(async () => (await leaseRow('ops-test-job'))?.holder === 'holder-a');
    // Past the first claim's end: the heartbeat (every third of the lease) has moved it on.
    clock.set(new Date(started.getTime() + (LEASE_SECONDS - 1) * 1000));
    await waitFor(async () => (await leaseRow('ops-test-job')).expires_at.getTime() > started.getTime() + LEASE_SECONDS * 1000);
    clock.set(new Date(started.getTime() + (LEASE_SECONDS + 1) * 1000));
    expect(await two.app.get(LeaseRepository).claim('ops-test-job', 'holder-b', clock.now())).toBe(false);
    finish();
    expect(await work).toBe('done');
    expect((await leaseRow('ops-test-job')).holder).toBeNull();
    expect(await two.app.get(LeaseRepository).claim('ops-test-job', 'holder-b', clock.now())).toBe(true);
  });
});
