import * as ExcelJS from 'exceljs';
import { FixedClock } from '../../src/common/clock/clock';
import { categoryId } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertFirm, signedIn, unique } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/** User text that looks like syntax: LIKE wildcards in searches, formulas in spreadsheet exports. */
const ZIGONG = '510300';
const ZILIUJING = '510302';

function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
const parseBinary = binary as unknown as (res: unknown, done: (err: Error | null, body: unknown) => void) => void;

describe('hostile text: LIKE wildcards and spreadsheet formulas (e2e)', () => {
  let ctx: TestContext;
  let supervisor: { bearer: string };
  // Without underscores of its own, so only the titles' underscores can match `_`.
  const token = unique('文本').replace(/_/g, '-');
  const titles = { percent: `${token} 完成 100% 了`, underscore: `${token} a_b`, plain: `${token} ab 普通`, formula: `=HYPERLINK("http://evil.example","${token}")` };
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-16T04:00:00Z')) });
    supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: ZIGONG });
    const officer = await signedIn(ctx, { role: 'officer', regionCode: ZILIUJING });
    const firm = await insertFirm(ctx.db, { regionCode: ZILIUJING, officerId: officer.id, name: `@SUM(1+1)${token}` });
    const labour = await categoryId(ctx.db, 'labour');
    for (const [key, title] of Object.entries(titles)) {
      ids[key] = await insertAppealRow(ctx.db, {
        enterpriseId: firm.id,
        regionCode: ZILIUJING,
        submittedBy: officer.id,
        categoryId: labour,
        columns: { title, officer_id: officer.id, submitted_at: new Date('2026-11-10T02:00:00Z') },
      });
    }
  });
  afterAll(() => ctx.close());

  const search = async (q: string) => {
    const response = await ctx.http().get(`/api/appeals?q=${encodeURIComponent(q)}&pageSize=200`).set('Authorization', supervisor.bearer).expect(200);
    return (response.body.items as Array<{ id: number }>).map((a) => a.id).filter((id) => Object.values(ids).includes(id)).sort((a, b) => a - b);
  };

  it('matches % and _ literally in the appeal search', async () => {
    expect(await search('%')).toEqual([ids.percent]);
    expect(await search('_')).toEqual([ids.underscore]);
    expect(await search(`${token} a_b`)).toEqual([ids.underscore]);
    expect(await search(token)).toEqual(Object.values(ids).sort((a, b) => a - b));
  });

  it('writes text a spreadsheet would run as a formula behind a quote in the ledger export', async () => {
    const response = await ctx
      .http()
      .get(`/api/supervision/exports/ledger.xlsx?q=${encodeURIComponent('HYPERLINK')}&submittedFrom=2026-11-01&submittedTo=2026-11-30`)
      .set('Authorization', supervisor.bearer)
      .buffer(true)
      .parse(parseBinary)
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const [, ...data] = rows;
    expect(data).toHaveLength(1);
    expect(data[0][1]).toBe(`'@SUM(1+1)${token}`);
    expect(data[0][5]).toBe(`'${titles.formula}`);
    // No cell of the sheet is a formula, and no text starts with a formula character.
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+\-@\t\r]/);
      }),
    );
  });
});
