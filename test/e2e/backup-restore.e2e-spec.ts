import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { type StoredEventRow, toHashedFields } from '../../src/appeals/events/appeal-events.repository';
import { verifyChain } from '../../src/appeals/events/event-hash';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { connectionArgs, findProgram } from '../helpers/mysql-tools';
import { useOwnDatabase } from '../helpers/server-process';
import { createTestApp, TestContext } from '../helpers/test-app';

/** Every appeal's chain in one database: appeal id → verification, plus the head each appeal row records. */
async function verifyAllChains(
  db: DataSource,
): Promise<{ appeals: number; events: number; broken: Array<{ appealId: number; problem: string | null }> }> {
  const heads: Array<{ id: number; last_event_hash: string | null; event_count: number }> = await db.query(
    'SELECT id, last_event_hash, event_count FROM appeals ORDER BY id',
  );
  const rows: StoredEventRow[] = await db.query('SELECT * FROM appeal_events ORDER BY appeal_id, seq');
  const byAppeal = new Map<number, StoredEventRow[]>();
  for (const row of rows) byAppeal.set(Number(row.appeal_id), [...(byAppeal.get(Number(row.appeal_id)) ?? []), row]);
  const broken: Array<{ appealId: number; problem: string | null }> = [];
  for (const head of heads) {
    const events = (byAppeal.get(Number(head.id)) ?? []).map(toHashedFields);
    const result = verifyChain(events);
    const last = events[events.length - 1];
    if (!result.valid) broken.push({ appealId: Number(head.id), problem: result.problem });
    else if ((last?.hash ?? null) !== head.last_event_hash || events.length !== Number(head.event_count)) {
      broken.push({ appealId: Number(head.id), problem: 'the appeal row does not record its last event' });
    }
  }
  return { appeals: heads.length, events: rows.length, broken };
}

/**
 * The README's backup runbook, run: `mariadb-dump --single-transaction` (or `mysqldump`) of the
 * test database, restored with the `mariadb` (or `mysql`) client into a new database, where every
 * appeal's hash chain verifies and the counts match the source.
 */
describe('backup and restore (e2e)', () => {
  let ctx: TestContext;
  let restored: DataSource | undefined;
  let database: Awaited<ReturnType<typeof useOwnDatabase>>;
  let source: string;
  let target: string;
  const work = mkdtempSync(join(tmpdir(), 'qiyuan-backup-'));
  const dump = findProgram('mariadb-dump', 'mysqldump');
  const client = findProgram('mariadb', 'mysql');

  beforeAll(async () => {
    // Its own database: other specs' factory rows carry made-up event hashes on purpose, and a
    // backup check must judge only histories written by the application.
    database = await useOwnDatabase('backup');
    source = database.url;
    target = `${source}_restore`;
    ctx = await createTestApp();
    // A few appeals with real histories.
    const cast = await appealCast(ctx, '511124');
    for (const title of ['备份前的诉求一', '备份前的诉求二']) {
      const created = await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.enterprise.bearer)
        .send({
          categoryId: await categoryId(ctx.db, 'energy_power'),
          kind: 'help',
          title,
          description: '企业生产用电问题，需要协调解决。',
        })
        .expect(201);
      await ctx
        .http()
        .post(`/api/appeals/${created.body.id}/accept`)
        .set('Authorization', cast.officer.bearer)
        .send({ version: created.body.version })
        .expect(200);
    }
  });
  afterAll(async () => {
    await restored?.destroy();
    await ctx.db.query(`DROP DATABASE IF EXISTS \`${connectionArgs(target).database}\``);
    await ctx.close();
    database?.restore();
    rmSync(work, { recursive: true, force: true });
  });

  it('dumps with a consistent snapshot, restores into a new database, and every appeal’s chain verifies there', async () => {
    if (!dump || !client)
      throw new Error('mariadb-dump/mysqldump and the mariadb/mysql client are needed (apt-get install mariadb-client)');
    const from = connectionArgs(source);
    const to = connectionArgs(target);
    const file = join(work, 'qiyuan.sql');
    const out = openSync(file, 'w');
    const dumped = spawnSync(
      dump,
      [...from.args, '--single-transaction', '--routines', '--triggers', '--hex-blob', '--default-character-set=utf8mb4', from.database],
      {
        env: from.env,
        stdio: ['ignore', out, 'pipe'],
      },
    );
    closeSync(out);
    expect({ status: dumped.status, stderr: dumped.stderr?.toString() }).toEqual({ status: 0, stderr: '' });
    expect(statSync(file).size).toBeGreaterThan(0);

    await ctx.db.query(`DROP DATABASE IF EXISTS \`${to.database}\``);
    await ctx.db.query(`CREATE DATABASE \`${to.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const input = openSync(file, 'r');
    const loaded = spawnSync(client, [...to.args, '--default-character-set=utf8mb4', to.database], {
      env: to.env,
      stdio: [input, 'pipe', 'pipe'],
    });
    closeSync(input);
    expect({ status: loaded.status, stderr: loaded.stderr?.toString() }).toEqual({ status: 0, stderr: '' });

    restored = new DataSource({ type: 'mysql', url: target, timezone: 'Z', supportBigNumbers: true, bigNumberStrings: false });
    await restored.initialize();
    const original = await verifyAllChains(ctx.db);
    const copy = await verifyAllChains(restored);
    expect(copy.broken).toEqual([]);
    expect({ appeals: copy.appeals, events: copy.events }).toEqual({ appeals: original.appeals, events: original.events });
    expect(copy.appeals).toBeGreaterThanOrEqual(2);
    const [migrations] = await restored.query('SELECT COUNT(*) AS n FROM schema_migrations');
    const [expected] = await ctx.db.query('SELECT COUNT(*) AS n FROM schema_migrations');
    expect(Number(migrations.n)).toBe(Number(expected.n));
  });

  it('would notice an altered event in the restored copy (the check can fail)', async () => {
    const [event] = await restored!.query('SELECT appeal_id, seq FROM appeal_events ORDER BY appeal_id, seq LIMIT 1');
    await restored!.query("UPDATE appeal_events SET reason = 'altered after the restore' WHERE appeal_id = ? AND seq = ?", [
      event.appeal_id,
      event.seq,
    ]);
    const { broken } = await verifyAllChains(restored!);
    expect(broken).toEqual([expect.objectContaining({ appealId: Number(event.appeal_id) })]);
  });
});
