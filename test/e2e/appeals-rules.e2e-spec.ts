import { FixedClock } from '../../src/common/clock/clock';
import { appealCast, categoryId, insertEnterprise } from '../helpers/appeal-fixtures';
import { createTestApp, TestContext } from '../helpers/test-app';

describe('appeal rules, concurrency, caseloads and attachments (e2e)', () => {
  let ctx: TestContext;
  const clock = new FixedClock(new Date('2026-04-07T02:00:00Z')); // Tuesday 10:00 in Chengdu
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let power: number;

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '510106');
    power = await categoryId(ctx.db, 'energy_power');
  });
  afterAll(() => ctx.close());

  async function submit(bearer = cast.enterprise.bearer, extra: Record<string, unknown> = {}) {
    const response = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', bearer)
      .send({ categoryId: power, kind: 'help', title: '需要协调用电指标', description: '新增生产线需要增加用电负荷指标。', ...extra });
    if (response.status !== 201) throw new Error(`submit: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { id: number; version: number; status: string; urgency: string };
  }
  async function act(id: number, bearer: string, path: string, body: Record<string, unknown>) {
    return ctx.http().post(`/api/appeals/${id}/${path}`).set('Authorization', bearer).send(body);
  }
  async function inProgress(): Promise<{ id: number; version: number }> {
    const a = await submit();
    let r = await act(a.id, cast.officer.bearer, 'accept', { version: a.version });
    r = await act(a.id, cast.officer.bearer, 'route', { version: r.body.version, leadDepartmentId: cast.deptA });
    r = await act(a.id, cast.handlerA.bearer, 'sign', { version: r.body.version });
    expect(r.status).toBe(200);
    return { id: a.id, version: r.body.version };
  }

  it('applies exactly one of two concurrent conflicting actions', async () => {
    const a = await submit();
    const [accept, reject] = await Promise.all([
      act(a.id, cast.officer.bearer, 'accept', { version: a.version }),
      act(a.id, cast.supervisor.bearer, 'reject', { version: a.version, reason: '不属于受理范围' }),
    ]);
    expect([accept.status, reject.status].sort()).toEqual([200, 409]);
    const loser = accept.status === 409 ? accept : reject;
    expect(loser.body).toMatchObject({ code: 'VERSION_CONFLICT', context: { current: { version: a.version + 1 } } });
    const [{ n }] = await ctx.db.query("SELECT COUNT(*) AS n FROM appeal_events WHERE appeal_id = ? AND action IN ('accept','reject')", [a.id]);
    expect(Number(n)).toBe(1);
  });

  it('creates one appeal for concurrent retries with one Idempotency-Key', async () => {
    const body = { categoryId: power, kind: 'consultation', title: '并发重试的诉求', description: '网络抖动导致客户端重复提交。' };
    const responses = await Promise.all(
      [1, 2, 3].map(() => ctx.http().post('/api/appeals').set('Authorization', cast.enterprise.bearer).set('Idempotency-Key', 'concurrent-key-1').send(body)),
    );
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
    const [{ n }] = await ctx.db.query("SELECT COUNT(*) AS n FROM appeals WHERE title = '并发重试的诉求'");
    expect(Number(n)).toBe(1);
  });

  it('never signs twice when the same handler double-clicks', async () => {
    const a = await submit();
    let r = await act(a.id, cast.officer.bearer, 'accept', { version: a.version });
    r = await act(a.id, cast.officer.bearer, 'route', { version: r.body.version, leadDepartmentId: cast.deptA });
    const results = await Promise.all([1, 2, 3].map(() => act(a.id, cast.handlerA.bearer, 'sign', { version: r.body.version })));
    expect(results.map((x) => x.status).sort()).toEqual([200, 409, 409]);
  });

  it('answers an action without any version 428 and takes the ETag back as If-Match', async () => {
    const a = await submit();
    const missing = await act(a.id, cast.officer.bearer, 'accept', {});
    expect(missing.status).toBe(428);
    expect(missing.body).toMatchObject({ code: 'PRECONDITION_REQUIRED', details: [{ field: 'If-Match' }] });
    const read = await ctx.http().get(`/api/appeals/${a.id}`).set('Authorization', cast.officer.bearer).expect(200);
    expect(read.headers.etag).toBe(`"${a.version}"`);
    const viaHeader = await ctx.http().post(`/api/appeals/${a.id}/accept`).set('Authorization', cast.officer.bearer).set('If-Match', read.headers.etag).send({});
    expect(viaHeader.status).toBe(200);
    expect(viaHeader.body.status).toBe('accepted');
    expect(viaHeader.headers.etag).toBe(`"${viaHeader.body.version}"`);
    expect(viaHeader.body.version).toBeGreaterThan(a.version);
  });

  it('answers a stale If-Match 412 and a stale body version 409, writing nothing', async () => {
    const a = await submit();
    const first = await ctx.http().post(`/api/appeals/${a.id}/accept`).set('Authorization', cast.officer.bearer).set('If-Match', `"${a.version}"`).send({});
    expect(first.status).toBe(200);
    const staleHeader = await ctx
      .http()
      .post(`/api/appeals/${a.id}/route`)
      .set('Authorization', cast.officer.bearer)
      .set('If-Match', `"${a.version}"`)
      .send({ leadDepartmentId: cast.deptA });
    expect(staleHeader.status).toBe(412);
    expect(staleHeader.body).toMatchObject({ code: 'PRECONDITION_FAILED', context: { current: { version: first.body.version } } });
    const weak = await ctx.http().post(`/api/appeals/${a.id}/route`).set('Authorization', cast.officer.bearer).set('If-Match', `W/"${first.body.version}"`).send({ leadDepartmentId: cast.deptA });
    expect(weak.status).toBe(412);
    const staleBody = await act(a.id, cast.officer.bearer, 'route', { version: a.version, leadDepartmentId: cast.deptA });
    expect(staleBody.status).toBe(409);
    expect(staleBody.body.code).toBe('VERSION_CONFLICT');
    const garbled = await ctx.http().post(`/api/appeals/${a.id}/route`).set('Authorization', cast.officer.bearer).set('If-Match', 'three').send({ leadDepartmentId: cast.deptA });
    expect(garbled.status).toBe(400);
    const after = await ctx.http().get(`/api/appeals/${a.id}`).set('Authorization', cast.officer.bearer).expect(200);
    expect(after.body).toMatchObject({ status: 'accepted', version: first.body.version });
  });

  it('answers an action that the state does not allow with 409 and the allowed actions', async () => {
    const a = await submit();
    const early = await act(a.id, cast.officer.bearer, 'route', { version: a.version, leadDepartmentId: cast.deptA });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', context: { status: 'submitted', allowedActions: expect.arrayContaining(['accept', 'reject']) } });
  });

  it('refuses routing to a department of another county', async () => {
    const a = await submit();
    const r = await act(a.id, cast.officer.bearer, 'accept', { version: a.version });
    const other = await appealCast(ctx, '510107');
    const wrong = await act(a.id, cast.officer.bearer, 'route', { version: r.body.version, leadDepartmentId: other.deptA });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details[0].field).toBe('leadDepartmentId');
  });

  it('raises the appeal one level on the second redo', async () => {
    const { id, version } = await inProgress();
    let v = version;
    for (let round = 1; round <= 2; round += 1) {
      let r = await act(id, cast.handlerA.bearer, 'resolve', { version: v, closureType: 'explained', answer: '按政策解释办结。' });
      r = await act(id, cast.enterprise.bearer, 'verify', { version: r.body.version, solved: 'no', satisfaction: 'very_dissatisfied' });
      expect(r.status).toBe(200);
      v = r.body.version;
      if (round === 1) expect(r.body).toMatchObject({ status: 'in_progress', level: 'county' });
      else expect(r.body).toMatchObject({ status: 'accepted', level: 'city', leadDepartmentId: null, counters: expect.objectContaining({ redo: 2 }) });
    }
    // At city level the appeal is routed to a city department.
    const routed = await act(id, cast.supervisor.bearer, 'route', { version: v, leadDepartmentId: cast.cityDept });
    expect(routed.status).toBe(200);
    const signed = await act(id, cast.cityHandler.bearer, 'sign', { version: routed.body.version });
    expect(signed.status).toBe(200);
  });

  it('transfers to the next level with a city department, and refuses a county department', async () => {
    const { id, version } = await inProgress();
    const wrong = await act(id, cast.supervisor.bearer, 'transfer-up', { version, targetDepartmentId: cast.deptB, reason: '需市级协调' });
    expect(wrong.status).toBe(400);
    const moved = await act(id, cast.supervisor.bearer, 'transfer-up', { version, targetDepartmentId: cast.cityDept, reason: '需市级协调' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'assigned', level: 'city', leadDepartmentId: cast.cityDept });
    // The county handler lost the case; the city handler has it.
    await ctx.http().get(`/api/appeals/${id}`).set('Authorization', cast.handlerA.bearer).expect(404);
    await ctx.http().get(`/api/appeals/${id}`).set('Authorization', cast.cityHandler.bearer).expect(200);
  });

  it('records an officer follow-up call as a verification on the firm’s behalf', async () => {
    const { id, version } = await inProgress();
    const r = await act(id, cast.handlerA.bearer, 'resolve', { version, closureType: 'resolved', answer: '已协调增加用电指标。' });
    const call = await act(id, cast.officer.bearer, 'follow-up-call', { version: r.body.version, solved: 'yes', satisfaction: 'satisfied' });
    expect(call.status).toBe(200);
    expect(call.body).toMatchObject({ status: 'closed', verification: { onBehalf: true, satisfaction: 'satisfied' } });
    const last = call.body.timeline[call.body.timeline.length - 1];
    expect(last).toMatchObject({ action: 'follow_up_call', onBehalf: true, actorId: cast.officer.id });
  });

  it('lets the enterprise withdraw before an answer, not after', async () => {
    const a = await submit();
    const withdrawn = await act(a.id, cast.enterprise.bearer, 'withdraw', { version: a.version, reason: '问题已自行解决' });
    expect(withdrawn.body.status).toBe('withdrawn');
    const { id, version } = await inProgress();
    const r = await act(id, cast.handlerA.bearer, 'resolve', { version, closureType: 'resolved', answer: '已解决。' });
    const late = await act(id, cast.enterprise.bearer, 'withdraw', { version: r.body.version });
    expect(late.status).toBe(409);
  });

  it('makes whitelist firms and supply-chain breaks urgent by default', async () => {
    const whitelisted = await insertEnterprise(ctx.db, { regionCode: cast.county, officerId: cast.officer.id, tags: ['whitelist'] });
    const onBehalf = await submit(cast.officer.bearer, { enterpriseId: whitelisted });
    expect(onBehalf).toMatchObject({ urgency: 'urgent', channel: 'visit', submittedOnBehalf: true });
    const chain = await submit(cast.enterprise.bearer, { categoryId: await categoryId(ctx.db, 'supply_chain_break') });
    expect(chain.urgency).toBe('urgent');
    const normal = await submit();
    expect(normal.urgency).toBe('normal');
  });

  it('refuses submissions for a firm that is not yours', async () => {
    const other = await appealCast(ctx, '510108');
    const asOfficer = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', cast.officer.bearer)
      .send({ enterpriseId: other.firmId, categoryId: power, kind: 'help', title: '代企业提交', description: '这不是我负责的企业。' });
    expect(asOfficer.status).toBe(404);
    const asHandler = await ctx
      .http()
      .post('/api/appeals')
      .set('Authorization', cast.handlerA.bearer)
      .send({ enterpriseId: cast.firmId, categoryId: power, kind: 'help', title: '部门提交', description: '部门不能提交企业诉求。' });
    expect(asHandler.status).toBe(403);
    const badBody = await ctx.http().post('/api/appeals').set('Authorization', cast.enterprise.bearer).send({ categoryId: power, kind: 'wish', title: 'x' });
    expect(badBody.status).toBe(400);
    expect(badBody.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['kind', 'title', 'description']));
  });

  it('serves each role its own caseload, soonest deadline first', async () => {
    const first = await submit();
    clock.advance(60_000);
    const second = await submit();
    const officerQueue = await ctx.http().get('/api/appeals/caseload?pageSize=200').set('Authorization', cast.officer.bearer).expect(200);
    const ids = officerQueue.body.items.map((a: { id: number }) => a.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    const dues = officerQueue.body.items.map((a: { currentDueAt: string | null }) => a.currentDueAt).filter(Boolean);
    expect([...dues].sort()).toEqual(dues);
    expect(officerQueue.body.items.every((a: { status: string }) => !['closed', 'withdrawn', 'rejected'].includes(a.status))).toBe(true);

    const handlerQueue = await ctx.http().get('/api/appeals/caseload?pageSize=200').set('Authorization', cast.handlerA.bearer).expect(200);
    expect(handlerQueue.body.items.every((a: { leadDepartmentId: number }) => a.leadDepartmentId === cast.deptA)).toBe(true);

    const filtered = await ctx.http().get(`/api/appeals?status=submitted&categoryId=${power}&q=用电`).set('Authorization', cast.supervisor.bearer).expect(200);
    expect(filtered.body.items.length).toBeGreaterThan(0);
    expect(filtered.body.items.every((a: { status: string }) => a.status === 'submitted')).toBe(true);
    const badFilter = await ctx.http().get('/api/appeals?status=nonsense').set('Authorization', cast.supervisor.bearer).expect(400);
    expect(badFilter.body.code).toBe('VALIDATION_FAILED');
  });

  describe('attachments', () => {
    it('stores a PDF, serves it to readers only, and refuses bad files', async () => {
      const a = await submit();
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100, 1)]);
      const uploaded = await ctx
        .http()
        .post(`/api/appeals/${a.id}/attachments`)
        .set('Authorization', cast.enterprise.bearer)
        .attach('file', pdf, { filename: '用电负荷.pdf', contentType: 'application/pdf' })
        .expect(201);
      expect(uploaded.body).toMatchObject({ fileName: '用电负荷.pdf', contentType: 'application/pdf', sizeBytes: pdf.length });

      const download = await ctx
        .http()
        .get(`/api/appeals/${a.id}/attachments/${uploaded.body.id}`)
        .set('Authorization', cast.officer.bearer)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);

      const outsider = await appealCast(ctx, '510112');
      await ctx.http().get(`/api/appeals/${a.id}/attachments/${uploaded.body.id}`).set('Authorization', outsider.enterprise.bearer).expect(404);

      const exe = await ctx
        .http()
        .post(`/api/appeals/${a.id}/attachments`)
        .set('Authorization', cast.enterprise.bearer)
        .attach('file', Buffer.from('MZ\x90\x00'), { filename: 'tool.exe' })
        .expect(415);
      expect(exe.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const fakePdf = await ctx
        .http()
        .post(`/api/appeals/${a.id}/attachments`)
        .set('Authorization', cast.enterprise.bearer)
        .attach('file', Buffer.from('not a pdf at all'), { filename: 'x.pdf' })
        .expect(415);
      expect(fakePdf.body.message).toContain('does not look like');

      const tooLarge = await ctx
        .http()
        .post(`/api/appeals/${a.id}/attachments`)
        .set('Authorization', cast.enterprise.bearer)
        .attach('file', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024 + 10, 1)]), { filename: 'big.pdf' })
        .expect(413);
      expect(tooLarge.body.code).toBe('PAYLOAD_TOO_LARGE');

      const detail = await ctx.http().get(`/api/appeals/${a.id}`).set('Authorization', cast.enterprise.bearer).expect(200);
      expect(detail.body.attachments).toHaveLength(1);
      expect(detail.body.timeline.map((e: { action: string }) => e.action)).toContain('attach');
    });

    it('refuses a file on a finished appeal, as the console does not offer it (409, nothing stored)', async () => {
      const a = await submit();
      const withdrawn = await act(a.id, cast.enterprise.bearer, 'withdraw', { version: a.version, reason: '问题已自行解决' });
      expect(withdrawn.body.status).toBe('withdrawn');
      const late = await ctx
        .http()
        .post(`/api/appeals/${a.id}/attachments`)
        .set('Authorization', cast.enterprise.bearer)
        .attach('file', Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(50, 1)]), { filename: '补充.pdf', contentType: 'application/pdf' })
        .expect(409);
      expect(late.body).toMatchObject({ code: 'ILLEGAL_TRANSITION', context: { action: 'attach', status: 'withdrawn' } });
      const detail = await ctx.http().get(`/api/appeals/${a.id}`).set('Authorization', cast.enterprise.bearer).expect(200);
      expect(detail.body.attachments).toHaveLength(0);
    });
  });
});
