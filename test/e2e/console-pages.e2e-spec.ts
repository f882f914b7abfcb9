import { generateCreditCode } from '../../src/enterprises/domain/credit-code';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertUser } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';
import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';

/** Every console page renders for the roles it is for, and its forms reach the API's services. */
describe('web console pages (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let admin: ConsoleAgent;
  let supervisor: ConsoleAgent;
  let officer: ConsoleAgent;
  let handler: ConsoleAgent;
  let appealId: number;
  let version: number;

  const flashOf = (response: { headers: Record<string, unknown> }) => {
    const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
    return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string; details?: string[] }) : null;
  };

  beforeAll(async () => {
    ctx = await createTestApp();
    cast = await appealCast(ctx, '510116'); // a county of its own: the routing rule below must not collide with other specs'
    const adminUser = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    [admin, supervisor, officer, handler] = await Promise.all([
      consoleLogin(ctx, adminUser.username),
      consoleLogin(ctx, cast.supervisor.username),
      consoleLogin(ctx, cast.officer.username),
      consoleLogin(ctx, cast.handlerA.username),
    ]);
  });
  afterAll(() => ctx.close());

  it('renders the admin pages for an admin', async () => {
    for (const path of [
      '/admin/users',
      `/admin/users/${cast.officer.id}`,
      '/admin/departments',
      '/admin/categories',
      '/admin/routing-rules',
      '/admin/sla-policies',
      '/admin/sla-policies?history=true',
      '/admin/calendar',
      '/admin/import',
      '/dashboard',
      '/appeals',
      '/firms',
    ]) {
      const response = await admin.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
      expect(response.text).toContain('</html>');
    }
  });

  it('lets an admin configure through the same services as the API', async () => {
    const dept = await admin
      .post('/admin/departments', { _csrf: admin.csrf, name: '锦江区发展改革局', regionCode: cast.county })
      .expect(303);
    expect(flashOf(dept)).toMatchObject({ kind: 'success' });
    const [created] = await ctx.db.query('SELECT id, version FROM departments WHERE name = ?', ['锦江区发展改革局']);
    const rename = await admin.post(`/admin/departments/${created.id}`, { _csrf: admin.csrf, version: '1', active: 'false' }).expect(303);
    expect(flashOf(rename)).toMatchObject({ kind: 'success' });
    const stale = await admin.post(`/admin/departments/${created.id}`, { _csrf: admin.csrf, version: '1', active: 'true' }).expect(303);
    expect(flashOf(stale)?.text).toContain('已被他人修改');

    const user = await admin
      .post('/admin/users', {
        _csrf: admin.csrf,
        username: `console_officer_${Date.now()}`,
        password: 'Initial-pass-1',
        displayName: '新专员',
        role: 'officer',
        regionCode: cast.county,
      })
      .expect(303);
    expect(flashOf(user)).toMatchObject({ kind: 'success' });
    // A refused form comes back with every problem at its field and what was typed (the password not echoed).
    const bad = await admin
      .post('/admin/users', { _csrf: admin.csrf, username: 'x', password: 'short', displayName: '', role: 'officer', regionCode: '1' })
      .expect(400);
    expect(bad.text).toContain('data-testid="form-error"');
    for (const field of ['username', 'password', 'displayName', 'regionCode'])
      expect(bad.text).toContain(`data-testid="field-error-${field}"`);
    expect(bad.text).toContain('value="x"');
    expect(bad.text).not.toContain('value="short"');

    const rule = await admin
      .post('/admin/routing-rules', {
        _csrf: admin.csrf,
        categoryId: String(await categoryId(ctx.db, 'labour')),
        regionCode: cast.county,
        departmentId: String(cast.deptB),
      })
      .expect(303);
    expect(flashOf(rule)).toMatchObject({ kind: 'success' });

    const policy = await admin
      .post('/admin/sla-policies', {
        _csrf: admin.csrf,
        categoryId: String(await categoryId(ctx.db, 'labour')),
        urgency: 'normal',
        responseAmount: '24',
        responseUnit: 'natural_hours',
        resolutionDays: '5',
        resolutionDaysCohandled: '10',
        verificationDays: '5',
      })
      .expect(303);
    expect(flashOf(policy)).toMatchObject({ kind: 'success' });
  });

  it('imports an enterprise list and shows the per-row report on the page', async () => {
    const good = generateCreditCode(cast.county, 900_000 + (Date.now() % 90_000));
    const csv = [
      '统一社会信用代码,企业名称,行政区划代码,行业,规模',
      `${good},成都控制台导入测试有限公司,${cast.county},电子信息,规上`,
      '91510100MA00000000,校验位错误的企业,510104,装备制造,规上',
    ].join('\n');
    const attempt = (mode: string) =>
      ctx
        .http()
        .post('/admin/import')
        .set('Cookie', admin.cookie)
        .field('_csrf', admin.csrf)
        .field('mode', mode)
        .attach('file', Buffer.from(csv, 'utf8'), { filename: '企业名录.csv', contentType: 'text/csv' });
    const refused = await attempt('all-or-nothing').expect(422);
    expect(refused.text).toContain('未导入');
    expect(refused.text).toMatch(/<td>3<\/td>/); // the bad row, numbered as the spreadsheet shows it
    const partial = await attempt('valid-only').expect(200);
    expect(partial.text).toContain('已导入');
    expect(partial.text).toContain('<td>3</td><td>统一社会信用代码</td>');
    const [{ n }] = await ctx.db.query('SELECT COUNT(*) AS n FROM enterprises WHERE credit_code = ?', [good]);
    expect(Number(n)).toBe(1);
    // A supervisor may import too; an officer may not.
    await supervisor.get('/admin/import').expect(200);
    await officer.get('/admin/import').expect(403);
  });

  it('gives the officer their firms, the visit log, and submission on a firm’s behalf', async () => {
    const firms = await officer.get('/firms').expect(200);
    expect(firms.text).toContain(`/firms/${cast.firmId}`);
    await officer.get(`/firms/${cast.firmId}`).expect(200);
    const visit = await officer
      .post(`/firms/${cast.firmId}/visits`, {
        _csrf: officer.csrf,
        visitDate: new Date().toISOString().slice(0, 10),
        form: 'on_site',
        notes: '生产正常',
        problemsFound: 'false',
      })
      .expect(303);
    expect(flashOf(visit)).toMatchObject({ kind: 'success' });
    expect((await officer.get('/firms').expect(200)).text).toContain('实地走访');

    const form = await officer.get(`/appeals/new?enterpriseId=${cast.firmId}`).expect(200);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)?.[1] as string;
    const labour = String(await categoryId(ctx.db, 'labour'));
    const submit = () =>
      ctx
        .http()
        .post('/appeals')
        .set('Cookie', officer.cookie)
        .field('_csrf', officer.csrf)
        .field('idempotencyKey', key)
        .field('enterpriseId', String(cast.firmId))
        .field('categoryId', labour)
        .field('kind', 'help')
        .field('channel', 'visit')
        .field('urgency', 'normal')
        .field('title', '走访发现：熟练工短缺')
        .field('description', '走访中企业反映春节后熟练工返岗率低，影响订单交付。');
    const first = await submit().expect(303);
    const again = await submit().expect(303); // a double click: one appeal
    expect(again.headers.location).toBe(first.headers.location);
    appealId = Number(/\/appeals\/(\d+)/.exec(first.headers.location)?.[1]);
    const [row] = await ctx.db.query('SELECT submitted_on_behalf, channel, version FROM appeals WHERE id = ?', [appealId]);
    expect(row).toMatchObject({ submitted_on_behalf: 1, channel: 'visit' });
    version = Number(row.version);
  });

  it('routes to the department, then lets the supervisor issue a supervision order and the handler reply', async () => {
    await officer.post(`/appeals/${appealId}/actions/accept`, { _csrf: officer.csrf, version: String(version) }).expect(303);
    version += 1;
    const detail = await officer.get(`/appeals/${appealId}`).expect(200);
    expect(detail.text).toContain('data-testid="proposal"'); // the labour rule created above
    const routed = await officer
      .post(`/appeals/${appealId}/actions/route`, { _csrf: officer.csrf, version: String(version), leadDepartmentId: String(cast.deptA) })
      .expect(303);
    expect(flashOf(routed)).toMatchObject({ kind: 'success', text: '已交办' });

    const order = await supervisor
      .post(`/appeals/${appealId}/supervision-orders`, { _csrf: supervisor.csrf, note: '请加快办理并说明进展', replyDueDays: '2' })
      .expect(303);
    expect(flashOf(order)).toMatchObject({ kind: 'success' });
    const page = await handler.get(`/appeals/${appealId}`).expect(200);
    const orderId = /action="\/supervision-orders\/(\d+)\/reply"/.exec(page.text)?.[1];
    expect(orderId).toBeDefined();
    const replied = await handler
      .post(`/supervision-orders/${orderId}/reply`, {
        _csrf: handler.csrf,
        appealId: String(appealId),
        reply: '已联系人社部门组织专场招聘',
      })
      .expect(303);
    expect(flashOf(replied)).toMatchObject({ kind: 'success' });
    expect((await handler.get(`/appeals/${appealId}`).expect(200)).text).toContain('已联系人社部门组织专场招聘');
  });

  it('renders the supervisor pages and streams the XLSX exports', async () => {
    for (const path of [
      '/dashboard',
      '/work',
      '/supervision/queues/overdue',
      '/supervision/queues/due-soon',
      '/supervision/queues/unaccepted',
      '/supervision/queues/awaiting-verification',
      '/supervision/queues/orders-awaiting-reply',
      '/supervision/exports',
      '/firms',
      `/appeals/${appealId}`,
    ]) {
      const response = await supervisor.get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    await supervisor.get('/supervision/queues/nonsense').expect(404);
    // An address the console does not have: its Chinese error page for a browser, JSON for the API.
    const missing = await supervisor.get('/no-such-page').set('Accept', 'text/html').expect(404);
    expect(missing.headers['content-type']).toMatch(/text\/html/);
    expect(missing.text).toContain('页面不存在');
    const api = await supervisor.get('/api/no-such-endpoint').set('Accept', 'text/html,application/json').expect(404);
    expect(api.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    for (const path of ['/supervision/exports/ledger.xlsx', '/supervision/exports/rankings.xlsx?period=month']) {
      const file = await supervisor
        .get(path)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(file.status).toBe(200);
      expect(file.headers['content-type']).toContain('spreadsheetml');
      expect((file.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    }
    await supervisor.get('/admin/users').expect(403);
    await handler.get('/firms').expect(403);
    await handler.get('/supervision/exports/ledger.xlsx').expect(403);
  });
});
