import { createConnection, type Connection } from 'mysql2/promise';
import { request as httpRequest } from 'node:http';
import { insertAppealRow } from '../helpers/factories';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { startServerProcess, useOwnDatabase, type ServerProcess } from '../helpers/server-process';
import { createTestApp, TestContext } from '../helpers/test-app';
import { waitFor } from '../helpers/wait-for';

/** A child server on a loaded, shared machine can take its time. */
const waitLong = (condition: () => Promise<boolean>) => waitFor(condition, 90_000);

/** Requests held in flight across the SIGTERM. */
const IN_FLIGHT = 8;

interface Answer {
  status: number;
  body: string;
}

/** One request on its own connection, so the test sees exactly what the socket saw (a reset is an error). */
function post(url: string, path: string, bearer: string, body: object): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = httpRequest(`${url}${path}`, {
      method: 'POST',
      agent: false,
      headers: { authorization: bearer, 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

function get(url: string, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'GET', agent: false });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * The real server in a child process, requests in flight when SIGTERM arrives: they are
 * held up by a row lock the test keeps, so they are certainly running while the process is told
 * to stop. Every one completes with its normal answer; new connections are refused; the process
 * then stops its jobs, releases its leases, closes the pool and exits 0.
 */
describe('graceful shutdown of the real server (e2e)', () => {
  let ctx: TestContext;
  let server: ServerProcess | undefined;
  let locker: Connection;
  let bearer: string;
  let appealId: number;

  let database: Awaited<ReturnType<typeof useOwnDatabase>>;

  beforeAll(async () => {
    database = await useOwnDatabase('shutdown');
    ctx = await createTestApp();
    const cast = await appealCast(ctx, '511111');
    bearer = cast.officer.bearer;
    appealId = await insertAppealRow(ctx.db, {
      enterpriseId: cast.firmId,
      regionCode: cast.county,
      submittedBy: cast.enterprise.id,
      categoryId: await categoryId(ctx.db, 'energy_power'),
      columns: { status: 'in_progress', officer_id: cast.officer.id, lead_department_id: cast.deptA },
    });
    locker = await createConnection({ uri: process.env.DATABASE_URL as string });
  });
  afterAll(async () => {
    await locker?.end();
    if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
    await ctx?.close();
    database?.restore();
  });

  it('lets the requests in flight at SIGTERM finish, refuses new connections, then exits 0 with its leases released', async () => {
    server = await startServerProcess({
      DATABASE_URL: process.env.DATABASE_URL as string,
      JWT_SECRET: process.env.JWT_SECRET as string,
      SHUTDOWN_GRACE_SECONDS: '60',
      // Room for the waiting requests beside the jobs.
      DATABASE_POOL_SIZE: '40',
      SWEEP_ENABLED: 'true',
      SWEEP_INTERVAL_SECONDS: '2',
      OUTBOX_WORKER_ENABLED: 'true',
    });
    const pid = server.child.pid as number;
    // Let the jobs' start-up runs (report freezing, figures, counts) finish first: on a loaded machine
    // they would otherwise hold the requests below back for longer than InnoDB's lock wait.
    await waitLong(async () => {
      const busy = await ctx.db.query("SELECT name FROM leases WHERE name LIKE 'supervision-%' AND holder LIKE ? AND expires_at > NOW(3)", [
        `%:${pid}:%`,
      ]);
      return busy.length === 0;
    });

    // Hold the appeal's row: every comment below waits for it inside its transaction.
    await locker.beginTransaction();
    await locker.query('SELECT id FROM appeals WHERE id = ? FOR UPDATE', [appealId]);
    // A failed request is an answer too (status 0), so nothing rejects unobserved while the test waits.
    const early: Answer[] = [];
    const inFlight = Array.from({ length: IN_FLIGHT }, (_, i) =>
      post(server!.url, `/api/appeals/${appealId}/comments`, bearer, { text: `评论 ${i}`, visibility: 'public' })
        .catch((error: Error): Answer => ({ status: 0, body: error.message }))
        .then((answer) => (early.push(answer), answer)),
    );
    // Wait until all of them are inside the server, waiting on the lock. One answered while the lock
    // is still held never waited on it: fail at once, saying what it got.
    await waitLong(async () => {
      if (early.length > 0)
        throw new Error(`answered before the lock was released:\n${JSON.stringify(early)}\n${server!.output().slice(-4000)}`);
      // The statements themselves, as the server shows them: counting innodb_trx rows in LOCK WAIT joined
      // to the processlist missed waiting requests in a full run until InnoDB's lock wait ran out.
      const [rows] = await locker.query(
        `SELECT COUNT(*) AS n FROM information_schema.processlist
          WHERE id <> CONNECTION_ID() AND info LIKE ?`,
        [`SELECT a.* FROM appeals a WHERE a.id = ${appealId} %FOR UPDATE`],
      );
      return Number((rows as Array<{ n: number }>)[0].n) >= IN_FLIGHT;
    });

    server.child.kill('SIGTERM');
    // The listener is closed: a new connection is refused (or, in a race, turned away with 503). The probe
    // needs no database, so it never waits on the lock itself.
    await waitLong(async () => {
      const answer = await get(server!.url, '/health').catch((error: NodeJS.ErrnoException) => error.code);
      return answer === 'ECONNREFUSED' || (typeof answer === 'object' && answer.status === 503);
    });
    // Still draining: the process waits for them.
    expect(server.child.exitCode).toBeNull();

    await locker.commit();
    const answers = await Promise.all(inFlight);
    if (answers.some((a) => a.status !== 200))
      throw new Error(`not every request completed:\n${JSON.stringify(answers)}\n${server.output().slice(-4000)}`);
    expect(await server.exited).toBe(0);

    const [comments] = await ctx.db.query("SELECT COUNT(*) AS n FROM appeal_events WHERE appeal_id = ? AND action = 'comment'", [appealId]);
    expect(Number(comments.n)).toBe(IN_FLIGHT);
    const held = await ctx.db.query('SELECT name FROM leases WHERE holder LIKE ? AND expires_at > NOW(3)', [`%:${pid}:%`]);
    expect(held).toEqual([]);
    expect(server.output()).not.toContain('closed state');
    expect(server.output()).toContain('requests drained');
  }, 240_000);
});
