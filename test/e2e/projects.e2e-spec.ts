import { FixedClock } from '../../src/common/clock/clock';
import { categoryId } from '../helpers/appeal-fixtures';
import { insertDepartment, insertFirm, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const JINJIANG = '510104';
const CHENGDU = '510100';
const MIANYANG = '510700';
const PROVINCE = '510000';

type Bearer = { id: number; bearer: string };
/** A local Asia/Shanghai time as a UTC instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('projects (五未): pipeline, responsibility list, milestones, reports (e2e)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let admin: Bearer;
  let supervisor: Bearer;
  let officer: Bearer;
  let otherOfficer: Bearer;
  let mianyangSupervisor: Bearer;
  let handler: Bearer;
  let department: number;
  let firm: { id: number; name: string };

  beforeAll(async () => {
    clock = new FixedClock(sh('2026-09-16T10:00:00')); // a Wednesday before Mid-Autumn and National Day
    ctx = await createTestApp({ clock });
    admin = await signedIn(ctx, { role: 'admin', regionCode: PROVINCE });
    supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
    officer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    otherOfficer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    mianyangSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: MIANYANG });
    department = await insertDepartment(ctx.db, CHENGDU);
    handler = await signedIn(ctx, { role: 'handler', regionCode: CHENGDU, departmentId: department });
    firm = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id });
  });
  afterAll(() => ctx.close());

  const create = (as: Bearer, fields: Record<string, unknown> = {}) =>
    ctx
      .http()
      .post('/api/projects')
      .set('Authorization', as.bearer)
      .send({
        name: '年产10万吨锂电正极材料项目',
        regionCode: JINJIANG,
        industry: 'advanced_materials',
        totalInvestmentWan: 150000,
        enterpriseIds: [firm.id],
        stageSince: '2026-06-30',
        responsibleLeader: '张副区长',
        leadDepartmentId: department,
        liaisonOfficerId: officer.id,
        plannedDates: [
          { stageCode: 'landed', plannedDate: '2026-08-31' },
          { stageCode: 'started', plannedDate: '2026-10-31' },
        ],
        ...fields,
      });

  it('lists a project with its investment in 万元 and 亿元, its levels, cadence and stage dates', async () => {
    const response = await create(supervisor).expect(201);
    expect(response.body).toMatchObject({
      name: '年产10万吨锂电正极材料项目',
      regionCode: JINJIANG,
      cityCode: CHENGDU,
      totalInvestmentWan: 150000,
      totalInvestmentYi: 15,
      investedToDateWan: 0,
      stage: { code: 'signed', name: '签约未落地' },
      stageSince: '2026-06-30',
      trackingLevels: ['city', 'county'],
      reportCadence: 'xun',
      responsibleLeader: '张副区长',
      leadDepartment: { id: department },
      liaisonOfficer: { id: officer.id },
      enterprises: [{ id: firm.id, name: firm.name }],
      stalled: false,
      version: 1,
    });
    expect(response.body.stageDates.slice(0, 3)).toEqual([
      { stageCode: 'signed', stageName: '签约未落地', plannedDate: null, actualDate: '2026-06-30' },
      { stageCode: 'landed', stageName: '落地未开工', plannedDate: '2026-08-31', actualDate: null },
      { stageCode: 'started', stageName: '开工未竣工', plannedDate: '2026-10-31', actualDate: null },
    ]);
  });

  it('refuses inconsistent planned dates, a firm outside reach and a region outside reach', async () => {
    const bad = await create(supervisor, {
      plannedDates: [
        { stageCode: 'landed', plannedDate: '2026-12-31' },
        { stageCode: 'started', plannedDate: '2026-10-31' },
      ],
    }).expect(400);
    expect(bad.body.details[0].field).toBe('plannedDates');
    await create(mianyangSupervisor).expect(404);
    await create(supervisor, { regionCode: '510703' }).expect(404);
    await create(officer).expect(403);
  });

  it('takes a project from 签约未落地 to 已达产 with evidence, refusing a skip without a reason and stale versions', async () => {
    const project = (await create(supervisor).expect(201)).body;
    const move = (as: Bearer, fields: Record<string, unknown>) =>
      ctx
        .http()
        .post(`/api/projects/${project.id}/stage`)
        .set('Authorization', as.bearer)
        .send({ note: '取得证照', ...fields });

    const skip = await move(officer, { version: 1, toStage: 'started', date: '2026-09-01' }).expect(409);
    expect(skip.body.code).toBe('ILLEGAL_TRANSITION');
    expect(skip.body.details[0].field).toBe('reason');
    const early = await move(officer, { version: 1, toStage: 'landed', date: '2026-06-01' }).expect(400);
    expect(early.body.details[0].field).toBe('date');
    await move(officer, { version: 1, toStage: 'landed', date: '2026-09-20' }).expect(400); // in the future
    await move(otherOfficer, { version: 1, toStage: 'landed', date: '2026-09-01' }).expect(404);

    const landed = await move(officer, { version: 1, toStage: 'landed', date: '2026-08-20', attachment: '成国土〔2026〕12号' }).expect(200);
    expect(landed.body).toMatchObject({ stage: { code: 'landed' }, stageSince: '2026-08-20', version: 2 });
    expect(landed.body.stageDates[1]).toMatchObject({ stageCode: 'landed', plannedDate: '2026-08-31', actualDate: '2026-08-20' });
    await move(handler, { version: 1, toStage: 'started', date: '2026-09-01' }).expect(409); // stale version

    await move(handler, { version: 2, toStage: 'started', date: '2026-09-01' }).expect(200);
    await move(officer, { version: 3, toStage: 'producing', date: '2026-09-10', reason: '边建设边调试，竣工即投产' }).expect(200);
    const done = await move(supervisor, { version: 4, toStage: 'at_capacity', date: '2026-09-15' }).expect(200);
    expect(done.body.stage).toEqual({ code: 'at_capacity', name: '已达产' });

    const history = await ctx.http().get(`/api/projects/${project.id}/events`).set('Authorization', supervisor.bearer).expect(200);
    expect(history.body.chain).toEqual({ valid: true, checkedEvents: 5, firstBrokenSeq: null, problem: null });
    expect(history.body.events.map((e: { action: string; toStage: string }) => `${e.action}:${e.toStage}`)).toEqual([
      'create:signed',
      'stage_change:landed',
      'stage_change:started',
      'stage_change:producing',
      'stage_change:at_capacity',
    ]);
    expect(history.body.events[3].payload).toMatchObject({ kind: 'skip', skipped: ['completed'] });
    expect(history.body.events[1].payload).toMatchObject({ attachment: '成国土〔2026〕12号', date: '2026-08-20' });

    // Tampering with a stored event breaks the chain from there on.
    await ctx.db.query("UPDATE project_events SET reason = 'edited' WHERE project_id = ? AND seq = 3", [project.id]);
    const tampered = await ctx.http().get(`/api/projects/${project.id}/events`).set('Authorization', supervisor.bearer).expect(200);
    expect(tampered.body.chain).toMatchObject({ valid: false, firstBrokenSeq: 3 });
  });

  it('counts milestone deadlines on the working-day calendar across make-up days and holidays, provisionally past its end', async () => {
    const project = (await create(supervisor).expect(201)).body;
    const add = (fields: Record<string, unknown>) =>
      ctx
        .http()
        .post(`/api/projects/${project.id}/milestones`)
        .set('Authorization', supervisor.bearer)
        .send({ title: '完成环评批复', owner: '市生态环境局', ...fields });
    // From Wed 09-16: Thu 17, Fri 18, Sun 20 (make-up day), Mon 21, Tue 22.
    expect((await add({ workingDays: 5 }).expect(201)).body).toMatchObject({
      dueAt: '2026-09-22T09:30:00.000Z',
      dueProvisional: false,
      warningLight: 'green',
    });
    // Mid-Autumn (09-25) and National Day (10-01..07) do not count: 12 working days end Fri 10-09.
    expect((await add({ workingDays: 12 }).expect(201)).body.dueAt).toBe('2026-10-09T09:30:00.000Z');
    // A date on a holiday falls due when the offices reopen.
    expect((await add({ dueDate: '2026-10-03' }).expect(201)).body.dueAt).toBe('2026-10-08T09:30:00.000Z');
    await add({ dueDate: '2026-09-01' }).expect(400);
    await add({ workingDays: 3, dueDate: '2026-10-01' }).expect(400);

    clock.set(sh('2026-12-28T10:00:00'));
    try {
      // Tue 29, Wed 30, Thu 31, then 2027 is not published: Fri 01-01 counts provisionally, Mon 01-04 is the 5th.
      expect((await add({ workingDays: 5 }).expect(201)).body).toMatchObject({ dueAt: '2027-01-04T09:30:00.000Z', dueProvisional: true });
    } finally {
      clock.set(sh('2026-09-16T10:00:00'));
    }
  });

  it('climbs the escalation ladder on an overdue milestone exactly once per step, under a moved clock', async () => {
    await ctx.db.query('UPDATE project_milestones SET done_at = NOW(3), next_check_at = NULL WHERE done_at IS NULL');
    const project = (await create(supervisor).expect(201)).body;
    const milestone = (
      await ctx
        .http()
        .post(`/api/projects/${project.id}/milestones`)
        .set('Authorization', supervisor.bearer)
        .send({ title: '取得施工许可', owner: '区住建局', workingDays: 5 })
        .expect(201)
    ).body;
    const run = async (at: string) => {
      clock.set(sh(at));
      return (await ctx.http().post('/api/project-milestones/sweep/run').set('Authorization', admin.bearer).expect(200)).body;
    };
    const state = async () =>
      (await ctx.http().get(`/api/projects/${project.id}/milestones`).set('Authorization', supervisor.bearer).expect(200)).body[0];
    try {
      expect(await run('2026-09-21T12:00:00')).toMatchObject({ turnedYellow: 1, ladderSteps: 0 });
      expect((await state()).warningLight).toBe('yellow');
      expect(await run('2026-09-22T17:31:00')).toMatchObject({ turnedRed: 1, ladderSteps: 1 });
      expect(await run('2026-09-22T17:32:00')).toMatchObject({ examined: 0, ladderSteps: 0 });
      expect((await state()).supervisionLevel).toBe('reminder');
      expect(await run('2026-09-24T17:30:00')).toMatchObject({ ladderSteps: 1 }); // 2 overdue working days: 督办
      expect(await run('2026-09-30T17:30:00')).toMatchObject({ ladderSteps: 1 }); // 5: 黄牌
      expect(await run('2026-10-13T17:29:00')).toMatchObject({ ladderSteps: 0 });
      expect(await run('2026-10-13T17:30:00')).toMatchObject({ ladderSteps: 1 }); // 10, counting Sat 10-10: 红牌
      expect(await run('2026-10-20T17:30:00')).toMatchObject({ ladderSteps: 0 });
      expect(await state()).toMatchObject({ id: milestone.id, warningLight: 'red', supervisionLevel: 'red_card' });
      const history = await ctx.http().get(`/api/projects/${project.id}/events`).set('Authorization', supervisor.bearer).expect(200);
      expect(
        history.body.events.filter((e: { actorRole: string }) => e.actorRole === 'system').map((e: { action: string }) => e.action),
      ).toEqual(['milestone_remind', 'milestone_supervise', 'milestone_yellow_card', 'milestone_red_card']);
      expect(history.body.chain.valid).toBe(true);
      // Each step reached the liaison officer's and the lead department's inboxes once.
      for (const who of [officer, handler]) {
        const inbox = await ctx.http().get('/api/notifications').query({ pageSize: 100 }).set('Authorization', who.bearer).expect(200);
        const steps = inbox.body.items
          .filter((n: { kind: string }) => n.kind.startsWith('project.milestone_'))
          .map((n: { kind: string }) => n.kind);
        expect(steps.sort()).toEqual([
          'project.milestone_red_card',
          'project.milestone_remind',
          'project.milestone_supervise',
          'project.milestone_yellow_card',
        ]);
      }
      // The project list shows it with an overdue milestone.
      const overdue = await ctx
        .http()
        .get('/api/projects')
        .query({ overdueMilestones: true })
        .set('Authorization', supervisor.bearer)
        .expect(200);
      expect(overdue.body.items.map((p: { id: number }) => p.id)).toContain(project.id);
    } finally {
      clock.set(sh('2026-09-16T10:00:00'));
    }
  });

  it('takes one progress report per period and raises a blocking problem as an appeal linked to the project', async () => {
    const project = (await create(supervisor).expect(201)).body;
    const report = (as: Bearer, fields: Record<string, unknown> = {}) =>
      ctx
        .http()
        .post(`/api/projects/${project.id}/reports`)
        .set('Authorization', as.bearer)
        .send({ progress: '土建完成60%', investedToDateWan: 45000, ...fields });
    const category = await categoryId(ctx.db, 'energy_power');
    const first = await report(officer, {
      problems: '施工用电未接入',
      raiseAppeal: {
        enterpriseId: firm.id,
        categoryId: category,
        kind: 'help',
        title: '项目施工用电接入滞后',
        description: '临时施工用电申请已提交一个月仍未接入，影响施工进度。',
      },
    }).expect(201);
    expect(first.body).toMatchObject({
      periodKind: 'xun',
      periodStart: '2026-09-11',
      periodLabel: '2026年9月中旬',
      investedToDateWan: 45000,
      appealId: expect.any(Number),
    });
    await report(handler).expect(409);
    await report(otherOfficer).expect(404);

    const appeals = await ctx.http().get(`/api/projects/${project.id}/appeals`).set('Authorization', supervisor.bearer).expect(200);
    expect(appeals.body).toEqual([
      expect.objectContaining({
        appealId: first.body.appealId,
        title: '项目施工用电接入滞后',
        status: 'submitted',
        reportId: first.body.id,
      }),
    ]);
    const appeal = await ctx.http().get(`/api/appeals/${first.body.appealId}`).set('Authorization', officer.bearer).expect(200);
    expect(appeal.body.enterpriseId ?? appeal.body.enterprise?.id).toBe(firm.id);

    const read = await ctx.http().get(`/api/projects/${project.id}`).set('Authorization', supervisor.bearer).expect(200);
    expect(read.body).toMatchObject({ investedToDateWan: 45000, investedToDateYi: 4.5, linkedAppeals: 1 });
    expect(read.body.lastReportAt).toBe(clock.now().toISOString());

    clock.set(sh('2026-09-21T10:00:00'));
    try {
      await report(handler, { investedToDateWan: 200000 }).expect(400);
      await report(handler, { investedToDateWan: 50000 }).expect(201);
    } finally {
      clock.set(sh('2026-09-16T10:00:00'));
    }
    const reports = await ctx.http().get(`/api/projects/${project.id}/reports`).set('Authorization', officer.bearer).expect(200);
    expect(reports.body.map((r: { periodStart: string }) => r.periodStart)).toEqual(['2026-09-21', '2026-09-11']);
  });

  it('scopes projects by role and region: outside reach is 404, lists show only what the caller may see', async () => {
    const project = (await create(supervisor, { name: '范围测试项目' }).expect(201)).body;
    await ctx.http().get(`/api/projects/${project.id}`).set('Authorization', mianyangSupervisor.bearer).expect(404);
    await ctx.http().get(`/api/projects/${project.id}`).set('Authorization', otherOfficer.bearer).expect(404);
    await ctx.http().get(`/api/projects/${project.id}`).set('Authorization', officer.bearer).expect(200);
    await ctx.http().get(`/api/projects/${project.id}`).set('Authorization', handler.bearer).expect(200);
    const list = await ctx.http().get('/api/projects').query({ q: '范围测试' }).set('Authorization', mianyangSupervisor.bearer).expect(200);
    expect(list.body.total).toBe(0);
    const mine = await ctx
      .http()
      .get('/api/projects')
      .query({ q: '范围测试', level: 'city' })
      .set('Authorization', supervisor.bearer)
      .expect(200);
    expect(mine.body.items.map((p: { id: number }) => p.id)).toEqual([project.id]);
    const province = await ctx
      .http()
      .get('/api/projects')
      .query({ q: '范围测试', level: 'province' })
      .set('Authorization', supervisor.bearer)
      .expect(200);
    expect(province.body.total).toBe(0);
  });

  it('edits a project with the version read; a stale version is 409', async () => {
    const project = (await create(supervisor).expect(201)).body;
    const edit = (fields: Record<string, unknown>) =>
      ctx.http().patch(`/api/projects/${project.id}`).set('Authorization', supervisor.bearer).send(fields);
    const changed = await edit({ version: 1, totalInvestmentWan: 600000, responsibleLeader: null }).expect(200);
    expect(changed.body).toMatchObject({
      version: 2,
      totalInvestmentYi: 60,
      trackingLevels: ['province', 'city', 'county'],
      reportCadence: 'week',
      responsibleLeader: null,
    });
    const stale = await edit({ version: 1, name: '另一个名字' }).expect(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
  });

  it('lets an admin adjust the pipeline but not drop a stage that projects stand on', async () => {
    const stages = (await ctx.http().get('/api/project-stages').set('Authorization', officer.bearer).expect(200)).body;
    expect(stages.map((s: { name: string }) => s.name)).toEqual([
      '签约未落地',
      '落地未开工',
      '开工未竣工',
      '竣工未投产',
      '投产未达产',
      '已达产',
    ]);
    const withoutSigned = stages
      .filter((s: { code: string }) => s.code !== 'signed')
      .map((s: { code: string; name: string }) => ({ code: s.code, name: s.name }));
    await ctx.http().put('/api/project-stages').set('Authorization', admin.bearer).send({ stages: withoutSigned }).expect(400);
    const renamed = stages.map((s: { code: string; name: string }) => ({
      code: s.code,
      name: s.code === 'at_capacity' ? '达产达效' : s.name,
    }));
    const after = await ctx.http().put('/api/project-stages').set('Authorization', admin.bearer).send({ stages: renamed }).expect(200);
    expect(after.body[5]).toMatchObject({ code: 'at_capacity', name: '达产达效', final: true });
    await ctx.http().put('/api/project-stages').set('Authorization', supervisor.bearer).send({ stages: renamed }).expect(403);
    await ctx.http().put('/api/project-stages').set('Authorization', admin.bearer).send({ stages }).expect(400); // extra fields refused
    await ctx
      .http()
      .put('/api/project-stages')
      .set('Authorization', admin.bearer)
      .send({ stages: stages.map((s: { code: string; name: string }) => ({ code: s.code, name: s.name })) })
      .expect(200);
  });
});
