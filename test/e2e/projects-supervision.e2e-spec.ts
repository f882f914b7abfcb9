import { FixedClock } from '../../src/common/clock/clock';
import { insertFirm, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const DEYANG = '510600';
const JINGYANG = '510603';
const GUANGHAN = '510681';
const MIANYANG = '510700';

type Bearer = { id: number; bearer: string };
const sh = (local: string) => new Date(`${local}+08:00`);

describe('project supervision: figures per region and period, progress ranking (e2e, known data set)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let supervisor: Bearer;
  let outsider: Bearer;

  beforeAll(async () => {
    clock = new FixedClock(sh('2026-10-15T10:00:00'));
    ctx = await createTestApp({ clock });
    supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: DEYANG });
    outsider = await signedIn(ctx, { role: 'supervisor', regionCode: MIANYANG });
    const jingyangFirm = await insertFirm(ctx.db, { regionCode: JINGYANG });
    const guanghanFirm = await insertFirm(ctx.db, { regionCode: GUANGHAN });
    const create = (fields: Record<string, unknown>) =>
      ctx
        .http()
        .post('/api/projects')
        .set('Authorization', supervisor.bearer)
        .send({ industry: 'equipment_manufacturing', ...fields })
        .expect(201)
        .then((r) => r.body as { id: number; version: number });
    const a = await create({
      name: '德阳甲项目',
      regionCode: JINGYANG,
      totalInvestmentWan: 200000,
      enterpriseIds: [jingyangFirm.id],
      stageSince: '2026-09-01',
    });
    const b = await create({
      name: '德阳乙项目',
      regionCode: JINGYANG,
      totalInvestmentWan: 50000,
      enterpriseIds: [jingyangFirm.id],
      stageCode: 'completed',
      stageSince: '2026-10-01',
    });
    const c = await create({ name: '德阳丙项目', regionCode: GUANGHAN, totalInvestmentWan: 20000, enterpriseIds: [guanghanFirm.id] });
    // An October move that the November figures must not count.
    await ctx
      .http()
      .post(`/api/projects/${c.id}/stage`)
      .set('Authorization', supervisor.bearer)
      .send({ version: 1, toStage: 'landed', date: '2026-10-15', note: '土地摘牌' })
      .expect(200);
    const move = async (at: string, id: number, version: number, toStage: string, date: string) => {
      clock.set(sh(at));
      await ctx
        .http()
        .post(`/api/projects/${id}/stage`)
        .set('Authorization', supervisor.bearer)
        .send({ version, toStage, date, note: '佐证' })
        .expect(200);
    };
    await move('2026-11-05T10:00:00', a.id, 1, 'landed', '2026-11-05');
    await move('2026-11-10T10:00:00', a.id, 2, 'started', '2026-11-10');
    await move('2026-11-12T10:00:00', b.id, 1, 'producing', '2026-11-12');
    await ctx
      .http()
      .post(`/api/projects/${b.id}/reports`)
      .set('Authorization', supervisor.bearer)
      .send({ progress: '试生产', investedToDateWan: 40000 })
      .expect(201);
    clock.set(sh('2026-11-02T10:00:00'));
    await ctx
      .http()
      .post(`/api/projects/${c.id}/milestones`)
      .set('Authorization', supervisor.bearer)
      .send({ title: '完成规划许可', owner: '广汉市规划局', workingDays: 1 })
      .expect(201);
    clock.set(sh('2026-11-20T10:00:00'));
  });
  afterAll(() => ctx.close());

  it('counts projects by stage, advances, production, investment and overdue milestones per county for the month', async () => {
    const response = await ctx
      .http()
      .get('/api/supervision/projects/figures')
      .query({ regionCode: DEYANG, period: 'month', key: '2026-11' })
      .set('Authorization', supervisor.bearer)
      .expect(200);
    expect(response.body.period).toEqual({ key: '2026-11', label: '2026年11月', fromDate: '2026-11-01', toDate: '2026-11-30' });
    const row = (code: string) => response.body.regions.find((r: { code: string }) => r.code === code);
    const stages = (r: { byStage: Array<{ stageCode: string; projects: number }> }) =>
      Object.fromEntries(r.byStage.filter((s) => s.projects).map((s) => [s.stageCode, s.projects]));
    expect(row(JINGYANG)).toMatchObject({
      name: '旌阳区',
      projects: 2,
      advanced: 2,
      reachedProduction: 1,
      reachedCapacity: 0,
      plannedWan: 250000,
      investedWan: 40000,
      investmentCompletion: { numerator: 40000, denominator: 250000, value: 0.16 },
      advancedRate: { numerator: 2, denominator: 2, value: 1 },
      overdueMilestones: 0,
    });
    expect(stages(row(JINGYANG))).toEqual({ started: 1, producing: 1 });
    expect(row(GUANGHAN)).toMatchObject({
      projects: 1,
      advanced: 0,
      reachedProduction: 0,
      plannedWan: 20000,
      overdueMilestones: 1,
      advancedRate: { value: 0 },
    });
    expect(response.body.total).toMatchObject({
      code: DEYANG,
      projects: 3,
      advanced: 2,
      reachedProduction: 1,
      plannedWan: 270000,
      investedWan: 40000,
      overdueMilestones: 1,
    });
    const october = await ctx
      .http()
      .get('/api/supervision/projects/figures')
      .query({ regionCode: DEYANG, period: 'month', key: '2026-10' })
      .set('Authorization', supervisor.bearer)
      .expect(200);
    expect(october.body.total).toMatchObject({ advanced: 1, reachedProduction: 0 });
  });

  it('ranks the counties on project progress; a county without projects is unranked', async () => {
    const response = await ctx
      .http()
      .get('/api/supervision/projects/rankings')
      .query({ regionCode: DEYANG, period: 'month', key: '2026-11' })
      .set('Authorization', supervisor.bearer)
      .expect(200);
    const rows = response.body.rows as Array<{ rank: number | null; score: number | null; region: { code: string } }>;
    expect(rows.slice(0, 2).map((r) => [r.region.code, r.rank, r.score])).toEqual([
      [JINGYANG, 1, 66.4],
      [GUANGHAN, 2, 0],
    ]);
    expect(rows.slice(2).every((r) => r.rank === null && r.score === null)).toBe(true);
  });

  it('answers 404 for a region outside reach and 403 for roles without supervision', async () => {
    await ctx
      .http()
      .get('/api/supervision/projects/figures')
      .query({ regionCode: DEYANG })
      .set('Authorization', outsider.bearer)
      .expect(404);
    const officer = await signedIn(ctx, { role: 'officer', regionCode: JINGYANG });
    await ctx.http().get('/api/supervision/projects/figures').set('Authorization', officer.bearer).expect(403);
  });
});
