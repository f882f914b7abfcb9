import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId, insertEnterprise } from '../helpers/appeal-fixtures';
import { insertUser, login } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { downloadSheet } from '../helpers/xlsx-download';

/**
 * Duplicates (重复, #16) through HTTP: the firm raised the same problem twice; its officer closes
 * the second as a duplicate of the first. The firm is told and sees where its problem is handled;
 * the metrics count the duplicate apart — not due for response, not closed, not in handling time,
 * never solved or rated. Whatever is refused changes nothing.
 */
describe('duplicate appeals (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let energy: number;
  const ids: Record<string, number> = {};
  const clock = new FixedClock(new Date('2026-06-10T02:00:00Z'));

  const submit = async (bearer: string, title: string, enterpriseId?: number) =>
    Number(
      (
        await ctx
          .http()
          .post('/api/appeals')
          .set('Authorization', bearer)
          .send({ categoryId: energy, kind: 'help', title, description: '园区二期厂房的用电报装申请提交两个月仍未批复。', enterpriseId })
          .expect(201)
      ).body.id,
    );
  const read = (bearer: string, id: number) => ctx.http().get(`/api/appeals/${id}`).set('Authorization', bearer);
  /** Posts with the appeal's current ETag and expects `status`. */
  const markDuplicate = async (bearer: string, id: number, body: Record<string, unknown>, status: number) => {
    const current = await read(cast.officer.bearer, id).expect(200);
    return ctx
      .http()
      .post(`/api/appeals/${id}/duplicate`)
      .set('Authorization', bearer)
      .set('If-Match', current.headers.etag as string)
      .send(body)
      .expect(status);
  };
  const metrics = () =>
    ctx
      .http()
      .get('/api/supervision/metrics')
      .query({ period: 'month', key: '2026-06', regionCode: cast.county, groupBy: 'region' })
      .set('Authorization', cast.supervisor.bearer)
      .expect(200);

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '510121');
    energy = await categoryId(ctx.db, 'energy_power');
    ids.original = await submit(cast.enterprise.bearer, '二期厂房用电报装迟迟未批');
    ids.again = await submit(cast.enterprise.bearer, '再次反映：二期厂房用电报装未批');
    ids.third = await submit(cast.enterprise.bearer, '第三次反映用电报装');
    // Another firm of the same officer: its appeals are no original for this firm's.
    const otherFirm = await insertEnterprise(ctx.db, { regionCode: cast.county, officerId: cast.officer.id });
    ids.otherFirms = await submit(cast.officer.bearer, '另一家企业的用电报装', otherFirm);
    // Beyond the officer's sight: a firm of another county and its own officer.
    const stranger = await insertUser(ctx.db, { role: 'officer', regionCode: '510131' });
    const strangerFirm = await insertEnterprise(ctx.db, { regionCode: '510131', officerId: stranger.id });
    ids.unseen = await submit(`Bearer ${await login(ctx, stranger)}`, '蒲江企业的用电报装', strangerFirm);
  });
  afterAll(() => ctx.close());

  it('refuses what is no original for this firm’s appeal, naming the field, and changes nothing', async () => {
    const cases: Array<[number | string, RegExp]> = [
      [ids.otherFirms, /belongs to another firm/],
      [ids.unseen, /not found among the appeals you can see/],
      [ids.again, /cannot be a duplicate of itself/],
    ];
    for (const [originalAppealId, message] of cases) {
      const res = await markDuplicate(cast.officer.bearer, ids.again, { originalAppealId }, 400);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'originalAppealId', message: expect.stringMatching(message) })]);
    }
    const missing = await markDuplicate(cast.officer.bearer, ids.again, {}, 400);
    expect(JSON.stringify(missing.body.details)).toContain('originalAppealId');
    await markDuplicate(cast.enterprise.bearer, ids.again, { originalAppealId: ids.original }, 403);
    await markDuplicate(cast.handlerA.bearer, ids.again, { originalAppealId: ids.original }, 404);
    const unchanged = await read(cast.officer.bearer, ids.again).expect(200);
    expect(unchanged.body).toMatchObject({ status: 'submitted', version: 1, duplicateOf: null });
  });

  it('closes the second appeal as a duplicate of the first, with the link and an event, and tells the firm', async () => {
    const res = await markDuplicate(
      cast.officer.bearer,
      ids.again,
      { originalAppealId: ids.original, note: '与 6 月 10 日诉求为同一问题' },
      200,
    );
    const [{ number }] = await ctx.db.query('SELECT number FROM appeals WHERE id = ?', [ids.original]);
    expect(res.body).toMatchObject({
      status: 'closed',
      duplicateOf: { id: ids.original, number },
      closureType: null,
      allowedActions: ['comment'],
    });
    expect(res.body.verification).toMatchObject({ solved: null, satisfaction: null });

    const seenByFirm = await read(cast.enterprise.bearer, ids.again).expect(200);
    expect(seenByFirm.body.duplicateOf).toEqual({ id: ids.original, number });
    expect(seenByFirm.body.timeline.at(-1)).toMatchObject({ action: 'mark_duplicate', fromStatus: 'submitted', toStatus: 'closed' });
    const inbox = await ctx.http().get('/api/notifications').set('Authorization', cast.enterprise.bearer).expect(200);
    expect(inbox.body.items.map((n: { title: string }) => n.title)).toContainEqual(expect.stringContaining('已合并至原诉求办理'));

    // A later duplicate links to the original, never to another duplicate.
    const chained = await markDuplicate(cast.officer.bearer, ids.third, { originalAppealId: ids.again }, 400);
    expect(chained.body.details[0]).toMatchObject({ field: 'originalAppealId', message: expect.stringContaining('link to that one') });
    // Done once: a closed appeal cannot be marked again.
    await markDuplicate(cast.officer.bearer, ids.again, { originalAppealId: ids.original }, 409);
  });

  it('counts the duplicate apart in the month’s figures: no response due, not closed, not solved or rated', async () => {
    // Ten days on, the response deadlines (a day after submission) have passed.
    clock.set(new Date('2026-06-20T02:00:00Z'));
    const before = (await metrics()).body.total;
    expect(before.duplicates).toBe(1);
    expect(before.metrics.closedCount).toBe(0);
    expect(before.metrics.avgHandlingDays.count).toBe(0);
    expect(before.metrics.satisfactionRate.denominator).toBe(0);
    expect(before.metrics.solutionRate.denominator).toBe(0);

    // The supervisor marks the third one too, from accepted: two duplicates, the original still counted as it was.
    const accepted = await read(cast.officer.bearer, ids.third).expect(200);
    await ctx
      .http()
      .post(`/api/appeals/${ids.third}/accept`)
      .set('Authorization', cast.officer.bearer)
      .set('If-Match', accepted.headers.etag as string)
      .send({})
      .expect(200);
    await markDuplicate(cast.supervisor.bearer, ids.third, { originalAppealId: ids.original }, 200);
    clock.set(new Date('2026-06-20T03:00:00Z'));
    const after = (await metrics()).body.total;
    expect(after.duplicates).toBe(2);
    expect(after.metrics.openCount).toBe(before.metrics.openCount - 1);
    expect(after.metrics.closedCount).toBe(0);
    // Nobody had to sign for a duplicate: it leaves the response rate's denominator as it closes.
    expect(before.metrics.responseRate.denominator).toBe(3);
    expect(after.metrics.responseRate.denominator).toBe(2);
  });

  it('says in the ledger export where a duplicate’s problem is handled', async () => {
    const [header, ...body] = await downloadSheet(
      ctx.http().get(`/api/supervision/exports/ledger.xlsx?regionCode=${cast.county}`).set('Authorization', cast.supervisor.bearer),
      '问题台账',
    );
    const rows = new Map(body.map((values) => [String(values[0]), values]));
    const [{ number: original }] = await ctx.db.query('SELECT number FROM appeals WHERE id = ?', [ids.original]);
    const [{ number: again }] = await ctx.db.query('SELECT number FROM appeals WHERE id = ?', [ids.again]);
    expect(rows.get(again)?.[header.indexOf('办结类型')]).toBe(`重复（并入 ${original}）`);
    expect(rows.get(original)?.[header.indexOf('办结类型')] ?? '').toBe('');
  });
});
