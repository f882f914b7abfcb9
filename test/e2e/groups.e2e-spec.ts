import { FixedClock } from '../../src/common/clock/clock';
import { categoryId } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertDepartment, insertFirm, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const MEISHAN = '511400';
const DONGPO = '511402';
const LESHAN = '511100';
const SHIZHONG = '511102';
const PROVINCE = '510000';

type Bearer = { id: number; bearer: string };
const sh = (local: string) => new Date(`${local}+08:00`);

describe('working groups (五个一 包联): ledger, 销号, measures, visits, dashboards, scoping (e2e)', () => {
  let ctx: TestContext;
  let admin: Bearer;
  let leader: Bearer;
  let member: Bearer;
  let outsider: Bearer;
  let provinceSupervisor: Bearer;
  let meishanSupervisor: Bearer;
  let leshanSupervisor: Bearer;
  let firm: { id: number };
  let groupId: number;
  let openAppeal: number;
  let resolvedAppeal: number;
  let closedAppeal: number;
  let projectId: number;

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(sh('2026-11-18T10:00:00')) });
    admin = await signedIn(ctx, { role: 'admin', regionCode: PROVINCE });
    leader = await signedIn(ctx, { role: 'supervisor', regionCode: PROVINCE });
    member = await signedIn(ctx, { role: 'officer', regionCode: DONGPO });
    outsider = await signedIn(ctx, { role: 'officer', regionCode: DONGPO });
    provinceSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: PROVINCE });
    meishanSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: MEISHAN });
    leshanSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: LESHAN });
    firm = await insertFirm(ctx.db, { regionCode: DONGPO });
    const category = await categoryId(ctx.db, 'energy_power');
    const base = { enterpriseId: firm.id, regionCode: DONGPO, submittedBy: admin.id, categoryId: category };
    const lead = { lead_department_id: await insertDepartment(ctx.db, MEISHAN) };
    openAppeal = await insertAppealRow(ctx.db, { ...base, columns: { ...lead, warning_light: 'red', status: 'in_progress' } });
    resolvedAppeal = await insertAppealRow(ctx.db, { ...base, columns: { ...lead, status: 'resolved' } });
    closedAppeal = await insertAppealRow(ctx.db, { ...base, columns: { ...lead, status: 'closed', closed_at: sh('2026-11-10T10:00:00') } });
    const otherFirm = await insertFirm(ctx.db, { regionCode: SHIZHONG });
    await insertAppealRow(ctx.db, { ...base, enterpriseId: otherFirm.id, regionCode: SHIZHONG });
    const project = await ctx
      .http()
      .post('/api/projects')
      .set('Authorization', admin.bearer)
      .send({
        name: '自贡包联项目',
        regionCode: DONGPO,
        industry: 'equipment_manufacturing',
        totalInvestmentWan: 20000,
        enterpriseIds: [firm.id],
      })
      .expect(201);
    projectId = project.body.id;
    await ctx.db.query('INSERT INTO project_appeals (project_id, appeal_id, linked_by, linked_at) VALUES (?, ?, ?, NOW(3))', [
      projectId,
      openAppeal,
      admin.id,
    ]);
  });
  afterAll(() => ctx.close());

  it('lets an admin set up a group with its leader, members, city and period; a city is taken once', async () => {
    const created = await ctx
      .http()
      .post('/api/groups')
      .set('Authorization', admin.bearer)
      .send({
        name: `省领导包联眉山市工作组${Date.now()}`,
        leaderId: leader.id,
        cityCodes: [MEISHAN],
        periodStart: '2026-01-01',
        members: [{ userId: member.id, duty: 'liaison' }],
      })
      .expect(201);
    groupId = created.body.id;
    expect(created.body).toMatchObject({
      leader: { userId: leader.id, duty: 'leader', role: 'supervisor' },
      members: [
        { userId: leader.id, duty: 'leader' },
        { userId: member.id, duty: 'liaison', role: 'officer' },
      ],
      cities: [{ code: MEISHAN, name: '眉山市' }],
      periodStart: '2026-01-01',
      periodEnd: null,
      access: 'write',
      version: 1,
    });
    const taken = await ctx
      .http()
      .post('/api/groups')
      .set('Authorization', admin.bearer)
      .send({ name: '重复工作组', leaderId: leader.id, cityCodes: [MEISHAN], periodStart: '2026-01-01' })
      .expect(409);
    expect(taken.body.message).toContain(MEISHAN);
    await ctx
      .http()
      .post('/api/groups')
      .set('Authorization', admin.bearer)
      .send({ name: '县级工作组', leaderId: leader.id, cityCodes: [DONGPO], periodStart: '2026-01-01' })
      .expect(400);
    await ctx
      .http()
      .post('/api/groups')
      .set('Authorization', leader.bearer)
      .send({ name: 'x工作组', leaderId: leader.id, cityCodes: [LESHAN], periodStart: '2026-01-01' })
      .expect(403);
  });

  it('scopes the group: members write, covering supervisors read, everyone else gets 404', async () => {
    await ctx.http().get(`/api/groups/${groupId}`).set('Authorization', member.bearer).expect(200);
    expect((await ctx.http().get(`/api/groups/${groupId}`).set('Authorization', provinceSupervisor.bearer).expect(200)).body.access).toBe(
      'read',
    );
    expect((await ctx.http().get(`/api/groups/${groupId}`).set('Authorization', meishanSupervisor.bearer).expect(200)).body.access).toBe(
      'read',
    );
    for (const who of [outsider, leshanSupervisor]) {
      await ctx.http().get(`/api/groups/${groupId}`).set('Authorization', who.bearer).expect(404);
      await ctx.http().get(`/api/groups/${groupId}/ledger`).set('Authorization', who.bearer).expect(404);
      await ctx.http().get(`/api/groups/${groupId}/measures`).set('Authorization', who.bearer).expect(404);
    }
    expect((await ctx.http().get('/api/groups').set('Authorization', outsider.bearer).expect(200)).body).toEqual([]);
    expect(
      (await ctx.http().get('/api/groups').set('Authorization', member.bearer).expect(200)).body.map((g: { id: number }) => g.id),
    ).toEqual([groupId]);
    await ctx
      .http()
      .post(`/api/groups/${groupId}/measures`)
      .set('Authorization', provinceSupervisor.bearer)
      .send({ title: '读者不能写', owner: 'x', startDate: '2026-11-01' })
      .expect(403);
    // Membership widens project visibility to the group's cities, whatever the role.
    await ctx.http().get(`/api/projects/${projectId}`).set('Authorization', member.bearer).expect(200);
    await ctx.http().get(`/api/projects/${projectId}`).set('Authorization', outsider.bearer).expect(404);
  });

  it('keeps the problem ledger of its city with its own notes; 销号 needs the appeal closed first', async () => {
    const ledger = await ctx.http().get(`/api/groups/${groupId}/ledger`).set('Authorization', member.bearer).expect(200);
    expect(ledger.body.total).toBe(3);
    expect(ledger.body.items.map((e: { appealId: number }) => e.appealId).sort()).toEqual(
      [openAppeal, resolvedAppeal, closedAppeal].sort(),
    );
    expect(ledger.body.items.find((e: { appealId: number }) => e.appealId === openAppeal)).toMatchObject({
      projectId,
      projectName: '自贡包联项目',
      closedOffAt: null,
    });
    const onlyProjects = await ctx
      .http()
      .get(`/api/groups/${groupId}/ledger`)
      .query({ projectsOnly: true })
      .set('Authorization', member.bearer)
      .expect(200);
    expect(onlyProjects.body.items.map((e: { appealId: number }) => e.appealId)).toEqual([openAppeal]);

    const notes = await ctx
      .http()
      .post(`/api/groups/${groupId}/ledger/${openAppeal}/notes`)
      .set('Authorization', member.bearer)
      .send({ note: '已约市供电公司现场协调' })
      .expect(201);
    expect(notes.body).toEqual([expect.objectContaining({ note: '已约市供电公司现场协调', authorId: member.id })]);

    const notYet = await ctx
      .http()
      .post(`/api/groups/${groupId}/ledger/${resolvedAppeal}/close-off`)
      .set('Authorization', member.bearer)
      .send({})
      .expect(409);
    expect(notYet.body.message).toContain('must be closed');
    await ctx
      .http()
      .post(`/api/groups/${groupId}/ledger/${closedAppeal}/close-off`)
      .set('Authorization', leader.bearer)
      .send({ note: '企业满意' })
      .expect(200);
    await ctx
      .http()
      .post(`/api/groups/${groupId}/ledger/${closedAppeal}/close-off`)
      .set('Authorization', leader.bearer)
      .send({})
      .expect(409);
    const closedOff = await ctx
      .http()
      .get(`/api/groups/${groupId}/ledger`)
      .query({ closedOff: true })
      .set('Authorization', member.bearer)
      .expect(200);
    expect(closedOff.body.items).toEqual([
      expect.objectContaining({ appealId: closedAppeal, closedOffAt: expect.any(String), lastNote: '销号：企业满意' }),
    ]);

    const elsewhere = await ctx.db.query('SELECT id FROM appeals WHERE city_code = ? ORDER BY id DESC LIMIT 1', ['511100']);
    await ctx
      .http()
      .post(`/api/groups/${groupId}/ledger/${elsewhere[0].id}/notes`)
      .set('Authorization', member.bearer)
      .send({ note: '越界' })
      .expect(404);
  });

  it('keeps service measures with owners, dates, status and evidence, and logs group visits', async () => {
    const measure = await ctx
      .http()
      .post(`/api/groups/${groupId}/measures`)
      .set('Authorization', member.bearer)
      .send({ title: '协调新增10kV线路', owner: '市发改委', startDate: '2026-11-01', dueDate: '2026-11-15' })
      .expect(201);
    expect(measure.body).toMatchObject({ status: 'planned', overdue: true, version: 1 });
    const patch = (fields: Record<string, unknown>) =>
      ctx.http().patch(`/api/groups/${groupId}/measures/${measure.body.id}`).set('Authorization', member.bearer).send(fields);
    await patch({ version: 1, status: 'in_progress' }).expect(200);
    await patch({ version: 1, status: 'done', evidence: 'x' }).expect(409); // stale
    const noEvidence = await patch({ version: 2, status: 'done' }).expect(409);
    expect(noEvidence.body.message).toContain('evidence');
    const done = await patch({ version: 2, status: 'done', evidence: '线路已投运（供电公司函）' }).expect(200);
    expect(done.body).toMatchObject({ status: 'done', overdue: false, evidence: '线路已投运（供电公司函）' });

    await ctx
      .http()
      .post(`/api/groups/${groupId}/visits`)
      .set('Authorization', member.bearer)
      .send({ visitDate: '2026-11-19', form: 'on_site', problemsFound: false })
      .expect(400);
    const visit = await ctx
      .http()
      .post(`/api/groups/${groupId}/visits`)
      .set('Authorization', leader.bearer)
      .send({
        enterpriseId: firm.id,
        projectId,
        visitDate: '2026-11-17',
        form: 'on_site',
        participants: '组长、联络员',
        notes: '现场调研',
        problemsFound: true,
      })
      .expect(201);
    expect(visit.body).toMatchObject({
      enterpriseId: firm.id,
      projectId,
      projectName: '自贡包联项目',
      visitDate: '2026-11-17',
      createdBy: leader.id,
    });
    const otherFirm = await insertFirm(ctx.db, { regionCode: SHIZHONG });
    await ctx
      .http()
      .post(`/api/groups/${groupId}/visits`)
      .set('Authorization', leader.bearer)
      .send({ enterpriseId: otherFirm.id, visitDate: '2026-11-17', form: 'phone', problemsFound: false })
      .expect(404);
  });

  it('shows the group dashboard and the province view side by side', async () => {
    const dashboard = await ctx.http().get(`/api/groups/${groupId}/dashboard`).set('Authorization', member.bearer).expect(200);
    expect(dashboard.body).toEqual({
      groupId,
      name: expect.any(String),
      leaderName: '测试supervisor',
      cities: [{ code: MEISHAN, name: '眉山市' }],
      openAppeals: 2,
      overdueAppeals: 1,
      closedAppeals: 1,
      closedOff: 1,
      awaitingCloseOff: 0,
      projects: 1,
      projectsWithOverdueMilestones: 0,
      measures: 1,
      measuresDone: 1,
      measuresOverdue: 0,
      visits: 1,
      lastVisit: '2026-11-17',
    });
    const overview = await ctx.http().get('/api/groups/overview').set('Authorization', provinceSupervisor.bearer).expect(200);
    expect(overview.body.find((g: { groupId: number }) => g.groupId === groupId)).toEqual(dashboard.body);
    expect(
      (await ctx.http().get('/api/groups/overview').set('Authorization', leshanSupervisor.bearer).expect(200)).body.find(
        (g: { groupId: number }) => g.groupId === groupId,
      ),
    ).toBeUndefined();
  });

  it('lets the leader replace the members with the version read', async () => {
    const replaced = await ctx
      .http()
      .put(`/api/groups/${groupId}/members`)
      .set('Authorization', leader.bearer)
      .send({ version: 1, members: [{ userId: outsider.id, duty: 'member' }] })
      .expect(200);
    expect(replaced.body.members.map((m: { userId: number }) => m.userId)).toEqual([leader.id, outsider.id]);
    await ctx
      .http()
      .put(`/api/groups/${groupId}/members`)
      .set('Authorization', leader.bearer)
      .send({ version: 1, members: [] })
      .expect(409);
    await ctx.http().get(`/api/groups/${groupId}`).set('Authorization', member.bearer).expect(404);
    await ctx.http().get(`/api/groups/${groupId}/ledger`).set('Authorization', outsider.bearer).expect(200);
  });
});
