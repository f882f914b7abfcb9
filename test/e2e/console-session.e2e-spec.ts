import { createHash } from 'node:crypto';
import { appealCast, categoryId, insertEnterprise } from '../helpers/appeal-fixtures';
import { insertUser } from '../helpers/factories';
import { createTestApp, TestContext, TEST_PASSWORD } from '../helpers/test-app';
import { consoleLogin, cookiesOf, csrfOf, urlencoded, type ConsoleAgent } from '../browser/console-http';

/** The console's cookie session and CSRF protection, and that it opens no way around the API's rules. */
describe('web console session and CSRF (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let appealId: number;
  let otherAppealId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    cast = await appealCast(ctx);
    const energy = await categoryId(ctx.db, 'energy_power');
    const body = { categoryId: energy, kind: 'help', title: '园区线路频繁停电', description: '近两周每天停电两到三次，生产线停工。' };
    appealId = (await ctx.http().post('/api/appeals').set('Authorization', cast.enterprise.bearer).send(body).expect(201)).body.id;
    // Another firm of the same officer, with its own appeal.
    const otherFirm = await insertEnterprise(ctx.db, { regionCode: cast.county, officerId: cast.officer.id });
    otherAppealId = (
      await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.officer.bearer)
        .send({ ...body, enterpriseId: otherFirm, title: '另一家企业的诉求' })
        .expect(201)
    ).body.id;
  });
  afterAll(() => ctx.close());

  it('signs in with an HttpOnly, SameSite=Lax session cookie whose id is stored only as a hash', async () => {
    const form = await ctx.http().get('/login').expect(200);
    expect(form.headers['content-type']).toMatch(/text\/html/);
    expect(form.text).toContain('登录企援');
    const login = await ctx
      .http()
      .post('/login')
      .set('Cookie', `qy_login=${cookiesOf(form.headers['set-cookie']).qy_login}`)
      .type('form')
      .send(urlencoded({ _csrf: csrfOf(form.text), username: cast.enterprise.username, password: TEST_PASSWORD }))
      .expect(303);
    expect(login.headers.location).toBe('/home');
    const setCookie = ([] as string[]).concat(login.headers['set-cookie']).find((c) => c.startsWith('qy_sid='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // COOKIE_SECURE is off in tests
    const sid = cookiesOf(login.headers['set-cookie']).qy_sid;
    expect(sid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await ctx.db.query('SELECT id_hash FROM console_sessions WHERE user_id = ? AND revoked_at IS NULL', [cast.enterprise.id]);
    expect(rows.map((r: { id_hash: string }) => r.id_hash)).toContain(createHash('sha256').update(sid).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(sid);

    const mine = await ctx.http().get('/appeals').set('Cookie', `qy_sid=${sid}`).expect(200);
    expect(mine.text).toContain('园区线路频繁停电');
    expect(mine.text).not.toContain('另一家企业的诉求');
  });

  it('refuses a wrong password with the login page and counts it toward the throttle', async () => {
    const form = await ctx.http().get('/login').expect(200);
    const response = await ctx
      .http()
      .post('/login')
      .set('Cookie', `qy_login=${cookiesOf(form.headers['set-cookie']).qy_login}`)
      .type('form')
      .send(urlencoded({ _csrf: csrfOf(form.text), username: cast.handlerB.username, password: 'wrong-password-1' }))
      .expect(401);
    expect(response.text).toContain('用户名或密码错误');
    expect(cookiesOf(response.headers['set-cookie']).qy_sid).toBeUndefined();
  });

  it('refuses a login post that did not come from this browser’s login form (login CSRF)', async () => {
    const response = await ctx
      .http()
      .post('/login')
      .type('form')
      .send(urlencoded({ _csrf: 'forged', username: cast.enterprise.username, password: TEST_PASSWORD }))
      .expect(403);
    expect(cookiesOf(response.headers['set-cookie']).qy_sid).toBeUndefined();
  });

  it('sends a visitor without a session to the login page and back afterwards', async () => {
    const response = await ctx.http().get('/work?light=red').expect(303);
    expect(response.headers.location).toBe(`/login?next=${encodeURIComponent('/work?light=red')}`);
    await ctx.http().get('/appeals/1').set('Cookie', 'qy_sid=not-a-session').expect(303);
  });

  describe('CSRF', () => {
    let officer: ConsoleAgent;
    beforeAll(async () => {
      officer = await consoleLogin(ctx, cast.officer.username);
    });

    it('rejects a form post without the _csrf token with a 403 page, and changes nothing', async () => {
      const response = await officer.post(`/appeals/${appealId}/actions/accept`, { version: '1' }).expect(403);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.text).toContain('data-status="403"');
      expect(response.text).toContain('请求来源无法验证');
      const [row] = await ctx.db.query('SELECT status FROM appeals WHERE id = ?', [appealId]);
      expect(row.status).toBe('submitted');
    });

    it('rejects a wrong token, and another session’s token', async () => {
      await officer.post(`/appeals/${appealId}/actions/accept`, { version: '1', _csrf: 'x'.repeat(43) }).expect(403);
      const other = await consoleLogin(ctx, cast.enterprise.username);
      await officer.post(`/appeals/${appealId}/actions/accept`, { version: '1', _csrf: other.csrf }).expect(403);
    });

    it('answers an htmx request without the token with JSON 403 CSRF_REJECTED', async () => {
      const response = await ctx
        .http()
        .post(`/appeals/${appealId}/actions/accept`)
        .set('Cookie', officer.cookie)
        .set('HX-Request', 'true')
        .type('form')
        .send('version=1')
        .expect(403);
      expect(response.body).toMatchObject({ statusCode: 403, code: 'CSRF_REJECTED' });
    });

    it('rejects a multipart post whose first field is not the token, before reading any file', async () => {
      const response = await ctx
        .http()
        .post(`/appeals/${appealId}/attachments`)
        .set('Cookie', officer.cookie)
        .attach('file', Buffer.from('hello'), 'note.txt')
        .field('_csrf', officer.csrf)
        .expect(403);
      expect(response.text).toContain('data-status="403"');
      const [{ n }] = await ctx.db.query('SELECT COUNT(*) AS n FROM appeal_attachments WHERE appeal_id = ?', [appealId]);
      expect(Number(n)).toBe(0);
    });

    it('accepts the token in the form, and the header of an htmx request', async () => {
      const accepted = await officer.post(`/appeals/${appealId}/actions/accept`, { version: '1', _csrf: officer.csrf }).expect(303);
      expect(accepted.headers.location).toBe(`/appeals/${appealId}`);
      const [row] = await ctx.db.query('SELECT status, version FROM appeals WHERE id = ?', [appealId]);
      expect(row.status).toBe('accepted');
      await ctx
        .http()
        .post(`/appeals/${appealId}/actions/comment`)
        .set('Cookie', officer.cookie)
        .set('HX-Request', 'true')
        .set('X-CSRF-Token', officer.csrf)
        .type('form')
        .send(urlencoded({ text: '已电话联系企业', visibility: 'internal', version: String(row.version) }))
        .expect(303);
    });

    it('turns a stale version into a clear message on the page, never a silent overwrite', async () => {
      const stale = await officer
        .post(`/appeals/${appealId}/actions/reject`, { version: '1', reason: '不属于受理范围', _csrf: officer.csrf })
        .expect(303);
      const flash = cookiesOf(stale.headers['set-cookie']).qy_flash;
      const page = await ctx.http().get(`/appeals/${appealId}`).set('Cookie', `${officer.cookie}; qy_flash=${flash}`).expect(200);
      expect(page.text).toContain('已被他人修改，请刷新');
      const [row] = await ctx.db.query('SELECT status FROM appeals WHERE id = ?', [appealId]);
      expect(row.status).toBe('accepted');
    });
  });

  describe('the API’s rules hold in the console', () => {
    it('shows an enterprise user another firm’s appeal as 404, exactly like the API', async () => {
      const enterprise = await consoleLogin(ctx, cast.enterprise.username);
      const response = await enterprise.get(`/appeals/${otherAppealId}`).expect(404);
      expect(response.headers['content-type']).toMatch(/text\/html/);
      expect(response.text).toContain('data-status="404"');
      expect(response.text).not.toContain('另一家企业的诉求');
      await ctx.http().get(`/api/appeals/${otherAppealId}`).set('Authorization', cast.enterprise.bearer).expect(404);
      // Nor can it act on it or download from it.
      await enterprise.post(`/appeals/${otherAppealId}/actions/withdraw`, { version: '1', _csrf: enterprise.csrf }).expect(404);
    });

    it('shows an enterprise user an admin page as 403', async () => {
      const enterprise = await consoleLogin(ctx, cast.enterprise.username);
      for (const path of ['/admin/users', '/dashboard', '/work']) {
        const response = await enterprise.get(path).expect(403);
        expect(response.text).toContain('data-status="403"');
      }
    });

    it('renders only the actions the state machine allows', async () => {
      const handler = await consoleLogin(ctx, cast.handlerA.username);
      const page = await handler.get(`/appeals/${appealId}`).expect(404); // not routed to the department: outside its reach
      expect(page.text).toContain('data-status="404"');
      const enterprise = await consoleLogin(ctx, cast.enterprise.username);
      const own = await enterprise.get(`/appeals/${appealId}`).expect(200);
      expect(own.text).toContain('data-testid="action-withdraw"');
      expect(own.text).not.toContain('data-testid="action-route"');
      expect(own.text).not.toContain('内部备注'); // the officer's internal note stays internal
    });
  });

  describe('ending sessions', () => {
    it('logout revokes the session on the server', async () => {
      const agent = await consoleLogin(ctx, cast.supervisor.username);
      await agent.post('/logout', { _csrf: agent.csrf }).expect(303);
      const after = await agent.get('/account').expect(303);
      expect(after.headers.location).toContain('/login');
    });

    it('a password change through the API ends console sessions too', async () => {
      const user = await insertUser(ctx.db, { role: 'officer', regionCode: cast.county });
      const agent = await consoleLogin(ctx, user.username);
      const token = (await ctx.http().post('/api/auth/login').send({ username: user.username, password: TEST_PASSWORD }).expect(200)).body
        .accessToken;
      await ctx
        .http()
        .post('/api/me/password')
        .set('Authorization', `Bearer ${token}`)
        .send({ currentPassword: TEST_PASSWORD, newPassword: 'Another-password-2' })
        .expect(204);
      await agent.get('/account').expect(303);
    });

    it('changing the password in the console ends the other sessions and keeps this one', async () => {
      const user = await insertUser(ctx.db, { role: 'officer', regionCode: cast.county });
      const here = await consoleLogin(ctx, user.username);
      const elsewhere = await consoleLogin(ctx, user.username);
      const changed = await here
        .post('/account/password', {
          _csrf: here.csrf,
          currentPassword: TEST_PASSWORD,
          newPassword: 'Changed-password-3',
          confirmPassword: 'Changed-password-3',
        })
        .expect(303);
      const renewed = cookiesOf(changed.headers['set-cookie']).qy_sid;
      expect(renewed).toBeDefined();
      await elsewhere.get('/account').expect(303);
      await here.get('/account').expect(303); // the old cookie is gone too
      await ctx.http().get('/account').set('Cookie', `qy_sid=${renewed}`).expect(200);
    });
  });
});
