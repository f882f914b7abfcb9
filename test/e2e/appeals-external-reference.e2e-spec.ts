import { appealCast, categoryId, insertEnterprise } from '../helpers/appeal-fixtures';
import { createTestApp, TestContext } from '../helpers/test-app';
import { unique } from '../helpers/factories';

describe('appeals with another system’s reference (source + externalId) (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let power: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    cast = await appealCast(ctx, '510108');
    power = await categoryId(ctx.db, 'energy_power');
  });
  afterAll(() => ctx.close());

  const body = (extra: Record<string, unknown>) => ({
    enterpriseId: cast.firmId,
    categoryId: power,
    kind: 'help',
    title: '12345热线转办：用电报装',
    description: '企业通过12345热线反映用电报装进度缓慢。',
    channel: 'hotline',
    ...extra,
  });
  const submit = (extra: Record<string, unknown>, bearer = cast.officer.bearer) =>
    ctx.http().post('/api/appeals').set('Authorization', bearer).send(body(extra));
  const countWith = async (source: string, externalId: string) =>
    Number(
      (await ctx.db.query('SELECT COUNT(*) AS n FROM appeals WHERE external_source = ? AND external_id = ?', [source, externalId]))[0].n,
    );

  it('stores the reference, answers the first appeal for the same reference again, and reads it by reference', async () => {
    const externalId = unique('GD');
    const first = await submit({ source: '12345-sichuan', externalId }).expect(201);
    expect(first.body.externalReference).toEqual({ source: '12345-sichuan', externalId });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await submit({ source: '12345-sichuan', externalId, title: '重复推送的同一工单' }).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await countWith('12345-sichuan', externalId)).toBe(1);

    const read = await ctx
      .http()
      .get('/api/appeals/by-reference')
      .query({ source: '12345-sichuan', externalId })
      .set('Authorization', cast.supervisor.bearer)
      .expect(200);
    expect(read.body).toMatchObject({ id: first.body.id, externalReference: { source: '12345-sichuan', externalId } });
    expect(read.headers.etag).toBe(`"${read.body.version}"`);
  });

  it('keeps references apart per source', async () => {
    const externalId = unique('GD');
    const a = await submit({ source: '12345-sichuan', externalId }).expect(201);
    const b = await submit({ source: 'chengdu-city-platform', externalId }).expect(201);
    expect(a.body.id).not.toBe(b.body.id);
  });

  it('submits the same reference at once only once', async () => {
    const externalId = unique('GD');
    const responses = await Promise.all([1, 2, 3].map(() => submit({ source: '12345-sichuan', externalId })));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    expect(await countWith('12345-sichuan', externalId)).toBe(1);
  });

  it('refuses a reference already used for another firm’s appeal, writing nothing', async () => {
    const externalId = unique('GD');
    await submit({ source: '12345-sichuan', externalId }).expect(201);
    const otherFirm = await insertEnterprise(ctx.db, { regionCode: cast.county, officerId: cast.officer.id });
    const [{ n: before }] = await ctx.db.query('SELECT COUNT(*) AS n FROM appeals');
    const clash = await submit({ source: '12345-sichuan', externalId, enterpriseId: otherFirm }).expect(409);
    expect(clash.body).toMatchObject({ code: 'CONFLICT', context: { source: '12345-sichuan', externalId } });
    const [{ n: after }] = await ctx.db.query('SELECT COUNT(*) AS n FROM appeals');
    expect(Number(after)).toBe(Number(before));
  });

  it('refuses half a reference and malformed ones with 400', async () => {
    const half = await submit({ source: '12345-sichuan' }).expect(400);
    expect(half.body.details).toEqual([{ field: 'externalId', message: 'required with the other' }]);
    const badSource = await submit({ source: 'Not A Source', externalId: 'x1' }).expect(400);
    expect(badSource.body.details[0].field).toBe('source');
    const badId = await submit({ source: '12345-sichuan', externalId: 'has space' }).expect(400);
    expect(badId.body.details[0].field).toBe('externalId');
    await ctx
      .http()
      .get('/api/appeals/by-reference')
      .query({ source: '12345-sichuan' })
      .set('Authorization', cast.supervisor.bearer)
      .expect(400);
  });

  it('answers 404 for an unknown reference and for one outside the reader’s reach', async () => {
    const externalId = unique('GD');
    await submit({ source: '12345-sichuan', externalId }).expect(201);
    const elsewhere = await appealCast(ctx, '510107');
    const outside = await ctx
      .http()
      .get('/api/appeals/by-reference')
      .query({ source: '12345-sichuan', externalId })
      .set('Authorization', elsewhere.officer.bearer)
      .expect(404);
    expect(outside.body.message).toContain(`12345-sichuan/${externalId}`);
    expect(outside.body.message).not.toMatch(/Appeal \d+/);
    await ctx
      .http()
      .get('/api/appeals/by-reference')
      .query({ source: '12345-sichuan', externalId: 'never-sent' })
      .set('Authorization', cast.supervisor.bearer)
      .expect(404);
  });
});
