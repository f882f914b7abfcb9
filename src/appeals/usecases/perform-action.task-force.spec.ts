import { AppError } from '../../common/errors/app-error';
import type { TaskForceFacts } from '../../taskforces/domain';
import { newPerformActionHarness, submittedRow, USERS } from './testing/use-case-harness';

const NOW = new Date('2026-03-10T02:00:00Z');

/** The province's task force: two provincial departments (31, 32), a retired one (33) and the county's own 4. */
const PROVINCIAL: TaskForceFacts = {
  id: '61',
  name: '产业链专班',
  regionCode: '510000',
  active: true,
  members: [
    { id: '31', regionCode: '510000', active: true },
    { id: '32', regionCode: '510000', active: true },
    { id: '33', regionCode: '510000', active: false },
    { id: '4', regionCode: '510104', active: true },
  ],
};
/** Another city's 专班 (绵阳), which does not cover a 成都 appeal. */
const MIANYANG: TaskForceFacts = { id: '62', name: '绵阳专班', regionCode: '510700', active: true, members: [{ id: '41', regionCode: '510700', active: true }] };

const accepted = () => submittedRow({ status: 'accepted', accepted_at: new Date('2026-03-09T03:00:00Z') } as never);

/**
 * Task forces (专班, #20) through the use case: the departments that join, how each is recorded,
 * the tasks they get and the one event of bring_task_force.
 */
describe('PerformActionUseCase with task forces', () => {
  it('routes with a task force: its active members, except the lead, co-handle whatever their level, recorded as its', async () => {
    const h = newPerformActionHarness(accepted(), { now: NOW, taskForces: [PROVINCIAL] });
    await h.perform.execute(USERS.officer, 100, { action: 'route', leadDepartmentId: '4', coDepartmentIds: ['5'], taskForceId: '61' }, { version: 1, via: 'body' });
    expect(h.coDepartments()).toEqual([5, 31, 32]);
    expect(h.coDepartmentSources()).toEqual({ 5: null, 31: 61, 32: 61 });
    expect(h.tasks.map((t) => t.departmentId)).toEqual([5, 31, 32]);
    const [route, create] = h.events;
    expect(route).toMatchObject({ action: 'route', payload: { coDepartmentIds: ['5', '31', '32'], taskForce: { id: '61', name: '产业链专班', departmentIds: ['31', '32'] } } });
    expect(create).toMatchObject({ action: 'co_task_create' });
  });

  it('refuses a task force that does not cover the appeal (400, the field named) and an unknown one', async () => {
    const h = newPerformActionHarness(accepted(), { now: NOW, taskForces: [PROVINCIAL, MIANYANG] });
    const refused = await h.perform
      .execute(USERS.officer, 100, { action: 'route', leadDepartmentId: '4', taskForceId: '62' }, { version: 1, via: 'body' })
      .catch((e: AppError) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).details).toEqual([expect.objectContaining({ field: 'taskForceId', message: expect.stringContaining('does not cover') })]);
    const unknown = await h.perform
      .execute(USERS.officer, 100, { action: 'route', leadDepartmentId: '4', taskForceId: '999' }, { version: 1, via: 'body' })
      .catch((e: AppError) => e);
    expect((unknown as AppError).message).toContain('Task force 999 was not found');
    expect(h.events).toEqual([]);
  });

  it('brings a task force into a routed appeal: newcomers only, their tasks, one event announced to them', async () => {
    const routed = submittedRow({ status: 'in_progress', lead_department_id: 4, signed_at: NOW } as never);
    const h = newPerformActionHarness(routed, { now: NOW, coDepartments: [31], taskForces: [PROVINCIAL] });
    await h.perform.execute(USERS.supervisor, 100, { action: 'bring_task_force', taskForceId: '61', coHandlerRequest: '请省级部门协调解决' }, { version: 1, via: 'body' });
    // 4 leads, 31 already co-handles (it keeps how it came), 33 is retired: only 32 joins.
    expect(h.coDepartments()).toEqual([31, 32]);
    expect(h.coDepartmentSources()).toEqual({ 31: null, 32: 61 });
    expect(h.tasks).toEqual([expect.objectContaining({ departmentId: 32, request: '请省级部门协调解决', status: 'open' })]);
    expect(h.events).toHaveLength(1);
    expect(h.events[0]).toMatchObject({
      action: 'bring_task_force',
      fromStatus: 'in_progress',
      toStatus: 'in_progress',
      payload: { taskForce: { id: '61', departmentIds: ['32'] }, tasks: [expect.objectContaining({ departmentId: 32 })] },
    });
    expect(h.notified[0].notify?.appeal).toMatchObject({ coHandlerDepartmentIds: [32] });
    // The lead's answer now waits for the newcomer's part (the joint-closure rule).
    expect(h.row().status).toBe('in_progress');

    // Bringing it again brings nobody: refused, nothing written.
    const again = await h.perform
      .execute(USERS.supervisor, 100, { action: 'bring_task_force', taskForceId: '61' }, { version: 2, via: 'body' })
      .catch((e: AppError) => e);
    expect((again as AppError).message).toContain('already takes part');
    expect(h.events).toHaveLength(1);
  });

  it('lets only a supervisor in reach bring a task force in', async () => {
    const routed = submittedRow({ status: 'assigned', lead_department_id: 4 } as never);
    const h = newPerformActionHarness(routed, { now: NOW, taskForces: [PROVINCIAL] });
    const byOfficer = await h.perform.execute(USERS.officer, 100, { action: 'bring_task_force', taskForceId: '61' }, { version: 1, via: 'body' }).catch((e: AppError) => e);
    expect((byOfficer as AppError).code).toBe('FORBIDDEN');
    expect(h.events).toEqual([]);
  });
});
