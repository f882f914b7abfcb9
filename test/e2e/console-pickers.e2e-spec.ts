import { insertDepartment, insertFirm, insertUser, unique } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';
import { consoleLogin, cookiesOf, type ConsoleAgent } from '../browser/console-http';

const YUCHENG = '511802'; // 雨城区, Ya'an
const MINGSHAN = '511803'; // 名山区, Ya'an
const FUCHENG = '510703'; // 涪城区, Mianyang

interface FirmSearchBody {
  items: Array<{ id: number; name: string; creditCode: string; regionName: string }>;
  total: number;
}

/**
 * The console's pickers over HTTP: the firm search answers only with firms the caller may see
 * (its role and region), and a form refuses a region code or a firm outside the caller's reach
 * at the field, keeping what was typed.
 */
describe('console pickers: firm search scoping and out-of-reach refusals (e2e)', () => {
  let ctx: TestContext;
  const token = unique('拾取');
  let admin: ConsoleAgent;
  let supervisor: ConsoleAgent;
  let officer: ConsoleAgent;
  let handler: ConsoleAgent;
  let firmUser: ConsoleAgent;
  let own: { id: number; creditCode: string; name: string };
  let neighbour: { id: number; creditCode: string; name: string };
  let away: { id: number; creditCode: string; name: string };

  const search = async (agent: ConsoleAgent, q: string) => {
    const response = await agent.get(`/pickers/firms?q=${encodeURIComponent(q)}`).expect(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.headers['cache-control']).toBe('no-store');
    return response.body as FirmSearchBody;
  };
  const flashOf = (response: { headers: Record<string, unknown> }) => {
    const raw = cookiesOf(response.headers['set-cookie'] as string[]).qy_flash;
    return raw ? (JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { kind: string; text: string; details?: string[] }) : null;
  };
  const idsOf = (body: FirmSearchBody) => body.items.map((f) => f.id).sort((a, b) => a - b);

  beforeAll(async () => {
    ctx = await createTestApp();
    const officerUser = await insertUser(ctx.db, { role: 'officer', regionCode: YUCHENG });
    const otherOfficer = await insertUser(ctx.db, { role: 'officer', regionCode: MINGSHAN });
    own = await insertFirm(ctx.db, { regionCode: YUCHENG, officerId: officerUser.id, name: `${token}雨城茶业有限公司` });
    neighbour = await insertFirm(ctx.db, { regionCode: MINGSHAN, officerId: otherOfficer.id, name: `${token}名山蒙顶茶厂` });
    away = await insertFirm(ctx.db, { regionCode: FUCHENG, name: `${token}涪城电子有限公司` });
    const department = await insertDepartment(ctx.db, YUCHENG);
    const [adminUser, supervisorUser, handlerUser, enterpriseUser] = await Promise.all([
      insertUser(ctx.db, { role: 'admin', regionCode: '510000' }),
      insertUser(ctx.db, { role: 'supervisor', regionCode: '511800' }),
      insertUser(ctx.db, { role: 'handler', regionCode: YUCHENG, departmentId: department }),
      insertUser(ctx.db, { role: 'enterprise', regionCode: YUCHENG, enterpriseId: own.id }),
    ]);
    [admin, supervisor, officer, handler, firmUser] = await Promise.all([
      consoleLogin(ctx, adminUser.username),
      consoleLogin(ctx, supervisorUser.username),
      consoleLogin(ctx, officerUser.username),
      consoleLogin(ctx, handlerUser.username),
      consoleLogin(ctx, enterpriseUser.username),
    ]);
  });
  afterAll(() => ctx.close());

  describe('GET /pickers/firms', () => {
    it('gives an admin every firm, a city supervisor the firms of their city, an officer their own firms', async () => {
      expect(idsOf(await search(admin, token))).toEqual([own.id, neighbour.id, away.id].sort((a, b) => a - b));
      expect(idsOf(await search(supervisor, token))).toEqual([own.id, neighbour.id].sort((a, b) => a - b));
      const mine = await search(officer, token);
      expect(idsOf(mine)).toEqual([own.id]);
      expect(mine.total).toBe(1);
      expect(mine.items[0]).toEqual({ id: own.id, name: own.name, creditCode: own.creditCode, regionName: '雨城区' });
    });

    it('matches part of the name and the start of the credit code, and nothing outside the reach by either', async () => {
      expect(idsOf(await search(supervisor, `${token}名山`))).toEqual([neighbour.id]);
      expect(idsOf(await search(officer, own.creditCode.slice(0, 14)))).toContain(own.id);
      // The officer types the neighbour's exact name or code: still nothing.
      expect((await search(officer, neighbour.name)).items).toEqual([]);
      expect((await search(officer, neighbour.creditCode)).items).toEqual([]);
      expect((await search(supervisor, away.creditCode)).items).toEqual([]);
      expect(await search(admin, '   ')).toEqual({ items: [], total: 0 });
    });

    it('refuses the roles whose forms pick no firm, and callers without a session', async () => {
      await handler.get(`/pickers/firms?q=${encodeURIComponent(token)}`).expect(403);
      await firmUser.get(`/pickers/firms?q=${encodeURIComponent(token)}`).expect(403);
      const anonymous = await ctx.http().get(`/pickers/firms?q=${encodeURIComponent(token)}`);
      expect(anonymous.status).not.toBe(200);
      expect(anonymous.text).not.toContain(token);
    });
  });

  describe('out-of-reach codes and firms in forms', () => {
    it('offers a supervisor only the regions of their reach, and refuses another city’s code at the field, the form kept', async () => {
      const form = await supervisor.get('/policies/new').expect(200);
      expect(form.text).toContain(`value="${YUCHENG}"`);
      expect(form.text).toContain(`value="${MINGSHAN}"`);
      expect(form.text).not.toContain(`value="${FUCHENG}"`);
      const title = `${token}茶产业扶持政策`;
      const before = await ctx.db.query('SELECT COUNT(*) AS n FROM policies WHERE title = ?', [title]);
      const refused = await supervisor
        .post('/policies', {
          _csrf: supervisor.csrf,
          intent: 'save',
          title,
          issuingBody: '雅安市经济和信息化局',
          regionCode: FUCHENG,
          summary: '支持茶企技术改造',
        })
        .expect(400);
      expect(refused.text).toMatch(/data-testid="field-error-regionCode">该地区不在您的管辖范围内/);
      expect(refused.text).toContain(`value="${title}"`);
      // The refused code stays shown as sent, marked, rather than silently replaced.
      expect(refused.text).toContain(`<option value="${FUCHENG}" selected>${FUCHENG}（不可选）</option>`);
      const after = await ctx.db.query('SELECT COUNT(*) AS n FROM policies WHERE title = ?', [title]);
      expect(Number(after[0].n)).toBe(Number(before[0].n));
    });

    it('picks the rules editor’s regions from a multiple list and keeps them chosen when the form comes back', async () => {
      const preview = await supervisor
        .post('/policies', {
          _csrf: supervisor.csrf,
          intent: 'preview',
          regionCode: '511800',
          regionCodes: [YUCHENG, MINGSHAN],
          title: `${token}预览`,
        })
        .expect(200);
      const select = /<select id="pick-regionCodes" name="regionCodes" multiple[\s\S]*?<\/select>/.exec(preview.text)?.[0] ?? '';
      expect(select).toMatch(new RegExp(`value="${YUCHENG}"[^>]* selected`));
      expect(select).toMatch(new RegExp(`value="${MINGSHAN}"[^>]* selected`));
      expect(select).not.toMatch(/value="511822"[^>]* selected/);
      expect(select).not.toContain(`value="${FUCHENG}"`);
    });

    it('refuses an unknown region code in the admin forms at the field, keeping what was typed', async () => {
      const name = `${token}测试局`;
      const department = await admin.post('/admin/departments', { _csrf: admin.csrf, name, regionCode: '519999' }).expect(400);
      expect(department.text).toMatch(/data-testid="field-error-regionCode">该地区不在您的管辖范围内/);
      expect(department.text).toContain(`value="${name}"`);
      expect(await ctx.db.query('SELECT id FROM departments WHERE name = ?', [name])).toEqual([]);

      const username = `pick_${Date.now()}`;
      const user = await admin
        .post('/admin/users', {
          _csrf: admin.csrf,
          username,
          password: 'Initial-pass-1',
          displayName: '拾取测试',
          role: 'officer',
          regionCode: '519999',
        })
        .expect(400);
      expect(user.text).toMatch(/data-testid="field-error-regionCode">该地区不在您的管辖范围内/);
      expect(user.text).toContain(`value="${username}"`);
      expect(user.text).not.toContain('Initial-pass-1');

      const rule = await admin
        .post('/admin/routing-rules', { _csrf: admin.csrf, categoryId: '1', regionCode: '519999', departmentId: '1' })
        .expect(400);
      expect(rule.text).toMatch(/data-testid="field-error-regionCode">该地区不在您的管辖范围内/);
    });

    it('takes a firm by its typed name when no id was picked, and refuses a name that finds none', async () => {
      const username = `pick_firm_${Date.now()}`;
      await admin
        .post('/admin/users', {
          _csrf: admin.csrf,
          username,
          password: 'Initial-pass-1',
          displayName: '茶业联系人',
          role: 'enterprise',
          regionCode: YUCHENG,
          enterpriseId: '',
          enterpriseIdSearch: own.name,
        })
        .expect(303);
      const [created] = await ctx.db.query('SELECT enterprise_id FROM users WHERE username = ?', [username]);
      expect(Number(created.enterprise_id)).toBe(own.id);

      const missing = await admin
        .post('/admin/users', {
          _csrf: admin.csrf,
          username: `${username}_2`,
          password: 'Initial-pass-1',
          displayName: '茶业联系人',
          role: 'enterprise',
          regionCode: YUCHENG,
          enterpriseIdSearch: `${token}不存在的企业`,
        })
        .expect(400);
      expect(missing.text).toMatch(/data-testid="field-error-enterpriseId">未找到该企业/);
      expect(missing.text).toContain(`value="${token}不存在的企业"`);
    });

    it('refuses an officer’s question on behalf of a firm that is not theirs, by id or by name', async () => {
      const byName = await officer.post('/policies/999999999/questions', {
        _csrf: officer.csrf,
        enterpriseIdSearch: neighbour.name,
        question: '请问这项政策的申报材料有哪些？',
      });
      // The firm is refused before the policy is even looked up (an unknown policy would be the 404 page).
      expect(byName.status).toBe(303);
      expect(flashOf(byName)?.details?.join('')).toContain('未找到该企业');
      const byId = await officer.post('/policies/999999999/questions', {
        _csrf: officer.csrf,
        enterpriseId: String(neighbour.id),
        question: '请问这项政策的申报材料有哪些？',
      });
      expect(byId.status).toBe(303);
      expect(flashOf(byId)?.details?.join('')).toContain('未找到该企业');
      expect(await ctx.db.query('SELECT id FROM appeals WHERE enterprise_id = ?', [neighbour.id])).toEqual([]);
    });
  });
});
