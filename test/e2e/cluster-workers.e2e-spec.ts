import { readFileSync } from 'node:fs';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertAppealRow } from '../helpers/factories';
import { startServerProcess, useOwnDatabase, type ServerProcess } from '../helpers/server-process';
import { createTestApp, TestContext } from '../helpers/test-app';
import { waitFor } from '../helpers/wait-for';

/** A child server on a loaded, shared machine can take its time. */
const waitLong = (condition: () => Promise<boolean>) => waitFor(condition, 120_000);

const DAY = 24 * 3600_000;

/** The child processes of a process (Linux). */
function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number);
}

/**
 * WEB_CONCURRENCY=2: the real server's primary forks two workers on one port; both serve, both
 * run the sweep every second, and the sweep's lease keeps every ladder step exactly once; SIGTERM
 * to the primary stops both gracefully. In 犍为县 (511123), which no other spec uses.
 */
describe('cluster workers (e2e)', () => {
  let ctx: TestContext;
  let server: ServerProcess | undefined;

  let database: Awaited<ReturnType<typeof useOwnDatabase>>;

  beforeAll(async () => {
    database = await useOwnDatabase('cluster');
    ctx = await createTestApp();
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await ctx?.close();
    database?.restore();
  });

  it('serves from two workers and sweeps each ladder step exactly once across them', async () => {
    const cast = await appealCast(ctx, '511123');
    const category = await categoryId(ctx.db, 'arrears');
    const overdueSince = new Date(Date.now() - 40 * DAY);
    const ids: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      ids.push(
        await insertAppealRow(ctx.db, {
          enterpriseId: cast.firmId,
          regionCode: cast.county,
          submittedBy: cast.enterprise.id,
          categoryId: category,
          columns: {
            status: 'in_progress',
            officer_id: cast.officer.id,
            lead_department_id: cast.deptA,
            submitted_at: new Date(overdueSince.getTime() - 10 * DAY),
            signed_at: new Date(overdueSince.getTime() - 10 * DAY),
            resolution_started_at: new Date(overdueSince.getTime() - 10 * DAY),
            current_due_at: overdueSince,
            resolution_due_at: overdueSince,
            next_check_at: overdueSince,
          },
        }),
      );
    }

    server = await startServerProcess({
      DATABASE_URL: process.env.DATABASE_URL as string,
      JWT_SECRET: process.env.JWT_SECRET as string,
      WEB_CONCURRENCY: '2',
      DATABASE_POOL_SIZE: '10',
      SWEEP_ENABLED: 'true',
      SWEEP_INTERVAL_SECONDS: '1',
    });
    const primary = server.child.pid as number;
    await waitLong(async () => childrenOf(primary).length === 2);
    const workers = childrenOf(primary);

    const answers = await Promise.all(Array.from({ length: 40 }, () => fetch(`${server!.url}/health/ready`).then((r) => r.status)));
    expect(answers).toEqual(Array(40).fill(200));

    // Both workers sweep every second; the lease lets one at a time work.
    await waitLong(async () => {
      const [row] = await ctx.db.query("SELECT COUNT(*) AS n FROM appeals WHERE id IN (?) AND level = 'city'", [ids]);
      return Number(row.n) === ids.length;
    });
    const steps: Array<{ action: string; n: number }> = await ctx.db.query(
      'SELECT appeal_id, action, COUNT(*) AS n FROM appeal_events WHERE appeal_id IN (?) GROUP BY appeal_id, action',
      [ids],
    );
    expect(steps).toHaveLength(ids.length * 4);
    expect(steps.every((s) => Number(s.n) === 1)).toBe(true);
    expect(childrenOf(primary)).toEqual(workers);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    for (const pid of workers) expect(() => process.kill(pid, 0)).toThrow();
    expect(server.output()).toContain('all workers stopped');
  }, 240_000);
});
