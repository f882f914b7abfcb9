import { WorkingCalendar } from '../../sla/domain/working-calendar';
import { DEFAULT_WORKING_HOURS } from '../../sla/domain/working-hours';
import { planTaskCheck, type TaskTimerRow } from './task-check';
import { coHandlerTaskClocks } from './task-deadline';

const sh = (local: string) => new Date(`${local}+08:00`);
const hours = DEFAULT_WORKING_HOURS;
// Made-up December 2026: Thu 24 and Fri 25 are holidays, 26–27 the weekend.
const calendar = new WorkingCalendar({
  firstDay: '2026-12-01',
  lastDay: '2026-12-31',
  overrides: [
    { date: '2026-12-24', kind: 'holiday', name: '测试假日' },
    { date: '2026-12-25', kind: 'holiday', name: '测试假日' },
  ],
});
const createdAt = sh('2026-12-22T10:00:00');
// 3 working days: Wed 23, Mon 28, Tue 29 (17:30).
const dueAt = coHandlerTaskClocks(createdAt, 3, 5, calendar, hours).due.value;
const row = (overrides: Partial<TaskTimerRow> = {}): TaskTimerRow => ({
  status: 'open',
  createdAt,
  dueAt,
  pausedMs: 0,
  warningLight: 'green',
  remindedAt: null,
  appealOpen: true,
  ...overrides,
});
const plan = (r: TaskTimerRow, now: Date) => planTaskCheck(r, now, 0.7, calendar, hours);

describe('planTaskCheck (the sweep on one co-handler task)', () => {
  it('stays green and looks again at the yellow instant, which falls after the holiday', () => {
    const first = plan(row(), createdAt);
    expect(first).toMatchObject({ warningLight: 'green', remind: false, turnedYellow: false, turnedRed: false });
    // 70 % of the 27 working hours = 18.9 h from Tue 10:00: Tue 6 h, Wed 7 h, then 5.9 h of Mon 28 (after 24–27).
    expect(first.nextCheckAt).toEqual(first.yellowAt);
    expect(first.yellowAt).toEqual(sh('2026-12-28T16:24:00'));
  });

  it('turns yellow at that instant and waits for the deadline to pass', () => {
    const yellow = plan(row(), sh('2026-12-28T16:24:00'));
    expect(yellow).toMatchObject({ warningLight: 'yellow', turnedYellow: true, remind: false });
    expect(yellow.nextCheckAt).toEqual(new Date(dueAt.getTime() + 1));
    // At the due instant itself the task is not late yet.
    expect(plan(row({ warningLight: 'yellow' }), dueAt)).toMatchObject({ warningLight: 'yellow', turnedYellow: false, remind: false });
  });

  it('turns red once overdue and reminds the department, then has nothing left to watch', () => {
    const red = plan(row({ warningLight: 'yellow' }), new Date(dueAt.getTime() + 1));
    expect(red).toMatchObject({ warningLight: 'red', turnedRed: true, remind: true, nextCheckAt: null });
    // Straight from green when no sweep ran in between; a signed task is owed alike.
    expect(plan(row({ status: 'signed' }), sh('2026-12-30T09:00:00'))).toMatchObject({ warningLight: 'red', turnedRed: true, remind: true });
  });

  it('reminds once: a task already reminded is only kept red', () => {
    expect(plan(row({ warningLight: 'red', remindedAt: sh('2026-12-29T17:31:00') }), sh('2026-12-30T09:00:00'))).toMatchObject({
      warningLight: 'red',
      turnedRed: false,
      remind: false,
      nextCheckAt: null,
    });
  });

  it('leaves a task that owes nothing, or whose appeal is finished, out of the sweep', () => {
    for (const status of ['answered', 'objected', 'waived', 'withdrawn'] as const) {
      expect(plan(row({ status }), sh('2026-12-30T09:00:00'))).toMatchObject({ remind: false, nextCheckAt: null, warningLight: 'green' });
    }
    expect(plan(row({ appealOpen: false }), sh('2026-12-30T09:00:00'))).toMatchObject({ remind: false, nextCheckAt: null });
  });
});
