import { createHash } from 'node:crypto';
import { unzipSync } from 'fflate';
import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId } from '../helpers/appeal-fixtures';
import { insertSupervisionOrderRow, signedIn } from '../helpers/factories';
import { consoleLogin, cookiesOf } from '../browser/console-http';
import { startServerProcess } from '../helpers/server-process';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * The assessment notice (考核通报) of a published month report, through HTTP on the real
 * database: generated as a .docx from the report (its figures, 红榜/黑榜, its number), the same
 * bytes every time and from a freshly started application, refused for a draft, published once
 * by a supervisor of the report's region and announced to the supervisors of the region and the
 * counties below — nobody else — then served as stored with its hash checked.
 *
 * In 巴中 (511900: 巴州区 511902, 恩阳区 511903) in February and March 2022, which no other spec uses.
 * Response limit: 24 natural hours. February: 巴州 late, 恩阳 on time; March: 巴州 on time (twice,
 * the same power-cut problem as a firm in 恩阳 — a common problem), 恩阳 late.
 */
const PROVINCE = '510000';
const BAZHONG = '511900';
const BAZHOU = '511902';
const ENYANG = '511903';
const YAAN = '511800';
const NOW = '2022-04-02T02:00:00.000Z';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Cast = Awaited<ReturnType<typeof appealCast>>;

function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
const parseBinary = binary as unknown as (res: unknown, done: (err: Error | null, body: unknown) => void) => void;
const flashOf = (response: { headers: Record<string, unknown> }) => {
  const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
  return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string }) : null;
};
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The text of word/document.xml with the tags taken out (each paragraph's runs joined). */
function documentText(docx: Buffer): { xml: string; text: string; core: string } {
  const files = unzipSync(new Uint8Array(docx));
  const xml = Buffer.from(files['word/document.xml']).toString('utf8');
  const core = Buffer.from(files['docProps/core.xml']).toString('utf8');
  return { xml, core, text: xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '') };
}

interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

describe('assessment notice of a published report (e2e)', () => {
  let ctx: TestContext;
  let clock: FixedClock;
  let bazhou: Cast;
  let enyang: Cast;
  let category: number;
  let city: Awaited<ReturnType<typeof signedIn>>;
  let county: Awaited<ReturnType<typeof signedIn>>;
  let province: Awaited<ReturnType<typeof signedIn>>;
  let yaan: Awaited<ReturnType<typeof signedIn>>;
  let inactive: Awaited<ReturnType<typeof signedIn>>;
  let february: number;
  let march: number;

  const get = (url: string, bearer: string) => ctx.http().get(url).set('Authorization', bearer).buffer(true).parse(parseBinary);

  async function story(cast: Cast, text: { title: string; description: string }, at: { submit: string; sign: string; resolve?: string; verify?: string }): Promise<number> {
    clock.set(at.submit);
    const submitted = await ctx.http().post('/api/appeals').set('Authorization', cast.enterprise.bearer).send({ categoryId: category, kind: 'help', ...text }).expect(201);
    const id = Number(submitted.body.id);
    let version = Number(submitted.body.version);
    const act = async (bearer: string, path: string, body: Record<string, unknown> = {}) => {
      const response = await ctx.http().post(`/api/appeals/${id}/${path}`).set('Authorization', bearer).send({ version, ...body });
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${JSON.stringify(response.body)}`);
      version = Number(response.body.version);
    };
    clock.set(at.sign);
    await act(cast.officer.bearer, 'accept');
    await act(cast.officer.bearer, 'route', { leadDepartmentId: cast.deptA });
    await act(cast.handlerA.bearer, 'sign');
    if (at.resolve) {
      clock.set(at.resolve);
      await act(cast.handlerA.bearer, 'resolve', { closureType: 'resolved', answer: '已协调供电公司完成线路改造。' });
    }
    if (at.verify) {
      clock.set(at.verify);
      await act(cast.enterprise.bearer, 'verify', { solved: 'yes', satisfaction: 'very_satisfied' });
    }
    return id;
  }

  async function freeze(key: string, publish: boolean): Promise<number> {
    const created = await ctx.http().post('/api/supervision/reports').set('Authorization', city.bearer).send({ periodKind: 'month', key, regionCode: BAZHONG }).expect(201);
    if (publish) await ctx.http().post(`/api/supervision/reports/${created.body.id}/publish`).set('Authorization', city.bearer).expect(200);
    return Number(created.body.id);
  }

  const POWER = { title: '园区线路频繁停电影响生产', description: '近两周园区线路每天停电两到三次，生产线被迫停工，订单无法按期交付，恳请协调供电部门尽快解决。' };
  const LOAN = { title: '流动资金贷款续贷困难', description: '企业流动资金贷款下月到期，银行要求先还后贷，企业无力筹措过桥资金，请协调金融机构支持续贷。' };

  beforeAll(async () => {
    clock = new FixedClock(new Date('2022-02-01T02:00:00Z'));
    ctx = await createTestApp({ clock });
    category = await categoryId(ctx.db, 'energy_power');
    bazhou = await appealCast(ctx, BAZHOU);
    enyang = await appealCast(ctx, ENYANG);
    city = await signedIn(ctx, { role: 'supervisor', regionCode: BAZHONG });
    county = await signedIn(ctx, { role: 'supervisor', regionCode: BAZHOU });
    province = await signedIn(ctx, { role: 'supervisor', regionCode: PROVINCE });
    yaan = await signedIn(ctx, { role: 'supervisor', regionCode: YAAN });
    inactive = await signedIn(ctx, { role: 'supervisor', regionCode: ENYANG });
    // February
    await story(bazhou, LOAN, { submit: '2022-02-08T02:00:00Z', sign: '2022-02-09T06:00:00Z', resolve: '2022-02-10T02:00:00Z', verify: '2022-02-11T02:00:00Z' });
    await story(enyang, LOAN, { submit: '2022-02-09T02:00:00Z', sign: '2022-02-09T03:00:00Z', resolve: '2022-02-11T02:00:00Z', verify: '2022-02-14T02:00:00Z' });
    // March
    const overdue = await story(bazhou, POWER, { submit: '2022-03-01T02:00:00Z', sign: '2022-03-01T03:00:00Z' });
    await story(bazhou, { ...POWER, title: '园区线路频繁停电影响正常生产' }, { submit: '2022-03-02T02:00:00Z', sign: '2022-03-02T03:00:00Z', resolve: '2022-03-04T02:00:00Z', verify: '2022-03-07T02:00:00Z' });
    await story(enyang, POWER, { submit: '2022-03-03T02:00:00Z', sign: '2022-03-04T08:00:00Z', resolve: '2022-03-08T02:00:00Z', verify: '2022-03-09T02:00:00Z' });
    await insertSupervisionOrderRow(ctx.db, { appealId: overdue, departmentId: bazhou.deptA, createdAt: new Date('2022-03-20T02:00:00Z') });
    await ctx.db.query('UPDATE users SET active = 0 WHERE id = ?', [inactive.id]);
    clock.set(NOW);
    february = await freeze('2022-02', true);
    march = await freeze('2022-03', false);
  }, 240_000);
  afterAll(() => ctx.close());

  it('refuses a draft report (400), a bad id (400) and a report that does not exist (404)', async () => {
    const draft = await ctx.http().get(`/api/supervision/reports/${march}/notice/document`).set('Authorization', city.bearer).expect(400);
    expect(draft.body.message).toMatch(/draft/);
    await ctx.http().get(`/api/supervision/reports/${march}/notice`).set('Authorization', city.bearer).expect(400);
    await ctx.http().post(`/api/supervision/reports/${march}/notice/publish`).set('Authorization', city.bearer).expect(400);
    await ctx.http().get('/api/supervision/reports/abc/notice/document').set('Authorization', city.bearer).expect(400);
    await ctx.http().get('/api/supervision/reports/2000000000/notice').set('Authorization', city.bearer).expect(404);
    const [row] = await ctx.db.query('SELECT COUNT(*) AS n FROM assessment_notices WHERE report_id = ?', [march]);
    expect(Number(row.n)).toBe(0);
    await ctx.http().post(`/api/supervision/reports/${march}/publish`).set('Authorization', city.bearer).expect(200);
  });

  it("generates the notice from the report: its figures, 红榜 and 黑榜, the number, a Chinese filename", async () => {
    const report = (await ctx.http().get(`/api/supervision/reports/${march}`).set('Authorization', city.bearer).expect(200)).body;
    const response = await get(`/api/supervision/reports/${march}/notice/document`, city.bearer).expect(200);
    expect(response.headers['content-type']).toBe(DOCX);
    const filename = `巴中市2022年3月考核通报（巴中企援督〔2022〕1号）.docx`;
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="notice-${BAZHONG}-2022-1.docx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    );
    const body = response.body as Buffer;
    expect(Number(response.headers['content-length'])).toBe(body.length);
    const { text, core } = documentText(body);
    expect(text).toContain('巴中企援督〔2022〕1号');
    expect(text).toContain('关于2022年3月“一企一专员”诉求办理情况的通报');
    const m = report.figures.total.metrics as Record<string, Rate>;
    const pct = (r: Rate) => (r.value === null ? '—' : `${(Math.round(r.value * 1000) / 10).toFixed(1)}%`);
    expect(text).toContain(`应响应${m.responseRate.denominator}件，按时响应${m.responseRate.numerator}件，响应率${pct(m.responseRate)}`);
    expect(text).toContain(`应办结${m.onTimeResolutionRate.denominator}件，按时办结${m.onTimeResolutionRate.numerator}件，按时办结率${pct(m.onTimeResolutionRate)}`);
    expect(text).toContain(`企业评价${m.satisfactionRate.denominator}件，满意率${pct(m.satisfactionRate)}`);
    expect(text).toContain(`基本满意${m.basicallySatisfiedShare.numerator}件`);
    expect(m.responseRate).toMatchObject({ numerator: 2, denominator: 3 });
    // The county ranking: 巴州 answered on time in March (late in February), 恩阳 late (on time in February).
    const region = report.figures.rankings.region;
    expect(region.redList[0]).toMatchObject({ name: '巴州区', rank: 1, change: 1 });
    expect(region.blackList[0]).toMatchObject({ name: '恩阳区', rank: 2, change: -1 });
    // Two counties: the better one on the red list, the worse on the black one, never both on both.
    const [, afterRed] = text.split('红榜（地区）：');
    const [redPart, blackAndAfter] = afterRed.split('黑榜（地区）：');
    const [blackPart] = blackAndAfter.split('（二）部门排名');
    expect(redPart).toMatch(/\n1\n巴州区\n/);
    expect(redPart).toContain('上升1位');
    expect(redPart).not.toContain('恩阳区');
    expect(blackPart).toMatch(/\n2\n恩阳区\n/);
    expect(blackPart).toContain('下降1位');
    expect(blackPart).not.toContain('巴州区');
    // Against February's frozen report: 巴州's on-time rate 100 % → 50 % (one March appeal overdue).
    expect(redPart).toContain('−50.0个百分点');
    const departments = report.figures.rankings.department.rows.map((r: { name: string }) => r.name);
    for (const name of departments) expect(text).toContain(name);
    expect(text).toContain('共发出督办单1件（超期自动督办1件，人工督办0件），期末已回复0件，未回复1件');
    expect(text).toMatch(/（一）园区线路频繁停电影响生产：涉及企业2家、诉求3件、2个县（市、区）/);
    expect(text).toContain(`编号${march}`);
    // Every timestamp from the report's publication, none from the clock.
    expect(core).toContain(`<dcterms:created xsi:type="dcterms:W3CDTF">${NOW.slice(0, 19)}Z</dcterms:created>`);
    expect(core).toContain(`<dcterms:modified xsi:type="dcterms:W3CDTF">${NOW.slice(0, 19)}Z</dcterms:modified>`);
  });

  it('gives the same bytes for the same report, later and from a freshly started application', async () => {
    const first = (await get(`/api/supervision/reports/${march}/notice/document`, city.bearer).expect(200)).body as Buffer;
    clock.set('2022-05-20T09:13:27Z');
    const later = (await get(`/api/supervision/reports/${march}/notice/document`, province.bearer).expect(200)).body as Buffer;
    expect(sha256(later)).toBe(sha256(first));
    const info = (await ctx.http().get(`/api/supervision/reports/${march}/notice`).set('Authorization', city.bearer).expect(200)).body;
    expect(info).toMatchObject({ reportId: march, number: '巴中企援督〔2022〕1号', status: 'unpublished', documentSha256: sha256(first), size: first.length, publishedAt: null });
    // A real restart: the production entry point in another process, with its own clock (the system's).
    const server = await startServerProcess({
      DATABASE_URL: process.env.DATABASE_URL as string,
      JWT_SECRET: process.env.JWT_SECRET as string,
      SWEEP_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    });
    try {
      const again = await fetch(`${server.url}/api/supervision/reports/${march}/notice/document`, { headers: { authorization: city.bearer } });
      expect(again.status).toBe(200);
      expect(sha256(Buffer.from(await again.arrayBuffer()))).toBe(sha256(first));
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      clock.set(NOW);
    }
  }, 180_000);

  it('numbers the notices of a region and year in order, once per report', async () => {
    const feb = (await ctx.http().get(`/api/supervision/reports/${february}/notice`).set('Authorization', city.bearer).expect(200)).body;
    expect(feb.number).toBe('巴中企援督〔2022〕2号');
    const again = (await ctx.http().get(`/api/supervision/reports/${march}/notice`).set('Authorization', city.bearer).expect(200)).body;
    expect(again.number).toBe('巴中企援督〔2022〕1号');
  });

  it("answers 404 to another city's supervisor and 403 to a province supervisor who publishes", async () => {
    await ctx.http().get(`/api/supervision/reports/${march}/notice/document`).set('Authorization', yaan.bearer).expect(404);
    await ctx.http().get(`/api/supervision/reports/${march}/notice`).set('Authorization', yaan.bearer).expect(404);
    await ctx.http().post(`/api/supervision/reports/${march}/notice/publish`).set('Authorization', yaan.bearer).expect(404);
    await ctx.http().post(`/api/supervision/reports/${march}/notice/publish`).set('Authorization', county.bearer).expect(404);
    await ctx.http().post(`/api/supervision/reports/${march}/notice/publish`).set('Authorization', province.bearer).expect(403);
    await ctx.http().get(`/api/supervision/reports/${march}/notice/document`).set('Authorization', bazhou.officer.bearer).expect(403);
  });

  it('publishes once, stores the document with its hash and announces it to the region’s and the counties’ supervisors only', async () => {
    const before = (await get(`/api/supervision/reports/${march}/notice/document`, city.bearer).expect(200)).body as Buffer;
    clock.set('2022-04-06T01:00:00Z');
    const published = (await ctx.http().post(`/api/supervision/reports/${march}/notice/publish`).set('Authorization', city.bearer).expect(200)).body;
    expect(published).toMatchObject({ status: 'published', number: '巴中企援督〔2022〕1号', documentSha256: sha256(before), publishedBy: city.id, publishedAt: '2022-04-06T01:00:00.000Z' });
    await ctx.http().post(`/api/supervision/reports/${march}/notice/publish`).set('Authorization', city.bearer).expect(409);
    const [stored] = await ctx.db.query('SELECT document_sha256, published_by FROM assessment_notices WHERE report_id = ?', [march]);
    expect(stored).toMatchObject({ document_sha256: sha256(before), published_by: city.id });

    const rows: Array<{ user_id: number; title: string; body: string; created_at: Date }> = await ctx.db.query(
      "SELECT user_id, title, body, created_at FROM notifications WHERE kind = 'assessment_notice' AND body LIKE '巴中企援督〔2022〕1号%'",
    );
    const expected: Array<{ id: number }> = await ctx.db.query(
      `SELECT u.id FROM users u JOIN regions r ON r.code = u.region_code
        WHERE u.role = 'supervisor' AND u.active = 1 AND (u.region_code = ? OR r.parent_code = ?)`,
      [BAZHONG, BAZHONG],
    );
    const recipients = rows.map((r) => Number(r.user_id)).sort((a, b) => a - b);
    expect(recipients).toEqual(expected.map((r) => Number(r.id)).sort((a, b) => a - b));
    expect(recipients).toEqual(expect.arrayContaining([city.id, county.id, bazhou.supervisor.id, enyang.supervisor.id]));
    for (const outsider of [province.id, yaan.id, inactive.id, bazhou.officer.id, bazhou.handlerA.id]) expect(recipients).not.toContain(outsider);
    expect(rows[0]).toMatchObject({ title: '关于2022年3月“一企一专员”诉求办理情况的通报已印发' });

    const inbox = (await ctx.http().get('/api/notifications').set('Authorization', county.bearer).expect(200)).body;
    expect(JSON.stringify(inbox)).toContain('巴中企援督〔2022〕1号');
  });

  it('serves a published notice as stored, and refuses one whose stored bytes no longer match the hash', async () => {
    clock.set('2022-09-01T00:00:00Z');
    // A county supervisor reads the notice addressed to them (not the report); another city's still gets 404.
    await ctx.http().get(`/api/supervision/reports/${march}`).set('Authorization', county.bearer).expect(404);
    await ctx.http().get(`/api/supervision/reports/${march}/notice/document`).set('Authorization', yaan.bearer).expect(404);
    const served = await get(`/api/supervision/reports/${march}/notice/document`, county.bearer).expect(200);
    expect(served.headers['content-disposition']).toContain(encodeURIComponent('巴中市2022年3月考核通报（巴中企援督〔2022〕1号）.docx'));
    const [stored] = await ctx.db.query('SELECT document, document_sha256 FROM assessment_notices WHERE report_id = ?', [march]);
    expect(Buffer.compare(served.body as Buffer, Buffer.from(stored.document))).toBe(0);
    expect(served.headers.etag).toBe(`"${stored.document_sha256}"`);
    const info = (await ctx.http().get(`/api/supervision/reports/${march}/notice`).set('Authorization', province.bearer).expect(200)).body;
    expect(info).toMatchObject({ status: 'published', publishedBy: city.id, publishedByName: expect.any(String) });

    await ctx.db.query("UPDATE assessment_notices SET document = CONCAT(document, 'x') WHERE report_id = ?", [march]);
    try {
      const tampered = await ctx.app.inject({ method: 'GET', url: `/api/supervision/reports/${march}/notice/document`, headers: { authorization: city.bearer } });
      expect(tampered.statusCode).toBe(500);
    } finally {
      await ctx.db.query('UPDATE assessment_notices SET document = ? WHERE report_id = ?', [Buffer.from(stored.document), march]);
    }
    clock.set(NOW);
  });

  it('shows the notice in the console with 下载通报 and 发布通报, and publishes it there', async () => {
    const supervisor = await consoleLogin(ctx, city.username);
    const above = await consoleLogin(ctx, province.username);
    expect((await supervisor.get(`/reports/${february}`).expect(200)).text).toContain(`href="/reports/${february}/notice"`);
    const page = (await supervisor.get(`/reports/${february}/notice`).expect(200)).text;
    expect(page).toContain('关于2022年2月“一企一专员”诉求办理情况的通报');
    expect(page).toContain('巴中企援督〔2022〕2号');
    expect(page).toContain('data-testid="download-notice">下载通报');
    expect(page).toContain('data-testid="publish-notice">发布通报');
    expect(page).toContain('红榜');
    expect((await above.get(`/reports/${february}/notice`).expect(200)).text).not.toContain('data-testid="publish-notice"');
    const viaConsole = await supervisor.get(`/reports/${february}/notice/document`).buffer(true).parse(parseBinary).expect(200);
    expect(viaConsole.headers['content-type']).toBe(DOCX);
    const viaApi = (await get(`/api/supervision/reports/${february}/notice/document`, city.bearer).expect(200)).body as Buffer;
    expect(sha256(viaConsole.body as Buffer)).toBe(sha256(viaApi));
    const published = await supervisor.post(`/reports/${february}/notice/publish`, { _csrf: supervisor.csrf }).expect(303);
    expect(flashOf(published)).toMatchObject({ kind: 'success' });
    const after = (await supervisor.get(`/reports/${february}/notice`).expect(200)).text;
    expect(after).toContain('data-testid="notice-status">已发布');
    expect(after).not.toContain('data-testid="publish-notice"');
    const again = await supervisor.post(`/reports/${february}/notice/publish`, { _csrf: supervisor.csrf }).expect(303);
    expect(flashOf(again)).toMatchObject({ kind: 'error' });
    // A draft report has no notice page: back to the report with the reason.
    const draft = await freeze('2022-01', false);
    const refused = await supervisor.get(`/reports/${draft}/notice`).expect(303);
    expect(refused.headers.location).toBe(`/reports/${draft}`);
  });
});
