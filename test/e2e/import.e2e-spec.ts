import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCreditCode } from '../../src/enterprises/domain/credit-code';
import { signedIn } from '../helpers/factories';
import { createTestApp, TestContext, testPasswordHash } from '../helpers/test-app';
import { deflatedRepeat, zipOf } from '../helpers/zip-archive';

const FIXTURES = join(__dirname, '..', 'fixtures');
const CSV = readFileSync(join(FIXTURES, 'enterprises-import.csv'));
const XLSX = readFileSync(join(FIXTURES, 'enterprises-import.xlsx'));

/** The good rows of the CSV fixture, by the row number a spreadsheet shows (title row 1, headings row 2). */
const CSV_GOOD = {
  3: generateCreditCode('510802', 7_000_001),
  4: generateCreditCode('510811', 7_000_002),
  12: generateCreditCode('510800', 7_000_009),
  14: generateCreditCode('510812', 7_000_010),
};
const CSV_BAD_CODES = [5, 6, 7, 8, 9, 10, 11, 12].map((n) => generateCreditCode('510802', 7_000_000 + n));

type Bearer = { id: number; bearer: string };

describe('enterprise import: CSV and XLSX, validated row by row (e2e)', () => {
  let ctx: TestContext;
  let admin: Bearer;
  let gyOfficerId: number;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    // The accounts the fixtures name in their 专员账号 column.
    const hash = await testPasswordHash();
    for (const [username, role, region] of [
      ['gy_officer_fixture', 'officer', '510800'],
      ['gy_supervisor_fixture', 'supervisor', '510800'],
      ['my_officer_fixture', 'officer', '510700'],
    ]) {
      await ctx.db.query('INSERT INTO users (username, password_hash, display_name, role, region_code) VALUES (?, ?, ?, ?, ?)', [
        username,
        hash,
        username,
        role,
        region,
      ]);
    }
    [{ id: gyOfficerId }] = await ctx.db.query("SELECT id FROM users WHERE username = 'gy_officer_fixture'");
  });
  afterAll(() => ctx.close());

  const upload = (as: Bearer, query: string, content: Buffer, filename: string, contentType = 'text/csv') =>
    ctx.http().post(`/api/enterprises/import?${query}`).set('Authorization', as.bearer).attach('file', content, { filename, contentType });
  const firmsWithCodes = async (codes: string[]) =>
    ctx.db.query(
      `SELECT e.credit_code, e.name, e.region_code, e.industry, e.scale, e.tags, e.park, e.contact_person, e.contact_phone, e.address,
              e.officer_id, e.version
         FROM enterprises e WHERE e.credit_code IN (?) ORDER BY e.credit_code`,
      [codes],
    );

  describe('the CSV fixture (good and bad rows)', () => {
    const expectedErrors = [
      { row: 5, field: 'creditCode', column: '统一社会信用代码', message: expect.stringContaining('check character is wrong') },
      { row: 6, field: 'regionCode', column: '行政区划代码', message: 'Unknown region code 519999', value: '519999' },
      { row: 7, field: 'creditCode', column: '统一社会信用代码', message: 'Duplicate credit code: already on row 3', value: CSV_GOOD[3] },
      { row: 8, field: 'industry', column: '行业', message: expect.stringContaining('Unknown industry "纺织"'), value: '纺织' },
      { row: 8, field: 'scale', column: '规模', message: 'Unknown scale "大型"; use 规上 or 规下', value: '大型' },
      { row: 9, field: 'name', column: '企业名称', message: 'Enterprise name is required' },
      {
        row: 10,
        field: 'officerUsername',
        column: '专员账号',
        message: 'Officer my_officer_fixture belongs to region 510700, which does not cover region 510802',
        value: 'my_officer_fixture',
      },
      {
        row: 11,
        field: 'officerUsername',
        column: '专员账号',
        message: 'User gy_supervisor_fixture is not a liaison officer (role supervisor)',
        value: 'gy_supervisor_fixture',
      },
      { row: 15, field: 'contactPhone', column: '联系电话', message: expect.stringContaining('Contact phone'), value: 'abc' },
      {
        row: 16,
        field: 'regionCode',
        column: '行政区划代码',
        message: 'An enterprise belongs to a city or county, not to the province',
        value: '510000',
      },
    ];

    it('dry run: reports every bad row with its spreadsheet row number and writes nothing', async () => {
      const response = await upload(admin, 'dryRun=true', CSV, 'enterprises-import.csv').expect(200);
      expect(response.body).toMatchObject({
        format: 'csv',
        fileName: 'enterprises-import.csv',
        dryRun: true,
        mode: 'all-or-nothing',
        imported: false,
        totalRows: 13,
        validRows: 4,
        invalidRows: 9,
        created: 4,
        updated: 0,
        unchanged: 0,
        officersAssigned: 2,
        ignoredColumns: [],
      });
      expect(response.body.errors).toEqual(expectedErrors.map((e) => expect.objectContaining(e)));
      expect(await firmsWithCodes(Object.values(CSV_GOOD))).toEqual([]);
    });

    it('all-or-nothing: one bad row stops the whole file with 422 and the per-row details', async () => {
      const response = await upload(admin, 'mode=all-or-nothing', CSV, 'enterprises-import.csv').expect(422);
      expect(response.body).toMatchObject({
        code: 'UNPROCESSABLE',
        message: '9 of 13 rows have errors; nothing was imported (fix them, or import with mode=valid-only)',
        context: { totalRows: 13, validRows: 4, invalidRows: 9 },
      });
      expect(response.body.details).toHaveLength(expectedErrors.length);
      expect(response.body.details[0]).toEqual({
        row: 5,
        field: 'creditCode',
        message: expect.stringContaining('check character is wrong'),
      });
      expect(await firmsWithCodes(Object.values(CSV_GOOD))).toEqual([]);
    });

    it('valid-only: imports the good rows (with officers) and reports the bad ones', async () => {
      const response = await upload(admin, 'mode=valid-only', CSV, 'enterprises-import.csv').expect(200);
      expect(response.body).toMatchObject({ imported: true, created: 4, updated: 0, validRows: 4, invalidRows: 9, officersAssigned: 2 });
      expect(response.body.errors).toHaveLength(expectedErrors.length);
      console.log(`CSV fixture imported in ${response.body.durationMs} ms`);

      const stored = await firmsWithCodes(Object.values(CSV_GOOD));
      expect(stored).toEqual(
        expect.arrayContaining([
          {
            credit_code: CSV_GOOD[3],
            name: '广元利州电子科技有限公司',
            region_code: '510802',
            industry: 'electronic_information',
            scale: 'above',
            tags: 'specialized,whitelist',
            park: '广元经济技术开发区',
            contact_person: '张经理',
            contact_phone: '0839-3301234',
            address: '利州区工业园1号',
            officer_id: gyOfficerId,
            version: 2,
          },
          expect.objectContaining({
            credit_code: CSV_GOOD[4],
            industry: 'equipment_manufacturing',
            scale: 'below',
            tags: '',
            officer_id: null,
            version: 1,
          }),
          expect.objectContaining({
            credit_code: CSV_GOOD[12],
            region_code: '510800',
            industry: 'food_beverage',
            tags: 'nurture',
            officer_id: gyOfficerId,
          }),
          expect.objectContaining({
            credit_code: CSV_GOOD[14],
            name: '广元朝天新材料有限公司',
            industry: 'advanced_materials',
            scale: 'above',
          }),
        ]),
      );
      expect(stored).toHaveLength(4);
      expect(await firmsWithCodes(CSV_BAD_CODES)).toEqual([]);
      const assignments = await ctx.db.query(
        `SELECT a.officer_id, a.reason, a.assigned_by FROM officer_assignments a JOIN enterprises e ON e.id = a.enterprise_id
          WHERE e.credit_code IN (?) AND a.ended_at IS NULL`,
        [[CSV_GOOD[3], CSV_GOOD[12]]],
      );
      expect(assignments).toEqual([
        { officer_id: gyOfficerId, reason: 'imported from enterprises-import.csv', assigned_by: admin.id },
        { officer_id: gyOfficerId, reason: 'imported from enterprises-import.csv', assigned_by: admin.id },
      ]);
    });

    it('re-importing the same file updates nothing and duplicates nothing', async () => {
      const response = await upload(admin, 'mode=valid-only', CSV, 'enterprises-import.csv').expect(200);
      expect(response.body).toMatchObject({ created: 0, updated: 0, unchanged: 4, officersAssigned: 0, imported: false });
      expect(await firmsWithCodes(Object.values(CSV_GOOD))).toHaveLength(4);
    });

    it('re-importing changed rows updates them, keyed by credit code; empty cells keep stored values', async () => {
      const csv =
        'credit_code,name,region_code,industry,scale,contact_phone,备注\n' +
        `${CSV_GOOD[3]},广元利州电子科技股份有限公司,510802,electronic_information,above,,改制\n` +
        `${CSV_GOOD[4].toLowerCase()},广元昭化机械制造有限公司,510811,equipment_manufacturing,above,0839-1234567,规上了\n`;
      const response = await upload(admin, '', Buffer.from(csv), 'changes.csv').expect(200);
      expect(response.body).toMatchObject({ created: 0, updated: 2, unchanged: 0, ignoredColumns: ['备注'], errors: [] });
      const [first, second] = await firmsWithCodes([CSV_GOOD[3], CSV_GOOD[4]]).then((rows) =>
        [CSV_GOOD[3], CSV_GOOD[4]].map((c) => rows.find((r: { credit_code: string }) => r.credit_code === c)),
      );
      expect(first).toMatchObject({
        name: '广元利州电子科技股份有限公司',
        contact_phone: '0839-3301234',
        tags: 'specialized,whitelist',
        park: '广元经济技术开发区',
        officer_id: gyOfficerId,
        version: 3,
      });
      expect(second).toMatchObject({ scale: 'above', contact_phone: '0839-1234567', version: 2 });
    });
  });

  describe('the XLSX fixture', () => {
    it('reads cells as Excel stores them and reports rows by their sheet row number', async () => {
      const dry = await upload(
        admin,
        'dryRun=true',
        XLSX,
        'enterprises-import.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ).expect(200);
      expect(dry.body).toMatchObject({ format: 'xlsx', totalRows: 5, validRows: 2, invalidRows: 3, created: 2, officersAssigned: 1 });
      expect(dry.body.errors).toEqual([
        expect.objectContaining({ row: 3, field: 'creditCode', message: expect.stringContaining('stored as a number') }),
        expect.objectContaining({ row: 5, field: 'tags', message: expect.stringContaining('Unknown tag "独角兽"') }),
        expect.objectContaining({ row: 7, field: 'creditCode', message: expect.stringContaining('check character is wrong') }),
      ]);

      await upload(admin, 'mode=valid-only', XLSX, 'enterprises-import.xlsx', 'application/octet-stream').expect(200);
      const stored = await firmsWithCodes([generateCreditCode('510821', 7_100_001), generateCreditCode('510822', 7_100_003)]);
      expect(stored).toEqual([
        expect.objectContaining({
          name: '旺苍能源化工有限公司',
          region_code: '510821',
          industry: 'energy_chemicals',
          tags: 'large_group',
          officer_id: null,
        }),
        expect.objectContaining({ name: '青川食品有限公司', region_code: '510822', scale: 'below', officer_id: gyOfficerId }),
      ]);
    });
  });

  describe('encodings and headings', () => {
    it('reads a CSV saved by Excel on Chinese Windows (GB18030)', async () => {
      const code = generateCreditCode('510823', 7_200_001);
      const gbk = Buffer.concat([
        Buffer.from('cdb3d2bbc9e7bbe1d0c5d3c3b4fac2eb2cc6f3d2b5c3fbb3c62cd0d0d5fec7f8bbaeb4fac2eb2cd0d0d2b52cb9e6c4a30d0a', 'hex'), // 统一社会信用代码,企业名称,行政区划代码,行业,规模
        Buffer.from(`${code},`),
        Buffer.from('b9e3d4aab9fab1eab1e0c2ebb2e2cad4d3d0cfdeb9abcbbe', 'hex'), // 广元国标编码测试有限公司
        Buffer.from(',510823,other,below\r\n'),
      ]);
      await upload(admin, '', gbk, 'gbk.csv').expect(200);
      const [firm] = await firmsWithCodes([code]);
      expect(firm).toMatchObject({ name: '广元国标编码测试有限公司', scale: 'below' });
    });

    it('refuses a heading row without the required columns, naming them', async () => {
      const response = await upload(admin, '', Buffer.from('统一社会信用代码,企业名称\n91440300708461136T,腾讯\n'), 'short.csv').expect(
        400,
      );
      expect(response.body.details).toEqual([
        { row: 1, field: 'regionCode', message: 'missing column 行政区划代码' },
        { row: 1, field: 'industry', message: 'missing column 行业' },
        { row: 1, field: 'scale', message: 'missing column 规模' },
      ]);
      const noHeading = await upload(admin, '', Buffer.from('a,b,c\n1,2,3\n'), 'nothing.csv').expect(400);
      expect(noHeading.body.message).toContain('No heading row found');
    });
  });

  describe('bad files', () => {
    it('refuses a file that is neither CSV nor XLSX with 415', async () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      const image = await upload(admin, '', png, 'logo.png', 'image/png').expect(415);
      expect(image.body).toMatchObject({
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: expect.stringContaining('Only CSV and XLSX files can be imported'),
      });
      const pdf = await upload(admin, '', Buffer.from('%PDF-1.7\n%\xe2\xe3\n'), 'list.pdf', 'application/pdf').expect(415);
      expect(pdf.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const xls = await upload(
        admin,
        '',
        Buffer.from('d0cf11e0a1b11ae10000000000000000', 'hex'),
        'old.xls',
        'application/vnd.ms-excel',
      ).expect(415);
      expect(xls.body.message).toContain('save the sheet as .xlsx');
      const fakeXlsx = await upload(admin, '', Buffer.from('not a workbook'), 'fake.xlsx', 'application/octet-stream').expect(415);
      expect(fakeXlsx.body.message).toBe('fake.xlsx is not a valid XLSX workbook');
      const brokenZip = await upload(admin, '', Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.alloc(64)]), 'broken.xlsx').expect(
        415,
      );
      expect(brokenZip.body.message).toBe('broken.xlsx is not a readable XLSX workbook');
    });

    it('refuses a request that is not a multipart upload with 415, and one without a file with 400', async () => {
      const json = await ctx.http().post('/api/enterprises/import').set('Authorization', admin.bearer).send({ rows: [] }).expect(415);
      expect(json.body.message).toContain('multipart/form-data');
      const noFile = await ctx
        .http()
        .post('/api/enterprises/import')
        .set('Authorization', admin.bearer)
        .field('mode', 'valid-only')
        .expect(400);
      expect(noFile.body.message).toContain('No file was sent');
    });

    it('refuses an empty file and a file with headings only with 400', async () => {
      const empty = await upload(admin, '', Buffer.alloc(0), 'empty.csv').expect(400);
      expect(empty.body).toMatchObject({ code: 'BAD_REQUEST', message: 'The file is empty' });
      const headingsOnly = await upload(
        admin,
        '',
        Buffer.from('统一社会信用代码,企业名称,行政区划代码,行业,规模\n\n'),
        'headings.csv',
      ).expect(400);
      expect(headingsOnly.body.message).toBe('The file has a heading row but no data rows');
    });

    it('refuses a 50 MB file with 413 and a JSON body', async () => {
      const big = Buffer.alloc(50 * 1024 * 1024, 'a');
      const response = await upload(admin, '', big, 'big.csv').expect(413);
      expect(response.body).toMatchObject({
        statusCode: 413,
        code: 'PAYLOAD_TOO_LARGE',
        message: expect.stringContaining('larger than the import limit'),
      });
    });

    it('rejects unknown options', async () => {
      await upload(admin, 'mode=some', CSV, 'enterprises-import.csv').expect(400);
    });
  });

  describe('who may import', () => {
    it('leaves importing to admins and supervisors, each within their reach', async () => {
      const officer = await signedIn(ctx, { role: 'officer', regionCode: '510800' });
      await upload(officer, 'dryRun=true', CSV, 'enterprises-import.csv').expect(403);
      const chengdu = await signedIn(ctx, { role: 'supervisor', regionCode: '510100' });
      const response = await upload(chengdu, 'dryRun=true', CSV, 'enterprises-import.csv').expect(200);
      expect(response.body.validRows).toBe(0);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 3, field: 'creditCode', message: 'This credit code belongs to an enterprise outside your reach' }),
          expect.objectContaining({ row: 3, field: 'regionCode', message: 'Region 510802 (利州区) is outside your reach' }),
          expect.objectContaining({ row: 3, field: 'officerUsername', message: 'Unknown officer account gy_officer_fixture' }),
        ]),
      );
    });
  });

  describe('volume', () => {
    const COUNTIES = ['513401', '513402', '513422', '513423', '513424', '513426', '513427', '513428'];
    const rows = (n: number, suffix = '') =>
      Array.from({ length: n }, (_, i) => {
        const region = COUNTIES[i % COUNTIES.length];
        return [
          generateCreditCode(region, 8_000_000 + i),
          `凉山测试企业${i}${suffix}`,
          region,
          '装备制造',
          i % 3 ? '规上' : '规下',
          i % 10 ? '' : '白名单',
          '',
          `联系人${i}`,
          '',
          '',
        ];
      });
    const headings = ['统一社会信用代码', '企业名称', '行政区划代码', '行业', '规模', '标签', '园区', '联系人', '联系电话', '地址'];

    it('imports 16,000 rows from CSV in well under a minute, and re-imports them as updates', async () => {
      const csv = Buffer.from([headings, ...rows(16_000)].map((r) => r.join(',')).join('\n'));
      let started = Date.now();
      const first = await upload(admin, '', csv, 'liangshan.csv').expect(200);
      const firstMs = Date.now() - started;
      expect(first.body).toMatchObject({ totalRows: 16_000, created: 16_000, invalidRows: 0 });

      const changed = Buffer.from([headings, ...rows(16_000, '（更名）')].map((r) => r.join(',')).join('\n'));
      started = Date.now();
      const second = await upload(admin, '', changed, 'liangshan.csv').expect(200);
      const secondMs = Date.now() - started;
      expect(second.body).toMatchObject({ created: 0, updated: 16_000 });
      const [count] = await ctx.db.query(
        "SELECT COUNT(*) AS n FROM enterprises WHERE region_code LIKE '5134%' AND name LIKE '凉山测试企业%'",
      );
      expect(Number(count.n)).toBe(16_000);
      console.log(
        `16,000-row CSV: create ${firstMs} ms (server ${first.body.durationMs} ms), update ${secondMs} ms (server ${second.body.durationMs} ms)`,
      );
    });

    it('imports 16,000 rows from XLSX', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('企业');
      sheet.addRow(headings);
      for (const row of rows(16_000, '（表格）')) sheet.addRow(row);
      const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
      const started = Date.now();
      const response = await upload(
        admin,
        'mode=valid-only',
        buffer,
        'liangshan.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ).expect(200);
      const ms = Date.now() - started;
      expect(response.body).toMatchObject({ format: 'xlsx', totalRows: 16_000, updated: 16_000, invalidRows: 0 });
      console.log(`16,000-row XLSX (${(buffer.length / 1024).toFixed(0)} KiB): ${ms} ms (server ${response.body.durationMs} ms)`);
    });
  });
});

describe('enterprise import: a zip bomb (e2e)', () => {
  let ctx: TestContext;
  let admin: Bearer;

  beforeAll(async () => {
    ctx = await createTestApp();
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
  });
  afterAll(() => ctx.close());

  it('refuses a small XLSX that would inflate to 300 MB with 413, before unpacking it', async () => {
    // About 300 KB on the wire; the sheet claims to be 2 KB.
    const sheet = await deflatedRepeat(300 * 1024 * 1024);
    const bomb = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<Types/>'), method: 0, declaredSize: 8 },
      { name: 'xl/worksheets/sheet1.xml', data: sheet, method: 8, declaredSize: 2048 },
    ]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const response = await ctx
      .http()
      .post('/api/enterprises/import')
      .set('Authorization', admin.bearer)
      .attach('file', bomb, { filename: 'firms.xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
      .expect(413);
    expect(response.body).toMatchObject({
      statusCode: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringContaining('The workbook is too large once unpacked'),
      details: [{ field: 'file', message: `at most ${100 * 1024 * 1024} bytes unpacked` }],
    });
  });
});
