import * as ExcelJS from 'exceljs';
import { FixedClock } from '../../src/common/clock/clock';
import { insertDepartment, signedIn, unique } from '../helpers/factories';
import { insertParkFirm, NO_RULES, policyBody } from '../helpers/policy-fixtures';
import { createTestApp, TestContext } from '../helpers/test-app';

const JINJIANG = '510104';
const QINGYANG = '510105';
const CHENGDU = '510100';
const FUCHENG = '510703';
const MIANYANG = '510700';
const T0 = new Date('2026-03-02T02:00:00Z');
const DAY = 86_400_000;

type Bearer = { id: number; bearer: string };

describe('policy reach figures, export and questions (e2e)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let admin: Bearer;
  let officer: Bearer;
  let department: number;
  let policy: { id: number; title: string };
  let f: Record<'f1' | 'f2' | 'f3' | 'f4', { id: number }>;

  beforeAll(async () => {
    clock = new FixedClock(T0);
    ctx = await createTestApp({ clock });
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    officer = await signedIn(ctx, { role: 'officer', regionCode: '510000' });
    department = await insertDepartment(ctx.db, '510000');
    const park = unique('园区');
    f = {
      f1: await insertParkFirm(ctx, park, { regionCode: JINJIANG, officerId: officer.id }),
      f2: await insertParkFirm(ctx, park, { regionCode: QINGYANG, officerId: officer.id }),
      f3: await insertParkFirm(ctx, park, { regionCode: JINJIANG, officerId: officer.id }),
      f4: await insertParkFirm(ctx, park, { regionCode: FUCHENG, officerId: officer.id }),
    };
    // A title that a spreadsheet would run as a formula.
    const created = await ctx
      .http()
      .post('/api/policies')
      .set('Authorization', admin.bearer)
      .send(policyBody(department, { title: `=HYPERLINK("http://x","${unique('点我')}")`, rules: { ...NO_RULES, parks: [park] } }))
      .expect(201);
    policy = created.body;
    await ctx.http().post(`/api/policies/${policy.id}/publish`).set('Authorization', admin.bearer).send({ version: 1 }).expect(200);

    const move = async (firm: { id: number }, state: string, reason?: string) => {
      const current = await ctx.http().get(`/api/policy-deliveries/${policy.id}/${firm.id}`).set('Authorization', officer.bearer).expect(200);
      await ctx.http().post(`/api/policy-deliveries/${policy.id}/${firm.id}/state`).set('Authorization', officer.bearer).send({ state, source: 'visit', reason, version: current.body.version }).expect(200);
    };
    clock.set(new Date(T0.getTime() + DAY));
    await move(f.f1, 'informed');
    await move(f.f1, 'applied');
    await move(f.f1, 'benefited');
    clock.set(new Date(T0.getTime() + 2 * DAY));
    await move(f.f2, 'informed');
    await move(f.f3, 'not_applicable', '企业已停产');
  });
  afterAll(() => ctx.close());

  const reach = (as: Bearer, query: string) => ctx.http().get(`/api/policy-reach?policyId=${policy.id}${query}`).set('Authorization', as.bearer);
  const rate = (numerator: number, denominator: number, value: number | null) => ({ numerator, denominator, value });

  it('counts eligible, informed, applied and benefited per city, with 应知尽知 / 应享尽享 and days to inform', async () => {
    const response = await reach(admin, '&regionCode=510000').expect(200);
    expect(response.body).toMatchObject({ regionCode: '510000', level: 'province' });
    const [mine] = response.body.policies;
    expect(mine.policyId).toBe(policy.id);
    expect(mine.total).toEqual({
      eligible: 4,
      notApplicable: 1,
      informed: 2,
      applied: 1,
      benefited: 1,
      awarenessRate: rate(2, 3, 0.6667),
      benefitRate: rate(1, 3, 0.3333),
      meanDaysToInform: 1.5,
    });
    expect(mine.regions).toEqual([
      { regionCode: CHENGDU, regionName: expect.any(String), eligible: 3, notApplicable: 1, informed: 2, applied: 1, benefited: 1, awarenessRate: rate(2, 2, 1), benefitRate: rate(1, 2, 0.5), meanDaysToInform: 1.5 },
      { regionCode: MIANYANG, regionName: expect.any(String), eligible: 1, notApplicable: 0, informed: 0, applied: 0, benefited: 0, awarenessRate: rate(0, 1, 0), benefitRate: rate(0, 1, 0), meanDaysToInform: null },
    ]);
  });

  it('groups a city by county, and keeps a supervisor to their reach (404 outside)', async () => {
    const chengdu = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
    const response = await reach(chengdu, '').expect(200);
    expect(response.body.regionCode).toBe(CHENGDU);
    expect(response.body.policies[0].regions.map((r: { regionCode: string; eligible: number }) => [r.regionCode, r.eligible])).toEqual([
      [JINJIANG, 2],
      [QINGYANG, 1],
    ]);
    await reach(chengdu, `&regionCode=${MIANYANG}`).expect(404);
    await reach(chengdu, '&regionCode=510000').expect(404);
    await reach(officer, '').expect(403);
  });

  it('exports the figures as XLSX with formula-like text neutralised', async () => {
    const response = await ctx
      .http()
      .get(`/api/policy-reach/export.xlsx?policyId=${policy.id}`)
      .set('Authorization', admin.bearer)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('政策触达');
    expect(sheet?.getRow(1).getCell(1).value).toBe('政策名称');
    const rows = [2, 3, 4].map((n) => sheet?.getRow(n).values as unknown[]);
    expect(rows[0][1]).toBe(`'${policy.title}`);
    expect(rows.map((r) => [r[6], r[7], r[12], r[13], r[14], r[15]])).toEqual([
      ['四川省（合计）', 4, '66.67%', '2/3', '33.33%', '1/3'],
      [expect.any(String), 3, '100.00%', '2/2', '50.00%', '1/2'],
      [expect.any(String), 1, '0.00%', '0/1', '0.00%', '0/1'],
    ]);
  });

  it('turns a firm’s question into a 政策咨询 appeal linked to the policy, proposed to its responsible department', async () => {
    const firmUser = await signedIn(ctx, { role: 'enterprise', regionCode: FUCHENG, enterpriseId: f.f4.id });
    const asked = await ctx
      .http()
      .post(`/api/policies/${policy.id}/questions`)
      .set('Authorization', firmUser.bearer)
      .send({ title: '申报材料', question: '请问一次性奖励如何申报、需要哪些材料？' })
      .expect(201);
    expect(asked.body).toMatchObject({ kind: 'consultation', title: '政策咨询：申报材料', status: 'submitted', enterpriseId: f.f4.id });
    const [category] = await ctx.db.query("SELECT id FROM appeal_categories WHERE code = 'policy_inquiry'");
    expect(asked.body.categoryId).toBe(Number(category.id));
    expect(await ctx.db.query('SELECT policy_id FROM policy_appeals WHERE appeal_id = ?', [asked.body.id])).toEqual([{ policy_id: policy.id }]);

    await ctx.http().post(`/api/appeals/${asked.body.id}/accept`).set('Authorization', officer.bearer).send({ version: asked.body.version }).expect(200);
    const detail = await ctx.http().get(`/api/appeals/${asked.body.id}`).set('Authorization', officer.bearer).expect(200);
    expect(detail.body.proposedDepartment).toMatchObject({ departmentId: department, ruleId: null, policyId: policy.id });
  });

  it('refuses a question about a policy the firm was not matched to (404) or without a question (400)', async () => {
    const stranger = await insertParkFirm(ctx, unique('别的园区'), { regionCode: JINJIANG });
    const firmUser = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: stranger.id });
    await ctx.http().post(`/api/policies/${policy.id}/questions`).set('Authorization', firmUser.bearer).send({ question: '这个政策我能申请吗？请告知。' }).expect(404);
    const member = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: f.f1.id });
    await ctx.http().post(`/api/policies/${policy.id}/questions`).set('Authorization', member.bearer).send({}).expect(400);
    await ctx.http().post(`/api/policies/${policy.id}/questions`).set('Authorization', admin.bearer).send({ question: '管理员不能以企业身份咨询。' }).expect(403);
  });
});
