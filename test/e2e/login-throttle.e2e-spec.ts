import { FixedClock } from '../../src/common/clock/clock';
import { insertUser, unique } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * Sign-in throttling that slows guessing without letting anyone lock someone else out, counted
 * under the real client address: X-Forwarded-For is believed only from a configured proxy.
 */
describe('sign-in throttling and client addresses (e2e)', () => {
  const clock = new FixedClock(new Date('2026-05-11T02:00:00Z'));
  let direct: TestContext;
  let proxied: TestContext;

  beforeAll(async () => {
    direct = await createTestApp({ clock });
    // The test client connects over loopback, so loopback plays the reverse proxy here.
    process.env.TRUST_PROXY = 'loopback';
    try {
      proxied = await createTestApp({ clock });
    } finally {
      delete process.env.TRUST_PROXY;
    }
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
  });

  const attempt = (ctx: TestContext, username: string, password: string, from?: string) => {
    const request = ctx.http().post('/api/auth/login');
    if (from) request.set('X-Forwarded-For', from);
    return request.send({ username, password });
  };

  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy', async () => {
    const user = await insertUser(direct.db, { role: 'officer', regionCode: '510104' });
    // Five failures "from" five addresses are five failures from the one real client.
    for (let i = 1; i <= 5; i += 1) await attempt(direct, user.username, 'wrong-pass-1', `203.0.113.${i}`).expect(401);
    const locked = await attempt(direct, user.username, user.password, '203.0.113.99').expect(429);
    expect(locked.body).toMatchObject({ statusCode: 429, code: 'TOO_MANY_ATTEMPTS' });
    const rows = await direct.db.query("SELECT throttle_key FROM login_throttles WHERE throttle_key LIKE ?", [`pair:%|${user.username}`]);
    expect(rows.map((r: { throttle_key: string }) => r.throttle_key)).toEqual([expect.not.stringContaining('203.0.113')]);
  });

  it('makes the guessing address wait, longer after each failure, while the owner signs in from elsewhere', async () => {
    const user = await insertUser(proxied.db, { role: 'admin', regionCode: '510000' });
    const attacker = '198.51.100.7';
    for (let i = 0; i < 5; i += 1) await attempt(proxied, user.username, 'wrong-pass-1', attacker).expect(401);
    const first = await attempt(proxied, user.username, user.password, attacker).expect(429);
    expect(Number(first.headers['retry-after'])).toBe(60);
    expect(first.body.context).toEqual({ retryAfterSeconds: 60 });
    // The account is not locked: its owner, at their own address, gets in.
    await attempt(proxied, user.username, user.password, '192.0.2.10').expect(200);

    clock.advance(61_000);
    await attempt(proxied, user.username, 'wrong-pass-1', attacker).expect(401);
    const second = await attempt(proxied, user.username, user.password, attacker).expect(429);
    expect(Number(second.headers['retry-after'])).toBe(120);
    clock.advance(121_000);
    await attempt(proxied, user.username, user.password, attacker).expect(200);
  });

  it('locks one address spraying many usernames, and nobody else', async () => {
    const sprayer = '198.51.100.50';
    for (let i = 0; i < 50; i += 1) await attempt(proxied, unique('ghost'), 'wrong-pass-1', sprayer).expect(401);
    const user = await insertUser(proxied.db, { role: 'officer', regionCode: '510104' });
    await attempt(proxied, user.username, user.password, sprayer).expect(429);
    await attempt(proxied, user.username, user.password, '192.0.2.11').expect(200);
    clock.advance(16 * 60_000);
  });

  it('locks the account itself only after 100 failures from many addresses', async () => {
    const user = await insertUser(proxied.db, { role: 'officer', regionCode: '510104' });
    for (let a = 1; a <= 19; a += 1) {
      for (let i = 0; i < 5; i += 1) await attempt(proxied, user.username, 'wrong-pass-1', `198.18.0.${a}`).expect(401);
    }
    // 95 failures: the owner still gets in from their own address.
    await attempt(proxied, user.username, user.password, '192.0.2.12').expect(200);
    for (let i = 0; i < 5; i += 1) await attempt(proxied, user.username, 'wrong-pass-1', '198.18.0.20').expect(401);
    const locked = await attempt(proxied, user.username, user.password, '192.0.2.12').expect(429);
    expect(locked.body.code).toBe('TOO_MANY_ATTEMPTS');
    clock.advance(16 * 60_000);
    await attempt(proxied, user.username, user.password, '192.0.2.12').expect(200);
  });
});
