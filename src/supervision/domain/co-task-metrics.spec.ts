import { coTaskFigures, countCoTasks, type CoTaskDates, EMPTY_CO_TASK_COUNTS, rankCoTasks } from './co-task-metrics';

const at = (iso: string) => new Date(`${iso}+08:00`);
// October 2026 in Asia/Shanghai.
const october = { from: at('2026-10-01T00:00:00'), to: at('2026-11-01T00:00:00') };
const task = (overrides: Partial<CoTaskDates>): CoTaskDates => ({
  departmentId: '7',
  dueAt: at('2026-10-09T17:30:00'),
  answeredAt: null,
  objectedAt: null,
  waivedAt: null,
  withdrawnAt: null,
  ...overrides,
});

describe('countCoTasks (per-department co-handler task figures)', () => {
  it('counts on-time and late answers by the day of the answer, and unanswered tasks by their deadline', () => {
    const counts = countCoTasks(
      [
        task({ answeredAt: at('2026-10-09T17:30:00') }), // on time: at the due instant itself
        task({ answeredAt: at('2026-10-12T09:00:00') }), // late
        task({}), // due in October, still owed at its end
        task({ dueAt: at('2026-09-30T17:30:00'), answeredAt: at('2026-10-08T10:00:00') }), // due in September, answered late in October
      ],
      october,
    ).get('7');
    expect(counts).toEqual({ due: 3, deliveredOnTime: 1, deliveredLate: 2, openOverdue: 1, waived: 0, objected: 0 });
  });

  it('keeps counting an open overdue task in the window of its deadline, and as late in the window it is answered', () => {
    const late = task({ answeredAt: at('2026-11-03T10:00:00') });
    expect(countCoTasks([late], october).get('7')).toMatchObject({ due: 1, openOverdue: 1, deliveredLate: 0 });
    expect(countCoTasks([late], { from: at('2026-11-01T00:00:00'), to: at('2026-12-01T00:00:00') }).get('7')).toMatchObject({
      due: 0,
      openOverdue: 0,
      deliveredLate: 1,
    });
  });

  it('reads the task as it stood at the end of a running window', () => {
    const running = { from: october.from, to: at('2026-10-09T18:00:00') };
    expect(countCoTasks([task({})], running).get('7')).toMatchObject({ due: 1, openOverdue: 1 });
    // Not yet due at the window's end: nothing to count.
    expect(countCoTasks([task({})], { from: october.from, to: at('2026-10-09T17:00:00') }).size).toBe(0);
  });

  it('takes waived, objected and withdrawn parts out of what is owed', () => {
    const counts = countCoTasks(
      [
        task({ waivedAt: at('2026-10-08T10:00:00') }),
        task({ objectedAt: at('2026-09-30T10:00:00') }),
        task({ withdrawnAt: at('2026-10-05T10:00:00') }),
        // Withdrawn only after the window: owed, and overdue, at its end.
        task({ withdrawnAt: at('2026-11-02T10:00:00') }),
      ],
      october,
    ).get('7');
    expect(counts).toEqual({ due: 3, deliveredOnTime: 0, deliveredLate: 0, openOverdue: 1, waived: 1, objected: 0 });
  });

  it('groups by department', () => {
    const counts = countCoTasks([task({ departmentId: '7' }), task({ departmentId: '9', answeredAt: at('2026-10-08T10:00:00') })], october);
    expect([...counts.keys()].sort()).toEqual(['7', '9']);
  });
});

describe('rankCoTasks', () => {
  it('ranks by the on-time rate with shared ranks; a department with nothing owed stays unranked', () => {
    const rows = rankCoTasks([
      coTaskFigures('1', '住建局', { ...EMPTY_CO_TASK_COUNTS, due: 2, deliveredOnTime: 1, openOverdue: 1 }),
      coTaskFigures('2', '水务局', { ...EMPTY_CO_TASK_COUNTS, due: 1, deliveredOnTime: 1 }),
      coTaskFigures('3', '交通局', { ...EMPTY_CO_TASK_COUNTS, due: 2, deliveredOnTime: 1, deliveredLate: 1 }),
      coTaskFigures('4', '财政局', { ...EMPTY_CO_TASK_COUNTS, waived: 1 }),
    ]);
    expect(rows.map((r) => [r.key, r.rank, r.onTimeRate.value])).toEqual([
      ['2', 1, 1],
      ['1', 2, 0.5],
      ['3', 2, 0.5],
      ['4', null, null],
    ]);
    expect(rows[1].onTimeRate).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
  });
});

describe('countCoTasks across a suspension of the appeal', () => {
  const november = { from: at('2026-11-01T00:00:00'), to: at('2026-12-01T00:00:00') };

  it('reads a deadline a later resumption moved as it stood at the window’s end', () => {
    // Overdue since 9 October, suspended 12 October (after the deadline), resumed 3 November: the move keeps it late in October.
    const late = task({
      dueAt: at('2026-11-20T17:30:00'),
      deadlineMoves: [{ movedAt: at('2026-11-03T10:00:00'), fromDueAt: at('2026-10-09T17:30:00') }],
      appealPauses: [{ startedAt: at('2026-10-12T10:00:00'), endedAt: at('2026-11-03T10:00:00') }],
    });
    expect(countCoTasks([late], october).get('7')).toMatchObject({ due: 1, openOverdue: 1 });
    expect(countCoTasks([late], november).get('7')).toMatchObject({ due: 1, openOverdue: 1 });
  });

  it('does not count a task whose clock stood still at the end, the pause begun by its deadline', () => {
    const paused = task({
      dueAt: at('2026-11-05T17:30:00'),
      deadlineMoves: [{ movedAt: at('2026-11-03T10:00:00'), fromDueAt: at('2026-10-29T17:30:00') }],
      appealPauses: [{ startedAt: at('2026-10-27T10:00:00'), endedAt: at('2026-11-03T10:00:00') }],
    });
    expect(countCoTasks([paused], october).get('7')).toBeUndefined();
    expect(countCoTasks([paused], november).get('7')).toMatchObject({ due: 1, openOverdue: 1 });
    // Still suspended at the end of a running window: neither due nor late yet.
    const stillPaused = task({ dueAt: at('2026-10-29T17:30:00'), appealPauses: [{ startedAt: at('2026-10-27T10:00:00'), endedAt: null }] });
    expect(countCoTasks([stillPaused], october).get('7')).toBeUndefined();
  });
});
