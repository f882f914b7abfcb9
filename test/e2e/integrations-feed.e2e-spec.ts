import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { signedIn, unique } from '../helpers/factories';
import { clientToken, registerClient } from '../helpers/machine-clients';
import { createTestApp, TestContext } from '../helpers/test-app';

type FeedEvent = { id: number; type: string; appealId: number; visibility: string; actor: { id: number | null; clientId: string | null } };
type FeedPage = { items: FeedEvent[]; nextCursor: string; hasMore: boolean };

describe('change feed GET /api/events (e2e)', () => {
  let ctx: TestContext;
  let home: Awaited<ReturnType<typeof appealCast>>;
  let away: Awaited<ReturnType<typeof appealCast>>;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let labour: number;

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-16T02:00:00Z')) });
    home = await appealCast(ctx, '510104');
    away = await appealCast(ctx, '510703');
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    labour = await categoryId(ctx.db, 'labour');
  });
  afterAll(() => ctx.close());

  const page = async (bearer: string, after?: string, limit?: number): Promise<FeedPage> => {
    const query = new URLSearchParams({ ...(after ? { after } : {}), ...(limit ? { limit: String(limit) } : {}) });
    return (await ctx.http().get(`/api/events?${query}`).set('Authorization', bearer).expect(200)).body as FeedPage;
  };
  /** Reads to the end; returns what came and the cursor to go on from. */
  const drain = async (bearer: string, after?: string): Promise<{ events: FeedEvent[]; cursor: string }> => {
    const events: FeedEvent[] = [];
    let cursor = after;
    for (;;) {
      const p = await page(bearer, cursor, 500);
      events.push(...p.items);
      cursor = p.nextCursor;
      if (!p.hasMore) return { events, cursor };
    }
  };
  const submit = async (cast: typeof home, title = unique('诉求')) =>
    (
      await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.officer.bearer)
        .send({ enterpriseId: cast.firmId, categoryId: labour, kind: 'help', title, description: '企业反映近期招工难，一线岗位缺口较大。' })
        .expect(201)
    ).body as { id: number; version: number };

  it('serves what the caller may see, in order, from a cursor; internal notes to staff only', async () => {
    const machine = await registerClient(ctx, admin.bearer, { role: 'supervisor', regionCode: home.city, scopes: ['events:read', 'appeals:read'] });
    const staffMachine = await registerClient(ctx, admin.bearer, {
      role: 'supervisor',
      regionCode: home.city,
      scopes: ['events:read', 'appeals:internal'],
    });
    const machineBearer = await clientToken(ctx, machine);
    const staffBearer = await clientToken(ctx, staffMachine);
    const starts = {
      machine: (await drain(machineBearer)).cursor,
      staff: (await drain(staffBearer)).cursor,
      enterprise: (await drain(home.enterprise.bearer)).cursor,
      officer: (await drain(home.officer.bearer)).cursor,
    };

    const mine = await submit(home);
    const theirs = await submit(away);
    const accepted = await ctx
      .http()
      .post(`/api/appeals/${mine.id}/accept`)
      .set('Authorization', home.officer.bearer)
      .set('If-Match', `"${mine.version}"`)
      .send({})
      .expect(200);
    await ctx
      .http()
      .post(`/api/appeals/${mine.id}/comments`)
      .set('Authorization', home.officer.bearer)
      .set('If-Match', `"${accepted.body.version}"`)
      .send({ text: '内部备注：先电话核实', visibility: 'internal' })
      .expect(200);

    const seen = (await drain(machineBearer, starts.machine)).events;
    expect(seen.filter((e) => e.appealId === mine.id).map((e) => e.type)).toEqual(['appeal.submit', 'appeal.accept']);
    expect(seen.some((e) => e.appealId === theirs.id)).toBe(false);
    const staff = (await drain(staffBearer, starts.staff)).events.filter((e) => e.appealId === mine.id);
    expect(staff.map((e) => [e.type, e.visibility])).toEqual([
      ['appeal.submit', 'public'],
      ['appeal.accept', 'public'],
      ['appeal.comment', 'internal'],
    ]);
    const firm = (await drain(home.enterprise.bearer, starts.enterprise)).events;
    expect(firm.map((e) => e.type)).toEqual(['appeal.submit', 'appeal.accept']);
    const officer = (await drain(home.officer.bearer, starts.officer)).events;
    expect(officer.map((e) => e.type)).toEqual(['appeal.submit', 'appeal.accept', 'appeal.comment']);
    expect(officer.map((e) => e.id)).toEqual([...officer.map((e) => e.id)].sort((a, b) => a - b));
  });

  it('never skips an event whose transaction commits after a later one (commit order, not id order)', async () => {
    const { cursor } = await drain(admin.bearer);
    const early = await submit(home);
    // A transaction that takes an event id now and commits only after a later event has committed.
    const runner = ctx.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const inserted = await runner.query(
        `INSERT INTO appeal_events (appeal_id, seq, action, actor_id, actor_role, to_status, payload, visibility, created_at, hash)
         VALUES (?, 900, 'comment', ?, 'officer', 'submitted', '{}', 'public', NOW(3), REPEAT('0', 64))`,
        [early.id, home.officer.id],
      );
      const slowId = Number(inserted.insertId);
      const later = await submit(home);
      const first = await drain(admin.bearer, cursor);
      expect(first.events.map((e) => e.appealId)).toEqual([early.id, later.id]);
      expect(first.events.some((e) => e.id === slowId)).toBe(false);
      await runner.commitTransaction();

      const second = await drain(admin.bearer, first.cursor);
      expect(second.events.map((e) => e.id)).toEqual([slowId]);
      expect(second.events[0].id).toBeLessThan(first.events[1].id);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('pages by limit and attributes a machine client’s actions to it', async () => {
    const client = await registerClient(ctx, admin.bearer, { role: 'officer', regionCode: home.county, scopes: ['appeals:write', 'events:read'] });
    await ctx.db.query('UPDATE enterprises SET officer_id = ? WHERE id = ?', [client.userId, home.firmId]);
    const bearer = await clientToken(ctx, client);
    const { cursor } = await drain(admin.bearer);
    const submitted = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', bearer)
      .send({ enterpriseId: home.firmId, categoryId: labour, kind: 'help', title: unique('热线'), description: '企业反映近期招工难，一线岗位缺口较大。' })
      .expect(201);
    await ctx.db.query('UPDATE enterprises SET officer_id = ? WHERE id = ?', [home.officer.id, home.firmId]);
    await submit(home);
    const one = await page(admin.bearer, cursor, 1);
    expect(one).toMatchObject({ hasMore: true, items: [{ appealId: submitted.body.id, actor: { id: client.userId, clientId: client.clientId } }] });
    const rest = await page(admin.bearer, one.nextCursor, 500);
    expect(rest.items).toHaveLength(1);
    expect(rest.items[0].actor.clientId).toBeNull();
    expect((await page(admin.bearer, rest.nextCursor)).items).toEqual([]);
  });

  it('refuses altered cursors, bad limits and clients without events:read', async () => {
    const { cursor } = await drain(admin.bearer);
    const text = Buffer.from(cursor, 'base64url').toString('utf8');
    const edited = Buffer.from(text.replace(/^v1\.[0-9a-z]+/, 'v1.0')).toString('base64url');
    const tampered = await ctx.http().get(`/api/events?after=${edited}`).set('Authorization', admin.bearer).expect(400);
    expect(tampered.body).toMatchObject({ code: 'BAD_REQUEST', details: [{ field: 'after' }] });
    await ctx.http().get('/api/events?after=12345').set('Authorization', admin.bearer).expect(400);
    await ctx.http().get(`/api/events?after=${cursor.slice(0, -3)}`).set('Authorization', admin.bearer).expect(400);
    await ctx.http().get('/api/events?limit=501').set('Authorization', admin.bearer).expect(400);
    await ctx.http().get('/api/events?limit=0').set('Authorization', admin.bearer).expect(400);
    await ctx.http().get('/api/events').expect(401);
    const reader = await registerClient(ctx, admin.bearer, { role: 'supervisor', regionCode: home.city, scopes: ['appeals:read'] });
    const refused = await ctx.http().get('/api/events').set('Authorization', await clientToken(ctx, reader)).expect(403);
    expect(refused.body.context).toMatchObject({ requiredScopes: ['events:read'] });
  });
});
