import { FixedClock } from '../../src/common/clock/clock';
import { ProblemClusteringService } from '../../src/common-problems/pool/problem-clustering.service';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';

/**
 * The console's common problems (#16): the pool with its period and region pickers, a cluster's
 * appeals named as a common problem, the problem's page (timeline, linked appeals, the lead
 * department's answer, 办结, the topic) and the topics' before/after counts — CSRF on every form,
 * refusals in Chinese at the field, nothing outside the caller's reach. 泸州's 合江县 (510522) and
 * 叙永县 (510524), 凉山's 金阳县 (513430) and September 2024 appear in no other spec.
 */
describe('console common problems (e2e)', () => {
  const clock = new FixedClock(new Date('2024-09-10T02:00:00Z'));
  let ctx: TestContext;
  let a: Awaited<ReturnType<typeof appealCast>>;
  let b: Awaited<ReturnType<typeof appealCast>>;
  let away: Awaited<ReturnType<typeof appealCast>>;
  let supervisor: ConsoleAgent;
  let lead: ConsoleAgent;
  let otherHandler: ConsoleAgent;
  let foreign: ConsoleAgent;
  let officer: ConsoleAgent;
  let clusterKey: number;
  let problemId: number;
  const ids: Record<string, number> = {};
  const GAS = '园区天然气管道供气压力长期不足，锅炉只能半负荷运行，每天少产两百吨蒸汽，多次反映燃气公司仍未改造调压站。';

  const flashOf = (response: { headers: Record<string, unknown> }) => {
    const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
    return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string }) : null;
  };
  const versionOf = (html: string) => Number(/name="version" value="(\d+)"/.exec(html)?.[1]);
  const submit = async (bearer: string, title: string, description: string) =>
    Number(
      (
        await ctx
          .http()
          .post('/api/appeals')
          .set('Authorization', bearer)
          .send({ categoryId: await categoryId(ctx.db, 'energy_power'), kind: 'help', title, description })
          .expect(201)
      ).body.id,
    );

  const moveClock = async (to: string) => {
    clock.set(to);
    [supervisor, lead, foreign] = await Promise.all([
      consoleLogin(ctx, a.supervisor.username),
      consoleLogin(ctx, a.cityHandler.username),
      consoleLogin(ctx, away.supervisor.username),
    ]);
  };

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    a = await appealCast(ctx, '510522');
    b = await appealCast(ctx, '510524');
    away = await appealCast(ctx, '513430');
    await ctx.app.get(ProblemClusteringService).catchUp();
    ids.a1 = await submit(a.enterprise.bearer, '园区天然气供气压力不足锅炉半负荷', GAS);
    ids.b1 = await submit(b.enterprise.bearer, '天然气管道压力不足影响生产', GAS.replace('长期', '一直'));
    [supervisor, lead, otherHandler, foreign, officer] = await Promise.all([
      consoleLogin(ctx, a.supervisor.username),
      consoleLogin(ctx, a.cityHandler.username),
      consoleLogin(ctx, a.handlerA.username),
      consoleLogin(ctx, away.supervisor.username),
      consoleLogin(ctx, a.officer.username),
    ]);
  });
  afterAll(() => ctx.close());

  it('shows the pool of a period and region with the pickers, and the supervisor’s menu links', async () => {
    const page = (await supervisor.get('/common-problems/pool?period=month&key=2024-09').expect(200)).text;
    expect(page).toContain('共性问题池');
    expect(page).toContain('data-testid="period-label">2024年9月');
    expect(page).toContain('data-testid="region-picker-regionCode"');
    for (const link of ['href="/common-problems/pool"', 'href="/common-problems"', 'href="/common-problems/topics"']) expect(page).toContain(link);
    clusterKey = Number(/data-cluster-key="(\d+)"/.exec(page)?.[1]);
    expect(clusterKey).toBe(ids.a1);
    expect(page).toContain('园区天然气供气压力不足锅炉半负荷');
    const week = (await supervisor.get('/common-problems/pool?period=week&key=2024-W37').expect(200)).text;
    expect(week).toContain(`data-cluster-key="${clusterKey}"`);
    const earlier = (await supervisor.get('/common-problems/pool?period=month&key=2024-08').expect(200)).text;
    expect(earlier).toContain('data-testid="pool-empty"');
    const county = (await supervisor.get('/common-problems/pool?period=month&key=2024-09&regionCode=510522').expect(200)).text;
    expect(county).toContain('data-testid="pool-empty"');
    expect((await foreign.get('/common-problems/pool?period=month&key=2024-09').expect(200)).text).not.toContain(`data-cluster-key="${clusterKey}"`);
    await officer.get('/common-problems/pool').expect(403);
    await lead.get('/common-problems/pool').expect(403);
  });

  it('names a cluster as a common problem, refusing an empty title at the field in Chinese and a form without CSRF', async () => {
    const cluster = (await supervisor.get(`/common-problems/pool/${clusterKey}?period=month&key=2024-09`).expect(200)).text;
    expect(cluster).toContain('命名为共性问题');
    expect(cluster).toContain(`data-appeal-id="${ids.a1}"`);
    expect(cluster).toContain(`data-appeal-id="${ids.b1}"`);
    const form = { period: 'month', key: '2024-09', clusterKey: String(clusterKey), leadDepartmentId: String(a.cityDept) };
    const bad = await supervisor.post('/common-problems', { _csrf: supervisor.csrf, ...form, title: '' }).expect(400);
    expect(bad.text).toContain('data-testid="field-error-title"');
    expect(bad.text).toContain('请填写问题名称');
    expect(bad.text).toContain(`value="${a.cityDept}" selected`);
    await supervisor.post('/common-problems', { ...form, title: '园区天然气压力不足' }).expect(403);
    const created = await supervisor.post('/common-problems', { _csrf: supervisor.csrf, ...form, title: '园区天然气压力不足' }).expect(303);
    problemId = Number(/^\/common-problems\/(\d+)$/.exec(String(created.headers.location))?.[1]);
    expect(flashOf(created)).toMatchObject({ kind: 'success', text: expect.stringContaining('关联诉求 2 件') });
    const detail = (await supervisor.get(`/common-problems/${problemId}`).expect(200)).text;
    expect(detail).toContain('data-testid="problem-state">办理中');
    expect(detail).toContain('data-action="named"');
    expect(detail).toContain('data-action="lead_assigned"');
    expect(detail).toContain(`data-appeal-id="${ids.b1}"`);
    const list = (await supervisor.get('/common-problems').expect(200)).text;
    expect(list).toContain(`data-problem-id="${problemId}"`);
  });

  it('keeps the problem inside region and lead department', async () => {
    await foreign.get(`/common-problems/${problemId}`).expect(404);
    expect((await foreign.get('/common-problems').expect(200)).text).not.toContain(`data-problem-id="${problemId}"`);
    await otherHandler.get(`/common-problems/${problemId}`).expect(404);
    expect((await otherHandler.get('/common-problems').expect(200)).text).toContain('data-testid="problems-empty"');
    await otherHandler.post(`/common-problems/${problemId}/answer`, { _csrf: otherHandler.csrf, version: '1', text: '不是牵头部门的答复' }).expect(404);
    await foreign.post(`/common-problems/${problemId}/close`, { _csrf: foreign.csrf, version: '1' }).expect(404);
    await officer.get(`/common-problems/${problemId}`).expect(403);
  });

  it('lets the lead department answer, with its mistakes shown at the field, and hides firms from it', async () => {
    const mine = (await lead.get('/common-problems').expect(200)).text;
    expect(mine).toContain('牵头共性问题');
    expect(mine).toContain(`data-problem-id="${problemId}"`);
    const page = (await lead.get(`/common-problems/${problemId}`).expect(200)).text;
    expect(page).toContain('data-testid="answer-form"');
    expect(page).not.toContain('data-testid="problem-manage"');
    const [firm] = await ctx.db.query('SELECT name FROM enterprises WHERE id = ?', [a.firmId]);
    expect(page).not.toContain(firm.name);
    const short = await lead.post(`/common-problems/${problemId}/answer`, { _csrf: lead.csrf, version: String(versionOf(page)), text: '短' }).expect(400);
    expect(short.text).toContain('data-testid="field-error-text"');
    expect(short.text).toContain('请填写答复');
    // Console sessions end after idle time on the same clock: moving it days ahead signs everyone in again.
    await moveClock('2024-09-12T02:00:00Z');
    const answered = await lead
      .post(`/common-problems/${problemId}/answer`, { _csrf: lead.csrf, version: String(versionOf(page)), text: '燃气公司已立项改造调压站，10月底前完成' })
      .expect(303);
    expect(flashOf(answered)).toMatchObject({ kind: 'success', text: '已提交答复' });
    await lead.post(`/common-problems/${problemId}/close`, { _csrf: lead.csrf, version: '2' }).expect(404);
  });

  it('closes it (a stale form is refused in Chinese), makes it the month’s topic and shows the before/after counts', async () => {
    const page = (await supervisor.get(`/common-problems/${problemId}`).expect(200)).text;
    expect(page).toContain('燃气公司已立项改造调压站');
    expect(page).toContain('data-testid="close-form"');
    const stale = await supervisor.post(`/common-problems/${problemId}/close`, { _csrf: supervisor.csrf, version: '1' }).expect(409);
    expect(stale.text).toContain('data-testid="form-error"');
    expect(stale.text).toMatch(/[\u4e00-\u9fff]/);
    const badLink = await supervisor.post(`/common-problems/${problemId}/link`, { _csrf: supervisor.csrf, version: String(versionOf(page)), appealNumbers: '2099-999999' }).expect(400);
    expect(badLink.text).toContain('data-testid="field-error-appealNumbers"');
    const topic = await supervisor.post(`/common-problems/${problemId}/topic`, { _csrf: supervisor.csrf, version: String(versionOf(page)), period: 'month', key: '2024-09' }).expect(303);
    expect(flashOf(topic)).toMatchObject({ kind: 'success' });
    const topicPage = (await supervisor.get(`/common-problems/${problemId}`).expect(200)).text;
    const closed = await supervisor.post(`/common-problems/${problemId}/close`, { _csrf: supervisor.csrf, version: String(versionOf(topicPage)), note: '调压站改造已立项' }).expect(303);
    expect(flashOf(closed)).toMatchObject({ kind: 'success', text: '已办结' });
    const after = (await supervisor.get(`/common-problems/${problemId}`).expect(200)).text;
    expect(after).toContain('data-testid="problem-state">已办结');
    expect(after).toContain('data-testid="reopen-form"');
    expect(after).toContain('data-action="closed"');

    clock.set('2024-09-20T02:00:00Z');
    await submit(a.enterprise.bearer, '天然气供气压力仍然不足', GAS);
    await moveClock('2024-09-22T02:00:00Z');
    const topics = (await supervisor.get('/common-problems/topics?period=month&key=2024-09').expect(200)).text;
    expect(topics).toContain(`data-problem-id="${problemId}"`);
    // Answered 09-12 02:00; ten days since: before = [09-02, 09-12) holds a1 and b1, after = [09-12, 09-22) the new one.
    expect(topics).toContain(`data-testid="before-${problemId}">2<`);
    expect(topics).toMatch(new RegExp(`data-testid="after-${problemId}">1 <span class="tag">统计中`));
    expect(topics).toContain('-50.0%');
    expect((await foreign.get('/common-problems/topics?period=month&key=2024-09').expect(200)).text).toContain('data-testid="topics-empty"');
    await supervisor.get('/common-problems/topics?period=month&key=2024-13').expect(400);
  });

  it('downloads the pool and the problems as XLSX from the pages’ links', async () => {
    const pool = (await supervisor.get('/common-problems/pool?period=month&key=2024-09').expect(200)).text;
    expect(pool).toContain('href="/common-problems/exports/pool.xlsx?period=month&amp;key=2024-09"');
    const file = await supervisor.get('/common-problems/exports/pool.xlsx?period=month&key=2024-09').expect(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
    expect(String(file.headers['content-disposition'])).toContain(encodeURIComponent('共性问题池'));
    const problems = await supervisor.get('/common-problems/exports/problems.xlsx').expect(200);
    expect(problems.headers['content-type']).toContain('spreadsheetml');
    await lead.get('/common-problems/exports/problems.xlsx').expect(403);
  });
});
