import { FixedClock } from '../../src/common/clock/clock';
import { insertDepartment, insertFirm, signedIn } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

const JINJIANG = '510104';
const CHENGDU = '510100';
const MIANYANG = '510700';

type Bearer = { id: number; bearer: string };
const sh = (local: string) => new Date(`${local}+08:00`);
const pdf = (fill: number) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(200, fill)]);

describe('project stage evidence as uploaded files (e2e)', () => {
  let ctx: TestContext;
  let supervisor: Bearer;
  let officer: Bearer;
  let otherOfficer: Bearer;
  let mianyangSupervisor: Bearer;
  let firmUser: Bearer;
  let otherFirmUser: Bearer;
  let projectId: number;

  beforeAll(async () => {
    ctx = await createTestApp({ clock: new FixedClock(sh('2026-09-16T10:00:00')) });
    supervisor = await signedIn(ctx, { role: 'supervisor', regionCode: CHENGDU });
    officer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    otherOfficer = await signedIn(ctx, { role: 'officer', regionCode: JINJIANG });
    mianyangSupervisor = await signedIn(ctx, { role: 'supervisor', regionCode: MIANYANG });
    const department = await insertDepartment(ctx.db, CHENGDU);
    const firm = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: officer.id });
    const otherFirm = await insertFirm(ctx.db, { regionCode: JINJIANG, officerId: otherOfficer.id });
    firmUser = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: firm.id });
    otherFirmUser = await signedIn(ctx, { role: 'enterprise', regionCode: JINJIANG, enterpriseId: otherFirm.id });
    const created = await ctx
      .http()
      .post('/api/projects')
      .set('Authorization', supervisor.bearer)
      .send({
        name: '电子元器件产业园项目',
        regionCode: JINJIANG,
        industry: 'electronic_information',
        totalInvestmentWan: 120000,
        enterpriseIds: [firm.id],
        stageSince: '2026-06-30',
        leadDepartmentId: department,
        liaisonOfficerId: officer.id,
      })
      .expect(201);
    projectId = created.body.id;
  });
  afterAll(() => ctx.close());

  const upload = (as: Bearer, file: Buffer, filename: string, id = projectId) =>
    ctx.http().post(`/api/projects/${id}/attachments`).set('Authorization', as.bearer).attach('file', file, { filename });
  const download = (as: Bearer, attachmentId: number) =>
    ctx
      .http()
      .get(`/api/projects/${projectId}/attachments/${attachmentId}`)
      .set('Authorization', as.bearer)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  it('stores an evidence file through the appeals’ checks, serves it to those who see the project only', async () => {
    const file = pdf(1);
    const uploaded = await upload(officer, file, '用地批复.pdf').expect(201);
    expect(uploaded.body).toMatchObject({
      projectId,
      fileName: '用地批复.pdf',
      contentType: 'application/pdf',
      sizeBytes: file.length,
      uploadedBy: officer.id,
      stageCode: null,
      stageEventSeq: null,
    });
    const got = await download(firmUser, uploaded.body.id).expect(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(got.body as Buffer, file)).toBe(0);

    await download(otherFirmUser, uploaded.body.id).expect(404);
    await download(mianyangSupervisor, uploaded.body.id).expect(404);
    await ctx.http().get(`/api/projects/${projectId}/attachments`).set('Authorization', otherOfficer.bearer).expect(404);
    const listed = await ctx.http().get(`/api/projects/${projectId}/attachments`).set('Authorization', firmUser.bearer).expect(200);
    expect(listed.body.map((a: { id: number }) => a.id)).toEqual([uploaded.body.id]);
    const events = await ctx.http().get(`/api/projects/${projectId}/events`).set('Authorization', supervisor.bearer).expect(200);
    expect(events.body.events.at(-1)).toMatchObject({ action: 'attach', payload: { attachmentId: uploaded.body.id } });
    expect(events.body.chain.valid).toBe(true);
  });

  it('refuses the same files the appeals refuse, and uploads from those who may not work on the project', async () => {
    const before = await ctx.db.query('SELECT COUNT(*) AS n FROM project_attachments');
    expect((await upload(officer, Buffer.from('MZ\x90\x00'), 'tool.exe').expect(415)).body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await upload(officer, Buffer.from('not a pdf'), 'x.pdf').expect(415)).body.message).toContain('does not look like');
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1024 * 1024 + 10, 1)]);
    expect((await upload(officer, big, 'big.pdf').expect(413)).body.code).toBe('PAYLOAD_TOO_LARGE');
    await upload(firmUser, pdf(2), 'a.pdf').expect(403);
    await upload(otherOfficer, pdf(2), 'a.pdf').expect(404);
    await upload(mianyangSupervisor, pdf(2), 'a.pdf').expect(404);
    await upload(officer, pdf(2), 'a.pdf', 999999).expect(404);
    expect(await ctx.db.query('SELECT COUNT(*) AS n FROM project_attachments')).toEqual(before);
  });

  it('a stage change cites uploaded files as its evidence, once; a file of another project or one already cited is refused', async () => {
    const file = (await upload(officer, pdf(3), '施工许可证.pdf').expect(201)).body;
    const project = (await ctx.http().get(`/api/projects/${projectId}`).set('Authorization', officer.bearer).expect(200)).body;
    const move = (fields: Record<string, unknown>) =>
      ctx
        .http()
        .post(`/api/projects/${projectId}/stage`)
        .set('Authorization', officer.bearer)
        .send({ note: '取得施工许可证', toStage: 'landed', date: '2026-09-01', ...fields });

    const wrong = await move({ version: project.version, attachmentIds: [987654] }).expect(400);
    expect(wrong.body.details[0].field).toBe('attachmentIds');
    const moved = await move({ version: project.version, attachmentIds: [file.id], attachment: '川建施许〔2026〕123号' }).expect(200);
    expect(moved.body.stage.code).toBe('landed');

    const listed = (await ctx.http().get(`/api/projects/${projectId}/attachments`).set('Authorization', supervisor.bearer).expect(200)).body;
    const cited = listed.find((a: { id: number }) => a.id === file.id);
    const events = (await ctx.http().get(`/api/projects/${projectId}/events`).set('Authorization', supervisor.bearer).expect(200)).body;
    const change = events.events.at(-1);
    expect(change).toMatchObject({ action: 'stage_change', toStage: 'landed', payload: { attachmentIds: [file.id], attachment: '川建施许〔2026〕123号' } });
    expect(cited).toMatchObject({ stageCode: 'landed', stageEventSeq: change.seq });

    const again = await move({ version: moved.body.version, toStage: 'started', date: '2026-09-10', attachmentIds: [file.id] }).expect(400);
    expect(again.body.details[0].message).toContain('already the evidence');
  });
});
