import { FixedClock } from '../../src/common/clock/clock';
import { insertFirm, insertUser, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * A known data set in 攀枝花市 (510400), which no other spec touches, so every figure is exact:
 *
 *   region          firm  officer  active  visits in October 2026
 *   510400 city     F7    O2       yes     (one on 30 September: outside the period)
 *   510402 东区   F1    O1       yes     05 Oct problems found, 20 Oct no problems
 *                   F2    O1       yes     —
 *                   F3    —        yes     —
 *                   F4    —        no      —
 *   510403 西区   F5    O2       yes     10 Oct no problems
 *                   F6    —        yes     —
 *   O3: officer of 西区 without firms; O4: deactivated officer of 西区.
 */
const PANZHIHUA = '510400';
const DONGQU = '510402';
const XIQU = '510403';
const OCTOBER = 'from=2026-10-01&to=2026-10-31';

type Bearer = { id: number; bearer: string; username: string };

describe('coverage: firms, officers, load and visits per region subtree (e2e)', () => {
  let ctx: TestContext;
  let admin: Bearer;
  let o1: Bearer;
  let o2: Bearer;
  let o3: Bearer;
  const firms: Record<string, { id: number; name: string }> = {};

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-15T04:00:00Z')) });
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    o1 = await signedIn(ctx, { role: 'officer', regionCode: DONGQU });
    o2 = await signedIn(ctx, { role: 'officer', regionCode: PANZHIHUA });
    o3 = await signedIn(ctx, { role: 'officer', regionCode: XIQU });
    await insertUser(ctx.db, { role: 'officer', regionCode: XIQU, active: false });
    firms.F1 = await insertFirm(ctx.db, { regionCode: DONGQU, officerId: o1.id });
    firms.F2 = await insertFirm(ctx.db, { regionCode: DONGQU, officerId: o1.id });
    firms.F3 = await insertFirm(ctx.db, { regionCode: DONGQU });
    firms.F4 = await insertFirm(ctx.db, { regionCode: DONGQU, active: false });
    firms.F5 = await insertFirm(ctx.db, { regionCode: XIQU, officerId: o2.id });
    firms.F6 = await insertFirm(ctx.db, { regionCode: XIQU });
    firms.F7 = await insertFirm(ctx.db, { regionCode: PANZHIHUA, officerId: o2.id });

    // Coverage counts visits the firm confirmed (#20): each logged visit is confirmed by the firm's staff.
    const visit = async (officer: Bearer, firm: { id: number }, visitDate: string, problemsFound: boolean) => {
      const logged = await ctx
        .http()
        .post('/api/visits')
        .set('Authorization', officer.bearer)
        .send({ enterpriseId: firm.id, visitDate, form: 'on_site', problemsFound })
        .expect(201);
      const staff = await signedIn(ctx, { role: 'enterprise', regionCode: DONGQU, enterpriseId: firm.id });
      await ctx.http().post(`/api/visits/${logged.body.id}/confirm`).set('Authorization', staff.bearer).send({ version: 1 }).expect(200);
    };
    await visit(o1, firms.F1, '2026-10-05', true);
    await visit(o1, firms.F1, '2026-10-20', false);
    await visit(o2, firms.F5, '2026-10-10', false);
    await visit(o2, firms.F7, '2026-09-30', false);
  });
  afterAll(() => ctx.close());

  const get = (as: Bearer, path: string) => ctx.http().get(path).set('Authorization', as.bearer);

  it('counts a city: firms, coverage, visits (a visit without problems counts), by county', async () => {
    const response = await get(admin, `/api/coverage?regionCode=${PANZHIHUA}&${OCTOBER}`).expect(200);
    expect(response.body).toEqual({
      regionCode: PANZHIHUA,
      regionName: '攀枝花市',
      level: 'city',
      from: '2026-10-01',
      to: '2026-10-31',
      firms: 6,
      firmsWithOfficer: 4,
      firmsWithoutOfficer: 2,
      coverageRate: 0.6667,
      firmsVisited: 2,
      visitRate: 0.3333,
      visits: 3,
      visitsWithProblems: 1,
      officers: 3,
      byRegion: [
        {
          regionCode: PANZHIHUA,
          regionName: '攀枝花市',
          firms: 1,
          firmsWithOfficer: 1,
          firmsWithoutOfficer: 0,
          coverageRate: 1,
          firmsVisited: 0,
          visitRate: 0,
        },
        {
          regionCode: DONGQU,
          regionName: '东区',
          firms: 3,
          firmsWithOfficer: 2,
          firmsWithoutOfficer: 1,
          coverageRate: 0.6667,
          firmsVisited: 1,
          visitRate: 0.3333,
        },
        {
          regionCode: XIQU,
          regionName: '西区',
          firms: 2,
          firmsWithOfficer: 1,
          firmsWithoutOfficer: 1,
          coverageRate: 0.5,
          firmsVisited: 1,
          visitRate: 0.5,
        },
        ...['510411', '510421', '510422'].map((code) => ({
          regionCode: code,
          regionName: expect.any(String),
          firms: 0,
          firmsWithOfficer: 0,
          firmsWithoutOfficer: 0,
          coverageRate: null,
          firmsVisited: 0,
          visitRate: null,
        })),
      ],
    });
  });

  it('rolls the city up into the province’s breakdown', async () => {
    const response = await get(admin, `/api/coverage?${OCTOBER}`).expect(200);
    expect(response.body).toMatchObject({ regionCode: '510000', level: 'province' });
    expect(response.body.byRegion).toHaveLength(21);
    expect(response.body.byRegion.find((r: { regionCode: string }) => r.regionCode === PANZHIHUA)).toEqual({
      regionCode: PANZHIHUA,
      regionName: '攀枝花市',
      firms: 6,
      firmsWithOfficer: 4,
      firmsWithoutOfficer: 2,
      coverageRate: 0.6667,
      firmsVisited: 2,
      visitRate: 0.3333,
    });
  });

  it('lists officers with their load, busiest first, including those without firms', async () => {
    const response = await get(admin, `/api/coverage/officers?regionCode=${PANZHIHUA}&${OCTOBER}`).expect(200);
    expect(response.body).toMatchObject({ total: 3, page: 1 });
    expect(response.body.items).toEqual([
      {
        id: o1.id,
        username: o1.username,
        displayName: expect.any(String),
        regionCode: DONGQU,
        active: true,
        firms: 2,
        firmsVisited: 1,
        visits: 2,
      },
      {
        id: o2.id,
        username: o2.username,
        displayName: expect.any(String),
        regionCode: PANZHIHUA,
        active: true,
        firms: 2,
        firmsVisited: 1,
        visits: 1,
      },
      {
        id: o3.id,
        username: o3.username,
        displayName: expect.any(String),
        regionCode: XIQU,
        active: true,
        firms: 0,
        firmsVisited: 0,
        visits: 0,
      },
    ]);
    // A county's view includes the city officer serving a firm there.
    const enyang = await get(admin, `/api/coverage/officers?regionCode=${XIQU}&${OCTOBER}`).expect(200);
    expect(enyang.body.items.map((o: { id: number; firms: number }) => [o.id, o.firms])).toEqual([
      [o2.id, 1],
      [o3.id, 0],
    ]);
  });

  it('shows an officer their own load only, and no region-wide figures', async () => {
    const own = await get(o2, `/api/coverage/officers?${OCTOBER}`).expect(200);
    expect(own.body).toMatchObject({ total: 1, items: [{ id: o2.id, firms: 2, visits: 1 }] });
    const county = await get(o1, `/api/coverage/officers?${OCTOBER}`).expect(200);
    expect(county.body.items.map((o: { id: number }) => o.id)).toEqual([o1.id]);
    await get(o1, '/api/coverage').expect(403);
    await get(o1, '/api/coverage/unassigned').expect(403);
  });

  it('lists the firms without an officer, paged', async () => {
    const page1 = await get(admin, `/api/coverage/unassigned?regionCode=${PANZHIHUA}&pageSize=1`).expect(200);
    const page2 = await get(admin, `/api/coverage/unassigned?regionCode=${PANZHIHUA}&pageSize=1&page=2`).expect(200);
    expect(page1.body).toMatchObject({ total: 2, pageSize: 1 });
    expect([...page1.body.items, ...page2.body.items].map((f: { id: number }) => f.id)).toEqual([firms.F3.id, firms.F6.id]);
    expect(page1.body.items[0]).toMatchObject({ regionCode: DONGQU, regionName: '东区', creditCode: expect.stringMatching(/^91510402/) });
  });

  it('defaults to the caller’s region and to this month so far', async () => {
    const countySupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: DONGQU });
    const response = await get(countySupervisor, '/api/coverage').expect(200);
    expect(response.body).toMatchObject({
      regionCode: DONGQU,
      level: 'county',
      from: '2026-11-01',
      to: '2026-11-15',
      firms: 3,
      firmsWithOfficer: 2,
      firmsVisited: 0,
      visits: 0,
    });
    expect(response.body.byRegion).toEqual([expect.objectContaining({ regionCode: DONGQU, firms: 3 })]);
  });

  it('keeps callers inside their reach (outside is a 404 that names nothing) and refuses bad periods', async () => {
    const countySupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: DONGQU });
    const outside = await get(countySupervisor, `/api/coverage?regionCode=${PANZHIHUA}`).expect(404);
    expect(outside.body).toMatchObject({ code: 'NOT_FOUND', message: 'Region 510400 was not found' });
    await get(countySupervisor, `/api/coverage/officers?regionCode=${XIQU}`).expect(404);
    await get(countySupervisor, `/api/coverage/unassigned?regionCode=${XIQU}`).expect(404);
    await get(o1, `/api/coverage/officers?regionCode=${XIQU}`).expect(404);
    const staff = await signedIn(ctx, { role: 'enterprise', regionCode: DONGQU, enterpriseId: firms.F1.id });
    await get(staff, '/api/coverage').expect(403);
    const backwards = await get(admin, `/api/coverage?regionCode=${PANZHIHUA}&from=2026-10-31&to=2026-10-01`).expect(400);
    expect(backwards.body.message).toBe('from must not be after to');
    await get(admin, `/api/coverage?regionCode=${PANZHIHUA}&from=2026-02-30`).expect(400);
    await get(admin, '/api/coverage?regionCode=519999').expect(400);
  });
});
