import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { consoleLogin } from '../browser/console-http';

/**
 * Likely duplicates at intake (#16): before submitting, the firm or its officer sees the firm's
 * open appeals that are likely the same problem — found through the LSH bands stored with each
 * appeal, re-scored on words — and never another firm's, nor what the caller may not read.
 */
describe('likely duplicates at intake (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let other: Awaited<ReturnType<typeof appealCast>>;
  let capacityId: number;
  let energy: number;

  const submit = async (bearer: string, title: string, description: string) =>
    (await ctx.http().post('/api/appeals').set('Authorization', bearer).send({ categoryId: energy, kind: 'help', title, description }).expect(201))
      .body as { id: number; number: string; version: number };
  const ask = (bearer: string, body: Record<string, unknown>) => ctx.http().post('/api/appeals/likely-duplicates').set('Authorization', bearer).send(body);

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-18T02:00:00Z')) });
    cast = await appealCast(ctx, '510117');
    other = await appealCast(ctx, '511302');
    energy = await categoryId(ctx.db, 'energy_power');
    capacityId = (await submit(cast.enterprise.bearer, '变压器容量不足影响投产', '我司新建二期生产线，现有变压器容量不足，申请增容已两个月没有批复，影响投产。')).id;
    await submit(cast.enterprise.bearer, '流动资金贷款即将到期', '企业流动资金紧张，银行贷款到期后续贷困难，希望协调银行续贷。');
    // The same problem at another firm: never shown to this one.
    await submit(other.enterprise.bearer, '变压器容量不足影响投产', '我司新建二期生产线，现有变压器容量不足，申请增容已两个月没有批复，影响投产。');
  });
  afterAll(() => ctx.close());

  const reworded = { title: '申请电力增容迟迟未批', description: '二期产线建成后用电负荷增加，向供电公司申请变压器扩容，至今未获批复，生产线无法投产。' };

  it('shows the firm its open appeal of the same problem, worded differently', async () => {
    const { body } = await ask(cast.enterprise.bearer, reworded).expect(200);
    expect(body.items.map((i: { id: number }) => i.id)).toEqual([capacityId]);
    expect(body.items[0].similarity).toBeGreaterThanOrEqual(0.35);
    expect(body.items[0].status).toBe('submitted');
  });

  it('finds it from a Traditional text too', async () => {
    const { body } = await ask(cast.enterprise.bearer, { title: '變壓器容量不足影響投產', description: '現有變壓器容量不足，申請增容已兩個月沒有批覆。' }).expect(200);
    expect(body.items.map((i: { id: number }) => i.id)).toEqual([capacityId]);
  });

  it('shows nothing for a different problem sharing words', async () => {
    const { body } = await ask(cast.enterprise.bearer, { title: '厂区变压器烧毁需要抢修', description: '昨夜雷雨，厂区变压器烧毁，全厂停电，请求供电部门尽快抢修。' }).expect(200);
    expect(body.items).toEqual([]);
  });

  it('answers the firm’s officer for that firm, and nobody about a firm outside their reach', async () => {
    const mine = await ask(cast.officer.bearer, { ...reworded, enterpriseId: cast.firmId }).expect(200);
    expect(mine.body.items.map((i: { id: number }) => i.id)).toEqual([capacityId]);
    const foreign = await ask(other.officer.bearer, { ...reworded, enterpriseId: cast.firmId }).expect(200);
    expect(foreign.body.items).toEqual([]);
  });

  it('refuses an officer who names no firm, an enterprise asking about another, and a handler', async () => {
    const missing = await ask(cast.officer.bearer, reworded).expect(400);
    expect(JSON.stringify(missing.body)).toContain('enterpriseId');
    await ask(cast.enterprise.bearer, { ...reworded, enterpriseId: other.firmId }).expect(403);
    await ask(cast.handlerA.bearer, { ...reworded, enterpriseId: cast.firmId }).expect(403);
    await ask(cast.enterprise.bearer, { description: 'x' }).expect(400);
  });

  it('no longer shows an appeal once it is withdrawn', async () => {
    const { id, version } = await submit(cast.enterprise.bearer, '普工缺口约120人', '节后返岗率低，普工招聘困难，希望人社部门对接劳务输出地。');
    const before = await ask(cast.enterprise.bearer, { title: '招工难', description: '节后普工缺口约120人，希望人社局对接劳务输出地。' }).expect(200);
    expect(before.body.items.map((i: { id: number }) => i.id)).toEqual([id]);
    await ctx.http().post(`/api/appeals/${id}/withdraw`).set('Authorization', cast.enterprise.bearer).send({ version, reason: '问题已自行解决' }).expect(200);
    const after = await ask(cast.enterprise.bearer, { title: '招工难', description: '节后普工缺口约120人，希望人社局对接劳务输出地。' }).expect(200);
    expect(after.body.items).toEqual([]);
  });

  it('shows the console submitter the likely duplicates once, and submits on 仍然提交', async () => {
    const firm = await consoleLogin(ctx, cast.enterprise.username);
    const form = await firm.get('/appeals/new').expect(200);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(form.text)?.[1] as string;
    const post = (fields: Record<string, string>) => {
      let request = ctx.http().post('/appeals').set('Cookie', firm.cookie).field('_csrf', firm.csrf).field('idempotencyKey', key);
      for (const [name, value] of Object.entries({ categoryId: String(energy), kind: 'help', ...reworded, ...fields })) request = request.field(name, value);
      return request;
    };
    const shown = await post({}).expect(200);
    expect(shown.text).toContain('data-testid="likely-duplicates"');
    expect(shown.text).toContain(`href="/appeals/${capacityId}"`);
    expect(shown.text).toContain('name="duplicatesSeen" value="1"');
    expect(shown.text).toContain('仍然提交');
    expect(shown.text).toContain(reworded.title); // what was typed is kept
    const [{ n: before }] = await ctx.db.query('SELECT COUNT(*) AS n FROM appeals WHERE enterprise_id = ?', [cast.firmId]);
    const submitted = await post({ duplicatesSeen: '1' }).expect(303);
    expect(submitted.headers.location).toMatch(/^\/appeals\/\d+$/);
    const [{ n: after }] = await ctx.db.query('SELECT COUNT(*) AS n FROM appeals WHERE enterprise_id = ?', [cast.firmId]);
    expect(Number(after)).toBe(Number(before) + 1);
    // The same form posted again (a double click) replays the submission instead of asking again.
    expect((await post({}).expect(303)).headers.location).toBe(submitted.headers.location);
  });
});
