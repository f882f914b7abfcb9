import { FixedClock } from '../../src/common/clock/clock';
import { insertDepartment, insertFirm, signedIn, unique } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const JINJIANG = '510104';
const CHENGDU = '510100';
const PROVINCE = '510000';

type Bearer = { id: number; bearer: string };
const sh = (local: string) => new Date(`${local}+08:00`);

/** Editing after creation: milestones, a project's firms, progress-report corrections, working groups. */
describe('projects and working groups: editing after creation (e2e)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let admin: Bearer;
  let supervisor: Bearer;
  let officer: Bearer;
  let otherOfficer: Bearer;
  let handler: Bearer;
  let department: number;
  let firm: { id: number };
  let secondFirm: { id: number };
  let secondFirmUser: Bearer;
  let firmUser: Bearer;

  beforeAll(async () => {
    clock = new FixedClock(sh('2026-09-16T10:00:00'));
    ctx = await createTestApp({ clock });
    admin = await signedIn(ctx, { role: 'admin', regionCode: PROVINCE });
    supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
    officer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    otherOfficer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    department = await insertDepartment(ctx.db, CHENGDU);
    handler = await signedIn(ctx, { role: 'handler', regionCode: CHENGDU, departmentId: department });
    firm = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id });
    secondFirm = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id });
    firmUser = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: firm.id });
    secondFirmUser = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: secondFirm.id });
  });
  afterAll(() => ctx.close());

  const newProject = async () =>
    (
      await ctx
        .http()
        .post('/api/projects')
        .set('Authorization', supervisor.bearer)
        .send({
          name: unique('新能源装备项目'),
          regionCode: JINJIANG,
          industry: 'equipment_manufacturing',
          totalInvestmentWan: 200000,
          enterpriseIds: [firm.id],
          stageSince: '2026-06-30',
          leadDepartmentId: department,
          liaisonOfficerId: officer.id,
        })
        .expect(201)
    ).body as { id: number; version: number };
  const events = async (projectId: number) =>
    (await ctx.http().get(`/api/projects/${projectId}/events`).set('Authorization', supervisor.bearer).expect(200)).body;

  describe('milestones', () => {
    it('moves a deadline on the working-day calendar (across Mid-Autumn and National Day), with a reason, recorded', async () => {
      clock.set(sh('2026-09-16T10:00:00'));
      const project = await newProject();
      const url = `/api/projects/${project.id}/milestones`;
      const ms = (
        await ctx
          .http()
          .post(url)
          .set('Authorization', supervisor.bearer)
          .send({ title: '完成环评', owner: '区生态环境局', workingDays: 5 })
          .expect(201)
      ).body;
      expect(ms).toMatchObject({ dueAt: '2026-09-22T09:30:00.000Z', basisWorkingDays: 5, basisDate: null, version: 1 });
      const edit = (as: Bearer, fields: Record<string, unknown>) =>
        ctx.http().patch(`${url}/${ms.id}`).set('Authorization', as.bearer).send(fields);

      expect((await edit(supervisor, { version: 1, workingDays: 12 }).expect(400)).body.details[0].field).toBe('reason');
      await edit(supervisor, { version: 1, workingDays: 3, dueDate: '2026-10-10', reason: '两者都给' }).expect(400);
      await edit(officer, { version: 1, title: '专员不能改' }).expect(403);
      await edit(firmUser, { version: 1, title: '企业不能改' }).expect(403);
      const moved = await edit(supervisor, { version: 1, workingDays: 12, owner: '区生态环境局 王科长', reason: '环评公示期延长' }).expect(
        200,
      );
      // Counted from the milestone's start, 自次日起算, over the holidays.
      expect(moved.body).toMatchObject({
        dueAt: '2026-10-09T09:30:00.000Z',
        basisWorkingDays: 12,
        owner: '区生态环境局 王科长',
        version: 2,
      });
      const byDate = await edit(supervisor, { version: 2, dueDate: '2026-10-03', reason: '按专班要求' }).expect(200);
      expect(byDate.body).toMatchObject({ dueAt: '2026-10-08T09:30:00.000Z', basisDate: '2026-10-03', basisWorkingDays: null, version: 3 });
      const stale = await edit(supervisor, { version: 2, title: '旧版本' }).expect(409);
      expect(stale.body.code).toBe('VERSION_CONFLICT');

      const last = (await events(project.id)).events.at(-1);
      expect(last).toMatchObject({
        action: 'milestone_update',
        reason: '按专班要求',
        payload: { milestoneId: ms.id, before: { dueAt: '2026-10-09T09:30:00.000Z' }, after: { dueAt: '2026-10-08T09:30:00.000Z' } },
      });
    });

    it('a deadline moved later takes an overdue milestone off red; the ladder’s steps already taken are not taken again', async () => {
      await ctx.db.query('UPDATE project_milestones SET done_at = NOW(3), next_check_at = NULL WHERE done_at IS NULL');
      clock.set(sh('2026-09-16T10:00:00'));
      const project = await newProject();
      const url = `/api/projects/${project.id}/milestones`;
      const ms = (
        await ctx
          .http()
          .post(url)
          .set('Authorization', supervisor.bearer)
          .send({ title: '取得施工许可', owner: '区住建局', workingDays: 5 })
          .expect(201)
      ).body;
      const run = async (at: string) => {
        clock.set(sh(at));
        return (await ctx.http().post('/api/project-milestones/sweep/run').set('Authorization', admin.bearer).expect(200)).body;
      };
      const state = async () => (await ctx.http().get(url).set('Authorization', supervisor.bearer).expect(200)).body[0];
      expect(await run('2026-09-22T17:31:00')).toMatchObject({ turnedRed: 1, ladderSteps: 1 });
      expect(await state()).toMatchObject({ warningLight: 'red', supervisionLevel: 'reminder' });

      const current = await state();
      const moved = await ctx
        .http()
        .patch(`${url}/${ms.id}`)
        .set('Authorization', supervisor.bearer)
        .send({ version: current.version, dueDate: '2026-10-30', reason: '审批权限下放，重新排期' })
        .expect(200);
      expect(moved.body).toMatchObject({ warningLight: 'green', supervisionLevel: 'reminder', dueAt: '2026-10-30T09:30:00.000Z' });
      expect(await run('2026-09-22T17:40:00')).toMatchObject({ turnedRed: 0, ladderSteps: 0 });
      // Overdue again: the next step is 督办, not a second 催办.
      expect(await run('2026-11-03T17:30:00')).toMatchObject({ turnedRed: 1, ladderSteps: 1 });
      expect((await state()).supervisionLevel).toBe('supervision');
      const system = (await events(project.id)).events.filter((e: { actorRole: string }) => e.actorRole === 'system');
      expect(system.map((e: { action: string }) => e.action)).toEqual(['milestone_remind', 'milestone_supervise']);

      await ctx
        .http()
        .post(`${url}/${ms.id}/done`)
        .set('Authorization', officer.bearer)
        .send({ version: (await state()).version })
        .expect(200);
      const done = await state();
      await ctx
        .http()
        .patch(`${url}/${ms.id}`)
        .set('Authorization', supervisor.bearer)
        .send({ version: done.version, title: '已完成的节点' })
        .expect(409);
    });
  });

  describe('a project’s firms', () => {
    it('replaces the firms with the version read; added firms must be in reach; visibility follows', async () => {
      clock.set(sh('2026-09-16T10:00:00'));
      const project = await newProject();
      const patch = (fields: Record<string, unknown>) =>
        ctx.http().patch(`/api/projects/${project.id}`).set('Authorization', supervisor.bearer).send(fields);
      await ctx.http().get(`/api/projects/${project.id}`).set('Authorization', secondFirmUser.bearer).expect(404);
      const away = await insertFirm(ctx.db, { regionCode: '510703' });
      await patch({ version: 1, enterpriseIds: [firm.id, away.id] }).expect(404);
      await patch({ version: 1, enterpriseIds: [] }).expect(400);
      const changed = await patch({ version: 1, enterpriseIds: [secondFirm.id] }).expect(200);
      expect(changed.body.enterprises.map((e: { id: number }) => e.id)).toEqual([secondFirm.id]);
      expect(changed.body.version).toBe(2);
      await patch({ version: 1, enterpriseIds: [firm.id] }).expect(409);
      await ctx.http().get(`/api/projects/${project.id}`).set('Authorization', secondFirmUser.bearer).expect(200);
      await ctx.http().get(`/api/projects/${project.id}`).set('Authorization', firmUser.bearer).expect(404);
      const last = (await events(project.id)).events.at(-1);
      expect(last).toMatchObject({
        action: 'update',
        payload: { changed: { enterprises: { added: [secondFirm.id], removed: [firm.id] } } },
      });
    });
  });

  describe('progress report corrections', () => {
    it('the author corrects with a reason; the replaced text is kept; a stale version is 409; others may not', async () => {
      clock.set(sh('2026-09-16T10:00:00'));
      const project = await newProject();
      const url = `/api/projects/${project.id}/reports`;
      const report = (
        await ctx.http().post(url).set('Authorization', officer.bearer).send({ progress: '场平完成', investedToDateWan: 30000 }).expect(201)
      ).body;
      expect(report).toMatchObject({ version: 1, correctedAt: null });
      const correct = (as: Bearer, fields: Record<string, unknown>) =>
        ctx.http().patch(`${url}/${report.id}`).set('Authorization', as.bearer).send(fields);

      await correct(officer, { version: 1, investedToDateWan: 30500 }).expect(400); // no reason
      await correct(officer, { version: 1, investedToDateWan: 999999, reason: '超过总投资' }).expect(400);
      await correct(handler, { version: 1, progress: '不是作者', reason: '部门改写' }).expect(403);
      await correct(otherOfficer, { version: 1, progress: '看不见', reason: '越权' }).expect(404);
      await correct(firmUser, { version: 1, progress: '企业', reason: '企业改写' }).expect(403);

      clock.set(sh('2026-09-16T15:00:00'));
      const fixed = await correct(officer, { version: 1, investedToDateWan: 32000, reason: '按财务报表更正' }).expect(200);
      expect(fixed.body).toMatchObject({
        version: 2,
        progress: '场平完成',
        investedToDateWan: 32000,
        correctedAt: sh('2026-09-16T15:00:00').toISOString(),
      });
      const projectNow = (await ctx.http().get(`/api/projects/${project.id}`).set('Authorization', officer.bearer).expect(200)).body;
      expect(projectNow.investedToDateWan).toBe(32000);

      expect((await correct(officer, { version: 1, progress: '旧版本', reason: '并发' }).expect(409)).body.code).toBe('VERSION_CONFLICT');
      // Two corrections at once from the same version: exactly one wins.
      const [a, b] = await Promise.all([
        correct(officer, { version: 2, progress: '场平完成，桩基施工', reason: '补充进展' }),
        correct(supervisor, { version: 2, problems: '用地指标待落实', reason: '补充问题' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);

      const history = await ctx.http().get(`${url}/${report.id}/revisions`).set('Authorization', firmUser.bearer).expect(200);
      expect(history.body).toHaveLength(2);
      expect(history.body[0]).toMatchObject({
        revision: 1,
        progress: '场平完成',
        investedToDateWan: 30000,
        correctedBy: officer.id,
        reason: '按财务报表更正',
      });
      expect(history.body[1].revision).toBe(2);
      await ctx.http().get(`${url}/${report.id}/revisions`).set('Authorization', otherOfficer.bearer).expect(404);
      await ctx.http().get(`${url}/987654/revisions`).set('Authorization', officer.bearer).expect(404);
      const chain = await events(project.id);
      expect(chain.events.filter((e: { action: string }) => e.action === 'report_correct')).toHaveLength(2);
      expect(chain.chain.valid).toBe(true);
    });
  });

  describe('working groups', () => {
    it('an admin changes the leader, cities and period with the version read; a taken city is 409; others may not', async () => {
      const leader = await signedIn(ctx, { role: 'supervisor', regionCode: PROVINCE });
      const nextLeader = await signedIn(ctx, { role: 'supervisor', regionCode: PROVINCE });
      const member = await signedIn(ctx, { role: 'officer', regionCode: '510300' });
      const create = (name: string, city: string, leaderId: number, members: unknown[] = []) =>
        ctx
          .http()
          .post('/api/groups')
          .set('Authorization', admin.bearer)
          .send({ name, leaderId, cityCodes: [city], periodStart: '2026-01-01', members });
      const group = (await create(unique('包联自贡市工作组'), '510300', leader.id, [{ userId: member.id, duty: 'liaison' }]).expect(201))
        .body;
      const other = (await create(unique('包联攀枝花市工作组'), '510400', nextLeader.id).expect(201)).body;
      const patch = (as: Bearer, fields: Record<string, unknown>) =>
        ctx.http().patch(`/api/groups/${group.id}`).set('Authorization', as.bearer).send(fields);

      await patch(leader, { version: 1, name: '组长不能改' }).expect(403);
      await patch(admin, { version: 1, cityCodes: ['510400'] }).expect(409);
      await patch(admin, { version: 1, cityCodes: ['519900'] }).expect(404);
      expect(
        (await patch(admin, { version: 1, periodStart: '2026-06-01', periodEnd: '2026-05-31' }).expect(400)).body.details[0].field,
      ).toBe('periodEnd');
      const changed = await patch(admin, {
        version: 1,
        leaderId: nextLeader.id,
        cityCodes: ['510300', '510500'],
        periodEnd: '2027-12-31',
      }).expect(200);
      expect(changed.body).toMatchObject({
        leader: { userId: nextLeader.id, duty: 'leader' },
        cities: [{ code: '510300' }, { code: '510500' }],
        periodEnd: '2027-12-31',
        version: 2,
      });
      const duties = Object.fromEntries(changed.body.members.map((m: { userId: number; duty: string }) => [m.userId, m.duty]));
      expect(duties).toEqual({ [nextLeader.id]: 'leader', [leader.id]: 'member', [member.id]: 'liaison' });
      await patch(admin, { version: 1, name: '旧版本' }).expect(409);
      // The member now reaches the new city's ledger scope; the other group keeps its own city.
      const seen = await ctx.http().get(`/api/groups/${group.id}`).set('Authorization', member.bearer).expect(200);
      expect(seen.body.cities.map((c: { code: string }) => c.code)).toEqual(['510300', '510500']);
      await ctx.http().get(`/api/groups/${other.id}`).set('Authorization', member.bearer).expect(404);
      await ctx.http().patch('/api/groups/987654').set('Authorization', admin.bearer).send({ version: 1, name: '不存在' }).expect(404);
    });
  });
});
