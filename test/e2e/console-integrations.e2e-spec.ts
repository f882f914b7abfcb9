import { appealCast } from '../helpers/appeal-fixtures';
import { insertUser } from '../helpers/factories';
import { uniqueSource } from '../helpers/machine-clients';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';

/**
 * The console's integration pages (/admin/clients, /admin/webhooks) over plain HTTP: admins only,
 * CSRF-checked, every change through ClientsService / SubscriptionsService, refused forms come
 * back with what was typed and each problem in Chinese next to its field.
 */
describe('console pages for API clients and webhook subscriptions (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let admin: ConsoleAgent;
  const previous = process.env.WEBHOOK_ALLOW_PRIVATE_URLS;

  const flashOf = (response: { headers: Record<string, unknown> }) => {
    const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
    return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string; details?: string[] }) : null;
  };
  /** The text shown next to a field (macros.njk fieldError). */
  const fieldError = (html: string, field: string) => new RegExp(`data-testid="field-error-${field}">([^<]*)<`).exec(html)?.[1];
  const shown = (html: string, testid: string) => new RegExp(`data-testid="${testid}">([^<]*)<`).exec(html)?.[1];

  beforeAll(async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = 'false';
    ctx = await createTestApp();
    cast = await appealCast(ctx, '510105');
    const adminUser = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    admin = await consoleLogin(ctx, adminUser.username);
  });
  afterAll(async () => {
    process.env.WEBHOOK_ALLOW_PRIVATE_URLS = previous;
    await ctx.close();
  });

  const register = (fields: Record<string, string | string[]>) =>
    admin.post('/admin/clients', { _csrf: admin.csrf, name: '成都市12345热线', role: 'officer', regionCode: cast.city, ...fields });

  it('registers a client, shows its secret once, and the secret gets a token', async () => {
    const source = uniqueSource('hotline');
    const created = await register({ source, scopes: ['appeals:read', 'events:read', 'webhooks:manage'] }).expect(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const clientId = shown(created.text, 'shown-client-id') as string;
    const secret = shown(created.text, 'shown-secret') as string;
    expect(clientId).toMatch(/^qc_/);
    expect(secret).toMatch(/^qcs_\d+_/);
    const [row] = await ctx.db.query('SELECT id FROM api_clients WHERE client_id = ?', [clientId]);

    const token = await ctx
      .http()
      .post('/api/oauth/token')
      .auth(clientId, secret)
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(200);
    expect(token.body.scope).toBe('appeals:read events:read webhooks:manage');

    // Never again: neither the list nor the client's page carries it.
    const list = await admin.get('/admin/clients').expect(200);
    expect(list.text).toContain(clientId);
    expect(list.text).not.toContain(secret);
    const page = await admin.get(`/admin/clients/${row.id}`).expect(200);
    expect(page.text).not.toContain(secret);
    expect(page.text).toContain(`…${secret.slice(-4)}`);
    expect(page.text).toContain('注册'); // its audit
    expect(shown(page.text, 'client-last-used')).not.toBe('从未使用');
  });

  it('keeps what was typed and says each problem in Chinese next to its field', async () => {
    const bad = await register({ name: '绵阳市政务服务平台', source: 'Bad Source!', regionCode: '12', scopes: [] }).expect(400);
    expect(bad.text).toContain('value="绵阳市政务服务平台"');
    expect(bad.text).toContain('value="Bad Source!"');
    expect(fieldError(bad.text, 'source')).toBe('来源标识格式不正确');
    // The region comes from the picker; a code it does not offer is refused at the field.
    expect(fieldError(bad.text, 'regionCode')).toBe('该地区不在您的管辖范围内，请从列表中选择');
    expect(fieldError(bad.text, 'scopes')).toMatch(/权限范围/);

    const role = await register({ source: uniqueSource('sup'), role: 'supervisor', scopes: ['appeals:submit', 'appeals:read'] }).expect(
      400,
    );
    expect(fieldError(role.text, 'scopes')).toBe('“代企业提交”权限只能授予专员角色的客户端');
    expect(role.text).toMatch(/value="appeals:read" checked/);
    expect(role.text).toMatch(/<option value="supervisor" selected>/);

    const unknownRegion = await register({ source: uniqueSource('rg'), regionCode: '519999', scopes: ['appeals:read'] }).expect(400);
    expect(fieldError(unknownRegion.text, 'regionCode')).toBe('该地区不在您的管辖范围内，请从列表中选择');
    expect(unknownRegion.text).toContain('519999（不可选）');

    const handler = await register({ source: uniqueSource('h'), role: 'handler', scopes: ['appeals:read'] }).expect(400);
    expect(fieldError(handler.text, 'departmentId')).toBe('责任单位角色须选择该区划内的责任单位');

    const source = uniqueSource('dup');
    await register({ source, scopes: ['appeals:read'] }).expect(201);
    const duplicate = await register({ source, scopes: ['appeals:read'] }).expect(409);
    expect(fieldError(duplicate.text, 'source')).toBe('该来源标识已被其他客户端使用，请换一个');
    expect(duplicate.text).toContain(`value="${source}"`);
  });

  it('rotates a secret with the overlap, revokes one secret, then the client; tokens stop', async () => {
    const created = await register({ source: uniqueSource('rot'), scopes: ['appeals:read'] }).expect(201);
    const clientId = shown(created.text, 'shown-client-id') as string;
    const first = shown(created.text, 'shown-secret') as string;
    const [row] = await ctx.db.query('SELECT id FROM api_clients WHERE client_id = ?', [clientId]);
    const token = (secret: string) =>
      ctx.http().post('/api/oauth/token').auth(clientId, secret).type('form').send({ grant_type: 'client_credentials' });

    const badOverlap = await admin.post(`/admin/clients/${row.id}/secrets`, { _csrf: admin.csrf, overlapSeconds: '-5' }).expect(400);
    expect(fieldError(badOverlap.text, 'overlapSeconds')).toBe('旧密钥保留时长不能小于 0');

    const rotated = await admin.post(`/admin/clients/${row.id}/secrets`, { _csrf: admin.csrf, overlapSeconds: '3600' }).expect(201);
    const second = shown(rotated.text, 'shown-secret') as string;
    expect(second).not.toBe(first);
    expect(rotated.text).toContain('1 小时');
    await token(first).expect(200); // the overlap
    await token(second).expect(200);
    const page = await admin.get(`/admin/clients/${row.id}`).expect(200);
    expect(page.text).toContain('过渡期内有效');

    const firstId = Number(/^qcs_(\d+)_/.exec(first)?.[1]);
    const revokedOne = await admin.post(`/admin/clients/${row.id}/secrets/${firstId}/revoke`, { _csrf: admin.csrf }).expect(303);
    expect(flashOf(revokedOne)).toMatchObject({ kind: 'success' });
    await token(first).expect(401);
    const again = await admin.post(`/admin/clients/${row.id}/secrets/${firstId}/revoke`, { _csrf: admin.csrf }).expect(303);
    expect(flashOf(again)).toMatchObject({ kind: 'error' });

    const unconfirmed = await admin.post(`/admin/clients/${row.id}/revoke`, { _csrf: admin.csrf }).expect(400);
    expect(fieldError(unconfirmed.text, 'confirm')).toContain('吊销前请勾选确认');
    await token(second).expect(200);
    const revoked = await admin.post(`/admin/clients/${row.id}/revoke`, { _csrf: admin.csrf, confirm: 'true' }).expect(303);
    expect(flashOf(revoked)?.text).toContain('已吊销');
    await token(second).expect(401);
    const audit = await admin.get(`/admin/clients/${row.id}`).expect(200);
    for (const action of ['注册', '轮换密钥', '吊销单个密钥', '吊销客户端']) expect(audit.text).toContain(action);
    expect(/data-testid="client-status">([\s\S]*?)<\/dd>/.exec(audit.text)?.[1]).toContain('已吊销');
    // A revoked client has nothing left to change: no rotate, edit or revoke form.
    expect(audit.text).not.toContain('data-testid="rotate-form"');
    expect(audit.text).not.toContain('data-testid="revoke-form"');
  });

  it('edits a client’s scopes with the errors at the field', async () => {
    const created = await register({ source: uniqueSource('ed'), scopes: ['appeals:read'] }).expect(201);
    const [row] = await ctx.db.query('SELECT id FROM api_clients WHERE client_id = ?', [shown(created.text, 'shown-client-id')]);
    const none = await admin.post(`/admin/clients/${row.id}`, { _csrf: admin.csrf, name: '新名称', scopes: [] }).expect(400);
    expect(fieldError(none.text, 'scopes')).toMatch(/权限范围/);
    expect(none.text).toContain('value="新名称"');
    await admin
      .post(`/admin/clients/${row.id}`, { _csrf: admin.csrf, name: '新名称', scopes: ['appeals:read', 'events:read'] })
      .expect(303);
    const [after] = await ctx.db.query('SELECT name, scopes FROM api_clients WHERE id = ?', [row.id]);
    expect(after.name).toBe('新名称');
  });

  it('manages a subscription: create (secret once), edit, test event, rotate, delete', async () => {
    const created = await register({ source: uniqueSource('wh'), scopes: ['appeals:read', 'webhooks:manage'] }).expect(201);
    const [client] = await ctx.db.query('SELECT id FROM api_clients WHERE client_id = ?', [shown(created.text, 'shown-client-id')]);
    const subscribe = (fields: Record<string, string | string[]>) =>
      admin.post('/admin/webhooks', { _csrf: admin.csrf, clientId: String(client.id), eventTypes: ['appeal.accept'], ...fields });

    const ftp = await subscribe({ url: 'ftp://hotline.example.gov.cn/hook', eventTypes: ['appeal.accept', 'appeal.resolve'] }).expect(400);
    expect(fieldError(ftp.text, 'url')).toBe('接收地址须为 http:// 或 https:// 开头的网址');
    expect(ftp.text).toContain('value="ftp://hotline.example.gov.cn/hook"');
    expect(ftp.text).toMatch(/value="appeal.resolve" checked/);
    const local = await subscribe({ url: 'https://127.0.0.1/hook' }).expect(400);
    expect(fieldError(local.text, 'url')).toBe('接收地址不能指向本服务器或内网地址');
    const outside = await subscribe({ url: 'https://hotline.example.gov.cn/hook', regionCode: '510703' }).expect(400);
    expect(fieldError(outside.text, 'regionCode')).toBe('该区划不在所选客户端的辖区范围内');
    const noTypes = await subscribe({ url: 'https://hotline.example.gov.cn/hook', eventTypes: [] }).expect(400);
    expect(fieldError(noTypes.text, 'eventTypes')).toMatch(/事件类型/);
    const noClient = await admin
      .post('/admin/webhooks', { _csrf: admin.csrf, url: 'https://hotline.example.gov.cn/hook', eventTypes: ['*'] })
      .expect(400);
    expect(fieldError(noClient.text, 'clientId')).toBe('请选择该订阅所属的客户端');

    const made = await subscribe({ url: 'https://hotline.example.gov.cn/qiyuan/webhooks', regionCode: cast.county }).expect(201);
    const secret = shown(made.text, 'shown-secret') as string;
    expect(secret).toMatch(/^whsec_/);
    const [sub] = await ctx.db.query('SELECT id FROM webhook_subscriptions WHERE client_pk = ? ORDER BY id DESC LIMIT 1', [client.id]);
    const page = await admin.get(`/admin/webhooks/${sub.id}`).expect(200);
    expect(page.text).not.toContain(secret);
    expect(page.text).toContain(cast.county);
    const list = await admin.get('/admin/webhooks').expect(200);
    expect(list.text).toContain(`/admin/webhooks/${sub.id}`);
    const clientPage = await admin.get(`/admin/clients/${client.id}`).expect(200);
    expect(clientPage.text).toContain(`/admin/webhooks/${sub.id}`);

    const badEdit = await admin
      .post(`/admin/webhooks/${sub.id}`, { _csrf: admin.csrf, url: 'not a url', eventTypes: ['*'], active: 'true' })
      .expect(400);
    expect(fieldError(badEdit.text, 'url')).toBe('请填写完整的网址（以 https:// 开头）');
    expect(badEdit.text).toContain('value="not a url"');
    await admin
      .post(`/admin/webhooks/${sub.id}`, { _csrf: admin.csrf, url: 'https://hotline.example.gov.cn/v2', eventTypes: ['*'], active: 'true' })
      .expect(303);
    const [edited] = await ctx.db.query('SELECT url FROM webhook_subscriptions WHERE id = ?', [sub.id]);
    expect(edited.url).toBe('https://hotline.example.gov.cn/v2');

    const test = await admin.post(`/admin/webhooks/${sub.id}/test`, { _csrf: admin.csrf }).expect(303);
    expect(flashOf(test)?.text).toMatch(/测试事件已排队（投递编号 msg_\d+_test_/);
    const log = await admin.get(`/admin/webhooks/${sub.id}`).expect(200);
    expect(log.text).toContain('webhook.test');
    expect(log.text).toContain('待投递');

    const rotated = await admin.post(`/admin/webhooks/${sub.id}/secrets`, { _csrf: admin.csrf, overlapSeconds: '0' }).expect(201);
    expect(shown(rotated.text, 'shown-secret')).toMatch(/^whsec_/);
    expect(rotated.text).toContain('旧密钥已立即停用');

    const off = await admin
      .post(`/admin/webhooks/${sub.id}`, {
        _csrf: admin.csrf,
        url: 'https://hotline.example.gov.cn/v2',
        eventTypes: ['*'],
        active: 'false',
      })
      .expect(303);
    expect(flashOf(off)).toMatchObject({ kind: 'success' });
    const disabledTest = await admin.post(`/admin/webhooks/${sub.id}/test`, { _csrf: admin.csrf }).expect(303);
    expect(flashOf(disabledTest)).toMatchObject({ kind: 'error' });

    const unconfirmed = await admin.post(`/admin/webhooks/${sub.id}/delete`, { _csrf: admin.csrf }).expect(400);
    expect(fieldError(unconfirmed.text, 'confirm')).toContain('删除前请勾选确认');
    const deleted = await admin.post(`/admin/webhooks/${sub.id}/delete`, { _csrf: admin.csrf, confirm: 'true' }).expect(303);
    expect(deleted.headers.location).toBe('/admin/webhooks');
    await admin.get(`/admin/webhooks/${sub.id}`).expect(404);
  });

  it('is for admins only: other roles get 403, no session goes to sign-in, a form without its CSRF token is refused', async () => {
    const created = await register({ source: uniqueSource('auth'), scopes: ['webhooks:manage'] }).expect(201);
    const [client] = await ctx.db.query('SELECT id FROM api_clients WHERE client_id = ?', [shown(created.text, 'shown-client-id')]);
    await admin
      .post('/admin/webhooks', {
        _csrf: admin.csrf,
        clientId: String(client.id),
        url: 'https://hotline.example.gov.cn/a',
        eventTypes: ['*'],
      })
      .expect(201);
    const [sub] = await ctx.db.query('SELECT id FROM webhook_subscriptions WHERE client_pk = ?', [client.id]);
    const others = await Promise.all(
      [cast.supervisor, cast.officer, cast.handlerA, cast.enterprise].map((user) => consoleLogin(ctx, user.username)),
    );
    const pages = ['/admin/clients', `/admin/clients/${client.id}`, '/admin/webhooks', `/admin/webhooks/${sub.id}`];
    for (const agent of others) {
      for (const path of pages) expect({ path, status: (await agent.get(path)).status }).toEqual({ path, status: 403 });
      for (const path of [
        '/admin/clients',
        `/admin/clients/${client.id}/revoke`,
        `/admin/webhooks/${sub.id}/test`,
        `/admin/webhooks/${sub.id}/delete`,
      ]) {
        const response = await agent.post(path, {
          _csrf: agent.csrf,
          confirm: 'true',
          name: 'x',
          source: uniqueSource('x'),
          role: 'officer',
          regionCode: cast.city,
          scopes: 'appeals:read',
        });
        expect({ path, status: response.status }).toEqual({ path, status: 403 });
      }
    }
    const nav = await others[0].get('/appeals').expect(200);
    expect(nav.text).not.toContain('href="/admin/clients"');
    expect((await admin.get('/appeals')).text).toContain('href="/admin/clients"');
    for (const path of pages) {
      const anonymous = await ctx.http().get(path);
      expect({ path, status: anonymous.status, location: anonymous.headers.location }).toEqual({
        path,
        status: 303,
        location: `/login?next=${encodeURIComponent(path)}`,
      });
    }
    await admin.post(`/admin/clients/${client.id}/revoke`, { confirm: 'true' }).expect(403);
    await admin.post(`/admin/webhooks/${sub.id}/test`, { _csrf: 'forged' }).expect(403);
    const [still] = await ctx.db.query('SELECT revoked_at FROM api_clients WHERE id = ?', [client.id]);
    expect(still.revoked_at).toBeNull();
  });
});
