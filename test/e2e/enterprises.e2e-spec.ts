import { insertFirm, insertUser, nextCreditCode, signedIn, unique } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const JINJIANG = '510104';
const QINGYANG = '510105'; // a sibling district of Chengdu
const CHENGDU = '510100';
const MIANYANG_FUCHENG = '510703';

/** Real codes as published (see src/enterprises/domain/credit-code.spec.ts for the sources). */
const TENCENT = '91440300708461136T';
const HUAWEI = '914403001922038216';

type Bearer = { id: number; bearer: string };

describe('enterprises: register, credit codes, scope, edits (e2e)', () => {
  let ctx: TestContext;
  let admin: Bearer;
  let chengduSupervisor: Bearer;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    chengduSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
  });
  afterAll(() => ctx.close());

  const body = (fields: Record<string, unknown> = {}) => ({
    creditCode: nextCreditCode(JINJIANG),
    name: unique('锦江测试企业'),
    regionCode: JINJIANG,
    industry: 'electronic_information',
    scale: 'above',
    ...fields,
  });

  describe('credit codes', () => {
    it.each([
      ['Tencent', TENCENT],
      ['Huawei', HUAWEI],
    ])('accepts the published code of %s', async (_firm, code) => {
      const response = await ctx
        .http()
        .post('/api/enterprises')
        .set('Authorization', admin.bearer)
        .send(body({ creditCode: code, tags: ['large_group', 'whitelist'] }))
        .expect(201);
      expect(response.body).toMatchObject({
        creditCode: code,
        regionCode: JINJIANG,
        regionName: '锦江区',
        industry: 'electronic_information',
        scale: 'above',
        tags: ['large_group', 'whitelist'],
        active: true,
        officer: null,
        version: 1,
      });
    });

    it.each([
      ['the check character changed', '91440300708461136U', 'expected T, got U'],
      ['one body character changed', '91440300708461137T', 'check character is wrong'],
      ['two characters swapped', '91440300708461163T', 'check character is wrong'],
      ['Huawei with its check digit changed', '914403001922038217', 'expected 6, got 7'],
    ])('rejects a code with %s, saying the check character is wrong', async (_what, code, expected) => {
      const response = await ctx
        .http()
        .post('/api/enterprises')
        .set('Authorization', admin.bearer)
        .send(body({ creditCode: code }))
        .expect(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.message).toContain('Unified social credit code check character is wrong');
      expect(response.body.message).toContain(expected);
      expect(response.body.details).toEqual([{ field: 'creditCode', message: expect.stringContaining(expected) }]);
    });

    it('names a forbidden letter and a wrong length', async () => {
      const letter = await ctx
        .http()
        .post('/api/enterprises')
        .set('Authorization', admin.bearer)
        .send(body({ creditCode: '9144030070846113OT' }))
        .expect(400);
      expect(letter.body.details[0].message).toContain('character 17 is "O"');
      const short = await ctx
        .http()
        .post('/api/enterprises')
        .set('Authorization', admin.bearer)
        .send(body({ creditCode: '9144030070846113' }))
        .expect(400);
      expect(short.body.details[0].message).toBe('Unified social credit code must be 18 characters long; got 16');
    });

    it('stores the canonical form and refuses a second firm with the same code', async () => {
      const code = nextCreditCode(JINJIANG);
      const created = await ctx
        .http()
        .post('/api/enterprises')
        .set('Authorization', admin.bearer)
        .send(body({ creditCode: ` ${code.toLowerCase()} ` }))
        .expect(201);
      expect(created.body.creditCode).toBe(code);
      const again = await ctx
        .http()
        .post('/api/enterprises')
        .set('Authorization', admin.bearer)
        .send(body({ creditCode: code }))
        .expect(409);
      expect(again.body).toMatchObject({ code: 'CONFLICT', message: `An enterprise with the credit code ${code} already exists` });
    });
  });

  describe('bad input', () => {
    it('rejects an unknown region, the province itself, and a region outside the creator’s reach', async () => {
      const unknown = await ctx
        .http()
        .post('/api/enterprises')
        .set('Authorization', admin.bearer)
        .send(body({ regionCode: '519999' }))
        .expect(400);
      expect(unknown.body).toMatchObject({ code: 'BAD_REQUEST', message: 'Unknown region code 519999' });
      const province = await ctx
        .http()
        .post('/api/enterprises')
        .set('Authorization', admin.bearer)
        .send(body({ regionCode: '510000' }))
        .expect(400);
      expect(province.body.details).toEqual([{ field: 'regionCode', message: 'must be a city or county' }]);
      const outside = await ctx
        .http()
        .post('/api/enterprises')
        .set('Authorization', chengduSupervisor.bearer)
        .send(body({ regionCode: MIANYANG_FUCHENG }))
        .expect(400);
      expect(outside.body.details).toEqual([{ field: 'regionCode', message: 'outside your reach' }]);
    });

    it('rejects unknown enum values and fields', async () => {
      const response = await ctx
        .http()
        .post('/api/enterprises')
        .set('Authorization', admin.bearer)
        .send(body({ industry: 'textiles', tags: ['unicorn'], colour: 'red' }))
        .expect(400);
      const fields = response.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['industry', 'tags', 'colour']));
    });

    it('leaves creation to admins and supervisors', async () => {
      const officer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
      await ctx.http().post('/api/enterprises').set('Authorization', officer.bearer).send(body()).expect(403);
    });
  });

  describe('scope', () => {
    let jinjiangOfficer: Bearer;
    let jinjiangFirm: { id: number; name: string };
    let qingyangFirm: { id: number; name: string };
    let mianyangFirm: { id: number; name: string };
    const token = unique('范围');

    beforeAll(async () => {
      jinjiangOfficer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
      jinjiangFirm = await insertFirm(ctx.db, { regionCode: JINJIANG, name: `${token}锦江`, officerId: jinjiangOfficer.id });
      qingyangFirm = await insertFirm(ctx.db, { regionCode: QINGYANG, name: `${token}青羊` });
      mianyangFirm = await insertFirm(ctx.db, { regionCode: MIANYANG_FUCHENG, name: `${token}绵阳` });
    });

    it('keeps a county officer out of another county’s firms, by list and by id', async () => {
      const list = await ctx
        .http()
        .get(`/api/enterprises?q=${encodeURIComponent(token)}`)
        .set('Authorization', jinjiangOfficer.bearer)
        .expect(200);
      expect(list.body.items.map((e: { id: number }) => e.id)).toEqual([jinjiangFirm.id]);
      expect(list.body.total).toBe(1);
      const all = await ctx.http().get('/api/enterprises?pageSize=200').set('Authorization', jinjiangOfficer.bearer).expect(200);
      expect(all.body.items.every((e: { regionCode: string }) => e.regionCode === JINJIANG)).toBe(true);

      await ctx.http().get(`/api/enterprises/${jinjiangFirm.id}`).set('Authorization', jinjiangOfficer.bearer).expect(200);
      const sibling = await ctx.http().get(`/api/enterprises/${qingyangFirm.id}`).set('Authorization', jinjiangOfficer.bearer).expect(404);
      expect(sibling.body).toMatchObject({ code: 'NOT_FOUND', message: `Enterprise ${qingyangFirm.id} was not found` });
      await ctx.http().get(`/api/enterprises/${mianyangFirm.id}`).set('Authorization', jinjiangOfficer.bearer).expect(404);
      await ctx.http().get(`/api/enterprises/${mianyangFirm.id}/officer-history`).set('Authorization', jinjiangOfficer.bearer).expect(404);
    });

    it('shows a city supervisor the whole city and nothing beyond it', async () => {
      const list = await ctx
        .http()
        .get(`/api/enterprises?q=${encodeURIComponent(token)}`)
        .set('Authorization', chengduSupervisor.bearer)
        .expect(200);
      expect(list.body.items.map((e: { id: number }) => e.id).sort()).toEqual([jinjiangFirm.id, qingyangFirm.id].sort());
      await ctx.http().get(`/api/enterprises/${mianyangFirm.id}`).set('Authorization', chengduSupervisor.bearer).expect(404);
    });

    it('shows an enterprise user only their own firm', async () => {
      const staff = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: jinjiangFirm.id });
      const list = await ctx.http().get('/api/enterprises').set('Authorization', staff.bearer).expect(200);
      expect(list.body.total).toBe(1);
      expect(list.body.items[0]).toMatchObject({ id: jinjiangFirm.id, officer: { id: jinjiangOfficer.id } });
      await ctx.http().get(`/api/enterprises/${jinjiangFirm.id}`).set('Authorization', staff.bearer).expect(200);
      const other = await insertFirm(ctx.db, { regionCode: JINJIANG });
      await ctx.http().get(`/api/enterprises/${other.id}`).set('Authorization', staff.bearer).expect(404);
      await ctx.http().get(`/api/enterprises/${other.id}/officer-history`).set('Authorization', staff.bearer).expect(404);
    });
  });

  describe('list filters', () => {
    const token = unique('筛选');
    let ids: Record<string, number>;

    beforeAll(async () => {
      const officer = await insertUser(ctx.db, { role: 'officer', regionCode: CHENGDU });
      ids = {
        a: (
          await insertFirm(ctx.db, {
            regionCode: JINJIANG,
            name: `${token}甲`,
            industry: 'food_beverage',
            tags: ['whitelist'],
            officerId: officer.id,
          })
        ).id,
        b: (
          await insertFirm(ctx.db, {
            regionCode: QINGYANG,
            name: `${token}乙`,
            industry: 'food_beverage',
            scale: 'below',
            tags: ['nurture'],
          })
        ).id,
        c: (await insertFirm(ctx.db, { regionCode: MIANYANG_FUCHENG, name: `${token}丙`, tags: ['whitelist', 'specialized'] })).id,
        d: (await insertFirm(ctx.db, { regionCode: JINJIANG, name: `${token}丁`, active: false })).id,
      };
    });

    const find = async (query: string): Promise<number[]> => {
      const response = await ctx
        .http()
        .get(`/api/enterprises?q=${encodeURIComponent(token)}&${query}`)
        .set('Authorization', admin.bearer)
        .expect(200);
      expect(response.body.total).toBe(response.body.items.length);
      return response.body.items.map((e: { id: number }) => e.id).sort((x: number, y: number) => x - y);
    };
    const sorted = (...xs: number[]) => xs.sort((x, y) => x - y);

    it('filters by region subtree, industry, scale, tag, officer and activity', async () => {
      expect(await find('regionCode=510100')).toEqual(sorted(ids.a, ids.b, ids.d));
      expect(await find('regionCode=510104')).toEqual(sorted(ids.a, ids.d));
      expect(await find('industry=food_beverage')).toEqual(sorted(ids.a, ids.b));
      expect(await find('scale=below')).toEqual([ids.b]);
      expect(await find('tag=whitelist')).toEqual(sorted(ids.a, ids.c));
      expect(await find('hasOfficer=true')).toEqual([ids.a]);
      expect(await find('hasOfficer=false')).toEqual(sorted(ids.b, ids.c, ids.d));
      expect(await find('active=false')).toEqual([ids.d]);
    });

    it('searches the start of the credit code', async () => {
      const [row] = await ctx.db.query('SELECT credit_code FROM enterprises WHERE id = ?', [ids.c]);
      const response = await ctx
        .http()
        .get(`/api/enterprises?q=${row.credit_code.slice(0, 14).toLowerCase()}`)
        .set('Authorization', admin.bearer)
        .expect(200);
      expect(response.body.items.map((e: { id: number }) => e.id)).toContain(ids.c);
    });

    it('pages', async () => {
      const first = await ctx
        .http()
        .get(`/api/enterprises?q=${encodeURIComponent(token)}&pageSize=3`)
        .set('Authorization', admin.bearer)
        .expect(200);
      const second = await ctx
        .http()
        .get(`/api/enterprises?q=${encodeURIComponent(token)}&pageSize=3&page=2`)
        .set('Authorization', admin.bearer)
        .expect(200);
      expect(first.body).toMatchObject({ total: 4, page: 1, pageSize: 3 });
      expect(first.body.items).toHaveLength(3);
      expect(second.body.items).toHaveLength(1);
    });
  });

  describe('edits', () => {
    let officer: Bearer;
    let firmId: number;

    beforeEach(async () => {
      officer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
      firmId = (await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id })).id;
    });

    it('lets a supervisor change the register with the version read, and refuses a stale version', async () => {
      const updated = await ctx
        .http()
        .patch(`/api/enterprises/${firmId}`)
        .set('Authorization', chengduSupervisor.bearer)
        .send({ version: 1, name: '成都新名称科技有限公司', tags: ['specialized'], park: '锦江工业园' })
        .expect(200);
      expect(updated.body).toMatchObject({ name: '成都新名称科技有限公司', tags: ['specialized'], park: '锦江工业园', version: 2 });
      const stale = await ctx
        .http()
        .patch(`/api/enterprises/${firmId}`)
        .set('Authorization', chengduSupervisor.bearer)
        .send({ version: 1, name: '又一个名称' })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', context: { current: { version: 2 } } });
    });

    it('lets the firm’s officer and its own staff change contact details only', async () => {
      const byOfficer = await ctx
        .http()
        .patch(`/api/enterprises/${firmId}`)
        .set('Authorization', officer.bearer)
        .send({ version: 1, contactPerson: '王经理', contactPhone: '028-87654321' })
        .expect(200);
      expect(byOfficer.body).toMatchObject({ contactPerson: '王经理', contactPhone: '028-87654321', version: 2 });
      const refused = await ctx
        .http()
        .patch(`/api/enterprises/${firmId}`)
        .set('Authorization', officer.bearer)
        .send({ version: 2, name: '改名', contactPerson: '李经理' })
        .expect(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN', context: { refusedFields: ['name'] } });

      const staff = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: firmId });
      await ctx
        .http()
        .patch(`/api/enterprises/${firmId}`)
        .set('Authorization', staff.bearer)
        .send({ version: 2, address: '红星路 1 号' })
        .expect(200);

      const otherOfficer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
      const notTheirs = await ctx
        .http()
        .patch(`/api/enterprises/${firmId}`)
        .set('Authorization', otherOfficer.bearer)
        .send({ version: 3, contactPerson: '赵' })
        .expect(404);
      expect(notTheirs.body.code).toBe('NOT_FOUND');
    });

    it('ends the officer assignment when the firm is deactivated, in the same change', async () => {
      const response = await ctx
        .http()
        .patch(`/api/enterprises/${firmId}`)
        .set('Authorization', admin.bearer)
        .send({ version: 1, active: false })
        .expect(200);
      expect(response.body).toMatchObject({ active: false, officer: null });
      const rows = await ctx.db.query('SELECT ended_at, ended_by, end_reason FROM officer_assignments WHERE enterprise_id = ?', [firmId]);
      expect(rows).toEqual([{ ended_at: expect.any(Date), ended_by: admin.id, end_reason: 'enterprise deactivated' }]);
    });

    it('ends the assignment when the firm moves out of its officer’s region', async () => {
      const response = await ctx
        .http()
        .patch(`/api/enterprises/${firmId}`)
        .set('Authorization', chengduSupervisor.bearer)
        .send({ version: 1, regionCode: QINGYANG })
        .expect(200);
      expect(response.body).toMatchObject({ regionCode: QINGYANG, regionName: '青羊区', officer: null });
      const history = await ctx.http().get(`/api/enterprises/${firmId}/officer-history`).set('Authorization', admin.bearer).expect(200);
      expect(history.body[0].endReason).toBe(`enterprise moved to region ${QINGYANG}, outside the officer's region ${JINJIANG}`);
    });
  });

  it('documents every enterprise endpoint in OpenAPI', async () => {
    const doc = await ctx.http().get('/api/docs-json').expect(200);
    const paths = doc.body.paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/enterprises',
        '/api/enterprises/{id}',
        '/api/enterprises/import',
        '/api/enterprises/{id}/officer',
        '/api/enterprises/{id}/officer-history',
        '/api/officers/{id}/handover',
        '/api/coverage',
        '/api/coverage/officers',
        '/api/coverage/unassigned',
        '/api/visits',
        '/api/visits/{id}',
      ]),
    );
    expect(paths['/api/enterprises'].post.summary).toContain('Register an enterprise');
    expect(paths['/api/enterprises/import'].post.requestBody.content['multipart/form-data']).toBeDefined();
    expect(doc.body.components.schemas.EnterpriseDto.properties.creditCode).toBeDefined();
  });
});
