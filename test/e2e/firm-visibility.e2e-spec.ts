import { FixedClock } from '../../src/common/clock/clock';
import { consoleLogin } from '../browser/console-http';
import { categoryId } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertDepartment, insertFirm, insertVisit, signedIn, unique } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

/**
 * Who sees a firm (DOMAIN.md "Who uses it"): region reach is the outer bound, the role's relation
 * to the firm decides. Everything outside answers 404, exactly like a missing id.
 */
const JINJIANG = '510104';
const CHENGDU = '510100';

type Bearer = { id: number; bearer: string; username: string };

describe('firm visibility by role (e2e)', () => {
  let ctx: TestContext;
  let officer: Bearer;
  let colleague: Bearer;
  let handler: Bearer;
  let coHandler: Bearer;
  let otherHandler: Bearer;
  let admin: Bearer;
  const token = unique('可见');
  const firms: Record<'mine' | 'colleagues' | 'closedCase' | 'coCase' | 'noCase', { id: number; name: string }> = {} as never;

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-11-16T04:00:00Z')) });
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    officer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    colleague = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    const lead = await insertDepartment(ctx.db, JINJIANG);
    const co = await insertDepartment(ctx.db, JINJIANG);
    const other = await insertDepartment(ctx.db, JINJIANG);
    handler = await signedIn(ctx, { role: 'handler', regionCode: JINJIANG, departmentId: lead });
    coHandler = await signedIn(ctx, { role: 'handler', regionCode: JINJIANG, departmentId: co });
    otherHandler = await signedIn(ctx, { role: 'handler', regionCode: JINJIANG, departmentId: other });
    firms.mine = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id, name: `${token}甲` });
    firms.colleagues = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: colleague.id, name: `${token}乙` });
    firms.closedCase = await insertFirm(ctx.db, { regionCode: JINJIANG, name: `${token}丙` });
    firms.coCase = await insertFirm(ctx.db, { regionCode: JINJIANG, name: `${token}丁` });
    firms.noCase = await insertFirm(ctx.db, { regionCode: JINJIANG, name: `${token}戊` });
    const category = await categoryId(ctx.db, 'labour');
    // A finished case the lead department handled, and an open one it co-handles.
    await insertAppealRow(ctx.db, {
      enterpriseId: firms.closedCase.id,
      regionCode: JINJIANG,
      submittedBy: admin.id,
      categoryId: category,
      columns: { status: 'closed', lead_department_id: lead, closed_at: new Date('2026-10-01T00:00:00Z') },
    });
    const coAppeal = await insertAppealRow(ctx.db, {
      enterpriseId: firms.coCase.id,
      regionCode: JINJIANG,
      submittedBy: admin.id,
      categoryId: category,
      columns: { status: 'in_progress', lead_department_id: other },
    });
    await ctx.db.query('INSERT INTO appeal_co_departments (appeal_id, department_id) VALUES (?, ?)', [coAppeal, co]);
  });
  afterAll(() => ctx.close());

  const get = (as: Bearer, path: string) => ctx.http().get(path).set('Authorization', as.bearer);
  const listed = async (as: Bearer) =>
    ((await get(as, `/api/enterprises?q=${encodeURIComponent(token)}&pageSize=100`).expect(200)).body.items as Array<{ id: number }>)
      .map((f) => f.id)
      .sort((a, b) => a - b);
  const ids = (...names: Array<keyof typeof firms>) => names.map((n) => firms[n].id).sort((a, b) => a - b);

  it('shows an officer only the firms assigned to them, in lists and by id', async () => {
    expect(await listed(officer)).toEqual(ids('mine'));
    await get(officer, `/api/enterprises/${firms.mine.id}`).expect(200);
    const notTheirs = await get(officer, `/api/enterprises/${firms.colleagues.id}`).expect(404);
    expect(notTheirs.body).toMatchObject({ code: 'NOT_FOUND', message: `Enterprise ${firms.colleagues.id} was not found` });
    await get(officer, `/api/enterprises/${firms.colleagues.id}/officer-history`).expect(404);
    // Filtering by another officer finds nothing rather than widening the view.
    const filtered = await get(officer, `/api/enterprises?officerId=${colleague.id}`).expect(200);
    expect(filtered.body.total).toBe(0);
  });

  it('shows a handler the firms whose appeals their department leads or co-handles, finished ones included', async () => {
    expect(await listed(handler)).toEqual(ids('closedCase'));
    expect(await listed(coHandler)).toEqual(ids('coCase'));
    expect(await listed(otherHandler)).toEqual(ids('coCase'));
    const firm = await get(handler, `/api/enterprises/${firms.closedCase.id}`).expect(200);
    expect(firm.body).toMatchObject({ id: firms.closedCase.id, name: firms.closedCase.name });
    await get(handler, `/api/enterprises/${firms.noCase.id}`).expect(404);
    await get(handler, `/api/enterprises/${firms.mine.id}`).expect(404);
    // Handling needs the firm, not the programme's record of who looked after it.
    await get(handler, `/api/enterprises/${firms.closedCase.id}/officer-history`).expect(404);
  });

  it('shows an officer a firm’s history while the firm is theirs, and their own visits only', async () => {
    const firm = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id });
    const ownVisit = await insertVisit(ctx.db, { enterpriseId: firm.id, officerId: officer.id, regionCode: JINJIANG, visitDate: '2026-11-02' });
    await get(officer, `/api/enterprises/${firm.id}/officer-history`).expect(200);
    const [{ version }] = await ctx.db.query('SELECT version FROM enterprises WHERE id = ?', [firm.id]);
    await ctx
      .http()
      .post(`/api/enterprises/${firm.id}/officer`)
      .set('Authorization', admin.bearer)
      .send({ officerId: colleague.id, reason: '调整分工', version: Number(version) })
      .expect(200);
    await get(officer, `/api/enterprises/${firm.id}/officer-history`).expect(404);
    await get(officer, `/api/enterprises/${firm.id}`).expect(404);
    await get(colleague, `/api/enterprises/${firm.id}/officer-history`).expect(200);
    // The visit stays the officer's own record; the new officer does not read their predecessor's notes.
    await get(officer, `/api/visits/${ownVisit}`).expect(200);
    await get(colleague, `/api/visits/${ownVisit}`).expect(404);
    const colleagueVisits = await get(colleague, `/api/visits?enterpriseId=${firm.id}`).expect(200);
    expect(colleagueVisits.body.total).toBe(0);
  });

  it('answers 404 to a change of a firm that is not the caller’s, and changes nothing', async () => {
    const before = await ctx.db.query('SELECT version, contact_person FROM enterprises WHERE id = ?', [firms.colleagues.id]);
    await ctx
      .http()
      .patch(`/api/enterprises/${firms.colleagues.id}`)
      .set('Authorization', officer.bearer)
      .send({ version: 1, contactPerson: '冒名' })
      .expect(404);
    expect(await ctx.db.query('SELECT version, contact_person FROM enterprises WHERE id = ?', [firms.colleagues.id])).toEqual(before);
  });

  it('keeps the console’s firm pages and a supervisor’s register to the same rule', async () => {
    const page = await consoleLogin(ctx, officer.username);
    const list = await page.get('/firms').expect(200);
    expect(list.text).toContain(firms.mine.name);
    expect(list.text).not.toContain(firms.colleagues.name);
    await page.get(`/firms/${firms.mine.id}`).expect(200);
    await page.get(`/firms/${firms.colleagues.id}`).expect(404);
    const supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
    expect(await listed(supervisor)).toEqual(ids('mine', 'colleagues', 'closedCase', 'coCase', 'noCase'));
  });
});
