import { insertDepartment, signedIn } from '../helpers/factories';
import { categoryId } from '../helpers/appeal-fixtures';
import { createTestApp, TestContext } from '../helpers/test-app';

describe('categories and routing rules (e2e)', () => {
  let ctx: TestContext;
  let admin: Awaited<ReturnType<typeof signedIn>>;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
  });
  afterAll(() => ctx.close());

  it('lists the seeded categories with their hierarchy and urgency defaults', async () => {
    const response = await ctx.http().get('/api/categories').set('Authorization', admin.bearer).expect(200);
    const byCode = Object.fromEntries(response.body.map((c: { code: string }) => [c.code, c]));
    expect(byCode.energy_power.parentId).toBe(byCode.energy.id);
    expect(byCode.supply_chain_break.urgentByDefault).toBe(true);
    expect(Object.keys(byCode)).toEqual(expect.arrayContaining(['labour', 'financing', 'arrears', 'fees', 'tax', 'technology', 'emergency', 'other']));
  });

  it('lets admins add and retire categories, and nobody else', async () => {
    const officer = await signedIn(ctx, { role: 'officer', regionCode: '510104' });
    await ctx.http().post('/api/categories').set('Authorization', officer.bearer).send({ code: 'heat', name: '供热' }).expect(403);
    const created = await ctx.http().post('/api/categories').set('Authorization', admin.bearer).send({ code: 'heat_supply', name: '供热保障' }).expect(201);
    await ctx.http().post('/api/categories').set('Authorization', admin.bearer).send({ code: 'heat_supply', name: '重复' }).expect(409);
    await ctx.http().patch(`/api/categories/${created.body.id}`).set('Authorization', admin.bearer).send({ active: false, version: 1 }).expect(200);
    const list = await ctx.http().get('/api/categories').set('Authorization', admin.bearer).expect(200);
    expect(list.body.map((c: { code: string }) => c.code)).not.toContain('heat_supply');
  });

  it('creates rules, refuses duplicates and departments off the region chain', async () => {
    const tax = await categoryId(ctx.db, 'tax');
    const cityDept = await insertDepartment(ctx.db, '510100');
    const mianyangDept = await insertDepartment(ctx.db, '510700');
    const rule = await ctx.http().post('/api/routing-rules').set('Authorization', admin.bearer).send({ categoryId: tax, regionCode: '510104', departmentId: cityDept }).expect(201);
    expect(rule.body).toMatchObject({ categoryId: tax, regionCode: '510104', level: null, departmentId: cityDept });
    const duplicate = await ctx.http().post('/api/routing-rules').set('Authorization', admin.bearer).send({ categoryId: tax, regionCode: '510104', departmentId: cityDept });
    expect(duplicate.status).toBe(409);
    const offChain = await ctx.http().post('/api/routing-rules').set('Authorization', admin.bearer).send({ categoryId: tax, regionCode: '510104', departmentId: mianyangDept });
    expect(offChain.status).toBe(400);
    expect(offChain.body.details[0].field).toBe('departmentId');
  });
});
