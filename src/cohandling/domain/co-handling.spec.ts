import { WorkingCalendar } from '../../sla/domain/working-calendar';
import { DEFAULT_WORKING_HOURS } from '../../sla/domain/working-hours';
import { type CoHandlerTask, decideTask } from './co-handler-task';
import { checkJointClosure } from './joint-closure';
import { coHandlerTaskClocks, taskClocksAfterPause } from './task-deadline';
import { coHandlerTaskLight } from './task-light';

/** Asia/Shanghai wall-clock time to an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);
const hours = DEFAULT_WORKING_HOURS;

// Made-up December 2026, schedule ends on the 31st; Thu Dec 24 and Fri Dec 25 are holidays.
const calendar = new WorkingCalendar({
  firstDay: '2026-12-01',
  lastDay: '2026-12-31',
  overrides: [
    { date: '2026-12-24', kind: 'holiday', name: '测试假日' },
    { date: '2026-12-25', kind: 'holiday', name: '测试假日' },
  ],
});

describe('co-handler task clocks', () => {
  it('counts the task days on the working-day calendar, skipping holidays and weekends', () => {
    // Tue Dec 22 10:00 + 3 working days: Wed 23, (24, 25 off, 26-27 weekend) Mon 28, Tue 29.
    const clocks = coHandlerTaskClocks(sh('2026-12-22T10:00:00'), 3, 5, calendar, hours);
    expect(clocks.due).toEqual({ value: sh('2026-12-29T17:30:00'), basis: 'statutory' });
    expect(clocks.objectionDeadline).toEqual({ value: sh('2026-12-23T17:30:00'), basis: 'statutory' });
  });

  it('gives a one-working-day objection window that crosses the holiday', () => {
    const clocks = coHandlerTaskClocks(sh('2026-12-23T16:00:00'), 2, 5, calendar, hours);
    expect(clocks.objectionDeadline.value).toEqual(sh('2026-12-28T17:30:00'));
    expect(clocks.due.value).toEqual(sh('2026-12-29T17:30:00'));
  });

  it('is provisional when the count runs past the published calendar', () => {
    // Tue Dec 29 + 3: Wed 30, Thu 31, then Fri Jan 1 (unknown, counted as a weekday).
    const clocks = coHandlerTaskClocks(sh('2026-12-29T09:00:00'), 3, 5, calendar, hours);
    expect(clocks.due).toEqual({ value: sh('2027-01-01T17:30:00'), basis: 'provisional' });
    expect(clocks.objectionDeadline.basis).toBe('statutory');
  });

  it('refuses a task limit that is not shorter than the lead department', () => {
    expect(() => coHandlerTaskClocks(sh('2026-12-22T10:00:00'), 5, 5, calendar, hours)).toThrow(/shorter than the lead/);
    expect(() => coHandlerTaskClocks(sh('2026-12-22T10:00:00'), 0, 5, calendar, hours)).toThrow(RangeError);
  });
});

const task = (overrides: Partial<CoHandlerTask> = {}): CoHandlerTask => ({
  id: 't1',
  departmentId: 'd1',
  status: 'open',
  objectionDeadlineAt: sh('2026-12-23T17:30:00'),
  dueAt: sh('2026-12-29T17:30:00'),
  ...overrides,
});

describe('co-handler task decisions', () => {
  it('goes open → signed → answered', () => {
    expect(decideTask(task(), { action: 'sign' }, sh('2026-12-22T11:00:00'))).toEqual({ ok: true, to: 'signed', eventPayload: {} });
    expect(decideTask(task({ status: 'signed' }), { action: 'answer', answer: ' 已核实 ' }, sh('2026-12-23T11:00:00'))).toEqual({
      ok: true,
      to: 'answered',
      eventPayload: { answer: '已核实' },
    });
    expect(decideTask(task(), { action: 'answer', answer: 'x' }, sh('2026-12-23T11:00:00'))).toMatchObject({
      ok: false,
      error: 'illegal_state',
    });
  });

  it('lets the department object once, up to and including the end of the window', () => {
    expect(decideTask(task(), { action: 'object', reason: '不属本部门职责' }, sh('2026-12-23T17:30:00'))).toMatchObject({
      ok: true,
      to: 'objected',
    });
    expect(decideTask(task(), { action: 'object', reason: '不属本部门职责' }, sh('2026-12-23T17:30:01'))).toMatchObject({
      ok: false,
      error: 'window_closed',
    });
    expect(decideTask(task({ status: 'objected' }), { action: 'object', reason: 'again' }, sh('2026-12-22T12:00:00'))).toMatchObject({
      ok: false,
      error: 'illegal_state',
    });
  });

  it('requires a reason to object or waive', () => {
    expect(decideTask(task(), { action: 'waive', reason: '  ' }, sh('2026-12-22T12:00:00'))).toMatchObject({
      ok: false,
      error: 'invalid_input',
    });
    expect(decideTask(task({ status: 'signed' }), { action: 'waive', reason: '已由主办单位覆盖' }, sh('2026-12-30T12:00:00'))).toEqual({
      ok: true,
      to: 'waived',
      eventPayload: { reason: '已由主办单位覆盖' },
    });
  });
});

describe('the joint closure rule', () => {
  it('blocks resolve while any task is open or signed, naming them', () => {
    const refusal = checkJointClosure([
      task({ id: 'a', status: 'answered' }),
      task({ id: 'b', departmentId: 'd2', status: 'signed' }),
      task({ id: 'c', departmentId: 'd3', status: 'open' }),
    ]);
    expect(refusal).toMatchObject({ error: 'co_handler_tasks_open', openTaskIds: ['b', 'c'] });
    expect(refusal?.message).toContain('d2, d3');
  });

  it('allows resolve once every task is answered, objected or waived', () => {
    expect(checkJointClosure([])).toBeNull();
    expect(
      checkJointClosure([
        task({ id: 'a', status: 'answered' }),
        task({ id: 'b', status: 'waived' }),
        task({ id: 'c', status: 'objected' }),
      ]),
    ).toBeNull();
  });
});

describe('co-handler task lights', () => {
  const createdAt = sh('2026-12-22T10:00:00');
  const { due } = coHandlerTaskClocks(createdAt, 3, 5, calendar, hours);
  const open = { status: 'open' as const, createdAt, dueAt: due.value, pausedMs: 0 };

  it('is green early, yellow across the holiday near the end, red after the due instant', () => {
    expect(coHandlerTaskLight(open, sh('2026-12-22T15:00:00'), 0.7, calendar, hours)?.light).toBe('green');
    expect(coHandlerTaskLight(open, sh('2026-12-29T12:00:00'), 0.7, calendar, hours)?.light).toBe('yellow');
    expect(coHandlerTaskLight(open, sh('2026-12-29T17:30:00'), 0.7, calendar, hours)?.light).toBe('yellow');
    expect(coHandlerTaskLight(open, sh('2026-12-29T17:30:01'), 0.7, calendar, hours)?.light).toBe('red');
  });

  it('has no light once the part is delivered, objected to or waived', () => {
    for (const status of ['answered', 'objected', 'waived'] as const) {
      expect(coHandlerTaskLight({ ...open, status }, sh('2026-12-30T10:00:00'), 0.7, calendar, hours)).toBeNull();
    }
  });
});

describe('co-handler task clocks across a pause of their appeal', () => {
  // Created Tue Dec 22 10:00, due Tue Dec 29 17:30 (Wed 23, Mon 28, Tue 29).
  const createdAt = sh('2026-12-22T10:00:00');
  const due = coHandlerTaskClocks(createdAt, 3, 5, calendar, hours).due;

  it('moves the deadline by the working time the pause took, holidays and weekend not counted', () => {
    // Paused Wed 23 10:00 to Mon 28 10:00: Wed 6 h, (24, 25 off, weekend) Mon 1 h = 7 working hours.
    const [after] = taskClocksAfterPause(
      [{ id: '1', dueAt: due.value, dueBasis: due.basis }],
      sh('2026-12-23T10:00:00'),
      sh('2026-12-28T10:00:00'),
      calendar,
      hours,
    );
    expect(after).toEqual({ id: '1', due: { value: sh('2026-12-30T17:30:00'), basis: 'statutory' }, pausedMs: 7 * 3600_000 });
    // What was left at suspension (Wed 6 h, Mon 7 h, Tue 7 h) is left at resumption (Mon 6 h, Tue 7 h, Wed 7 h).
    const paused = { status: 'open' as const, createdAt, dueAt: after.due.value, pausedMs: after.pausedMs };
    expect(coHandlerTaskLight(paused, sh('2026-12-29T12:00:00'), 0.7, calendar, hours)?.light).toBe('green');
    expect(coHandlerTaskLight(paused, sh('2026-12-30T12:00:00'), 0.7, calendar, hours)?.light).toBe('yellow');
  });

  it('becomes provisional when the moved deadline needs a day past the published calendar, and stays so', () => {
    const [pushed] = taskClocksAfterPause(
      [{ id: '2', dueAt: due.value, dueBasis: 'statutory' }],
      sh('2026-12-23T09:00:00'),
      sh('2026-12-31T09:00:00'),
      calendar,
      hours,
    );
    expect(pushed.due.basis).toBe('provisional');
    expect(pushed.due.value.getTime()).toBeGreaterThan(sh('2026-12-31T17:30:00').getTime());
    const [kept] = taskClocksAfterPause(
      [{ id: '3', dueAt: due.value, dueBasis: 'provisional' }],
      sh('2026-12-28T09:00:00'),
      sh('2026-12-28T10:00:00'),
      calendar,
      hours,
    );
    expect(kept.due.basis).toBe('provisional');
  });
});
