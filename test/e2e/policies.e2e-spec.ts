import { FixedClock } from '../../src/common/clock/clock';
import { insertDepartment, nextCreditCode, signedIn, unique } from '../helpers/factories';
import { insertParkFirm, NO_RULES, policyBody } from '../helpers/policy-fixtures';
import { createTestApp, TestContext } from '../helpers/test-app';

const JINJIANG = '510104';
const QINGYANG = '510105';
const CHENGDU = '510100';
const MIANYANG_FUCHENG = '510703';
const MIANYANG = '510700';

type Bearer = { id: number; bearer: string };

describe('policies: library, rules, preview, publication and matching (e2e)', () => {
  let ctx: TestContext;
  let admin: Bearer;
  let department: number;
  let park: string;
  let firms: Record<'a' | 'b' | 'c' | 'd' | 'e', { id: number; name: string }>;
  let officerA: Bearer;

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(new Date('2026-03-02T02:00:00Z')) });
    admin = await signedIn(ctx, { role: 'admin', regionCode: '510000' });
    department = await insertDepartment(ctx.db, '510000');
    officerA = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    park = unique('园区');
    firms = {
      a: await insertParkFirm(ctx, park, { regionCode: JINJIANG, industry: 'electronic_information', scale: 'above', tags: ['specialized'], officerId: officerA.id, facts: { employees: 120 } }),
      b: await insertParkFirm(ctx, park, { regionCode: QINGYANG, industry: 'equipment_manufacturing', scale: 'below', tags: ['specialized', 'whitelist'], facts: { employees: 40 } }),
      c: await insertParkFirm(ctx, park, { regionCode: MIANYANG_FUCHENG, industry: 'electronic_information', scale: 'above', tags: [] }),
      d: await insertParkFirm(ctx, park, { regionCode: JINJIANG, industry: 'electronic_information', scale: 'above', tags: ['nurture', 'specialized'], active: false }),
      e: await insertParkFirm(ctx, park, { regionCode: CHENGDU, industry: 'other', scale: 'below', tags: ['nurture'] }),
    };
  });
  afterAll(() => ctx.close());

  const preview = (rules: Record<string, unknown>, regionCode = '510000', as: Bearer = admin) =>
    ctx.http().post('/api/policies/preview').set('Authorization', as.bearer).send({ regionCode, rules: { ...NO_RULES, parks: [park], ...rules }, limit: 10 });
  const matchedIds = async (rules: Record<string, unknown>, regionCode?: string) => {
    const response = await preview(rules, regionCode).expect(200);
    return (response.body.firms as Array<{ id: number }>).map((f) => f.id).sort((x, y) => x - y);
  };
  const ids = (...keys: Array<keyof typeof firms>) => keys.map((k) => firms[k].id).sort((x, y) => x - y);

  it('previews the firms a rule set admits: region subtrees, tags, scale, industry, facts; never inactive firms', async () => {
    const all = await preview({}).expect(200);
    expect(all.body.matching).toBe(4);
    expect(all.body.byCity).toEqual([
      { regionCode: CHENGDU, regionName: expect.any(String), firms: 3 },
      { regionCode: MIANYANG, regionName: expect.any(String), firms: 1 },
    ]);
    // A city covers its counties and a firm registered at the city itself; a county only itself.
    expect(await matchedIds({ regionCodes: [CHENGDU] })).toEqual(ids('a', 'b', 'e'));
    expect(await matchedIds({ regionCodes: [JINJIANG] })).toEqual(ids('a'));
    expect(await matchedIds({ regionCodes: [JINJIANG, MIANYANG] })).toEqual(ids('a', 'c'));
    expect(await matchedIds({}, CHENGDU)).toEqual(ids('a', 'b', 'e'));
    expect(await matchedIds({ tagsAll: ['specialized'] })).toEqual(ids('a', 'b'));
    expect(await matchedIds({ tagsAll: ['specialized', 'whitelist'] })).toEqual(ids('b'));
    expect(await matchedIds({ tagsAny: ['whitelist', 'nurture'] })).toEqual(ids('b', 'e'));
    expect(await matchedIds({ scales: ['above'] })).toEqual(ids('a', 'c'));
    expect(await matchedIds({ industries: ['electronic_information'], scales: ['above'], regionCodes: [CHENGDU] })).toEqual(ids('a'));
    expect(await matchedIds({ facts: [{ fact: 'employees', min: 120, max: null }] })).toEqual(ids('a'));
    expect(await matchedIds({ facts: [{ fact: 'employees', min: 120.01, max: null }] })).toEqual([]);
    expect(await matchedIds({ facts: [{ fact: 'employees', min: null, max: 40 }] })).toEqual(ids('b'));
    expect(await matchedIds({ parks: [unique('别的园区')] })).toEqual([]);
  });

  it('refuses invalid rules with the field and the reason', async () => {
    const outside = await preview({ regionCodes: [MIANYANG] }, CHENGDU).expect(400);
    expect(outside.body.details).toEqual([{ field: 'rules.regionCodes[0]', message: `${MIANYANG} lies outside the policy's region ${CHENGDU}` }]);
    const nested = await preview({ regionCodes: [CHENGDU, JINJIANG] }).expect(400);
    expect(nested.body.details[0].message).toBe(`${JINJIANG} already lies within ${CHENGDU}`);
    const bounds = await preview({ facts: [{ fact: 'employees', min: 10, max: 5 }] }).expect(400);
    expect(bounds.body.details).toEqual([{ field: 'rules.facts[0]', message: 'min must not exceed max' }]);
    const tags = await preview({ tagsAny: ['whitelist', 'nurture'], tagsAll: ['whitelist'] }).expect(400);
    expect(tags.body.details[0].field).toBe('rules.tagsAny');
    await preview({ industries: ['steel'] }).expect(400);
    const unknown = await preview({ regionCodes: ['519900'] }).expect(400);
    expect(unknown.body.details[0].message).toBe('unknown region code 519900');
  });

  it('lets a supervisor manage policies of their reach only; officers and firms cannot', async () => {
    const mianyang = await signedIn(ctx, { role: 'supervisor', regionCode: MIANYANG });
    await preview({}, CHENGDU, mianyang).expect(400);
    await ctx.http().post('/api/policies').set('Authorization', mianyang.bearer).send(policyBody(department, { regionCode: CHENGDU })).expect(400);
    await ctx.http().post('/api/policies').set('Authorization', officerA.bearer).send(policyBody(department)).expect(403);
    const draft = await ctx.http().post('/api/policies').set('Authorization', admin.bearer).send(policyBody(department, { regionCode: CHENGDU })).expect(201);
    // A draft of another city is as invisible as a missing policy.
    await ctx.http().get(`/api/policies/${draft.body.id}`).set('Authorization', mianyang.bearer).expect(404);
    await ctx.http().get(`/api/policies/${draft.body.id}`).set('Authorization', officerA.bearer).expect(404);
  });

  it('publishes: matches every eligible firm set-based, tells their users and officers, and edits are closed', async () => {
    const firmUser = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: firms.a.id });
    const created = await ctx
      .http()
      .post('/api/policies')
      .set('Authorization', admin.bearer)
      .send(policyBody(department, { rules: { ...NO_RULES, parks: [park], tagsAll: ['specialized'] } }))
      .expect(201);
    expect(created.body).toMatchObject({ status: 'draft', level: 'province', eligibleFirms: 0, version: 1, validFrom: '2026-01-01' });
    await ctx.http().get(`/api/policies/${created.body.id}`).set('Authorization', firmUser.bearer).expect(404);

    const published = await ctx.http().post(`/api/policies/${created.body.id}/publish`).set('Authorization', admin.bearer).send({ version: 1 }).expect(200);
    expect(published.body.matched).toBe(2);
    expect(published.body.policy).toMatchObject({ status: 'published', eligibleFirms: 2, publishedAt: '2026-03-02T02:00:00.000Z' });
    await ctx.http().post(`/api/policies/${created.body.id}/publish`).set('Authorization', admin.bearer).send({ version: 2 }).expect(409);
    await ctx.http().patch(`/api/policies/${created.body.id}`).set('Authorization', admin.bearer).send({ version: 2, title: '改个标题试试看' }).expect(409);

    const inbox = await ctx.http().get('/api/notifications').set('Authorization', firmUser.bearer).expect(200);
    expect(inbox.body.items.filter((n: { kind: string }) => n.kind === 'policy.matched')).toHaveLength(1);
    const officerInbox = await ctx.http().get('/api/notifications').set('Authorization', officerA.bearer).expect(200);
    expect(officerInbox.body.items.find((n: { kind: string }) => n.kind === 'policy.to_deliver').title).toContain('1家企业待告知');
    // Now the firm reads the policy matched to it.
    await ctx.http().get(`/api/policies/${created.body.id}`).set('Authorization', firmUser.bearer).expect(200);
  });

  it('re-matches on attribute change: a firm becoming 专精特新 gains the policy exactly once; one that stops matching keeps its record', async () => {
    const rules = { ...NO_RULES, parks: [park], tagsAll: ['specialized'] };
    const created = await ctx.http().post('/api/policies').set('Authorization', admin.bearer).send(policyBody(department, { rules })).expect(201);
    await ctx.http().post(`/api/policies/${created.body.id}/publish`).set('Authorization', admin.bearer).send({ version: 1 }).expect(200);
    const firmUser = await signedIn(ctx, { role: 'enterprise', regionCode: MIANYANG_FUCHENG, enterpriseId: firms.c.id });
    const patch = async (fields: Record<string, unknown>) => {
      const current = await ctx.http().get(`/api/enterprises/${firms.c.id}`).set('Authorization', admin.bearer).expect(200);
      await ctx.http().patch(`/api/enterprises/${firms.c.id}`).set('Authorization', admin.bearer).send({ version: current.body.version, ...fields }).expect(200);
    };
    const record = () => ctx.db.query('SELECT eligible, state FROM policy_firms WHERE policy_id = ? AND enterprise_id = ?', [created.body.id, firms.c.id]);
    const told = async () =>
      (await ctx.db.query("SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND kind = 'policy.matched' AND title LIKE ?", [firmUser.id, `%${created.body.title}%`]))[0].n;

    expect(await record()).toEqual([]);
    await patch({ tags: ['specialized'] });
    expect(await record()).toEqual([{ eligible: 1, state: 'pending' }]);
    await patch({ tags: ['specialized', 'whitelist'] });
    await patch({ contactPhone: '13800000000' });
    expect(await record()).toHaveLength(1);
    expect(Number(await told())).toBe(1);

    await patch({ tags: ['whitelist'] });
    expect(await record()).toEqual([{ eligible: 0, state: 'pending' }]);
    const closed = await ctx.http().get(`/api/policy-deliveries?eligible=false&policyId=${created.body.id}`).set('Authorization', admin.bearer).expect(200);
    expect(closed.body.items.map((i: { enterpriseId: number }) => i.enterpriseId)).toEqual([firms.c.id]);

    await patch({ tags: ['specialized'] });
    expect(await record()).toEqual([{ eligible: 1, state: 'pending' }]);
    expect(Number(await told())).toBe(1);
    const history = await ctx.http().get(`/api/policy-deliveries/${created.body.id}/${firms.c.id}`).set('Authorization', admin.bearer).expect(200);
    expect(history.body.history.map((h: { kind: string }) => h.kind)).toEqual(['matched', 'unmatched', 'rematched']);
    // Deactivating the firm takes it out too.
    await patch({ active: false });
    expect(await record()).toEqual([{ eligible: 0, state: 'pending' }]);
  });

  it('re-matches firms created or updated by an import, in the import’s transaction', async () => {
    const importPark = unique('导入园区');
    const created = await ctx
      .http()
      .post('/api/policies')
      .set('Authorization', admin.bearer)
      .send(policyBody(department, { rules: { ...NO_RULES, parks: [importPark], tagsAll: ['specialized'] } }))
      .expect(201);
    await ctx.http().post(`/api/policies/${created.body.id}/publish`).set('Authorization', admin.bearer).send({ version: 1 }).expect(200);
    const codes = [nextCreditCode(JINJIANG), nextCreditCode(JINJIANG)];
    const csv = (tags: string[]) =>
      Buffer.from(
        [
          '统一社会信用代码,企业名称,行政区划代码,行业,规模,标签,园区',
          `${codes[0]},${unique('导入企业甲')},${JINJIANG},电子信息,规上,${tags[0]},${importPark}`,
          `${codes[1]},${unique('导入企业乙')},${JINJIANG},电子信息,规上,${tags[1]},${importPark}`,
        ].join('\n'),
      );
    const upload = (content: Buffer) =>
      ctx.http().post('/api/enterprises/import').set('Authorization', admin.bearer).attach('file', content, { filename: 'firms.csv', contentType: 'text/csv' });
    await upload(csv(['专精特新', '白名单'])).expect(200);
    const eligible = async () =>
      (
        await ctx.db.query(
          'SELECT e.credit_code FROM policy_firms pf JOIN enterprises e ON e.id = pf.enterprise_id WHERE pf.policy_id = ? AND pf.eligible = 1 ORDER BY e.credit_code',
          [created.body.id],
        )
      ).map((r: { credit_code: string }) => r.credit_code);
    expect(await eligible()).toEqual([codes[0]]);
    await upload(csv(['白名单', '专精特新'])).expect(200);
    expect(await eligible()).toEqual([codes[1]]);
  });

  it('records a firm’s facts (admins, supervisors in reach) and re-matches it against fact rules', async () => {
    const rules = { ...NO_RULES, parks: [park], facts: [{ fact: 'employees', min: 100, max: null }] };
    const created = await ctx.http().post('/api/policies').set('Authorization', admin.bearer).send(policyBody(department, { rules })).expect(201);
    const published = await ctx.http().post(`/api/policies/${created.body.id}/publish`).set('Authorization', admin.bearer).send({ version: 1 }).expect(200);
    expect(published.body.matched).toBe(1);
    const facts = await ctx
      .http()
      .put(`/api/enterprises/${firms.b.id}/facts`)
      .set('Authorization', admin.bearer)
      .send({ facts: [{ fact: 'employees', value: 100, asOf: '2025-12-31' }, { fact: 'revenue', value: 2500.5 }] })
      .expect(200);
    expect(facts.body).toEqual({
      enterpriseId: firms.b.id,
      facts: [
        { fact: 'employees', value: 100, asOf: '2025-12-31', updatedAt: expect.any(String) },
        { fact: 'revenue', value: 2500.5, asOf: null, updatedAt: expect.any(String) },
      ],
    });
    const records = async () =>
      (await ctx.db.query('SELECT enterprise_id FROM policy_firms WHERE policy_id = ? AND eligible = 1 ORDER BY enterprise_id', [created.body.id])).map(
        (r: { enterprise_id: number }) => r.enterprise_id,
      );
    expect(await records()).toEqual(ids('a', 'b'));
    await ctx.http().put(`/api/enterprises/${firms.b.id}/facts`).set('Authorization', admin.bearer).send({ facts: [{ fact: 'employees', value: 99 }] }).expect(200);
    expect(await records()).toEqual(ids('a'));
    const twice = await ctx
      .http()
      .put(`/api/enterprises/${firms.b.id}/facts`)
      .set('Authorization', admin.bearer)
      .send({ facts: [{ fact: 'employees', value: 1 }, { fact: 'employees', value: 2 }] })
      .expect(400);
    expect(twice.body.details).toEqual([{ field: 'facts[1].fact', message: 'listed twice' }]);
    const mianyang = await signedIn(ctx, { role: 'supervisor', regionCode: MIANYANG });
    await ctx.http().put(`/api/enterprises/${firms.b.id}/facts`).set('Authorization', mianyang.bearer).send({ facts: [] }).expect(404);
    await ctx.http().put(`/api/enterprises/${firms.a.id}/facts`).set('Authorization', officerA.bearer).send({ facts: [] }).expect(403);
    await ctx.http().get(`/api/enterprises/${firms.a.id}/facts`).set('Authorization', officerA.bearer).expect(200);
    await ctx.http().get(`/api/enterprises/${firms.b.id}/facts`).set('Authorization', officerA.bearer).expect(404);
  });
});
