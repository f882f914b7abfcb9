import { FixedClock } from '../../src/common/clock/clock';
import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';
import { insertDepartment, insertUser, unique } from '../helpers/factories';
import { insertParkFirm } from '../helpers/policy-fixtures';
import { createTestApp, TestContext } from '../helpers/test-app';

const JINJIANG = '510104';
const MIANYANG = '510700';

/** The console's policy pages: library and rules editor with preview, publishing, the officer's and the firm's delivery pages, reach. */
describe('web console policy pages (e2e)', () => {
  let ctx: TestContext;
  let admin: ConsoleAgent;
  let officer: ConsoleAgent;
  let firm: ConsoleAgent;
  let department: number;
  let park: string;
  let firms: Array<{ id: number; name: string }>;
  let policyId: number;

  const flashOf = (response: { headers: Record<string, unknown> }) => {
    const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
    return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string; details?: string[] }) : null;
  };

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-03-02T02:00:00Z')) });
    department = await insertDepartment(ctx.db, '510000', unique('省经信厅'));
    const adminUser = await insertUser(ctx.db, { role: 'admin', regionCode: '510000' });
    const officerUser = await insertUser(ctx.db, { role: 'officer', regionCode: JINJIANG });
    park = unique('园区');
    firms = [
      await insertParkFirm(ctx, park, { regionCode: JINJIANG, tags: ['specialized'], officerId: officerUser.id }),
      await insertParkFirm(ctx, park, { regionCode: JINJIANG, tags: [] }),
    ];
    const firmUser = await insertUser(ctx.db, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: firms[0].id });
    admin = await consoleLogin(ctx, adminUser.username);
    officer = await consoleLogin(ctx, officerUser.username);
    firm = await consoleLogin(ctx, firmUser.username);
  });
  afterAll(() => ctx.close());

  const form = (fields: Record<string, string | string[]>) => ({
    _csrf: admin.csrf,
    title: '专精特新企业一次性奖励',
    issuingBody: '四川省经济和信息化厅',
    documentNumber: '川经信发〔2026〕9号',
    regionCode: '510000',
    validFrom: '2026-01-01',
    validUntil: '',
    departmentId: String(department),
    obtainMode: 'apply',
    summary: '对新认定的专精特新中小企业给予一次性奖励。',
    parks: park,
    tagsAll: 'specialized',
    ...fields,
  });

  it('shows the library with the 政策 menu item and previews the rules before saving', async () => {
    const library = await admin.get('/policies').expect(200);
    expect(library.text).toMatch(/<a href="\/policies" class="active" aria-current="page">政策<\/a>/);
    const preview = await admin.post('/policies', form({ intent: 'preview' })).expect(200);
    expect(preview.text).toMatch(/data-testid="preview-count">1</);
    expect(preview.text).toContain(firms[0].name);
    expect(preview.text).not.toContain(firms[1].name);
    expect(preview.text).toContain('name="viewport"');
  });

  it('refuses invalid rules with the reason in Chinese and the field, keeping the form', async () => {
    const refused = await admin.post('/policies', form({ intent: 'preview', regionCodes: MIANYANG, regionCode: '510100' })).expect(400);
    expect(refused.text).toContain('提交的内容有误');
    expect(refused.text).toContain(`适用地区第 1 项：${MIANYANG} lies outside the policy`);
    expect(refused.text).toContain('专精特新企业一次性奖励');
  });

  it('saves a draft and publishes it: the firm is matched, told, and sees it under 我的政策', async () => {
    const saved = await admin.post('/policies', form({ intent: 'save' })).expect(303);
    policyId = Number(/\/policies\/(\d+)$/.exec(saved.headers.location as string)?.[1]);
    const draft = await admin.get(`/policies/${policyId}`).expect(200);
    expect(draft.text).toContain('data-testid="publish-form"');
    expect(draft.text).toMatch(/data-testid="preview-count">1</);
    const published = await admin.post(`/policies/${policyId}/publish`, { _csrf: admin.csrf, version: '1' }).expect(303);
    expect(flashOf(published)?.text).toBe('已发布：匹配 1 家企业，已发送 2 条消息');

    const mine = await firm.get('/policies/deliveries').expect(200);
    expect(mine.text).toContain('我的政策');
    expect(mine.text).toMatch(new RegExp(`data-policy-id="${policyId}" data-enterprise-id="${firms[0].id}" data-state="pending"`));
    const detail = await firm.get(`/policies/${policyId}`).expect(200);
    expect(detail.text).toContain('本企业办理情况：待告知');
    expect(detail.text).toContain('data-testid="ask-form"');
    await firm.get('/policies/reach').expect(403);
  });

  it('lets the officer record a visit on the to-deliver page, and refuses a stale form with a Chinese message', async () => {
    const caseload = async () => Number((await officer.get('/work').expect(200)).text.match(/data-testid="count-policies">(\d+)</)?.[1]);
    // The caseload says how many of the officer's firms still wait to be told (only firms[0] is theirs).
    expect(await caseload()).toBe(1);
    const page = await officer.get('/policies/deliveries').expect(200);
    expect(page.text).toContain('待送政策');
    const url = `/policies/deliveries/${policyId}/${firms[0].id}/state`;
    const done = await officer.post(url, { _csrf: officer.csrf, state: 'informed', source: 'visit', version: '1', back: '/policies/deliveries' }).expect(303);
    expect(done.headers.location).toBe('/policies/deliveries');
    expect(flashOf(done)?.text).toContain('已记录为「已告知」');
    expect(await caseload()).toBe(0);
    const stale = await officer.post(url, { _csrf: officer.csrf, state: 'applied', source: 'visit', version: '1', back: '/policies/deliveries' }).expect(303);
    expect(flashOf(stale)).toMatchObject({ kind: 'error', text: '已被他人修改，请刷新后重试' });
    const missingCsrf = await officer.post(url, { state: 'applied', source: 'visit', version: '2' });
    expect(missingCsrf.status).toBe(403);
  });

  it('lets the firm ask a question that becomes an appeal, and shows supervisors the reach page and export', async () => {
    const asked = await firm.post(`/policies/${policyId}/questions`, { _csrf: firm.csrf, question: '请问奖励资金何时拨付？需要哪些材料？' }).expect(303);
    expect(asked.headers.location).toMatch(/^\/appeals\/\d+$/);
    expect(flashOf(asked)?.text).toContain('咨询已提交');
    const reach = await admin.get(`/policies/reach?policyId=${policyId}`).expect(200);
    expect(reach.text).toContain('应知尽知');
    expect(reach.text).toContain('1/1');
    const xlsx = await admin.get(`/policies/reach.xlsx?policyId=${policyId}`).expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });
});
