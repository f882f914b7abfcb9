import { LOOP } from './testing/appeal-scenarios';
import { replay } from './testing/use-case-harness';

/** A Shanghai-independent instant, to the minute, in UTC. */
const at = (utc: string) => new Date(`${utc}:00Z`);

/**
 * Exactly which columns each step of the closed loop writes (timestamps, handler, timers,
 * outcome, light, next sweep look), through the real use case and the real SLA maths: change one
 * column an action writes, or the arithmetic behind it, and the step's test says which.
 * The appeal: county, 7 working days (15 co-handled), verification 5 working days, March 2026.
 */
const WRITES: Record<string, Record<string, unknown>> = {
  '1. accept': {
    status: 'accepted',
    accepted_at: at('2026-03-09T03:00'),
    current_due_at: at('2026-03-10T02:00'),
    current_due_basis: 'statutory',
    warning_light: 'green',
    yellow_at: at('2026-03-09T18:48'),
    next_check_at: at('2026-03-09T18:48'),
    overdue_since: null,
    updated_at: at('2026-03-09T03:00'),
  },
  '2. route': {
    lead_department_id: 3,
    pending_objection: null,
    pending_extension: null,
    objection_deadline_at: at('2026-03-10T09:30'),
    resolution_due_at: at('2026-03-30T09:30'),
    suspended_at: null,
    status: 'assigned',
    assigned_at: at('2026-03-09T04:00'),
    paused_ms: 0,
    objection_deadline_basis: 'statutory',
    resolution_started_at: at('2026-03-09T04:00'),
    resolution_due_basis: 'statutory',
    handler_id: null,
    current_due_at: at('2026-03-10T02:00'),
    current_due_basis: 'statutory',
    warning_light: 'green',
    yellow_at: at('2026-03-09T18:48'),
    next_check_at: at('2026-03-09T18:48'),
    overdue_since: null,
    updated_at: at('2026-03-09T04:00'),
  },
  '3. sign': {
    status: 'in_progress',
    signed_at: at('2026-03-09T05:00'),
    handler_id: 23,
    current_due_at: at('2026-03-30T09:30'),
    current_due_basis: 'statutory',
    warning_light: 'green',
    yellow_at: at('2026-03-24T03:18'),
    next_check_at: at('2026-03-24T03:18'),
    overdue_since: null,
    updated_at: at('2026-03-09T05:00'),
  },
  '4. request_extension': {
    pending_extension: '{"days":3,"reason":"需要协调","requestedAt":"2026-03-11T02:00:00.000Z"}',
    status: 'in_progress',
    updated_at: at('2026-03-11T02:00'),
  },
  '5. approve_extension': {
    pending_extension: null,
    extension_count: 1,
    status: 'in_progress',
    resolution_due_at: at('2026-04-01T09:30'),
    resolution_due_basis: 'statutory',
    extension_days: 2,
    current_due_at: at('2026-04-01T09:30'),
    current_due_basis: 'statutory',
    warning_light: 'green',
    yellow_at: at('2026-03-25T07:36'),
    next_check_at: at('2026-03-25T07:36'),
    overdue_since: null,
    updated_at: at('2026-03-11T03:00'),
  },
  '6. suspend': {
    suspended_at: at('2026-03-12T02:00'),
    status: 'suspended',
    current_due_at: at('2026-04-01T09:30'),
    current_due_basis: 'statutory',
    next_check_at: null,
    updated_at: at('2026-03-12T02:00'),
  },
  '7. resume': {
    suspended_at: null,
    status: 'in_progress',
    resolution_due_at: at('2026-04-02T09:30'),
    resolution_due_basis: 'statutory',
    paused_ms: 25200000,
    current_due_at: at('2026-04-02T09:30'),
    current_due_basis: 'statutory',
    warning_light: 'green',
    yellow_at: at('2026-03-26T07:36'),
    next_check_at: at('2026-03-26T07:36'),
    overdue_since: null,
    updated_at: at('2026-03-13T02:00'),
  },
  '8. resolve': {
    pending_extension: null,
    verification_due_at: at('2026-03-23T09:30'),
    status: 'resolved',
    verification_due_basis: 'statutory',
    closure_type: 'resolved',
    answer: '已增容',
    resolved_at: at('2026-03-16T02:00'),
    handler_id: 23,
    current_due_at: at('2026-03-23T09:30'),
    current_due_basis: 'statutory',
    next_check_at: at('2026-03-23T09:30'),
    warning_light: 'green',
    yellow_at: null,
    updated_at: at('2026-03-16T02:00'),
  },
  '9. verify': {
    redo_count: 1,
    resolution_due_at: at('2026-04-08T09:30'),
    status: 'in_progress',
    ladder_cycle: 1,
    supervision_level: 'none',
    resolution_overdue: 0,
    overdue_since: null,
    resolution_started_at: at('2026-03-17T02:00'),
    resolution_due_basis: 'statutory',
    verification_due_at: null,
    verification_due_basis: 'statutory',
    paused_ms: 0,
    verified_at: at('2026-03-17T02:00'),
    solved: 'no',
    satisfaction: 'dissatisfied',
    verification_comment: '没解决',
    verified_on_behalf: 0,
    current_due_at: at('2026-04-08T09:30'),
    current_due_basis: 'statutory',
    warning_light: 'green',
    yellow_at: at('2026-04-01T02:42'),
    next_check_at: at('2026-04-01T02:42'),
    updated_at: at('2026-03-17T02:00'),
  },
  '10. resolve': {
    pending_extension: null,
    verification_due_at: at('2026-03-25T09:30'),
    status: 'resolved',
    verification_due_basis: 'statutory',
    closure_type: 'partly_resolved',
    answer: '部分',
    resolved_at: at('2026-03-18T02:00'),
    handler_id: 23,
    current_due_at: at('2026-03-25T09:30'),
    current_due_basis: 'statutory',
    next_check_at: at('2026-03-25T09:30'),
    warning_light: 'green',
    yellow_at: null,
    updated_at: at('2026-03-18T02:00'),
  },
  '11. verify (the redo, by the firm)': {
    status: 'closed',
    verified_at: at('2026-03-19T02:00'),
    solved: 'yes',
    satisfaction: 'satisfied',
    verification_comment: null,
    verified_on_behalf: 0,
    closed_at: at('2026-03-19T02:00'),
    current_due_at: null,
    current_due_basis: 'statutory',
    next_check_at: null,
    yellow_at: null,
    updated_at: at('2026-03-19T02:00'),
  },
};

describe('PerformActionUseCase: what each step of the closed loop writes', () => {
  Object.entries(WRITES).forEach(([name, expected], index) => {
    it(`${name} writes exactly its columns`, async () => {
      const h = await replay(LOOP.slice(0, index + 1));
      expect(h.writes[index]).toEqual(expected);
    });
  });

  it('opens a pause on suspension and closes it on resume', async () => {
    const h = await replay(LOOP.slice(0, 7));
    expect(h.pauses).toEqual([
      { kind: 'open', at: at('2026-03-12T02:00'), reason: '等待企业材料' },
      { kind: 'close', at: at('2026-03-13T02:00') },
    ]);
  });

  it("pauses the co-handler's clock with the appeal's: resumption moves the task's deadline by the pause", async () => {
    const h = await replay(LOOP.slice(0, 7));
    // Suspended Thu 12 March 10:00, resumed Fri 13 March 10:00 (Shanghai): 6 + 1 working hours, so the
    // task due Thu 12 March 17:30 is due Fri 13 March 17:30.
    expect(h.tasks).toEqual([expect.objectContaining({ status: 'open', dueAt: at('2026-03-13T09:30'), pausedMs: 7 * 3600_000 })]);
  });

  it('asks the co-handling department for its part with its own shorter clock, announced to it', async () => {
    const h = await replay(LOOP.slice(0, 2));
    // Routed Mon 2026-03-09 12:00 Shanghai: 3 working days (自次日起算) end Thu 12 March 17:30, the objection window Tue 10 March 17:30.
    expect(h.tasks).toEqual([
      expect.objectContaining({
        departmentId: 4,
        status: 'open',
        dueAt: at('2026-03-12T09:30'),
        dueBasis: 'statutory',
        objectionDeadlineAt: at('2026-03-10T09:30'),
        createdAt: at('2026-03-09T04:00'),
      }),
    ]);
    const created = h.events.find((e) => e.action === 'co_task_create');
    expect(created).toMatchObject({ visibility: 'internal', payload: { tasks: [{ departmentId: 4 }] } });
    expect(created?.notify?.appeal.coHandlerDepartmentIds).toEqual([4]);
  });

  it("refuses the lead's answer while the co-handler's part is open (joint closure)", async () => {
    const steps = LOOP.slice(0, 8).map((step) => ({ ...step, coHandlersAnswerFirst: undefined }));
    await expect(replay(steps)).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION', message: expect.stringContaining('co-handler task') });
  });

  it('withdraws what a co-handler still owed when a transfer resets the co-handling', async () => {
    const h = await replay([...LOOP.slice(0, 3), { user: 'supervisor', at: '2026-03-12T02:00:00Z', command: { action: 'transfer_up', targetDepartmentId: '8', reason: '需市级协调' } }]);
    expect(h.tasks.map((t) => t.status)).toEqual(['withdrawn']);
    expect(h.events.find((e) => e.action === 'transfer_up')?.payload).toMatchObject({ withdrawnCoHandlerTaskIds: [1] });
  });

  it('withdraws what a co-handler still owed when the firm withdraws the appeal', async () => {
    const h = await replay([...LOOP.slice(0, 3), { user: 'enterprise', at: '2026-03-12T02:00:00Z', command: { action: 'withdraw', reason: '已自行解决' } }]);
    expect(h.tasks.map((t) => t.status)).toEqual(['withdrawn']);
    expect(h.events.find((e) => e.action === 'withdraw')?.payload).toMatchObject({ withdrawnCoHandlerTaskIds: [1] });
  });

  it('records co-handling departments in their own table, not in the appeal row', async () => {
    const h = await replay(LOOP.slice(0, 2));
    expect(h.coDepartments()).toEqual([4]);
  });
});
