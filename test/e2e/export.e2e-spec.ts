import * as ExcelJS from 'exceljs';
import { FixedClock } from '../../src/common/clock/clock';
import { categoryId } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertDepartment, insertFirm, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const DAZHOU = '511700';
const TONGCHUAN = '511702'; // 通川区
const DACHUAN = '511703'; // 达川区
const GUANG_AN = '511602'; // 广安区, another city

const LEDGER_HEADERS = [
  '编号',
  '企业名称',
  '统一社会信用代码',
  '所属地区',
  '诉求类别',
  '诉求摘要',
  '主办单位',
  '协办单位',
  '联络专员',
  '提交时间',
  '受理时间',
  '办结时限',
  '办结时间',
  '状态',
  '办结类型',
  '是否解决',
  '满意度',
  '超期工作日',
  '督办等级',
];

/** supertest buffers binary bodies only when told how. */
function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
const parseBinary = binary as unknown as (res: unknown, done: (err: Error | null, body: unknown) => void) => void;

async function readWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

function rowsOf(sheet: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('supervision exports (e2e)', () => {
  let ctx: TestContext;
  let dazhouSupervisor: Awaited<ReturnType<typeof signedIn>>;
  let lead: number;
  let co: number;
  const numbers: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-04-10T02:00:00Z')) });
    const admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    dazhouSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: DAZHOU });
    const officer = await signedIn(ctx, { role: 'officer', regionCode: TONGCHUAN });
    lead = await insertDepartment(ctx.db, TONGCHUAN, '通川区经济和信息化局');
    co = await insertDepartment(ctx.db, TONGCHUAN, '通川区人力资源和社会保障局');
    const category = await categoryId(ctx.db, 'labour');
    const firm = await insertFirm(ctx.db, {
      regionCode: TONGCHUAN,
      name: '达州市某某机械制造有限公司',
      officerId: officer.id,
      assignedBy: admin.id,
    });
    const other = await insertFirm(ctx.db, { regionCode: DACHUAN });
    const outside = await insertFirm(ctx.db, { regionCode: GUANG_AN });
    const add = async (name: string, enterpriseId: number, regionCode: string, columns: Record<string, unknown>) => {
      const id = await insertAppealRow(ctx.db, {
        enterpriseId,
        regionCode,
        submittedBy: admin.id,
        categoryId: category,
        columns: { officer_id: officer.id, ...columns },
      });
      numbers[name] = ((await ctx.db.query('SELECT number FROM appeals WHERE id = ?', [id])) as Array<{ number: string }>)[0].number;
      return id;
    };
    // Closed two working days late: due Wed 18 March 17:30, answered Fri 20 March 17:30.
    const closed = await add('closed', firm.id, TONGCHUAN, {
      title: '招工难，急需熟练焊工',
      status: 'closed',
      lead_department_id: lead,
      urgency: 'urgent',
      submitted_at: new Date('2026-03-09T01:00:00Z'),
      accepted_at: new Date('2026-03-09T02:00:00Z'),
      resolution_due_at: new Date('2026-03-18T09:30:00Z'),
      resolved_at: new Date('2026-03-20T09:30:00Z'),
      closure_type: 'partly_resolved',
      solved: 'partly',
      satisfaction: 'basically_satisfied',
      closed_at: new Date('2026-03-23T02:00:00Z'),
      supervision_level: 'reminder',
    });
    await ctx.db.query('INSERT INTO appeal_co_departments (appeal_id, department_id) VALUES (?, ?)', [closed, co]);
    await add('open', other.id, DACHUAN, { title: '用工备案咨询', status: 'submitted', submitted_at: new Date('2026-04-01T01:00:00Z') });
    await add('outside', outside.id, GUANG_AN, {
      title: '广安的诉求',
      status: 'submitted',
      submitted_at: new Date('2026-04-01T01:00:00Z'),
    });
  });
  afterAll(() => ctx.close());

  it("streams the ledger of the caller's city with Chinese headers and labels", async () => {
    const response = await ctx
      .http()
      .get('/api/supervision/exports/ledger.xlsx')
      .set('Authorization', dazhouSupervisor.bearer)
      .buffer(true)
      .parse(parseBinary)
      .expect(200);
    expect(response.headers['content-type']).toContain('spreadsheetml');
    expect(response.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('问题台账.xlsx')}`);
    const sheet = (await readWorkbook(response.body as Buffer)).getWorksheet('问题台账');
    if (!sheet) throw new Error('no 问题台账 sheet');
    const [header, ...rows] = rowsOf(sheet);
    expect(header).toEqual(LEDGER_HEADERS);
    expect(rows.map((r) => r[0]).sort()).toEqual([numbers.closed, numbers.open].sort());
    const closed = rows.find((r) => r[0] === numbers.closed) as unknown[];
    expect(closed.slice(1)).toEqual([
      '达州市某某机械制造有限公司',
      expect.stringMatching(/^[0-9A-Z]{18}$/),
      '达州市通川区',
      '用工与就业',
      '招工难，急需熟练焊工',
      '通川区经济和信息化局',
      '通川区人力资源和社会保障局',
      '测试officer',
      '2026-03-09 09:00',
      '2026-03-09 10:00',
      '2026-03-18 17:30',
      '2026-03-20 17:30',
      '已办结',
      '阶段性解决',
      '部分解决',
      '基本满意',
      2,
      '催办',
    ]);
  });

  it("applies the appeal list's filters", async () => {
    const response = await ctx
      .http()
      .get(`/api/supervision/exports/ledger.xlsx?status=submitted&regionCode=${DACHUAN}`)
      .set('Authorization', dazhouSupervisor.bearer)
      .buffer(true)
      .parse(parseBinary)
      .expect(200);
    const rows = rowsOf((await readWorkbook(response.body as Buffer)).getWorksheet('问题台账') as ExcelJS.Worksheet).slice(1);
    expect(rows.map((r) => r[0])).toEqual([numbers.open]);
    await ctx
      .http()
      .get(`/api/supervision/exports/ledger.xlsx?regionCode=${GUANG_AN}`)
      .set('Authorization', dazhouSupervisor.bearer)
      .expect(404);
    await ctx.http().get('/api/supervision/exports/ledger.xlsx?status=nonsense').set('Authorization', dazhouSupervisor.bearer).expect(400);
  });

  it('exports the rankings of a period', async () => {
    const response = await ctx
      .http()
      .get('/api/supervision/exports/rankings.xlsx?period=month&key=2026-03')
      .set('Authorization', dazhouSupervisor.bearer)
      .buffer(true)
      .parse(parseBinary)
      .expect(200);
    const workbook = await readWorkbook(response.body as Buffer);
    const regions = workbook.getWorksheet('地区排名') as ExcelJS.Worksheet;
    const [title, header, ...rows] = rowsOf(regions);
    expect(String(title[0])).toContain('达州市 2026年3月 地区排名');
    expect(header.slice(0, 7)).toEqual(['排名', '名称', '综合得分', '上期排名', '名次变化', '榜单', '响应及时率']);
    expect(rows.some((r) => r[1] === '通川区')).toBe(true);
    expect(rows.some((r) => r[1] === '广安区')).toBe(false);
    expect(workbook.getWorksheet('部门排名')).toBeDefined();
  });

  it('is for supervisors and admins only', async () => {
    const handler = await signedIn(ctx, { role: 'handler', regionCode: TONGCHUAN, departmentId: lead });
    await ctx.http().get('/api/supervision/exports/ledger.xlsx').set('Authorization', handler.bearer).expect(403);
    await ctx.http().get('/api/supervision/exports/rankings.xlsx').set('Authorization', handler.bearer).expect(403);
  });

  it('filters a category with its subcategories, as the appeal list does', async () => {
    const [firm] = (await ctx.db.query('SELECT enterprise_id AS id FROM appeals WHERE number = ?', [numbers.open])) as Array<{ id: number }>;
    const [admin] = (await ctx.db.query("SELECT id FROM users WHERE role = 'admin' ORDER BY id LIMIT 1")) as Array<{ id: number }>;
    const id = await insertAppealRow(ctx.db, {
      enterpriseId: firm.id,
      regionCode: DACHUAN,
      submittedBy: admin.id,
      categoryId: await categoryId(ctx.db, 'energy_power'),
      columns: { title: '电力增容', status: 'submitted', submitted_at: new Date('2026-04-02T01:00:00Z') },
    });
    const [{ number }] = (await ctx.db.query('SELECT number FROM appeals WHERE id = ?', [id])) as Array<{ number: string }>;
    const energy = await categoryId(ctx.db, 'energy');
    const listed = (
      await ctx.http().get(`/api/appeals?categoryId=${energy}&regionCode=${DACHUAN}`).set('Authorization', dazhouSupervisor.bearer).expect(200)
    ).body.items.map((a: { number: string }) => a.number);
    const response = await ctx
      .http()
      .get(`/api/supervision/exports/ledger.xlsx?categoryId=${energy}&regionCode=${DACHUAN}`)
      .set('Authorization', dazhouSupervisor.bearer)
      .buffer(true)
      .parse(parseBinary)
      .expect(200);
    const exported = rowsOf((await readWorkbook(response.body as Buffer)).getWorksheet('问题台账') as ExcelJS.Worksheet)
      .slice(1)
      .map((r) => r[0]);
    expect(listed).toEqual([number]);
    expect(exported).toEqual(listed);
  });
});
