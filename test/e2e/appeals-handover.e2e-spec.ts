import { FixedClock } from '../../src/common/clock/clock';
import { insertUser, signedIn } from '../helpers/factories';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { createTestApp, TestContext } from '../helpers/test-app';

describe('open appeals follow their firm to a new officer (e2e)', () => {
  let ctx: TestContext;
  const clock = new FixedClock(new Date('2026-05-12T02:00:00Z'));

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
  });
  afterAll(() => ctx.close());

  it('moves open appeals, leaves finished ones, and records the hand-over in each timeline', async () => {
    const cast = await appealCast(ctx, '510113');
    const power = await categoryId(ctx.db, 'energy_power');
    const submit = async () =>
      (
        await ctx
          .http()
          .post('/api/appeals')
          .set('Authorization', cast.enterprise.bearer)
          .send({ categoryId: power, kind: 'help', title: '变压器容量不足', description: '需要增容，申请加快审批。' })
          .expect(201)
      ).body;
    const open = await submit();
    const finished = await submit();
    await ctx.http().post(`/api/appeals/${finished.id}/withdraw`).set('Authorization', cast.enterprise.bearer).send({ version: finished.version }).expect(200);

    const successor = await insertUser(ctx.db, { role: 'officer', regionCode: cast.county });
    const admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    await ctx
      .http()
      .post(`/api/enterprises/${cast.firmId}/officer`)
      .set('Authorization', admin.bearer)
      .send({ officerId: successor.id, reason: '原专员调岗' })
      .expect((r) => expect([200, 201]).toContain(r.status));

    const [moved] = await ctx.db.query('SELECT officer_id FROM appeals WHERE id = ?', [open.id]);
    const [kept] = await ctx.db.query('SELECT officer_id FROM appeals WHERE id = ?', [finished.id]);
    expect(Number(moved.officer_id)).toBe(successor.id);
    expect(Number(kept.officer_id)).toBe(cast.officer.id);

    // The old officer no longer reaches the open appeal; the chain still verifies.
    await ctx.http().get(`/api/appeals/${open.id}`).set('Authorization', cast.officer.bearer).expect(404);
    const detail = await ctx.http().get(`/api/appeals/${open.id}`).set('Authorization', cast.supervisor.bearer).expect(200);
    expect(detail.body.timeline.map((e: { action: string }) => e.action)).toEqual(['submit', 'officer_handover']);
    expect(detail.body.timeline[1]).toMatchObject({ reason: '原专员调岗', payload: { fromOfficerId: cast.officer.id, toOfficerId: successor.id } });
    const chain = await ctx.http().get(`/api/appeals/${open.id}/events/verify`).set('Authorization', cast.supervisor.bearer).expect(200);
    expect(chain.body.valid).toBe(true);
  });
});
