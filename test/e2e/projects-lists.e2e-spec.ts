import ExcelJS from 'exceljs';
import { FixedClock } from '../../src/common/clock/clock';
import { insertDepartment, insertFirm, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const JINJIANG = '510104';
const CHENGDU = '510100';
const MIANYANG = '510700';

type Bearer = { id: number; bearer: string; username: string };
const sh = (local: string) => new Date(`${local}+08:00`);

function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
const parseBinary = binary as unknown as (res: unknown, done: (err: Error | null, body: unknown) => void) => void;

async function rowsOf(body: Buffer): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

async function workbookOf(rows: unknown[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('项目清单');
  sheet.addRow(['2026年成都市重点项目清单']);
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

describe('project lists: filters, stalled, XLSX exports and the XLSX import (e2e)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let supervisor: Bearer;
  let mianyangSupervisor: Bearer;
  let officer: Bearer;
  let firm: { id: number; name: string; creditCode: string };
  let tag: string;

  beforeAll(async () => {
    clock = new FixedClock(sh('2026-09-16T10:00:00'));
    ctx = await createTestApp({ clock });
    supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
    mianyangSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: MIANYANG });
    officer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    firm = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id, name: `=HYPERLINK("http://evil")企业${Date.now()}` });
    tag = `T${Date.now().toString(36)}`;
  });
  afterAll(() => ctx.close());

  const create = (fields: Record<string, unknown>) =>
    ctx
      .http()
      .post('/api/projects')
      .set('Authorization', supervisor.bearer)
      .send({
        regionCode: JINJIANG,
        industry: 'food_beverage',
        enterpriseIds: [firm.id],
        liaisonOfficerId: officer.id,
        stageSince: '2026-06-01',
        ...fields,
      })
      .expect(201)
      .then((r) => r.body);

  it('filters by level, stage, industry and stalled (no stage change or report within N periods of its cadence)', async () => {
    clock.set(sh('2026-07-01T10:00:00'));
    const big = await create({ name: `${tag}-省级项目`, totalInvestmentWan: 600000 }); // weekly cadence
    const mid = await create({ name: `${tag}-市级项目`, totalInvestmentWan: 150000, industry: 'digital_economy' }); // 旬
    const small = await create({ name: `${tag}-县级项目`, totalInvestmentWan: 20000 }); // monthly
    clock.set(sh('2026-07-20T10:00:00'));
    await ctx
      .http()
      .post(`/api/projects/${mid.id}/reports`)
      .set('Authorization', officer.bearer)
      .send({ progress: '进展顺利', investedToDateWan: 1000 })
      .expect(201);
    clock.set(sh('2026-07-29T10:00:00'));
    const list = (query: Record<string, unknown>) =>
      ctx
        .http()
        .get('/api/projects')
        .query({ q: tag, ...query })
        .set('Authorization', supervisor.bearer)
        .expect(200)
        .then((r) => r.body.items.map((p: { id: number }) => p.id).sort((a: number, b: number) => a - b));
    // Weekly with N = 2: cut-off Mon 07-13, last activity 07-01 → stalled. 旬: cut-off 07-01, report 07-20 → not.
    // Monthly: cut-off 05-01, created 07-01 → not.
    expect(await list({ stalled: true })).toEqual([big.id]);
    expect(await list({ stalled: false })).toEqual([mid.id, small.id]);
    expect(await list({ level: 'province' })).toEqual([big.id]);
    expect(await list({ level: 'county' })).toEqual([big.id, mid.id, small.id]);
    expect(await list({ industry: 'digital_economy' })).toEqual([mid.id]);
    expect(await list({ stage: 'landed' })).toEqual([]);
    expect(await list({ regionCode: MIANYANG })).toEqual([]);
    const page = await ctx.http().get('/api/projects').query({ q: tag, stalled: true }).set('Authorization', supervisor.bearer).expect(200);
    expect(page.body.items[0]).toMatchObject({ stalled: true, reportCadence: 'week' });
    await ctx.http().get('/api/projects').query({ level: 'nation' }).set('Authorization', supervisor.bearer).expect(400);
    clock.set(sh('2026-09-16T10:00:00'));
  });

  it('exports the project list and the responsibility list in the offices’ layout, formula-like text neutralised', async () => {
    const project = await create({ name: `${tag}-导出项目`, totalInvestmentWan: 123456.78, responsibleLeader: '+王副市长' });
    await ctx
      .http()
      .post(`/api/projects/${project.id}/milestones`)
      .set('Authorization', supervisor.bearer)
      .send({ title: '@完成规划许可', owner: '区规划局', dueDate: '2026-10-03' })
      .expect(201);
    const list = await ctx
      .http()
      .get('/api/projects/exports/project-list.xlsx')
      .query({ q: `${tag}-导出` })
      .set('Authorization', supervisor.bearer)
      .buffer(true)
      .parse(parseBinary)
      .expect(200);
    expect(list.headers['content-disposition']).toContain(encodeURIComponent('项目清单.xlsx'));
    const rows = await rowsOf(list.body as Buffer);
    expect(rows[0]).toEqual([
      '序号',
      '项目名称',
      '项目业主',
      '所属地区',
      '所属产业',
      '总投资（亿元）',
      '总投资（万元）',
      '累计完成投资（万元）',
      '当前阶段',
      '进入阶段日期',
      '跟踪层级',
      '计划开工',
      '实际开工',
      '计划投产',
      '实际投产',
      '超期节点',
      '停滞',
      '最近报送',
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[1].slice(0, 11)).toEqual([
      1,
      `${tag}-导出项目`,
      `'${firm.name}`,
      '锦江区',
      '食品饮料',
      12.345678,
      123456.78,
      0,
      '签约未落地',
      '2026-06-01',
      '市级、县级',
    ]);

    const responsibility = await ctx
      .http()
      .get('/api/projects/exports/responsibility-list.xlsx')
      .query({ q: `${tag}-导出` })
      .set('Authorization', supervisor.bearer)
      .buffer(true)
      .parse(parseBinary)
      .expect(200);
    const lines = await rowsOf(responsibility.body as Buffer);
    expect(lines[0]).toEqual([
      '序号',
      '项目名称',
      '所属地区',
      '责任领导',
      '牵头部门',
      '联络专员',
      '工作节点',
      '责任人',
      '完成时限',
      '时限性质',
      '完成时间',
      '预警',
      '督办等级',
    ]);
    expect(lines[1]).toEqual([
      1,
      `${tag}-导出项目`,
      '锦江区',
      "'+王副市长",
      undefined,
      '测试officer',
      "'@完成规划许可",
      '区规划局',
      '2026-10-08 17:30',
      undefined,
      undefined,
      '绿灯',
    ]);

    const outside = await ctx
      .http()
      .get('/api/projects/exports/project-list.xlsx')
      .query({ q: `${tag}-导出` })
      .set('Authorization', mianyangSupervisor.bearer)
      .buffer(true)
      .parse(parseBinary)
      .expect(200);
    expect(await rowsOf(outside.body as Buffer)).toHaveLength(1);
  });

  it('imports a project list from XLSX with a per-row report: dry run, all-or-nothing, valid-only', async () => {
    const department = await insertDepartment(ctx.db, CHENGDU);
    expect(department).toBeGreaterThan(0);
    const heading = [
      '项目名称',
      '统一社会信用代码',
      '行政区划代码',
      '所属产业',
      '总投资（亿元）',
      '当前阶段',
      '进入阶段日期',
      '责任领导',
      '专员账号',
      '备注',
    ];
    const file = await workbookOf([
      heading,
      [`${tag}-导入甲`, firm.creditCode, JINJIANG, '先进材料', 12.5, '落地未开工', '2026-08-01', '李区长', officer.username, ''],
      [`${tag}-导入乙`, '91510100MA00000000', JINJIANG, '电子信息', 3, '', '', '', '', ''],
      [`${tag}-导入丙`, firm.creditCode, MIANYANG, '航天', 'abc', '规划中', '2026-13-01', '', 'nobody', ''],
      [`${tag}-导入甲`, firm.creditCode, JINJIANG, '先进材料', 1, '', '', '', '', ''],
    ]);
    const upload = (query: string) =>
      ctx
        .http()
        .post(`/api/projects/import?${query}`)
        .set('Authorization', supervisor.bearer)
        .attach('file', file, { filename: '项目清单.xlsx', contentType: 'application/octet-stream' });

    const dry = await upload('dryRun=true&mode=valid-only').expect(200);
    expect(dry.body).toMatchObject({
      format: 'xlsx',
      dryRun: true,
      imported: false,
      totalRows: 4,
      validRows: 1,
      invalidRows: 3,
      created: 1,
      ignoredColumns: ['备注'],
    });
    const fields = (row: number) => dry.body.errors.filter((e: { row: number }) => e.row === row).map((e: { field: string }) => e.field);
    expect(fields(4)).toEqual(['creditCodes']);
    expect(fields(5)).toEqual(['regionCode', 'industry', 'totalInvestmentYi', 'stage', 'stageSince', 'officerUsername']);
    expect(fields(6)).toEqual(['row']);

    const refused = await upload('').expect(422);
    expect(refused.body.details.length).toBe(dry.body.errors.length);
    expect(
      (
        await ctx
          .http()
          .get('/api/projects')
          .query({ q: `${tag}-导入` })
          .set('Authorization', supervisor.bearer)
      ).body.total,
    ).toBe(0);

    const imported = await upload('mode=valid-only').expect(200);
    expect(imported.body).toMatchObject({ imported: true, created: 1 });
    const listed = await ctx
      .http()
      .get('/api/projects')
      .query({ q: `${tag}-导入` })
      .set('Authorization', supervisor.bearer)
      .expect(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        name: `${tag}-导入甲`,
        totalInvestmentWan: 125000,
        totalInvestmentYi: 12.5,
        industry: 'advanced_materials',
        stage: { code: 'landed', name: '落地未开工' },
        stageSince: '2026-08-01',
        responsibleLeader: '李区长',
        liaisonOfficer: { id: officer.id, name: '测试officer' },
      }),
    ]);
    // The same list again: every row is now a duplicate or bad; nothing half-imports.
    const again = await upload('mode=valid-only').expect(200);
    expect(again.body).toMatchObject({ validRows: 0, created: 0 });
    const outside = await ctx
      .http()
      .post('/api/projects/import')
      .set('Authorization', officer.bearer)
      .attach('file', file, { filename: 'x.xlsx' });
    expect(outside.status).toBe(403);
  });
});
