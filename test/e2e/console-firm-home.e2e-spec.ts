import { FixedClock } from '../../src/common/clock/clock';
import { consoleLogin, cookiesOf, csrfOf, urlencoded } from '../browser/console-http';
import { insertDepartment, insertFirm, insertUser, signedIn } from '../helpers/factories';
import { policyBody } from '../helpers/policy-fixtures';
import { createTestApp, TEST_PASSWORD, TestContext } from '../helpers/test-app';

const REGION = '511102';
const sh = (local: string) => new Date(`${local}+08:00`);

/** The firm's home page (#21): its policies, their delivery state and what to do next. */
describe('console: the firm’s home page with its policies (e2e)', () => {
  let ctx: TestContext;
  let firmUsername: string;
  let otherPolicyTitle: string;
  const titles: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(sh('2026-11-18T10:00:00')) });
    const admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    const department = await insertDepartment(ctx.db, '510000');
    const firm = await insertFirm(ctx.db, { regionCode: REGION });
    const other = await insertFirm(ctx.db, { regionCode: REGION });
    firmUsername = (await insertUser(ctx.db, { role: 'enterprise', regionCode: REGION, enterpriseId: firm.id })).username;
    const publish = async (fields: Record<string, unknown>) => {
      const policy = (
        await ctx.http().post('/api/policies').set('Authorization', admin.bearer).send(policyBody(department, fields)).expect(201)
      ).body;
      await ctx.db.query("UPDATE policies SET status = 'published', published_at = ? WHERE id = ?", [sh('2026-11-01T09:00:00'), policy.id]);
      return policy as { id: number; title: string };
    };
    const deliver = async (policyId: number, enterpriseId: number, state: string, day: number, reason: string | null = null) =>
      ctx.db.query(
        'INSERT INTO policy_firms (policy_id, enterprise_id, state, reason, eligible, matched_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)',
        [policyId, enterpriseId, state, reason, sh(`2026-11-0${day}T09:00:00`), sh(`2026-11-0${day}T09:00:00`)],
      );
    for (const [key, state, mode, day] of [
      ['pending', 'pending', 'apply', 2],
      ['informedApply', 'informed', 'apply', 3],
      ['informedAuto', 'informed', 'automatic', 4],
      ['benefited', 'benefited', 'apply', 5],
    ] as const) {
      const policy = await publish({ title: `${key}政策${Date.now()}`, obtainMode: mode });
      titles[key] = policy.title;
      await deliver(policy.id, firm.id, state, day);
    }
    const otherPolicy = await publish({ title: `其他企业的政策${Date.now()}` });
    otherPolicyTitle = otherPolicy.title;
    await deliver(otherPolicy.id, other.id, 'pending', 6);
  });
  afterAll(() => ctx.close());

  it('lands the firm on its home page after signing in', async () => {
    const form = await ctx.http().get('/login').expect(200);
    const login = await ctx
      .http()
      .post('/login')
      .set('Cookie', `qy_login=${cookiesOf(form.headers['set-cookie']).qy_login}`)
      .type('form')
      .send(urlencoded({ _csrf: csrfOf(form.text), username: firmUsername, password: TEST_PASSWORD }))
      .expect(303);
    expect(login.headers.location).toBe('/home');
  });

  it('lists its policies to act on first, with the state and the next step; not another firm’s', async () => {
    const agent = await consoleLogin(ctx, firmUsername);
    const page = (await agent.get('/home').expect(200)).text;
    expect(page).toContain('data-testid="policies-to-do">2 项待办');
    const order = ['informedApply', 'pending', 'informedAuto', 'benefited'].map((k) => page.indexOf(titles[k]));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
    expect(page).toContain('下一步：请按政策要求向责任部门提交申请');
    expect(page).toContain('下一步：免申即享：无需申请');
    expect(page).toContain('下一步：已兑现');
    expect(page).not.toContain(otherPolicyTitle);
  });

  it('confirms from the home page and comes back to it with the new state', async () => {
    const agent = await consoleLogin(ctx, firmUsername);
    const page = (await agent.get('/home').expect(200)).text;
    const item = page.slice(page.indexOf(titles.pending));
    const action = /action="(\/policies\/deliveries\/\d+\/\d+\/state)"/.exec(item)?.[1] as string;
    const version = /name="version" value="(\d+)"/.exec(item)?.[1] as string;
    expect(/name="state" value="(\w+)"/.exec(item)?.[1]).toBe('informed');
    const done = await agent
      .post(action, { _csrf: agent.csrf, version, back: '/home', state: 'informed', source: 'confirmation' })
      .expect(303);
    expect(done.headers.location).toBe('/home');
    const after = (await agent.get('/home').expect(200)).text;
    expect(after).toContain('data-testid="policies-to-do">2 项待办'); // informed (apply) is to act on again: apply
    const [row] = await ctx.db.query('SELECT state FROM policy_firms pf JOIN policies p ON p.id = pf.policy_id WHERE p.title = ?', [
      titles.pending,
    ]);
    expect(row.state).toBe('informed');
  });

  it('is the firm’s page only', async () => {
    const officer = await insertUser(ctx.db, { role: 'officer', regionCode: REGION });
    await (await consoleLogin(ctx, officer.username)).get('/home').expect(403);
  });
});
