import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId, signedAppealOf } from '../helpers/appeal-fixtures';
import { createTestApp, type TestContext } from '../helpers/test-app';

/**
 * 回访 (#16) through HTTP: an officer's follow-up call records the firm's verdict when the firm has
 * not given one, and never replaces a rating the firm gave itself — not on the same answer (the
 * firm's verification moved the appeal on) and not on the answer after a redo (the firm rates it
 * itself). Whatever is refused changes nothing: the firm's own rating stays on record.
 *
 * 阿坝州 茂县 (513223), June 2025: no other spec uses them.
 */
describe('a follow-up call never replaces the firm’s own rating (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let category: number;
  const clock = new FixedClock(new Date('2025-06-09T02:00:00Z')); // Monday 10:00 in Shanghai

  const read = (id: number) => ctx.http().get(`/api/appeals/${id}`).set('Authorization', cast.officer.bearer).expect(200);
  async function post(bearer: string, id: number, path: string, body: Record<string, unknown>) {
    const { version } = (await read(id)).body;
    return ctx
      .http()
      .post(`/api/appeals/${id}/${path}`)
      .set('Authorization', bearer)
      .send({ version, ...body });
  }
  async function answered(title: string) {
    const id = await signedAppealOf(ctx, cast, { categoryId: category, title, description: '企业用工招聘遇到困难，需要协调。' });
    expect((await post(cast.handlerA.bearer, id, 'resolve', { closureType: 'resolved', answer: '已对接人社部门组织专场招聘。' })).status).toBe(200);
    return id;
  }
  const call = (id: number) => post(cast.officer.bearer, id, 'follow-up-call', { solved: 'yes', satisfaction: 'very_satisfied', comment: '电话回访' });

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '513223');
    category = await categoryId(ctx.db, 'labour');
  });
  afterAll(() => ctx.close());

  it('records the verdict of a firm that has not rated, marked as on its behalf', async () => {
    const id = await answered('招工难（未评价）');
    const recorded = await call(id);
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ status: 'closed', verification: { satisfaction: 'very_satisfied', onBehalf: true } });
  });

  it('cannot replace the firm’s rating of the same answer', async () => {
    const id = await answered('招工难（企业已满意）');
    expect((await post(cast.enterprise.bearer, id, 'verify', { solved: 'partly', satisfaction: 'basically_satisfied' })).status).toBe(200);
    const refused = await call(id);
    expect(refused.status).toBe(409);
    expect(refused.body.context).toMatchObject({ reason: 'illegal_state' });
    expect((await read(id)).body.verification).toMatchObject({ satisfaction: 'basically_satisfied', onBehalf: false });
  });

  it('cannot replace the firm’s unsatisfied rating after the redo: the firm rates the new answer itself', async () => {
    const id = await answered('招工难（企业不满意）');
    expect((await post(cast.enterprise.bearer, id, 'verify', { solved: 'no', satisfaction: 'very_dissatisfied' })).status).toBe(200);
    // Sent back for redo: no call while in progress either.
    expect((await call(id)).status).toBe(409);
    clock.set('2025-06-10T02:00:00Z');
    expect((await post(cast.handlerA.bearer, id, 'resolve', { closureType: 'resolved', answer: '已推荐 12 名技术工人到岗。' })).status).toBe(200);
    const before = (await read(id)).body;
    expect(before.allowedActions).not.toContain('follow_up_call');

    const refused = await call(id);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', context: { reason: 'rated_by_firm' } });
    const after = (await read(id)).body;
    expect(after.version).toBe(before.version);
    expect(after.verification).toMatchObject({ satisfaction: 'very_dissatisfied', onBehalf: false });

    // The firm rates the new answer itself.
    const rated = await post(cast.enterprise.bearer, id, 'verify', { solved: 'yes', satisfaction: 'satisfied' });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ status: 'closed', verification: { satisfaction: 'satisfied', onBehalf: false } });
    const calls = rated.body.timeline.filter((e: { action: string }) => e.action === 'follow_up_call');
    expect(calls).toEqual([]);
  });
});
