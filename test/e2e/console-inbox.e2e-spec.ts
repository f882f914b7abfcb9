import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertUser } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';
import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';

/** The console's 消息 inbox: only the user's own notifications, marked read through CSRF-checked forms. */
describe('web console inbox (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let appealId: number;
  let me: { id: number; username: string };
  let other: { id: number; username: string };
  let agent: ConsoleAgent;
  const ids: Record<string, number> = {};

  const flashOf = (response: { headers: Record<string, unknown> }) => {
    const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
    return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string }) : null;
  };
  const insertNotification = async (
    userId: number,
    title: string,
    fields: { appealId?: number; body?: string; read?: boolean; at?: string } = {},
  ): Promise<number> => {
    const at = new Date(fields.at ?? '2026-03-02T01:00:00Z');
    const result = await ctx.db.query(
      'INSERT INTO notifications (user_id, appeal_id, kind, title, body, read_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [userId, fields.appealId ?? null, 'appeal.route', title, fields.body ?? null, fields.read ? at : null, at],
    );
    return Number(result.insertId);
  };
  const unreadIds = async (userId: number): Promise<number[]> =>
    (await ctx.db.query('SELECT id FROM notifications WHERE user_id = ? AND read_at IS NULL ORDER BY id', [userId])).map(
      (r: { id: number }) => Number(r.id),
    );
  const rowIds = (html: string): number[] => [...html.matchAll(/data-notification-id="(\d+)"/g)].map((m) => Number(m[1]));

  beforeAll(async () => {
    ctx = await createTestApp();
    cast = await appealCast(ctx, '510105');
    const energy = await categoryId(ctx.db, 'energy_power');
    appealId = (
      await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.enterprise.bearer)
        .send({ categoryId: energy, kind: 'help', title: '园区变电站检修停电', description: '检修期间全厂停产，请协调错峰。' })
        .expect(201)
    ).body.id;
    me = await insertUser(ctx.db, { role: 'officer', regionCode: '510105' });
    other = await insertUser(ctx.db, { role: 'officer', regionCode: '510105' });
    ids.oldRead = await insertNotification(me.id, '早先的已读提醒', { read: true, at: '2026-03-01T01:00:00Z' });
    ids.routed = await insertNotification(me.id, '【2026-000001】新诉求已交办，请及时签收', {
      appealId,
      body: '园区变电站检修停电',
      at: '2026-03-02T01:00:00Z',
    });
    ids.plain = await insertNotification(me.id, '本周有 3 件诉求临期', { at: '2026-03-03T01:00:00Z' });
    ids.others = await insertNotification(other.id, '别人的督办提醒', { at: '2026-03-03T02:00:00Z' });
    agent = await consoleLogin(ctx, me.username);
  });
  afterAll(() => ctx.close());

  it('lists only the signed-in user’s notifications, newest first, with the unread ones marked and the appeal linked', async () => {
    const page = await agent.get('/notifications').expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(rowIds(page.text)).toEqual([ids.plain, ids.routed, ids.oldRead]);
    expect(page.text).not.toContain('别人的督办提醒');
    expect(page.text).toContain('园区变电站检修停电');
    expect(page.text).toContain(`href="/appeals/${appealId}"`);
    expect(page.text).toMatch(new RegExp(`data-notification-id="${ids.plain}" data-read="false"`));
    expect(page.text).toMatch(new RegExp(`data-notification-id="${ids.oldRead}" data-read="true"`));
    expect(page.text).toContain('2 条未读');
    // The menu entry, active here, with the unread count.
    expect(page.text).toMatch(
      /<a href="\/notifications" class="active" aria-current="page">消息 <span[^>]*data-testid="nav-unread"[^>]*>2<\/span>/,
    );
  });

  it('shows 消息 in the menu of every role', async () => {
    const admin = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    for (const username of [cast.enterprise.username, cast.handlerA.username, cast.supervisor.username, admin.username]) {
      const session = await consoleLogin(ctx, username);
      const inbox = await session.get('/notifications').expect(200);
      expect(inbox.text).toContain('<a href="/notifications" class="active" aria-current="page">消息');
      expect(inbox.text).not.toContain('别人的督办提醒');
      const account = await session.get('/account').expect(200);
      expect(account.text).toContain('<a href="/notifications">消息');
    }
  });

  it('refuses a forged post without the CSRF token and changes nothing', async () => {
    const one = await agent.post(`/notifications/${ids.plain}/read`, {}).expect(403);
    expect(one.text).toContain('data-status="403"');
    await agent.post('/notifications/read-all', { _csrf: 'x'.repeat(43) }).expect(403);
    expect(await unreadIds(me.id)).toEqual([ids.routed, ids.plain]);
  });

  it('answers 404 for another user’s notification and leaves it unread', async () => {
    const response = await agent.post(`/notifications/${ids.others}/read`, { _csrf: agent.csrf }).expect(404);
    expect(response.text).toContain('data-status="404"');
    await agent.post('/notifications/999999999/read', { _csrf: agent.csrf }).expect(404);
    expect(await unreadIds(other.id)).toEqual([ids.others]);
  });

  it('marks one read: it leaves the unread filter and the flash says so', async () => {
    const before = await agent.get('/notifications?unread=true').expect(200);
    expect(rowIds(before.text)).toEqual([ids.plain, ids.routed]);

    const response = await agent
      .post(`/notifications/${ids.plain}/read`, { _csrf: agent.csrf, back: '/notifications?unread=true' })
      .expect(303);
    expect(response.headers.location).toBe('/notifications?unread=true');
    expect(flashOf(response)).toEqual({ kind: 'success', text: '消息已标为已读' });

    const after = await agent.get('/notifications?unread=true').expect(200);
    expect(rowIds(after.text)).toEqual([ids.routed]);
    expect(after.text).toMatch(/data-testid="nav-unread"[^>]*>1</);
    // Marking it again is harmless; a return address off the inbox is not followed.
    const again = await agent.post(`/notifications/${ids.plain}/read`, { _csrf: agent.csrf, back: 'https://evil.example/' }).expect(303);
    expect(again.headers.location).toBe('/notifications');
  });

  it('marks all read: the unread filter is empty, other users are untouched', async () => {
    const response = await agent.post('/notifications/read-all', { _csrf: agent.csrf, back: '/notifications?unread=true' }).expect(303);
    expect(response.headers.location).toBe('/notifications?unread=true');
    expect(flashOf(response)).toEqual({ kind: 'success', text: '已将 1 条消息标为已读' });

    const after = await agent.get('/notifications?unread=true').expect(200);
    expect(rowIds(after.text)).toEqual([]);
    expect(after.text).toContain('没有未读消息');
    expect(after.text).not.toContain('data-testid="nav-unread"');
    expect(after.text).not.toContain('全部标为已读');
    expect(await unreadIds(me.id)).toEqual([]);
    expect(await unreadIds(other.id)).toEqual([ids.others]);

    const nothing = await agent.post('/notifications/read-all', { _csrf: agent.csrf }).expect(303);
    expect(flashOf(nothing)).toEqual({ kind: 'info', text: '没有未读消息' });
  });

  it('pages through a long inbox', async () => {
    const busy = await insertUser(ctx.db, { role: 'handler', regionCode: '510105', departmentId: cast.deptA });
    const created: number[] = [];
    for (let i = 0; i < 23; i++) created.push(await insertNotification(busy.id, `批量提醒 ${i}`));
    const session = await consoleLogin(ctx, busy.username);
    const first = await session.get('/notifications').expect(200);
    expect(rowIds(first.text)).toEqual(created.slice(-20).reverse());
    expect(first.text).toContain('第 1 / 2 页，共 23 条');
    expect(first.text).toContain('href="/notifications?page=2"');
    const second = await session.get('/notifications?page=2').expect(200);
    expect(rowIds(second.text)).toEqual(created.slice(0, 3).reverse());
    // Past the end (e.g. after marking the last ones read): sent to the last page there is.
    const past = await session.get('/notifications?page=9').expect(303);
    expect(past.headers.location).toBe('/notifications?page=2');
  });
});
