import { FixedClock } from '../../src/common/clock/clock';
import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';
import { insertFirm, insertUser } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * The visit pages (#20) in 前锋区 (511603, 广安市), which no other console spec touches: the
 * officer plans, meets the budget warning and confirms past it, sees a clash and merges it, and
 * takes the firm's proposal; the firm answers from its home page (待您处理 · 走访安排) and the
 * visit page, in Chinese. "Now" is Wednesday 2026-11-25 in Shanghai.
 */
const QIANFENG = '511603';
const GUANGAN = '511600';

describe('console: planning visits and the firm’s answers (e2e)', () => {
  let ctx: TestContext;
  let officer: ConsoleAgent;
  let firmAgent: ConsoleAgent;
  let otherFirmAgent: ConsoleAgent;
  let officerId: number;
  let colleagueId: number;
  let colleagueUsername: string;
  const firms: Record<string, { id: number; name: string }> = {};

  const flashOf = (response: { headers: Record<string, unknown> }) => {
    const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
    return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string; details?: string[] }) : null;
  };
  const visitIdOf = (location: string) => Number(/^\/visits\/(\d+)$/.exec(location)?.[1]);
  const row = async (id: number) =>
    (
      await ctx.db.query(
        "SELECT status, DATE_FORMAT(visit_date, '%Y-%m-%d') AS visit_date, version, confirmation, merged_into_id FROM visits WHERE id = ?",
        [id],
      )
    )[0];
  const plan = (enterpriseId: number, visitDate: string, extra: Record<string, string> = {}) =>
    officer.post('/visits/new', {
      _csrf: officer.csrf,
      enterpriseId: String(enterpriseId),
      visitDate,
      form: 'on_site',
      purpose: '了解用工需求',
      ...extra,
    });

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-25T02:00:00Z')) });
    const officerUser = await insertUser(ctx.db, { role: 'officer', regionCode: QIANFENG });
    officerId = officerUser.id;
    const colleague = await insertUser(ctx.db, { role: 'officer', regionCode: GUANGAN });
    colleagueId = colleague.id;
    colleagueUsername = colleague.username;
    for (const key of ['P1', 'P2', 'P3']) firms[key] = await insertFirm(ctx.db, { regionCode: QIANFENG, officerId });
    const firmUser = await insertUser(ctx.db, { role: 'enterprise', regionCode: QIANFENG, enterpriseId: firms.P1.id });
    const otherFirmUser = await insertUser(ctx.db, { role: 'enterprise', regionCode: QIANFENG, enterpriseId: firms.P3.id });
    [officer, firmAgent, otherFirmAgent] = await Promise.all([
      consoleLogin(ctx, officerUser.username),
      consoleLogin(ctx, firmUser.username),
      consoleLogin(ctx, otherFirmUser.username),
    ]);
  });
  afterAll(() => ctx.close());

  it('plans from the firm page, warns past the monthly budget and plans once the officer confirms', async () => {
    const firmPage = (await officer.get(`/firms/${firms.P1.id}`).expect(200)).text;
    expect(firmPage).toContain(`href="/visits/new?enterpriseId=${firms.P1.id}"`);
    const form = (await officer.get(`/visits/new?enterpriseId=${firms.P1.id}`).expect(200)).text;
    expect(form).toContain(`<option value="${firms.P1.id}" selected>${firms.P1.name}</option>`);
    expect(form).toContain('走访事由（企业可见）');

    const first = await plan(firms.P1.id, '2026-11-27').expect(303);
    expect(flashOf(first)).toEqual({ kind: 'success', text: '走访已安排，已通知企业确认' });
    expect(await row(visitIdOf(first.headers.location))).toMatchObject({ status: 'planned', visit_date: '2026-11-27' });
    await plan(firms.P1.id, '2026-11-28').expect(303);

    const warned = await plan(firms.P1.id, '2026-11-30').expect(200);
    expect(warned.text).toContain('data-testid="budget-warning"');
    expect(warned.text).toContain('该企业 2026 年 11 月已安排或已完成 2 次走访，再安排将达到 3 次，超出每企每月 2 次的走访上限');
    expect(warned.text).toContain('name="overBudgetConfirmed"');
    const [{ n }] = await ctx.db.query('SELECT COUNT(*) AS n FROM visits WHERE enterprise_id = ?', [firms.P1.id]);
    expect(Number(n)).toBe(2);
    const confirmed = await plan(firms.P1.id, '2026-11-30', { overBudgetConfirmed: 'true' }).expect(303);
    const page = (await officer.get(confirmed.headers.location).expect(200)).text;
    expect(page).toContain('超出每月走访上限（已确认安排）');

    const past = await plan(firms.P1.id, '2026-11-24').expect(200);
    expect(past.text).toContain('走访日期不能早于今天（2026-11-25）');
  });

  it('shows the firm its plans in 待您处理 on its home page; it accepts there and proposes another date on the visit page', async () => {
    const home = (await firmAgent.get('/home').expect(200)).text;
    expect(home).toContain('待您处理 · 走访安排（3）');
    const [first] = await ctx.db.query("SELECT id FROM visits WHERE enterprise_id = ? AND visit_date = '2026-11-27'", [firms.P1.id]);
    expect(home).toContain(`data-testid="home-accept-${first.id}"`);
    const accepted = await firmAgent.post(`/visits/${first.id}/accept`, { _csrf: firmAgent.csrf, version: '1', back: '/home' }).expect(303);
    expect(accepted.headers.location).toBe('/home');
    expect(flashOf(accepted)?.text).toBe('已接受走访安排，专员会按约定时间到访');
    expect(await row(first.id)).toMatchObject({ status: 'accepted', version: 2 });
    // A second click on the stale page: told in Chinese, nothing changed.
    const stale = await firmAgent.post(`/visits/${first.id}/accept`, { _csrf: firmAgent.csrf, version: '1', back: '/home' }).expect(303);
    expect(flashOf(stale)?.text).toBe('操作未完成：已被他人修改，请刷新后重试');

    const [second] = await ctx.db.query("SELECT id FROM visits WHERE enterprise_id = ? AND visit_date = '2026-11-28'", [firms.P1.id]);
    const detail = (await firmAgent.get(`/visits/${second.id}`).expect(200)).text;
    expect(detail).toContain('data-testid="propose-form"');
    expect(detail).toContain('data-testid="decline-form"');
    const bare = await firmAgent.post(`/visits/${second.id}/decline`, { _csrf: firmAgent.csrf, version: '1', reason: '' }).expect(303);
    expect(flashOf(bare)).toMatchObject({ kind: 'error', text: '操作未完成：提交的内容有误，请检查后重试' });
    expect(flashOf(bare)?.details?.every((d) => /[\u4e00-\u9fff]/.test(d))).toBe(true);
    await firmAgent
      .post(`/visits/${second.id}/propose-date`, {
        _csrf: firmAgent.csrf,
        version: '1',
        proposedDate: '2026-12-02',
        note: '下周三上午方便',
      })
      .expect(303);
    const planner = (await officer.get(`/visits/${second.id}`).expect(200)).text;
    expect(planner).toContain('企业提议改期');
    expect(planner).toContain('下周三上午方便');
    expect(planner).toContain('同意企业提议的 2026-12-02');
    const agreed = await officer.post(`/visits/${second.id}/accept-proposal`, { _csrf: officer.csrf, version: '2' }).expect(303);
    expect(flashOf(agreed)?.text).toBe('已同意企业提议的日期');
    expect(await row(second.id)).toMatchObject({ status: 'accepted', visit_date: '2026-12-02' });
    const inbox = (await officer.get('/notifications').expect(200)).text;
    expect(inbox).toContain('希望改到 2026-12-02 走访');
  });

  it('flags another unit’s plan in the same week and merges the two into one joint visit', async () => {
    // A city officer (广安市's liaison office: another unit) planned P2 for Thursday.
    const inserted = await ctx.db.query(
      `INSERT INTO visits (enterprise_id, officer_id, unit_key, unit_name, region_code, status, visit_date, form)
       VALUES (?, ?, ?, '广安市联络专员', ?, 'planned', '2026-11-26', 'on_site')`,
      [firms.P2.id, colleagueId, `office:${GUANGAN}`, QIANFENG],
    );
    const theirs = Number(inserted.insertId);
    const planned = await plan(firms.P2.id, '2026-11-29').expect(303);
    expect(flashOf(planned)).toEqual({
      kind: 'info',
      text: '走访已安排，已通知企业确认；本周另有 1 个单位安排走访该企业，可在详情页合并为联合走访',
    });
    const own = visitIdOf(planned.headers.location);
    const list = (await officer.get('/visits').expect(200)).text;
    expect(list).toContain(`data-testid="clash-${own}">同周冲突 1`);
    const page = (await officer.get(`/visits/${own}`).expect(200)).text;
    expect(page).toContain('同周冲突（1）');
    expect(page).toContain(`data-testid="merge-form-${theirs}"`);
    const merged = await officer
      .post(`/visits/${own}/merge`, {
        _csrf: officer.csrf,
        version: '1',
        otherVisitId: String(theirs),
        otherVersion: '1',
        visitDate: '2026-11-27',
      })
      .expect(303);
    expect(flashOf(merged)?.text).toBe('已合并为一次联合走访，等待企业确认');
    expect(await row(own)).toMatchObject({ status: 'planned', visit_date: '2026-11-27', version: 2 });
    expect(await row(theirs)).toMatchObject({ status: 'merged', merged_into_id: own });
    const joint = (await officer.get(`/visits/${own}`).expect(200)).text;
    expect(joint).toContain('联合走访');
    expect(joint).toContain('前锋区联络专员、广安市联络专员');
    expect(joint).not.toContain('data-testid="visit-clashes"');
  });

  it('asks the firm to confirm a visit logged without a plan, from its home page', async () => {
    await officer
      .post(`/firms/${firms.P1.id}/visits`, {
        _csrf: officer.csrf,
        visitDate: '2026-11-24',
        form: 'phone',
        notes: '电话了解情况',
        problemsFound: 'false',
      })
      .expect(303);
    const [logged] = await ctx.db.query("SELECT id FROM visits WHERE enterprise_id = ? AND status = 'done'", [firms.P1.id]);
    const home = (await firmAgent.get('/home').expect(200)).text;
    expect(home).toContain(`data-testid="home-confirm-${logged.id}"`);
    expect(home).toContain('待企业确认属实');
    const done = await firmAgent.post(`/visits/${logged.id}/confirm`, { _csrf: firmAgent.csrf, version: '1', back: '/home' }).expect(303);
    expect(done.headers.location).toBe('/home');
    expect(await row(logged.id)).toMatchObject({ confirmation: 'confirmed' });
    expect((await firmAgent.get('/home').expect(200)).text).not.toContain(`data-testid="home-confirm-${logged.id}"`);
  });

  it('lets a working group’s member plan as the group from the group page, naming the firm by its credit code', async () => {
    // 广安市 is taken by one working group at most (visit-planning may have set it up first).
    const [taken] = await ctx.db.query('SELECT group_id FROM working_group_cities WHERE city_code = ?', [GUANGAN]);
    let groupId = taken ? Number(taken.group_id) : 0;
    if (!groupId) {
      const created = await ctx.db.query(
        "INSERT INTO working_groups (name, leader_id, period_start, created_at, updated_at) VALUES (?, ?, '2026-01-01', NOW(3), NOW(3))",
        [`包联广安市工作组${Date.now()}`, officerId],
      );
      groupId = Number(created.insertId);
      await ctx.db.query('INSERT INTO working_group_cities (group_id, city_code) VALUES (?, ?)', [groupId, GUANGAN]);
      // As the groups API keeps it: the leader is a member with the leader's duty.
      await ctx.db.query("INSERT INTO working_group_members (group_id, user_id, duty) VALUES (?, ?, 'leader')", [groupId, officerId]);
    }
    await ctx.db.query("INSERT INTO working_group_members (group_id, user_id, duty) VALUES (?, ?, 'member')", [groupId, colleagueId]);
    const member = await consoleLogin(ctx, colleagueUsername);
    const page = (await member.get(`/groups/${groupId}`).expect(200)).text;
    expect(page).toContain('安排走访（以工作组名义）');
    const [{ credit_code: code }] = await ctx.db.query('SELECT credit_code FROM enterprises WHERE id = ?', [firms.P2.id]);
    const unknown = await member
      .post(`/visits/group/${groupId}`, { _csrf: member.csrf, creditCode: '91510000MA0000000X', visitDate: '2026-11-30', form: 'on_site' })
      .expect(303);
    expect(flashOf(unknown)).toMatchObject({ kind: 'error', details: ['未找到该企业，或该企业不在本工作组包联的城市'] });
    const planned = await member
      .post(`/visits/group/${groupId}`, {
        _csrf: member.csrf,
        creditCode: code,
        visitDate: '2026-11-30',
        form: 'on_site',
        purpose: '调研用工',
      })
      .expect(303);
    const id = visitIdOf(planned.headers.location);
    const [stored] = await ctx.db.query('SELECT group_id, unit_key, officer_id, status FROM visits WHERE id = ?', [id]);
    expect(stored).toEqual({ group_id: groupId, unit_key: `group:${groupId}`, officer_id: colleagueId, status: 'planned' });
    expect((await member.get(`/visits/${id}`).expect(200)).text).toContain('data-testid="cancel-form"');
  });

  it('keeps the visit pages to the firm and its planner: another firm gets the 404 page, and only officers plan', async () => {
    const [visit] = await ctx.db.query('SELECT id FROM visits WHERE enterprise_id = ? ORDER BY id LIMIT 1', [firms.P1.id]);
    await otherFirmAgent.get(`/visits/${visit.id}`).expect(404);
    await otherFirmAgent.post(`/visits/${visit.id}/accept`, { _csrf: otherFirmAgent.csrf, version: '1' }).expect(404);
    expect((await otherFirmAgent.get('/visits').expect(200)).text).toContain('暂无走访安排');
    await firmAgent.get('/visits/new').expect(403);
    const nav = (await firmAgent.get('/visits').expect(200)).text;
    expect(nav).toContain('href="/visits" class="active"');
    expect(nav).toContain('走访安排');
  });
});
