import * as ExcelJS from 'exceljs';
import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { consoleLogin, type ConsoleAgent } from '../browser/console-http';

function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
const parseBinary = binary as unknown as (res: unknown, done: (err: Error | null, body: unknown) => void) => void;

async function exportedNumbers(agent: ConsoleAgent, path: string): Promise<string[]> {
  const response = await agent.get(path).buffer(true).parse(parseBinary).expect(200);
  expect(response.headers['content-type']).toContain('spreadsheetml');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.body as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet('诉求清单') as ExcelJS.Worksheet;
  const numbers: string[] = [];
  sheet.eachRow((row, index) => {
    if (index > 1) numbers.push(String(row.getCell(1).value));
  });
  return numbers;
}

/**
 * The console's lists (issue #17): the search finds an appeal by its number, its firm's name or
 * credit code and words of its description; "export this list" gives exactly the rows on screen;
 * and neither the search, the pickers nor the export reaches past the caller's role and region.
 */
describe('console lists: search, sort, page size, export (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let other: Awaited<ReturnType<typeof appealCast>>;
  let officer: ConsoleAgent;
  let supervisor: ConsoleAgent;
  let otherSupervisor: ConsoleAgent;
  let firm: { name: string; credit_code: string };
  const ids: number[] = [];
  const numbers: string[] = [];

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-18T02:00:00Z')) });
    cast = await appealCast(ctx, '510117');
    other = await appealCast(ctx, '511302'); // 南充: another city, another supervisor
    const energy = await categoryId(ctx.db, 'energy_power');
    for (const [title, description] of [
      ['园区供电线路检修诉求', '厂区变压器烧毁，三条生产线停工。'],
      ['用工招聘对接诉求', '春节后返岗率低，缺少熟练焊工。'],
      ['融资贷款续贷诉求', '流动资金贷款即将到期，希望协调续贷。'],
    ]) {
      const body = (
        await ctx
          .http()
          .post('/api/appeals')
          .set('Authorization', cast.enterprise.bearer)
          .send({ categoryId: energy, kind: 'help', title, description })
          .expect(201)
      ).body;
      ids.push(body.id);
      numbers.push(body.number);
    }
    await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', other.enterprise.bearer)
      .send({ categoryId: energy, kind: 'help', title: '南充企业的变压器诉求', description: '厂区变压器烧毁，需要抢修。' })
      .expect(201);
    [firm] = await ctx.db.query('SELECT name, credit_code FROM enterprises WHERE id = ?', [cast.firmId]);
    [officer, supervisor, otherSupervisor] = await Promise.all([
      consoleLogin(ctx, cast.officer.username),
      consoleLogin(ctx, cast.supervisor.username),
      consoleLogin(ctx, other.supervisor.username),
    ]);
  });
  afterAll(() => ctx.close());

  const rowsOf = (html: string) => [...html.matchAll(/data-appeal-id="(\d+)"/g)].map((m) => Number(m[1]));

  it('finds appeals by number, firm name, credit code and words of the description', async () => {
    const byNumber = await officer.get(`/work?q=${encodeURIComponent(numbers[1])}`).expect(200);
    expect(rowsOf(byNumber.text)).toEqual([ids[1]]);
    const byFirm = await officer.get(`/work?q=${encodeURIComponent(firm.name)}`).expect(200);
    expect(rowsOf(byFirm.text).sort()).toEqual([...ids].sort());
    const byCode = await supervisor.get(`/appeals?q=${firm.credit_code.slice(0, 12).toLowerCase()}`).expect(200);
    expect(rowsOf(byCode.text).sort()).toEqual([...ids].sort());
    // Two words: both must match (one in the description, one in the title).
    const byWords = await officer.get(`/work?q=${encodeURIComponent('变压器 供电')}`).expect(200);
    expect(rowsOf(byWords.text)).toEqual([ids[0]]);
    const none = await officer.get(`/work?q=${encodeURIComponent('变压器 融资')}`).expect(200);
    expect(rowsOf(none.text)).toEqual([]);
  });

  it('never searches past the caller’s reach', async () => {
    // The same word is in the 南充 firm's appeal: the officer and the Chengdu supervisor only find their own.
    const officerHits = rowsOf((await officer.get(`/work?q=${encodeURIComponent('变压器')}`).expect(200)).text);
    expect(officerHits).toEqual([ids[0]]);
    const foreign = await otherSupervisor.get(`/appeals?q=${encodeURIComponent(firm.name)}`).expect(200);
    expect(rowsOf(foreign.text)).toEqual([]);
    const foreignCode = await otherSupervisor.get(`/appeals?q=${firm.credit_code}`).expect(200);
    expect(rowsOf(foreignCode.text)).toEqual([]);
  });

  it('sorts and pages as asked, keeping the filters in the links', async () => {
    const newest = await officer.get(`/work?q=${encodeURIComponent(firm.name)}&sort=-submitted&pageSize=2`).expect(200);
    expect(rowsOf(newest.text)).toEqual([ids[2], ids[1]]);
    expect(newest.text).toContain('第 1 / 2 页');
    const next = /href="\/work(\?[^"]*page=2[^"]*)"/.exec(newest.text)?.[1].replace(/&amp;/g, '&') ?? '';
    expect(new URLSearchParams(next).get('pageSize')).toBe('2');
    expect(new URLSearchParams(next).get('sort')).toBe('-submitted');
    expect(rowsOf((await officer.get(`/work${next}`).expect(200)).text)).toEqual([ids[0]]);
    const oldest = await officer.get(`/work?q=${encodeURIComponent(firm.name)}&sort=submitted`).expect(200);
    expect(rowsOf(oldest.text)).toEqual(ids);
  });

  it('exports exactly the list on screen, within reach', async () => {
    expect(await exportedNumbers(officer, `/work/export.xlsx?q=${encodeURIComponent('变压器')}`)).toEqual([numbers[0]]);
    expect((await exportedNumbers(supervisor, `/appeals/export.xlsx?q=${encodeURIComponent(firm.name)}&sort=submitted`))).toEqual(numbers);
    expect(await exportedNumbers(otherSupervisor, `/appeals/export.xlsx?q=${encodeURIComponent(firm.name)}`)).toEqual([]);
    // The page size on screen does not cut the export short.
    expect(await exportedNumbers(officer, `/work/export.xlsx?q=${encodeURIComponent(firm.name)}&pageSize=1&page=2`)).toHaveLength(3);
    const list = await officer.get(`/work?q=${encodeURIComponent('变压器')}`).expect(200);
    expect(list.text).toContain(`href="/work/export.xlsx?q=${encodeURIComponent('变压器')}"`);
  });

  it('offers supervisors region, department and officer pickers of their reach only', async () => {
    const page = (await supervisor.get('/appeals').expect(200)).text;
    const picker = (testid: string) => new RegExp(`data-testid="${testid}">(.*?)</select>`).exec(page)?.[1] ?? '';
    const values = (testid: string) => [...picker(testid).matchAll(/value="(\d+)"/g)].map((m) => Number(m[1]));
    expect(values('filter-region')).toContain(Number(cast.county));
    expect(values('filter-region')).not.toContain(Number(other.county));
    expect(values('filter-region').every((code) => String(code).startsWith(cast.city.slice(0, 4)))).toBe(true);
    expect(values('filter-department')).toEqual(expect.arrayContaining([cast.deptA, cast.deptB, cast.cityDept]));
    expect(values('filter-department')).not.toContain(other.deptA);
    expect(values('filter-officer')).toContain(cast.officer.id);
    expect(values('filter-officer')).not.toContain(other.officer.id);
    const filtered = await supervisor.get(`/appeals?officerId=${cast.officer.id}&q=${encodeURIComponent(firm.name)}`).expect(200);
    expect(rowsOf(filtered.text)).toHaveLength(3);
    // The officer's list has no pickers: their reach is their firms.
    expect((await officer.get('/work').expect(200)).text).not.toContain('data-testid="filter-officer"');
  });

  it('counts the caseload’s red, yellow and new appeals for the officer', async () => {
    const page = (await officer.get('/work').expect(200)).text;
    const count = (id: string) => Number(new RegExp(`data-testid="count-${id}">(\\d+)<`).exec(page)?.[1]);
    expect({ red: count('red'), yellow: count('yellow'), fresh: count('new') }).toEqual({ red: 0, yellow: 0, fresh: 3 });
    expect(page).toContain('href="/work?status=submitted"');
  });

  it('filters the supervision queues by region, department and officer on screen, kept across the queues', async () => {
    const page = (await supervisor.get(`/supervision/queues/overdue?officerId=${cast.officer.id}&departmentId=${cast.deptA}`).expect(200)).text;
    expect(page).toMatch(new RegExp(`<option value="${cast.officer.id}" selected>`));
    expect(page).toMatch(new RegExp(`<option value="${cast.deptA}" selected>`));
    expect(page).toContain(`href="/supervision/queues/due-soon?departmentId=${cast.deptA}&amp;officerId=${cast.officer.id}"`);
    const foreign = (await otherSupervisor.get('/supervision/queues/overdue').expect(200)).text;
    const officers = /data-testid="filter-officer">(.*?)<\/select>/.exec(foreign)?.[1] ?? '';
    expect(officers).not.toContain(`value="${cast.officer.id}"`);
    expect(officers).toContain(`value="${other.officer.id}"`);
  });

  it('is a real approval inbox: what is waiting, from whom, since when, decided inline, search keeping the filter', async () => {
    async function act(bearer: string, id: number, path: string, body: Record<string, unknown> = {}) {
      const { version } = (await ctx.http().get(`/api/appeals/${id}`).set('Authorization', bearer).expect(200)).body;
      await ctx.http().post(`/api/appeals/${id}/${path}`).set('Authorization', bearer).send({ version, ...body }).expect(200);
    }
    const [extended, objected] = ids;
    for (const id of [extended, objected]) {
      await act(cast.officer.bearer, id, 'accept');
      await act(cast.officer.bearer, id, 'route', { leadDepartmentId: cast.deptA });
    }
    await act(cast.handlerA.bearer, extended, 'sign');
    await act(cast.handlerA.bearer, extended, 'extension', { days: 3, reason: '需等待供电公司排期检修' });
    await act(cast.handlerA.bearer, objected, 'object', { reason: '融资事项不属于本局职责' });

    // The request was made five hours ago (moving the clock would also end the console sessions).
    await ctx.db.query(`UPDATE appeals SET pending_extension = JSON_SET(pending_extension, '$.requestedAt', ?) WHERE id = ?`, [
      new Date(Date.parse('2026-11-18T02:00:00Z') - 5 * 3_600_000).toISOString(),
      extended,
    ]);
    const inbox = await supervisor.get('/supervision/approvals').expect(200);
    expect(inbox.text).toContain('待审批（延期 / 退单）');
    expect(rowsOf(inbox.text).sort()).toEqual([extended, objected].sort());
    const row = (html: string, id: number) => new RegExp(`data-appeal-id="${id}">([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
    expect(row(inbox.text, extended)).toContain('延期 3 个工作日');
    expect(row(inbox.text, extended)).toContain('需等待供电公司排期检修');
    expect(row(inbox.text, objected)).toContain('融资事项不属于本局职责');
    expect(row(inbox.text, extended)).toMatch(/data-testid="waited">5 小时/);
    // Another city's supervisor has nothing waiting here.
    expect(rowsOf((await otherSupervisor.get('/supervision/approvals').expect(200)).text)).toEqual([]);
    // Typing a search keeps the kind of request chosen.
    const searched = await supervisor.get(`/supervision/approvals?pending=extension&q=${encodeURIComponent('供电')}`).expect(200);
    expect(rowsOf(searched.text)).toEqual([extended]);
    expect(searched.text).toMatch(/<option value="extension" selected>/);

    // Approve two of the three days inline: back to the inbox, the row gone, the deadline moved by the use case.
    const version = String((await ctx.http().get(`/api/appeals/${extended}`).set('Authorization', cast.supervisor.bearer).expect(200)).body.version);
    const approved = await supervisor
      .post(`/appeals/${extended}/actions/approve_extension`, { _csrf: supervisor.csrf, version, days: '2', back: '/supervision/approvals?pending=extension' })
      .expect(303);
    expect(approved.headers.location).toBe('/supervision/approvals?pending=extension');
    const after = (await ctx.http().get(`/api/appeals/${extended}`).set('Authorization', cast.supervisor.bearer).expect(200)).body;
    expect(after.pendingExtension).toBeNull();
    expect(after.counters.extensionDays).toBe(2);
    expect(rowsOf((await supervisor.get('/supervision/approvals').expect(200)).text)).toEqual([objected]);
    // Only the inbox is a place to come back to.
    const objectedVersion = String((await ctx.http().get(`/api/appeals/${objected}`).set('Authorization', cast.supervisor.bearer).expect(200)).body.version);
    const denied = await supervisor
      .post(`/appeals/${objected}/actions/deny_objection`, { _csrf: supervisor.csrf, version: objectedVersion, reason: '属于本局职责', back: 'https://evil.example/' })
      .expect(303);
    expect(denied.headers.location).toBe(`/appeals/${objected}`);
    // Handlers and officers have no inbox.
    await officer.get('/supervision/approvals').expect(403);
  });
});
