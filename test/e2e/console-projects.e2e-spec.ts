import { FixedClock } from '../../src/common/clock/clock';
import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';
import { categoryId } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertDepartment, insertFirm, insertUser } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const SUINING = '510900';
const CHUANSHAN = '510903';
const sh = (local: string) => new Date(`${local}+08:00`);

/** The console's project and working-group pages render for their roles and their forms reach the services. */
describe('console: key projects and working groups (e2e)', () => {
  let ctx: TestContext;
  let officer: ConsoleAgent;
  let supervisor: ConsoleAgent;
  let outsider: ConsoleAgent;
  let projectId: number;
  let groupId: number;
  let appealId: number;

  const flashOf = (response: { headers: Record<string, unknown> }) => {
    const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
    return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string; details?: string[] }) : null;
  };

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(sh('2026-11-18T10:00:00')) });
    const officerUser = await insertUser(ctx.db, { role: 'officer', regionCode: CHUANSHAN });
    const supervisorUser = await insertUser(ctx.db, { role: 'supervisor', regionCode: SUINING });
    const outsiderUser = await insertUser(ctx.db, { role: 'officer', regionCode: CHUANSHAN });
    [officer, supervisor, outsider] = await Promise.all([
      consoleLogin(ctx, officerUser.username),
      consoleLogin(ctx, supervisorUser.username),
      consoleLogin(ctx, outsiderUser.username),
    ]);
    const firm = await insertFirm(ctx.db, { regionCode: CHUANSHAN, officerId: officerUser.id });
    const admin = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    const lead = await insertDepartment(ctx.db, SUINING);
    appealId = await insertAppealRow(ctx.db, {
      enterpriseId: firm.id,
      regionCode: CHUANSHAN,
      submittedBy: admin.id,
      categoryId: await categoryId(ctx.db, 'energy_power'),
      columns: { status: 'closed', lead_department_id: lead, closed_at: sh('2026-11-10T10:00:00') },
    });
    const { token } = await ctx
      .http()
      .post('/api/auth/login')
      .send({ username: admin.username, password: admin.password })
      .then((r) => r.body as { accessToken: string })
      .then((b) => ({ token: `Bearer ${b.accessToken}` }));
    projectId = (
      await ctx
        .http()
        .post('/api/projects')
        .set('Authorization', token)
        .send({
          name: '遂宁锂电项目',
          regionCode: CHUANSHAN,
          industry: 'advanced_materials',
          totalInvestmentWan: 120000,
          enterpriseIds: [firm.id],
          liaisonOfficerId: officerUser.id,
        })
        .expect(201)
    ).body.id;
    groupId = (
      await ctx
        .http()
        .post('/api/groups')
        .set('Authorization', token)
        .send({
          name: `省领导包联遂宁市工作组${Date.now()}`,
          leaderId: supervisorUser.id,
          cityCodes: [SUINING],
          periodStart: '2026-01-01',
          members: [{ userId: officerUser.id, duty: 'liaison' }],
        })
        .expect(201)
    ).body.id;
  });
  afterAll(() => ctx.close());

  it('lists projects and shows a project with its forms for the liaison officer, in Chinese', async () => {
    const list = await officer.get('/projects').expect(200);
    expect(list.text).toContain('遂宁锂电项目');
    expect(list.text).toContain('重点项目');
    const page = await officer.get(`/projects/${projectId}`).expect(200);
    expect(page.text).toContain('签约未落地');
    expect(page.text).toContain('data-testid="report-form"');
    expect(page.text).toContain('data-testid="stage-form"');
    expect(page.text).not.toContain('data-testid="milestone-form"');
    await outsider.get(`/projects/${projectId}`).expect(404);
  });

  it('moves the stage and reports progress from the page; a refused move explains itself in Chinese', async () => {
    const skipped = await officer
      .post(`/projects/${projectId}/stage`, { _csrf: officer.csrf, version: '1', toStage: 'started', date: '2026-11-18', note: '开工' })
      .expect(303);
    expect(flashOf(skipped)).toMatchObject({ kind: 'error', text: expect.stringContaining('阶段未更新') });
    const moved = await officer
      .post(`/projects/${projectId}/stage`, {
        _csrf: officer.csrf,
        version: '1',
        toStage: 'landed',
        date: '2026-11-18',
        note: '完成土地摘牌',
      })
      .expect(303);
    expect(flashOf(moved)).toMatchObject({ kind: 'success', text: '阶段已更新' });
    const reported = await officer
      .post(`/projects/${projectId}/reports`, { _csrf: officer.csrf, progress: '场平完成', investedToDateWan: '3000' })
      .expect(303);
    expect(flashOf(reported)).toMatchObject({ kind: 'success', text: '进展已报送' });
    const page = await officer.get(`/projects/${projectId}`).expect(200);
    expect(page.text).toContain('落地未开工');
    expect(page.text).toContain('场平完成');
    expect(page.text).toContain('留痕校验通过');
  });

  it('moves the stage with an evidence file from the page’s multipart form; the file is listed and served to those who see the project', async () => {
    const multipart = (agent: ConsoleAgent, fields: Record<string, string>, file?: { name: string; body: Buffer }) => {
      let request = ctx.http().post(`/projects/${projectId}/stage`).set('Cookie', agent.cookie).field('_csrf', agent.csrf);
      for (const [k, v] of Object.entries(fields)) request = request.field(k, v);
      return file ? request.attach('file', file.body, file.name) : request;
    };
    const project = (await officer.get(`/projects/${projectId}`).expect(200)).text;
    const version = /name="version" value="(\d+)"/.exec(project.slice(project.indexOf('data-testid="stage-form"')))?.[1] as string;
    const refused = await multipart(
      officer,
      { version, toStage: 'started', date: '2026-11-18', note: '取得施工许可证' },
      { name: 'tool.exe', body: Buffer.from('MZ\x90\x00') },
    ).expect(303);
    expect(flashOf(refused)).toMatchObject({ kind: 'error', text: expect.stringContaining('不支持的文件类型') });
    expect(await ctx.db.query('SELECT COUNT(*) AS n FROM project_attachments WHERE project_id = ?', [projectId])).toEqual([{ n: 0 }]);

    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64, 7)]);
    const moved = await multipart(
      officer,
      { version, toStage: 'started', date: '2026-11-18', note: '取得施工许可证' },
      { name: '施工许可证.pdf', body: pdf },
    ).expect(303);
    expect(flashOf(moved)).toMatchObject({ kind: 'success', text: '阶段已更新' });
    const page = await officer.get(`/projects/${projectId}`).expect(200);
    expect(page.text).toContain('开工未竣工');
    const link = /href="(\/projects\/\d+\/attachments\/\d+)">施工许可证\.pdf/.exec(page.text)?.[1] as string;
    expect(link).toBeDefined();
    const served = await officer.get(link).buffer(true).expect(200);
    expect(served.headers['content-type']).toBe('application/pdf');
    await outsider.get(link).expect(404);
    await ctx.http().post(`/projects/${projectId}/stage`).set('Cookie', officer.cookie).attach('file', pdf, 'x.pdf').expect(403);
  });

  it('lets the supervisor add a milestone to the responsibility list', async () => {
    const added = await supervisor
      .post(`/projects/${projectId}/milestones`, { _csrf: supervisor.csrf, title: '完成环评批复', owner: '市生态环境局', workingDays: '5' })
      .expect(303);
    expect(flashOf(added)).toMatchObject({ kind: 'success' });
    const page = await supervisor.get(`/projects/${projectId}`).expect(200);
    expect(page.text).toContain('完成环评批复');
    expect(page.text).toContain('data-testid="milestone-form"');
  });

  it('edits a milestone, the project’s firms and corrects a report from the page; refusals flash in Chinese', async () => {
    const page = (await supervisor.get(`/projects/${projectId}`).expect(200)).text;
    expect(page).toContain('data-testid="milestone-edit"');
    expect(page).toContain('data-testid="firms-edit"');
    const [ms] = await ctx.db.query('SELECT id, version FROM project_milestones WHERE project_id = ? ORDER BY id LIMIT 1', [projectId]);
    const noReason = await supervisor
      .post(`/projects/${projectId}/milestones/${ms.id}/edit`, { _csrf: supervisor.csrf, version: String(ms.version), workingDays: '8' })
      .expect(303);
    expect(flashOf(noReason)).toMatchObject({ kind: 'error', text: expect.stringContaining('节点未修改') });
    const edited = await supervisor
      .post(`/projects/${projectId}/milestones/${ms.id}/edit`, {
        _csrf: supervisor.csrf,
        version: String(ms.version),
        workingDays: '8',
        reason: '专班会议调整',
      })
      .expect(303);
    expect(flashOf(edited)).toMatchObject({ kind: 'success', text: '节点已修改' });
    const [after] = await ctx.db.query('SELECT basis_working_days FROM project_milestones WHERE id = ?', [ms.id]);
    expect(Number(after.basis_working_days)).toBe(8);

    const [project] = await ctx.db.query('SELECT version FROM projects WHERE id = ?', [projectId]);
    const unknown = await supervisor
      .post(`/projects/${projectId}/enterprises`, {
        _csrf: supervisor.csrf,
        version: String(project.version),
        creditCodes: '91510000MA00000000',
      })
      .expect(303);
    expect(flashOf(unknown)).toMatchObject({ kind: 'error' });
    expect(flashOf(unknown)?.details?.join()).toContain('未找到以下企业');

    const [report] = await ctx.db.query('SELECT id, version FROM project_reports WHERE project_id = ? ORDER BY id LIMIT 1', [projectId]);
    const officerPage = (await officer.get(`/projects/${projectId}`).expect(200)).text;
    expect(officerPage).toContain('data-testid="report-correct"');
    const corrected = await officer
      .post(`/projects/${projectId}/reports/${report.id}/correct`, {
        _csrf: officer.csrf,
        version: String(report.version),
        progress: '场平完成，围墙施工',
        investedToDateWan: '3500',
        reason: '补充进展',
      })
      .expect(303);
    expect(flashOf(corrected)).toMatchObject({ kind: 'success', text: '报送已更正' });
    expect((await officer.get(`/projects/${projectId}`).expect(200)).text).toContain('场平完成，围墙施工');
    const stale = await officer
      .post(`/projects/${projectId}/reports/${report.id}/correct`, {
        _csrf: officer.csrf,
        version: String(report.version),
        progress: '旧版本内容',
        reason: '并发',
      })
      .expect(303);
    expect(flashOf(stale)).toMatchObject({ kind: 'error', text: expect.stringContaining('已被他人修改') });
  });

  it('shows the working groups and lets a member keep the ledger; others get 404', async () => {
    const overview = await supervisor.get('/groups').expect(200);
    expect(overview.text).toContain('遂宁');
    const page = await officer.get(`/groups/${groupId}`).expect(200);
    expect(page.text).toContain('问题台账');
    // The visit form picks one of the group's projects instead of asking for a typed project id.
    expect(page.text).toContain(`<option value="${projectId}">遂宁锂电项目（`);
    expect(page.text).not.toContain('name="projectId" inputmode="numeric"');
    const visit = await officer
      .post(`/groups/${groupId}/visits`, {
        _csrf: officer.csrf,
        visitDate: '2026-11-17',
        form: 'on_site',
        projectId: String(projectId),
        problemsFound: 'false',
      })
      .expect(303);
    expect(flashOf(visit)).toMatchObject({ kind: 'success' });
    expect((await officer.get(`/groups/${groupId}`).expect(200)).text).toContain('遂宁锂电项目 未发现问题');
    const noted = await officer
      .post(`/groups/${groupId}/ledger/${appealId}/notes`, { _csrf: officer.csrf, note: '已回访企业' })
      .expect(303);
    expect(flashOf(noted)).toMatchObject({ kind: 'success' });
    const closed = await officer.post(`/groups/${groupId}/ledger/${appealId}/close-off`, { _csrf: officer.csrf }).expect(303);
    expect(flashOf(closed)).toMatchObject({ kind: 'success', text: '已销号' });
    const measure = await officer
      .post(`/groups/${groupId}/measures`, {
        _csrf: officer.csrf,
        title: '开通要素保障绿色通道',
        owner: '市政府办',
        startDate: '2026-11-01',
      })
      .expect(303);
    expect(flashOf(measure)).toMatchObject({ kind: 'success' });
    expect((await officer.get(`/groups/${groupId}`).expect(200)).text).toContain('已销号');
    await outsider.get(`/groups/${groupId}`).expect(404);
    await officer.post(`/groups/${groupId}/measures`, { title: '无令牌', owner: 'x', startDate: '2026-11-01' }).expect(403);
  });
});
