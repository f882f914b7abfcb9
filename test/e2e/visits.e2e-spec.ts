import { FixedClock } from '../../src/common/clock/clock';
import { categoryId } from '../helpers/appeal-fixtures';
import { insertFirm, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const JINJIANG = '510104';
const QINGYANG = '510105';
const CHENGDU = '510100';
const MIANYANG = '510700';

type Bearer = { id: number; bearer: string };

describe('visits: an officer logs visits to their firms (e2e)', () => {
  let ctx: TestContext;
  let officer: Bearer;
  let firm: { id: number; name: string };

  beforeAll(async () => {
    // 2026-11-15 12:30 in Shanghai is still 2026-11-15 04:30 UTC.
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-15T04:30:00Z')) });
    officer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    firm = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id });
  });
  afterAll(() => ctx.close());

  const log = (as: Bearer, fields: Record<string, unknown>) =>
    ctx
      .http()
      .post('/api/visits')
      .set('Authorization', as.bearer)
      .send({ enterpriseId: firm.id, visitDate: '2026-11-10', form: 'on_site', problemsFound: false, ...fields });

  it('logs a visit with its date, form, participants, notes and whether problems were found', async () => {
    const response = await log(officer, {
      visitDate: '2026-11-15',
      form: 'phone',
      participants: '王经理、张专员',
      notes: '用电需求正常',
      problemsFound: true,
    }).expect(201);
    expect(response.body).toEqual({
      id: expect.any(Number),
      enterpriseId: firm.id,
      enterpriseName: firm.name,
      officerId: officer.id,
      officerName: expect.any(String),
      regionCode: JINJIANG,
      // Logged without a plan: done at once, counted for coverage once the firm confirms it (#20).
      status: 'done',
      visitDate: '2026-11-15',
      proposedDate: null,
      form: 'phone',
      purpose: null,
      participants: '王经理、张专员',
      notes: '用电需求正常',
      problemsFound: true,
      firmNote: null,
      groupId: null,
      unit: { key: `office:${JINJIANG}`, name: '锦江区联络专员' },
      units: [{ key: `office:${JINJIANG}`, name: '锦江区联络专员' }],
      mergedIntoId: null,
      confirmation: 'pending',
      countsForCoverage: false,
      overBudget: false,
      loggedAt: '2026-11-15T04:30:00.000Z',
      createdAt: '2026-11-15T04:30:00.000Z',
      updatedAt: '2026-11-15T04:30:00.000Z',
      version: 1,
      clashes: [],
      allowedActions: [],
      appeals: [],
    });
    await ctx.http().get(`/api/visits/${response.body.id}`).set('Authorization', officer.bearer).expect(200);
  });

  it('refuses a visit to a firm that is not the officer’s own', async () => {
    const colleague = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    // Another officer's firm is invisible to them: 404, exactly like a missing one.
    const refused = await log(colleague, {}).expect(404);
    expect(refused.body.code).toBe('NOT_FOUND');
    const sibling = await insertFirm(ctx.db, { regionCode: QINGYANG });
    await log(officer, { enterpriseId: sibling.id }).expect(404);
    const supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
    await log(supervisor, {}).expect(403);
  });

  it('refuses a date in the future, an impossible date and a bad form', async () => {
    const future = await log(officer, { visitDate: '2026-11-16' }).expect(400);
    expect(future.body.message).toBe('A visit cannot be logged before it happens (today is 2026-11-15)');
    await log(officer, { visitDate: '2026-02-30' }).expect(400);
    const form = await log(officer, { form: 'letter' }).expect(400);
    expect(form.body.details[0].field).toBe('form');
    await log(officer, { problemsFound: undefined }).expect(400);
  });

  it('lists visits by firm, officer and period, within reach only', async () => {
    const other = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id });
    await log(officer, { enterpriseId: other.id, visitDate: '2026-10-31' }).expect(201);
    await log(officer, { visitDate: '2026-11-01', form: 'online' }).expect(201);

    const mine = await ctx.http().get(`/api/visits?officerId=${officer.id}`).set('Authorization', officer.bearer).expect(200);
    expect(mine.body.items.map((v: { visitDate: string }) => v.visitDate)).toEqual(['2026-11-15', '2026-11-01', '2026-10-31']);
    const november = await ctx
      .http()
      .get(`/api/visits?officerId=${officer.id}&from=2026-11-01&to=2026-11-30`)
      .set('Authorization', officer.bearer)
      .expect(200);
    expect(november.body.total).toBe(2);
    const byFirm = await ctx.http().get(`/api/visits?enterpriseId=${other.id}`).set('Authorization', officer.bearer).expect(200);
    expect(byFirm.body.items).toEqual([expect.objectContaining({ enterpriseId: other.id, visitDate: '2026-10-31' })]);
    const problems = await ctx
      .http()
      .get(`/api/visits?officerId=${officer.id}&problemsFound=true`)
      .set('Authorization', officer.bearer)
      .expect(200);
    expect(problems.body.total).toBe(1);

    const city = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
    const cityList = await ctx.http().get(`/api/visits?officerId=${officer.id}`).set('Authorization', city.bearer).expect(200);
    expect(cityList.body.total).toBe(3);
    const mianyang = await signedIn(ctx, { role: 'supervisor', regionCode: MIANYANG });
    const hidden = await ctx.http().get(`/api/visits?officerId=${officer.id}`).set('Authorization', mianyang.bearer).expect(200);
    expect(hidden.body.total).toBe(0);
    await ctx.http().get(`/api/visits/${mine.body.items[0].id}`).set('Authorization', mianyang.bearer).expect(404);
  });

  it('shows a firm’s staff the visits to their firm and no others', async () => {
    const staff = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: firm.id });
    const list = await ctx.http().get('/api/visits?pageSize=200').set('Authorization', staff.bearer).expect(200);
    expect(list.body.total).toBeGreaterThan(0);
    expect(list.body.items.every((v: { enterpriseId: number }) => v.enterpriseId === firm.id)).toBe(true);
  });

  it('links the appeals an officer raises from a visit: the visit lists them, the appeal finds its visit', async () => {
    const visit = (await log(officer, { visitDate: '2026-11-14', problemsFound: true }).expect(201)).body;
    const energy = await categoryId(ctx.db, 'energy_power');
    const submit = (as: Bearer, fields: Record<string, unknown>) =>
      ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', as.bearer)
        .send({
          enterpriseId: firm.id,
          categoryId: energy,
          kind: 'help',
          title: '走访发现线路老化',
          description: '走访时企业反映园区线路老化频繁停电。',
          ...fields,
        });
    const first = (await submit(officer, { visitId: visit.id }).expect(201)).body;
    const second = (await submit(officer, { visitId: visit.id, title: '走访发现用工缺口' }).expect(201)).body;
    const unlinked = (await submit(officer, { title: '电话反映的其他问题' }).expect(201)).body;

    const shown = await ctx.http().get(`/api/visits/${visit.id}`).set('Authorization', officer.bearer).expect(200);
    expect(shown.body.appeals).toEqual([
      { id: first.id, number: first.number, title: '走访发现线路老化', status: 'submitted' },
      { id: second.id, number: second.number, title: '走访发现用工缺口', status: 'submitted' },
    ]);
    const listed = await ctx
      .http()
      .get(`/api/visits?enterpriseId=${firm.id}&from=2026-11-14&to=2026-11-14`)
      .set('Authorization', officer.bearer);
    expect(listed.body.items[0].appeals.map((a: { id: number }) => a.id)).toEqual([first.id, second.id]);
    const origin = await ctx.http().get(`/api/visits?appealId=${second.id}`).set('Authorization', officer.bearer).expect(200);
    expect(origin.body.items.map((v: { id: number }) => v.id)).toEqual([visit.id]);
    const none = await ctx.http().get(`/api/visits?appealId=${unlinked.id}`).set('Authorization', officer.bearer).expect(200);
    expect(none.body.total).toBe(0);
  });

  it('refuses a visit link from a firm’s staff, to another firm’s visit, or to no visit at all', async () => {
    const energy = await categoryId(ctx.db, 'energy_power');
    const other = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id });
    const otherVisit = (await log(officer, { enterpriseId: other.id }).expect(201)).body;
    const body = {
      enterpriseId: firm.id,
      categoryId: energy,
      kind: 'help',
      title: '走访发现线路老化',
      description: '走访时企业反映园区线路老化频繁停电。',
    };
    const wrongFirm = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', officer.bearer)
      .send({ ...body, visitId: otherVisit.id })
      .expect(400);
    expect(wrongFirm.body.details).toEqual([{ field: 'visitId', message: 'not a visit to this enterprise' }]);
    await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', officer.bearer)
      .send({ ...body, visitId: 99999999 })
      .expect(400);
    const staff = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: firm.id });
    const byStaff = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', staff.bearer)
      .send({ ...body, enterpriseId: undefined, visitId: otherVisit.id })
      .expect(400);
    expect(byStaff.body.details[0].field).toBe('visitId');
    // Nothing was created by the refused submissions.
    const [{ n }] = await ctx.db.query('SELECT COUNT(*) AS n FROM visit_appeals WHERE visit_id = ?', [otherVisit.id]);
    expect(Number(n)).toBe(0);
  });

  it('lists the firms not visited since a day (本月未走访)', async () => {
    const fresh = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    const visited = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: fresh.id });
    const lastMonth = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: fresh.id });
    const never = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: fresh.id });
    // Each firm confirms the visit logged to it: only confirmed visits count as visited (#20).
    const visit = async (id: number, visitDate: string) => {
      const logged = await ctx
        .http()
        .post('/api/visits')
        .set('Authorization', fresh.bearer)
        .send({ enterpriseId: id, visitDate, form: 'phone', problemsFound: false })
        .expect(201);
      const staff = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: id });
      await ctx.http().post(`/api/visits/${logged.body.id}/confirm`).set('Authorization', staff.bearer).send({ version: 1 }).expect(200);
    };
    await visit(visited.id, '2026-11-02');
    await visit(lastMonth.id, '2026-10-30');
    // A visit the firm has not confirmed does not make it visited.
    await ctx.http().post('/api/visits').set('Authorization', fresh.bearer).send({ enterpriseId: never.id, visitDate: '2026-11-03', form: 'phone', problemsFound: false }).expect(201);
    const list = await ctx
      .http()
      .get(`/api/enterprises?officerId=${fresh.id}&notVisitedSince=2026-11-01`)
      .set('Authorization', fresh.bearer)
      .expect(200);
    expect(list.body.items.map((f: { id: number }) => f.id).sort()).toEqual([lastMonth.id, never.id].sort());
    await ctx.http().get('/api/enterprises?notVisitedSince=2026-13-01').set('Authorization', fresh.bearer).expect(400);
  });
});
