import { randomUUID } from 'node:crypto';
import { signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * API rate limits per user and, without a valid token, per client address, shared by every
 * instance through Redis (127.0.0.1:6379 runs on every machine of ours, CI included).
 */
async function appWith(env: Record<string, string>): Promise<TestContext> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await createTestApp();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('API rate limits (e2e)', () => {
  // A key prefix of this run's own, so parallel runs on one Redis never share counts.
  const shared = {
    RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:6379/0',
    RATE_LIMIT_KEY_PREFIX: `qiyuan-test:${randomUUID()}:`,
    RATE_LIMIT_PER_USER: '6',
    RATE_LIMIT_ANONYMOUS: '3',
    RATE_LIMIT_WINDOW_SECONDS: '60',
  };
  let first: TestContext;
  let second: TestContext;

  beforeAll(async () => {
    first = await appWith(shared);
    second = await appWith(shared);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
  });

  it('counts one user across instances and answers 429 with Retry-After in the error body', async () => {
    const user = await signedIn(first, { role: 'officer', regionCode: '510104' });
    const other = await signedIn(first, { role: 'officer', regionCode: '510104' });
    // Signing in above was one anonymous call per user; their budgets start now.
    for (let i = 0; i < 6; i += 1) {
      await (i % 2 ? second : first).http().get('/api/me').set('Authorization', user.bearer).expect(200);
    }
    const limited = await second.http().get('/api/me').set('Authorization', user.bearer).expect(429);
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.body).toMatchObject({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: expect.stringContaining('at most 6 per 60 s'),
      context: { retryAfterSeconds: retryAfter, limit: 6 },
    });
    // Another user's budget is their own.
    await first.http().get('/api/me').set('Authorization', other.bearer).expect(200);
  });

  it('counts calls without a valid token per client address, a forged token included', async () => {
    const anonymous = async (ctx: TestContext) => ctx.http().post('/api/auth/refresh').send({ refreshToken: `${randomUUID()}.nothing-here` });
    // The two sign-ins above already spent two of this address's three anonymous calls.
    expect((await anonymous(second)).status).toBe(401);
    const limited = await anonymous(first);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    const forged = await first.http().get('/api/me').set('Authorization', 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.forged');
    expect(forged.status).toBe(429);
  });

  it('leaves the console and the health probe to their own protections', async () => {
    for (let i = 0; i < 5; i += 1) {
      await first.http().get('/login').expect(200);
      await first.http().get('/health').expect(200);
    }
  });

  it('falls back to counting per instance when Redis cannot be reached at boot', async () => {
    const alone = await appWith({ ...shared, RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:1/0', RATE_LIMIT_ANONYMOUS: '2' });
    try {
      for (let i = 0; i < 2; i += 1) expect((await alone.http().post('/api/auth/refresh').send({ refreshToken: `${randomUUID()}.x-x-x-x-x` })).status).toBe(401);
      expect((await alone.http().post('/api/auth/refresh').send({ refreshToken: `${randomUUID()}.x-x-x-x-x` })).status).toBe(429);
    } finally {
      await alone.close();
    }
  });
});
