import { FixedClock } from '../../src/common/clock/clock';
import { consoleLogin } from '../browser/console-http';
import { type Actor, actOn, appealCast, categoryId, coHandledAppealOf } from '../helpers/appeal-fixtures';
import { insertDepartment, insertUser, login } from '../helpers/factories';
import { createTestApp, type TestContext } from '../helpers/test-app';

const sh = (local: string) => new Date(`${local}+08:00`);
const pdf = (text: string) => Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from(text)]);

/**
 * A co-handler's answer carries its attachments (#20): files its handlers uploaded to the appeal,
 * named in the answer, then shown on the task; the lead's or another co-handler's files, files of
 * another appeal and files another answer already carries are refused (400 on attachmentIds).
 * 广元市苍溪县 (510824), shared with the task-light and pause specs (each reads only its own departments' tasks and files).
 */
describe('co-handler task answers with attachments (e2e)', () => {
  let ctx: TestContext;
  let cast: Awaited<ReturnType<typeof appealCast>>;
  let category: number;
  let deptC: number;
  let handlerC: Actor;
  const clock = new FixedClock(sh('2026-11-16T10:00:00'));

  const upload = async (bearer: string, appealId: number, name: string) =>
    (
      await ctx
        .http()
        .post(`/api/appeals/${appealId}/attachments`)
        .set('Authorization', bearer)
        .attach('file', pdf(name), { filename: name, contentType: 'application/pdf' })
        .expect(201)
    ).body.id as number;
  const tasksOf = async (appealId: number) =>
    (await ctx.http().get(`/api/appeals/${appealId}/co-handler-tasks`).set('Authorization', cast.handlerA.bearer).expect(200))
      .body as Array<{
      id: number;
      departmentId: number;
      version: number;
      attachments: Array<{ id: number; fileName: string }>;
    }>;
  const answer = (bearer: string, taskId: number, version: number, attachmentIds: number[]) =>
    ctx
      .http()
      .post(`/api/co-handler-tasks/${taskId}/answer`)
      .set('Authorization', bearer)
      .send({ version, answer: '已核查并出具意见。', attachmentIds });

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    cast = await appealCast(ctx, '510824');
    category = await categoryId(ctx.db, 'labour');
    deptC = await insertDepartment(ctx.db, '510824');
    const userC = await insertUser(ctx.db, { role: 'handler', regionCode: '510824', departmentId: deptC });
    handlerC = { id: userC.id, username: userC.username, bearer: `Bearer ${await login(ctx, userC)}` };
  });
  afterAll(() => ctx.close());

  it('links the department’s own files to its answer and refuses anyone else’s', async () => {
    const submit = async (title: string) =>
      Number(
        (
          await ctx
            .http()
            .post('/api/appeals')
            .set('Authorization', cast.enterprise.bearer)
            .send({ categoryId: category, kind: 'help', title, description: '乐至园区用工备案与社保补贴申报需要人社和财政部门共同办理。' })
            .expect(201)
        ).body.id,
      );
    const id = await submit('乐至园区用工补贴联合审核');
    const other = await submit('乐至园区另一项用工诉求');
    for (const appealId of [id, other]) {
      await actOn(ctx, cast.officer.bearer, appealId, 'accept');
      await actOn(ctx, cast.officer.bearer, appealId, 'route', { leadDepartmentId: cast.deptA, coDepartmentIds: [cast.deptB, deptC] });
    }
    const fileB = await upload(cast.handlerB.bearer, id, '人社核查意见.pdf');
    const fileB2 = await upload(cast.handlerB.bearer, id, '补贴名单.pdf');
    const fileLead = await upload(cast.handlerA.bearer, id, '牵头单位材料.pdf');
    const fileFirm = await upload(cast.enterprise.bearer, id, '企业申请表.pdf');
    const fileOther = await upload(cast.handlerB.bearer, other, '另案材料.pdf');

    for (const [bearer, departmentId] of [
      [cast.handlerB.bearer, cast.deptB],
      [handlerC.bearer, deptC],
    ] as const) {
      const owed = (await tasksOf(id)).find((t) => t.departmentId === departmentId)!;
      await ctx
        .http()
        .post(`/api/co-handler-tasks/${owed.id}/sign`)
        .set('Authorization', bearer)
        .send({ version: owed.version })
        .expect(200);
    }
    const taskB = (await tasksOf(id)).find((t) => t.departmentId === cast.deptB)!;
    const taskC = (await tasksOf(id)).find((t) => t.departmentId === deptC)!;
    expect(taskB.attachments).toEqual([]);
    for (const [files, field] of [
      [[fileLead], `Attachment ${fileLead} was not uploaded by the co-handling department.`],
      [[fileFirm], `Attachment ${fileFirm} was not uploaded by the co-handling department.`],
      [[fileOther], `Attachment ${fileOther} is not a file of this appeal.`],
      [[fileB, 999_999], 'Attachment 999999 is not a file of this appeal.'],
    ] as const) {
      const refused = await answer(cast.handlerB.bearer, taskB.id, taskB.version, [...files]).expect(400);
      expect(refused.body.details).toEqual([{ field: 'attachmentIds', message: field }]);
    }
    await answer(cast.handlerB.bearer, taskB.id, taskB.version, [0]).expect(400);
    // Nothing was half-written by the refusals: the task is still open, no file linked.
    expect((await tasksOf(id)).find((t) => t.id === taskB.id)).toMatchObject({ attachments: [], version: taskB.version });

    const answered = (await answer(cast.handlerB.bearer, taskB.id, taskB.version, [fileB]).expect(200)).body;
    expect(answered).toMatchObject({ status: 'answered', attachments: [{ id: fileB, fileName: '人社核查意见.pdf' }] });
    const [event] = await ctx.db.query("SELECT payload FROM appeal_events WHERE appeal_id = ? AND action = 'co_task_answer'", [id]);
    expect(JSON.parse(typeof event.payload === 'string' ? event.payload : JSON.stringify(event.payload))).toMatchObject({
      attachmentIds: [fileB],
    });

    // Another co-handler cannot carry B's files; the lead reads the task with its file.
    await answer(handlerC.bearer, taskC.id, taskC.version, [fileB2]).expect(400);
    expect((await tasksOf(id)).find((t) => t.id === taskB.id)?.attachments.map((f) => f.id)).toEqual([fileB]);
  });

  it('offers the department’s unlinked files on the console’s answer form and shows the answer’s files on the task card', async () => {
    const id = await coHandledAppealOf(ctx, cast, { categoryId: category, title: '乐至园区职工培训补贴', description: '职工培训补贴申报需要人社部门出具培训备案意见。' });
    const file = await upload(cast.handlerB.bearer, id, '培训备案意见.pdf');
    await upload(cast.handlerA.bearer, id, '牵头单位培训材料.pdf');
    const [task] = await tasksOf(id);
    const b = await consoleLogin(ctx, cast.handlerB.username);
    await b.post(`/co-handler-tasks/${task.id}/sign`, { _csrf: b.csrf, version: String(task.version), appealId: String(id) }).expect(303);
    const page = (await b.get(`/appeals/${id}`).expect(200)).text;
    const form = page.slice(page.indexOf('data-testid="co-task-answer-files"'));
    expect(form).toContain(`value="${file}"`);
    expect(form.slice(0, form.indexOf('</fieldset>'))).not.toContain('牵头单位培训材料.pdf');
    const [signed] = await tasksOf(id);
    await b
      .post(`/co-handler-tasks/${task.id}/answer`, {
        _csrf: b.csrf,
        version: String(signed.version),
        appealId: String(id),
        answer: '培训备案已核实。',
        attachmentIds: [String(file)],
      })
      .expect(303);
    const after = (await b.get(`/appeals/${id}`).expect(200)).text;
    expect(after).toContain('data-testid="co-task-files"');
    expect(after).toContain(`/appeals/${id}/attachments/${file}`);
    expect(after).not.toContain('data-testid="co-task-answer-files"');
  });
});
