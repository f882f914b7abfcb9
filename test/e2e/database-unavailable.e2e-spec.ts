import { consoleLogin } from '../browser/console-http';
import { insertUser, login } from '../helpers/factories';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * An application whose database goes away (through a proxy that drops every connection and
 * refuses new ones — the shared MariaDB itself keeps running) answers 503 DATABASE_UNAVAILABLE
 * with Retry-After in the one error body on the API, a Chinese page on the console, 503 on
 * readiness — never a bare 500 — and serves again once the database is back.
 */
describe('database unavailable (e2e)', () => {
  let proxy: TcpProxy;
  let ctx: TestContext;
  const previousUrl = process.env.DATABASE_URL as string;
  let bearer: string;
  let cookie: string;

  beforeAll(async () => {
    const direct = new URL(previousUrl);
    proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 3306) });
    const proxied = new URL(previousUrl);
    proxied.port = String(proxy.port);
    process.env.DATABASE_URL = proxied.toString();
    ctx = await createTestApp();
    const officer = await insertUser(ctx.db, { role: 'officer', regionCode: '510104' });
    bearer = `Bearer ${await login(ctx, officer)}`;
    cookie = (await consoleLogin(ctx, officer.username)).cookie;
  });
  afterAll(async () => {
    process.env.DATABASE_URL = previousUrl;
    await proxy.start().catch(() => undefined);
    await ctx?.close();
    await proxy.close();
  });

  it('serves while the database is there', async () => {
    await ctx.http().get('/api/appeals').set('Authorization', bearer).expect(200);
    await ctx.http().get('/health/ready').expect(200);
  });

  it('answers 503 DATABASE_UNAVAILABLE with Retry-After on the API while it is gone', async () => {
    await proxy.stop();
    for (const call of [
      () => ctx.http().get('/api/appeals').set('Authorization', bearer),
      () => ctx.http().get('/api/enterprises').set('Authorization', bearer),
      () => ctx.http().post('/api/auth/login').send({ username: 'nobody', password: 'whatever-it-is' }),
    ]) {
      const response = await call();
      expect(response.status).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toEqual({
        statusCode: 503,
        code: 'DATABASE_UNAVAILABLE',
        message: expect.stringContaining('database'),
        errorId: expect.any(String),
        requestId: expect.any(String),
      });
    }
    const ready = await ctx.http().get('/health/ready').expect(503);
    expect(ready.body.code).toBe('DATABASE_UNAVAILABLE');
    expect(ready.headers['retry-after']).toBe('5');
    await ctx.http().get('/health').expect(200);
  });

  it('shows the console a Chinese 503 page', async () => {
    const page = await ctx.http().get('/appeals').set('Cookie', cookie);
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['retry-after']).toBe('5');
    expect(page.text).toContain('数据库暂时无法连接');
  });

  it('serves again once the database is back', async () => {
    await proxy.start();
    await ctx.http().get('/api/appeals').set('Authorization', bearer).expect(200);
    await ctx.http().get('/health/ready').expect(200);
  });
});
