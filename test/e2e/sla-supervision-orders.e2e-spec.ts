import { toHashedFields } from '../../src/appeals/events/appeal-events.repository';
import { verifyChain } from '../../src/appeals/events/event-hash';
import { FixedClock } from '../../src/common/clock/clock';
import { categoryId, insertEnterprise } from '../helpers/appeal-fixtures';
import { insertAppealRow, insertDepartment, insertUser, login } from '../helpers/factories';
import { createTestApp, TestContext } from '../helpers/test-app';

describe('manual supervision orders (e2e)', () => {
  const clock = new FixedClock(new Date('2025-09-26T02:00:00Z')); // Friday 10:00 in Chengdu
  let ctx: TestContext;
  let appealId: number;
  let unrouted: number;
  let departmentId: number;
  let head: { id: number; bearer: string };
  let handler: string;
  let otherHandler: string;
  let supervisor: string;
  let farSupervisor: string;

  const bearer = async (fields: Parameters<typeof insertUser>[1]) => {
    const user = await insertUser(ctx.db, fields);
    return { id: user.id, bearer: `Bearer ${await login(ctx, user)}` };
  };

  beforeAll(async () => {
    ctx = await createTestApp({ clock });
    const county = '510106';
    departmentId = await insertDepartment(ctx.db, county);
    const otherDepartment = await insertDepartment(ctx.db, county);
    head = await bearer({ role: 'handler', regionCode: county, departmentId, isDepartmentHead: true });
    handler = (await bearer({ role: 'handler', regionCode: county, departmentId })).bearer;
    otherHandler = (await bearer({ role: 'handler', regionCode: county, departmentId: otherDepartment })).bearer;
    supervisor = (await bearer({ role: 'supervisor', regionCode: '510100' })).bearer;
    farSupervisor = (await bearer({ role: 'supervisor', regionCode: '510700' })).bearer;
    const officer = await insertUser(ctx.db, { role: 'officer', regionCode: county });
    const firmId = await insertEnterprise(ctx.db, { regionCode: county, officerId: officer.id });
    const base = { enterpriseId: firmId, regionCode: county, submittedBy: officer.id, categoryId: await categoryId(ctx.db, 'labour') };
    appealId = await insertAppealRow(ctx.db, {
      ...base,
      columns: { status: 'in_progress', officer_id: officer.id, lead_department_id: departmentId },
    });
    unrouted = await insertAppealRow(ctx.db, { ...base, columns: { status: 'accepted', officer_id: officer.id } });
  });
  afterAll(() => ctx.close());

  let orderId: number;

  it('lets a supervisor in reach order the lead department to reply within working days', async () => {
    const response = await ctx
      .http()
      .post(`/api/appeals/${appealId}/supervision-orders`)
      .set('Authorization', supervisor)
      .send({ note: '请说明办理进展', replyDueDays: 2 })
      .expect(201);
    orderId = response.body.id;
    // Friday + 2 working days: Sun Sep 28 is a make-up working day, then Mon Sep 29.
    expect(response.body).toMatchObject({
      appealId,
      source: 'manual',
      departmentId,
      note: '请说明办理进展',
      replyDueAt: '2025-09-29T09:30:00.000Z',
      reply: null,
      replyOverdue: false,
    });
    const events = await ctx.db.query('SELECT * FROM appeal_events WHERE appeal_id = ? ORDER BY seq', [appealId]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'supervision_order',
      visibility: 'internal',
      from_status: 'in_progress',
      to_status: 'in_progress',
    });
    const [appeal] = await ctx.db.query('SELECT version, event_count FROM appeals WHERE id = ?', [appealId]);
    expect(appeal).toEqual({ version: 1, event_count: 1 });
    const inbox = await ctx.db.query("SELECT user_id FROM notifications WHERE appeal_id = ? AND kind = 'appeal.supervision_order'", [
      appealId,
    ]);
    expect(inbox).toEqual([{ user_id: head.id }]);
  });

  it('refuses appeals out of reach, unrouted ones, and other roles', async () => {
    const body = { note: '请说明办理进展', replyDueDays: 2 };
    await ctx.http().post(`/api/appeals/${appealId}/supervision-orders`).set('Authorization', farSupervisor).send(body).expect(404);
    await ctx.http().post(`/api/appeals/${unrouted}/supervision-orders`).set('Authorization', supervisor).send(body).expect(409);
    await ctx.http().post(`/api/appeals/${appealId}/supervision-orders`).set('Authorization', handler).send(body).expect(403);
    await ctx
      .http()
      .post(`/api/appeals/${appealId}/supervision-orders`)
      .set('Authorization', supervisor)
      .send({ note: 'x', replyDueDays: 0 })
      .expect(400);
  });

  it('lists the orders awaiting a reply to the supervisor and to the department', async () => {
    const forSupervisor = await ctx.http().get('/api/supervision-orders?awaitingReply=true').set('Authorization', supervisor).expect(200);
    expect(forSupervisor.body.items.map((o: { id: number }) => o.id)).toContain(orderId);
    const forDepartment = await ctx.http().get('/api/supervision-orders?awaitingReply=true').set('Authorization', handler).expect(200);
    expect(forDepartment.body.items.map((o: { id: number }) => o.id)).toEqual([orderId]);
    const forOthers = await ctx.http().get('/api/supervision-orders').set('Authorization', otherHandler).expect(200);
    expect(forOthers.body.total).toBe(0);
    expect(
      (await ctx.http().get('/api/supervision-orders').set('Authorization', farSupervisor)).body.items.map((o: { id: number }) => o.id),
    ).not.toContain(orderId);
  });

  it('records the department’s reply once, in the timeline, and flags late replies in lists', async () => {
    await ctx
      .http()
      .post(`/api/supervision-orders/${orderId}/reply`)
      .set('Authorization', otherHandler)
      .send({ reply: '不是我们' })
      .expect(404);
    clock.set('2025-09-29T10:00:00Z'); // after the 17:30 deadline
    const overdue = await ctx.http().get('/api/supervision-orders?awaitingReply=true').set('Authorization', handler).expect(200);
    expect(overdue.body.items[0]).toMatchObject({ id: orderId, replyOverdue: true });

    const reply = await ctx
      .http()
      .post(`/api/supervision-orders/${orderId}/reply`)
      .set('Authorization', head.bearer)
      .send({ reply: '已约谈，本周办结' })
      .expect(201);
    expect(reply.body).toMatchObject({ reply: '已约谈，本周办结', repliedBy: head.id, replyOverdue: false });
    expect(reply.body.repliedAt).toBe('2025-09-29T10:00:00.000Z');
    await ctx.http().post(`/api/supervision-orders/${orderId}/reply`).set('Authorization', handler).send({ reply: '再答一次' }).expect(409);

    const awaiting = await ctx.http().get('/api/supervision-orders?awaitingReply=true').set('Authorization', supervisor).expect(200);
    expect(awaiting.body.items.map((o: { id: number }) => o.id)).not.toContain(orderId);
    const events = await ctx.db.query('SELECT * FROM appeal_events WHERE appeal_id = ? ORDER BY seq', [appealId]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['supervision_order', 'supervision_reply']);
    expect(verifyChain(events.map(toHashedFields)).valid).toBe(true);
  });
});
