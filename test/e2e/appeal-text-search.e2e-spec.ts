import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { createTestApp, type TestContext } from '../helpers/test-app';

/**
 * Segmented full-text search over titles and descriptions (#16): the list search goes through the
 * FULLTEXT index of appeal_texts, written in the submission's transaction. Two-character Chinese
 * words are found (InnoDB's minimum term length is 3), Traditional and full-width queries find
 * Simplified, half-width texts, every word of a query must match, and numbers still match exactly.
 */
describe('appeal full-text search (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  const ids: number[] = [];
  const numbers: string[] = [];

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-18T02:00:00Z')) });
    cast = await appealCast(ctx, '510117');
    const energy = await categoryId(ctx.db, 'energy_power');
    for (const [title, description] of [
      ['厂区频繁停电影响生产', '本月以来厂区频繁停电，三条生产线停工，请供电部门排查线路。'],
      ['普工缺口约１２０人', '节后返岗率低，普工招聘困难，希望人社部门对接劳务输出地。'],
      ['流动资金贷款即将到期', '希望协调银行办理续贷，避免资金链断裂。'],
    ]) {
      const { body } = await ctx
        .http()
        .post('/api/appeals')
        .set('Authorization', cast.enterprise.bearer)
        .send({ categoryId: energy, kind: 'help', title, description })
        .expect(201);
      ids.push(body.id);
      numbers.push(body.number);
    }
  });
  afterAll(() => ctx.close());

  const search = async (q: string) =>
    ((await ctx.http().get(`/api/appeals?pageSize=100&q=${encodeURIComponent(q)}`).set('Authorization', cast.enterprise.bearer).expect(200)).body
      .items as Array<{ id: number }>)
      .map((item) => item.id)
      .sort((a, b) => a - b);

  it('stores the segmented text with the appeal, as FULLTEXT terms', async () => {
    const rows: Array<{ n: number }> = await ctx.db.query('SELECT COUNT(*) AS n FROM appeal_texts WHERE appeal_id IN (?)', [ids]);
    expect(Number(rows[0].n)).toBe(3);
    const bands: Array<{ n: number }> = await ctx.db.query('SELECT COUNT(*) AS n FROM appeal_text_bands WHERE appeal_id = ?', [ids[0]]);
    expect(Number(bands[0].n)).toBe(32);
  });

  it('finds two-character words, which InnoDB would otherwise not index', async () => {
    expect(await search('停电')).toEqual([ids[0]]);
    expect(await search('续贷')).toEqual([ids[2]]);
  });

  it('finds Simplified texts by Traditional words and full-width digits by half-width ones', async () => {
    expect(await search('停電')).toEqual([ids[0]]);
    expect(await search('120')).toEqual([ids[1]]);
    expect(await search('１２０')).toEqual([ids[1]]);
  });

  it('needs every word of a query', async () => {
    expect(await search('停电 线路')).toEqual([ids[0]]);
    expect(await search('停电 续贷')).toEqual([]);
    expect(await search('频繁停电')).toEqual([ids[0]]);
  });

  it('still matches the appeal number exactly', async () => {
    expect(await search(numbers[1])).toEqual([ids[1]]);
  });
});
