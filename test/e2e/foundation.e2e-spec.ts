import { insertDepartment, insertUser, signedIn, unique } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const CHENGDU = '510100';
const JINJIANG = '510104'; // a district of Chengdu
const MIANYANG = '510700';
const DEPARTMENT_TOKEN = unique('区域部门');

describe('foundation: roles, region scope, validation, health, docs (e2e)', () => {
  let ctx: TestContext;
  let admin: Awaited<ReturnType<typeof signedIn>>;
  let chengduSupervisor: Awaited<ReturnType<typeof signedIn>>;
  let chengduDept: number;
  let jinjiangDept: number;
  let mianyangDept: number;
  let provinceDept: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    chengduSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
    // One token in all four names: the region-scope list is searched by it, so what it proves does
    // not depend on how many departments other specs left in the shared test database.
    chengduDept = await insertDepartment(ctx.db, CHENGDU, `${DEPARTMENT_TOKEN}成都`);
    jinjiangDept = await insertDepartment(ctx.db, JINJIANG, `${DEPARTMENT_TOKEN}锦江`);
    mianyangDept = await insertDepartment(ctx.db, MIANYANG, `${DEPARTMENT_TOKEN}绵阳`);
    provinceDept = await insertDepartment(ctx.db, '510000', `${DEPARTMENT_TOKEN}省`);
  });
  afterAll(() => ctx.close());

  describe('health', () => {
    it('reports the process and the database', async () => {
      await ctx
        .http()
        .get('/health')
        .expect(200, /"status":"ok"/);
      const ready = await ctx.http().get('/health/ready').expect(200);
      expect(ready.body).toMatchObject({ status: 'ok', database: 'up', calendar: { status: expect.stringMatching(/^(ok|warning|critical)$/) } });
    });

    it('echoes a sane request id and invents one otherwise', async () => {
      const echoed = await ctx.http().get('/health').set('x-request-id', 'gateway-1234567').expect(200);
      expect(echoed.headers['x-request-id']).toBe('gateway-1234567');
      const invented = await ctx.http().get('/health').set('x-request-id', 'bad id with spaces').expect(200);
      expect(invented.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('roles', () => {
    it('denies an officer the admin endpoints with 403 and the required role', async () => {
      const officer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
      const response = await ctx
        .http()
        .post('/api/departments')
        .set('Authorization', officer.bearer)
        .send({ name: '某某局', regionCode: JINJIANG })
        .expect(403);
      expect(response.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN', context: { requiredRoles: ['admin'] } });
    });

    it('requires a token on every API route', async () => {
      const response = await ctx.http().get('/api/departments').expect(401);
      expect(response.body.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('region scope', () => {
    it('shows a Chengdu supervisor Chengdu and province departments, never Mianyang ones', async () => {
      const searched = await ctx
        .http()
        .get(`/api/departments?pageSize=200&q=${encodeURIComponent(DEPARTMENT_TOKEN)}`)
        .set('Authorization', chengduSupervisor.bearer)
        .expect(200);
      const ids = searched.body.items.map((d: { id: number }) => d.id);
      expect(ids).toEqual(expect.arrayContaining([chengduDept, jinjiangDept, provinceDept]));
      expect(ids).not.toContain(mianyangDept);
      const list = await ctx.http().get('/api/departments?pageSize=200').set('Authorization', chengduSupervisor.bearer).expect(200);
      expect(list.body.items.every((d: { regionCode: string }) => d.regionCode.startsWith('5101') || d.regionCode === '510000')).toBe(true);

      await ctx.http().get(`/api/departments/${chengduDept}`).set('Authorization', chengduSupervisor.bearer).expect(200);
      const hidden = await ctx.http().get(`/api/departments/${mianyangDept}`).set('Authorization', chengduSupervisor.bearer).expect(404);
      expect(hidden.body).toMatchObject({ code: 'NOT_FOUND' });
    });

    it('keeps a county officer out of a sibling county', async () => {
      const officer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
      const sibling = await insertDepartment(ctx.db, '510105');
      await ctx.http().get(`/api/departments/${sibling}`).set('Authorization', officer.bearer).expect(404);
      await ctx.http().get(`/api/departments/${chengduDept}`).set('Authorization', officer.bearer).expect(200);
    });

    it('lists only users in reach, and answers 404 for one outside', async () => {
      const mianyangOfficer = await insertUser(ctx.db, { role: 'officer', regionCode: MIANYANG });
      const chengduOfficer = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
      // Searched by username: other specs leave hundreds of officers in Chengdu in the shared database.
      const listed = async (username: string) =>
        (
          await ctx
            .http()
            .get(`/api/users?pageSize=200&role=officer&q=${encodeURIComponent(username)}`)
            .set('Authorization', chengduSupervisor.bearer)
            .expect(200)
        ).body.items.map((u: { id: number }) => u.id);
      expect(await listed(chengduOfficer.username)).toContain(chengduOfficer.id);
      expect(await listed(mianyangOfficer.username)).not.toContain(mianyangOfficer.id);
      await ctx.http().get(`/api/users/${mianyangOfficer.id}`).set('Authorization', chengduSupervisor.bearer).expect(404);
      await ctx.http().get(`/api/users/${chengduOfficer.id}`).set('Authorization', chengduSupervisor.bearer).expect(200);
    });
  });

  describe('validation', () => {
    it('rejects an unknown field naming it', async () => {
      const response = await ctx
        .http()
        .post('/api/departments')
        .set('Authorization', admin.bearer)
        .send({ name: '成都市测试局', regionCode: CHENGDU, colour: 'red' })
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(response.body.details).toEqual([{ field: 'colour', message: 'property colour should not exist' }]);
    });

    it('rejects a wrong type with the field and reason', async () => {
      const response = await ctx
        .http()
        .post('/api/departments')
        .set('Authorization', admin.bearer)
        .send({ name: 42, regionCode: CHENGDU })
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.details).toEqual(expect.arrayContaining([{ field: 'name', message: 'name must be a string' }]));
    });

    it('rejects an unknown region as input, not as a missing resource', async () => {
      const response = await ctx
        .http()
        .post('/api/departments')
        .set('Authorization', admin.bearer)
        .send({ name: '不存在地区局', regionCode: '999999' })
        .expect(400);
      expect(response.body.details[0]).toEqual({ field: 'regionCode', message: 'unknown region code 999999' });
    });

    it('answers malformed JSON with a 400 JSON body', async () => {
      const response = await ctx
        .http()
        .post('/api/departments')
        .set('Authorization', admin.bearer)
        .set('content-type', 'application/json')
        .send('{"name":')
        .expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, code: 'BAD_REQUEST' });
    });

    it('answers an unknown route with the same error shape', async () => {
      const response = await ctx.http().get('/api/nothing-here').set('Authorization', admin.bearer).expect(404);
      expect(response.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
    });
  });

  describe('admin management', () => {
    it('creates a department and refuses a stale version on update', async () => {
      const created = await ctx
        .http()
        .post('/api/departments')
        .set('Authorization', admin.bearer)
        .send({ name: '成都市新建局', shortName: '新建局', regionCode: CHENGDU })
        .expect(201);
      expect(created.body).toMatchObject({ name: '成都市新建局', level: 'city', version: 1, active: true });

      await ctx
        .http()
        .patch(`/api/departments/${created.body.id}`)
        .set('Authorization', admin.bearer)
        .send({ name: '成都市改名局', version: 1 })
        .expect(200);
      const stale = await ctx
        .http()
        .patch(`/api/departments/${created.body.id}`)
        .set('Authorization', admin.bearer)
        .send({ name: '成都市再改局', version: 1 })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', context: { current: { name: '成都市改名局', version: 2 } } });
    });

    it('creates a handler only with a department of their own region', async () => {
      const base = { password: 'Handler-pass-1', displayName: '李办理', role: 'handler' };
      const missing = await ctx
        .http()
        .post('/api/users')
        .set('Authorization', admin.bearer)
        .send({ ...base, username: 'h_missing_dept', regionCode: CHENGDU })
        .expect(400);
      expect(missing.body.details[0].field).toBe('departmentId');
      await ctx
        .http()
        .post('/api/users')
        .set('Authorization', admin.bearer)
        .send({ ...base, username: 'h_wrong_region', regionCode: MIANYANG, departmentId: chengduDept })
        .expect(400);
      const ok = await ctx
        .http()
        .post('/api/users')
        .set('Authorization', admin.bearer)
        .send({ ...base, username: `h_ok_${Date.now()}`, regionCode: CHENGDU, departmentId: chengduDept })
        .expect(201);
      expect(ok.body).toMatchObject({ role: 'handler', departmentId: chengduDept });
      expect(ok.body).not.toHaveProperty('passwordHash');
    });

    it('refuses a duplicate username with 409', async () => {
      const body = {
        username: `dup_${Date.now()}`,
        password: 'Officer-pass-1',
        displayName: '王专员',
        role: 'officer',
        regionCode: JINJIANG,
      };
      await ctx.http().post('/api/users').set('Authorization', admin.bearer).send(body).expect(201);
      const again = await ctx.http().post('/api/users').set('Authorization', admin.bearer).send(body).expect(409);
      expect(again.body.code).toBe('CONFLICT');
    });
  });

  describe('OpenAPI', () => {
    it('describes every endpoint and the error body', async () => {
      const response = await ctx.http().get('/api/docs-json').expect(200);
      const paths = Object.keys(response.body.paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          '/health',
          '/health/ready',
          '/api/auth/login',
          '/api/auth/refresh',
          '/api/auth/logout',
          '/api/me',
          '/api/me/password',
          '/api/regions',
          '/api/regions/{code}',
          '/api/departments',
          '/api/departments/{id}',
          '/api/users',
          '/api/users/{id}',
        ]),
      );
      expect(response.body.components.schemas.ErrorBody).toBeDefined();
      expect(response.body.components.schemas.CreateUserDto.properties.role.enum).toContain('officer');
    });
  });
});
