import { FixedClock } from '../../src/common/clock/clock';
import { consoleLogin, type ConsoleAgent } from '../browser/console-http';
import { insertDepartment, insertFirm, insertUser, unique } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

// 阿坝州 / 汶川县: no other spec counts this city's projects (projects-supervision counts 德阳's in the
// shared test database, so projects made here must stay out of it).
const ABA = '513200';
const WENCHUAN = '513221';
const sh = (local: string) => new Date(`${local}+08:00`);

/** The console's new-project, import, pipeline and working-group forms: errors at the field, in Chinese. */
describe('console: project and working-group forms (e2e)', () => {
  let ctx: TestContext;
  let supervisor: ConsoleAgent;
  let admin: ConsoleAgent;
  let officer: ConsoleAgent;
  let firm: { id: number; creditCode: string };
  let officerUsername: string;
  let staff: Array<{ username: string; id: number }>;

  const fieldError = (html: string, name: string) => new RegExp(`data-testid="field-error-${name}">([^<]+)<`).exec(html)?.[1] ?? null;

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(sh('2026-11-18T10:00:00')) });
    const sup = await insertUser(ctx.db, { role: 'supervisor', regionCode: ABA });
    const adm = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    const off = await insertUser(ctx.db, { role: 'officer', regionCode: WENCHUAN });
    officerUsername = off.username;
    staff = await Promise.all([1, 2, 3].map(() => insertUser(ctx.db, { role: 'supervisor', regionCode: '510000' })));
    [supervisor, admin, officer] = await Promise.all([
      consoleLogin(ctx, sup.username),
      consoleLogin(ctx, adm.username),
      consoleLogin(ctx, off.username),
    ]);
    firm = await insertFirm(ctx.db, { regionCode: WENCHUAN, officerId: off.id });
    await insertDepartment(ctx.db, ABA);
  });
  afterAll(() => ctx.close());

  describe('a new project', () => {
    const form = (fields: Record<string, string>) => ({
      _csrf: supervisor.csrf,
      name: unique('德阳清洁能源装备项目'),
      regionCode: WENCHUAN,
      industry: 'equipment_manufacturing',
      investment: '12.5',
      unit: 'yi',
      creditCodes: firm.creditCode,
      stageCode: 'signed',
      stageSince: '2026-10-30',
      liaisonOfficer: officerUsername,
      ...fields,
    });

    it('shows each problem at its field in Chinese and keeps what was typed', async () => {
      expect((await supervisor.get('/projects/new').expect(200)).text).toContain('data-testid="project-form"');
      const unknown = await supervisor
        .post('/projects/new', { ...form({ creditCodes: `${firm.creditCode}、91510000MA00000000` }) })
        .expect(400);
      expect(fieldError(unknown.text, 'creditCodes')).toContain('未找到以下企业');
      expect(unknown.text).toContain('91510000MA00000000');
      const bad = await supervisor.post('/projects/new', form({ name: 'x', investment: '很多', stageSince: '2026-12-31' })).expect(400);
      expect(fieldError(bad.text, 'name')).toBe('请填写项目名称（2–200 字）');
      expect(fieldError(bad.text, 'totalInvestmentWan')).toContain('总投资');
      const future = await supervisor.post('/projects/new', form({ stageSince: '2026-12-31' })).expect(400);
      expect(fieldError(future.text, 'stageSince')).toContain('不晚于今天');
      const officerUnknown = await supervisor.post('/projects/new', form({ liaisonOfficer: 'nobody-here' })).expect(400);
      expect(fieldError(officerUnknown.text, 'liaisonOfficer')).toContain('nobody-here');
      await officer.get('/projects/new').expect(403);
    });

    it('lists the project in 亿元 converted to 万元 and opens its page', async () => {
      const name = unique('德阳氢能装备项目');
      const created = await supervisor.post('/projects/new', form({ name })).expect(303);
      const location = String(created.headers.location);
      expect(location).toMatch(/^\/projects\/\d+$/);
      const [row] = await ctx.db.query('SELECT total_investment_wan, liaison_officer_id FROM projects WHERE name = ?', [name]);
      expect(Number(row.total_investment_wan)).toBe(125000);
      expect((await supervisor.get(location).expect(200)).text).toContain(name);
    });
  });

  it('imports a project list from the page with the per-row report in Chinese', async () => {
    const csv = [
      '项目名称,统一社会信用代码,行政区划代码,所属产业,总投资（万元）,当前阶段,进入阶段日期',
      `${unique('导入项目甲')},${firm.creditCode},${WENCHUAN},装备制造,150000,签约未落地,2026-10-01`,
      `${unique('导入项目乙')},91510000MA00000000,${WENCHUAN},装备制造,20000,签约未落地,2026-10-01`,
    ].join('\n');
    const post = (mode: string) =>
      ctx
        .http()
        .post('/projects/import')
        .set('Cookie', supervisor.cookie)
        .field('_csrf', supervisor.csrf)
        .field('mode', mode)
        .attach('file', Buffer.from(csv, 'utf8'), 'projects.csv');
    const refused = await post('all-or-nothing').expect(422);
    expect(refused.text).toContain('有 1 行有误，未导入任何项目');
    expect(refused.text).toContain('未找到该信用代码的企业，或不在您的管辖范围内');
    const partly = await post('valid-only').expect(200);
    expect(partly.text).toContain('已导入');
    expect(partly.text).toMatch(/<b>1<\/b><span>新增项目<\/span>/);
    const noFile = await ctx
      .http()
      .post('/projects/import')
      .set('Cookie', supervisor.cookie)
      .field('_csrf', supervisor.csrf)
      .field('mode', 'valid-only')
      .expect(422);
    expect(fieldError(noFile.text, 'file')).toBe('请选择要导入的 CSV 或 XLSX 文件');
  });

  it('edits the stage pipeline as data: errors at the row, a stage with projects cannot go, a new stage is added', async () => {
    const page = await admin.get('/projects/stages').expect(200);
    expect(page.text).toContain('签约未落地');
    await supervisor.get('/projects/stages').expect(403);
    const codes = ['signed', 'landed', 'started', 'completed', 'producing', 'at_capacity'];
    const names = ['签约未落地', '落地未开工', '开工未竣工', '竣工未投产', '投产未达产', '已达产'];
    const twice = await admin
      .post('/projects/stages', { _csrf: admin.csrf, code: [...codes, 'landed'], name: [...names, '重复'] })
      .expect(400);
    expect(fieldError(twice.text, 'stages-6-code')).toBe('阶段代码重复');
    const dropped = await admin.post('/projects/stages', { _csrf: admin.csrf, code: codes.slice(1), name: names.slice(1) }).expect(400);
    expect(dropped.text).toContain('阶段“signed”仍有项目，不能删除');
    const added = await admin
      .post('/projects/stages', {
        _csrf: admin.csrf,
        code: [...codes.slice(0, 5), 'trial', 'at_capacity', ''],
        name: [...names.slice(0, 5), '试生产', '已达产', ''],
      })
      .expect(303);
    expect(added.headers.location).toBe('/projects/stages');
    const stages = await ctx.db.query('SELECT code FROM project_stages WHERE active = 1 ORDER BY position');
    expect(stages.map((s: { code: string }) => s.code)).toEqual([...codes.slice(0, 5), 'trial', 'at_capacity']);
    // Other specs share the database and the default pipeline: put it back.
    await admin.post('/projects/stages', { _csrf: admin.csrf, code: codes, name: names }).expect(303);
    expect((await ctx.db.query('SELECT code FROM project_stages ORDER BY position')).map((s: { code: string }) => s.code)).toEqual(codes);
  });

  it('sets up a working group and changes its leader and cities, with the field errors in Chinese', async () => {
    const [leader, deputy, next] = staff;
    const name = unique('省领导包联德阳市工作组');
    await supervisor.get('/groups/new').expect(403);
    const missing = await admin
      .post('/groups/new', { _csrf: admin.csrf, name, leader: 'no-such-user', cityCodes: ABA, periodStart: '2026-01-01', members: '' })
      .expect(400);
    expect(fieldError(missing.text, 'leader')).toContain('no-such-user');
    const noCity = await admin
      .post('/groups/new', { _csrf: admin.csrf, name, leader: leader.username, periodStart: '2026-01-01' })
      .expect(400);
    expect(fieldError(noCity.text, 'cityCodes')).toBe('请选择包联的市州（1–5 个）');
    const created = await admin
      .post('/groups/new', {
        _csrf: admin.csrf,
        name,
        leader: leader.username,
        cityCodes: ABA,
        periodStart: '2026-01-01',
        members: `${deputy.username} 副组长`,
      })
      .expect(303);
    const location = String(created.headers.location);
    const other = await admin
      .post('/groups/new', {
        _csrf: admin.csrf,
        name: unique('第二组'),
        leader: next.username,
        cityCodes: ABA,
        periodStart: '2026-01-01',
      })
      .expect(409);
    expect(fieldError(other.text, 'cityCodes')).toContain('已由其他工作组包联');

    const edit = await admin.get(`${location}/edit`).expect(200);
    expect(edit.text).toContain(`${deputy.username} 副组长`);
    const version = /name="version" value="(\d+)"/.exec(edit.text)?.[1] as string;
    const changed = await admin
      .post(`${location}/edit`, {
        _csrf: admin.csrf,
        version,
        name,
        leader: next.username,
        cityCodes: [ABA, '511000'],
        periodStart: '2026-01-01',
        periodEnd: '2027-12-31',
        members: `${deputy.username} 副组长\n${leader.username}`,
      })
      .expect(303);
    expect(changed.headers.location).toBe(location);
    const duties = await ctx.db.query(
      'SELECT u.username, m.duty FROM working_group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = ? ORDER BY u.id',
      [Number(location.split('/').pop())],
    );
    expect(Object.fromEntries(duties.map((d: { username: string; duty: string }) => [d.username, d.duty]))).toEqual({
      [leader.username]: 'member',
      [deputy.username]: 'deputy',
      [next.username]: 'leader',
    });
    const stale = await admin.post(`${location}/edit`, {
      _csrf: admin.csrf,
      version,
      name,
      leader: next.username,
      cityCodes: ABA,
      periodStart: '2026-01-01',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('已被他人修改');
  });
});
