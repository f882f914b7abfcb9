import { createChineseDaysCalendar } from '../calendar-seed/chinese-days-source';
import { DEFAULT_WORKING_HOURS } from '../domain/working-hours';
import { fallbackPlan, planSweep, SweepPlan, SweepRow } from './sweep-planner';
import { instantOverdueDaysReach } from '../domain/escalation-ladder';
import { overdueWorkingDays } from '../domain/overdue-working-days';
import { initialAppealSnapshot } from '../../appeals/domain';
import { sweepColumns } from './sweep.repository';

/** The plan's changes as the columns the sweep's UPDATE writes (what the row will hold). */
const columnsOf = (plan: SweepPlan) => sweepColumns(plan.set);

const calendar = createChineseDaysCalendar();
const hours = DEFAULT_WORKING_HOURS;
const ladder = { supervisionAfterOverdueWorkingDays: 2, yellowCardAfterOverdueWorkingDays: 5, redCardAfterOverdueWorkingDays: 10 };
const sh = (local: string) => new Date(`${local}+08:00`);

const due = sh('2025-09-26T17:30:00'); // Friday before National Day 2025
const base: SweepRow = {
  id: 1,
  status: 'in_progress',
  level: 'county',
  signedAt: sh('2025-09-17T10:00:00'),
  currentDueAt: due,
  yellowAt: sh('2025-09-24T11:00:00'),
  verificationDueAt: null,
  warningLight: 'green',
  supervisionLevel: 'none',
  ladderCycle: 0,
  responseOverdue: false,
  resolutionOverdue: false,
  snapshot: { ...initialAppealSnapshot({ enterpriseId: '7', level: 'county' }), status: 'in_progress', leadDepartmentId: '3' },
};

/** A resolved appeal waiting for the enterprise's verification until `verificationDueAt`. */
function resolvedRow(verificationDueAt: Date | null): SweepRow {
  return { ...base, status: 'resolved', verificationDueAt, snapshot: { ...base.snapshot, status: 'resolved', verificationDueAt } };
}

/** What the row looks like after the sweep wrote the plan. */
function applied(row: SweepRow, plan: SweepPlan): SweepRow {
  const set = columnsOf(plan);
  return {
    ...row,
    status: (set.status as string) ?? row.status,
    warningLight: (set.warning_light as SweepRow['warningLight']) ?? row.warningLight,
    supervisionLevel: (set.supervision_level as SweepRow['supervisionLevel']) ?? row.supervisionLevel,
    responseOverdue: set.response_overdue === 1 || row.responseOverdue,
    resolutionOverdue: set.resolution_overdue === 1 || row.resolutionOverdue,
  };
}

describe('planSweep', () => {
  it('leaves a green appeal alone before its yellow threshold, checking again at it', () => {
    const plan = planSweep(base, sh('2025-09-24T10:00:00'), calendar, hours, ladder);
    expect({ ...plan, set: columnsOf(plan) }).toEqual({ set: { next_check_at: base.yellowAt }, events: [], supervisionOrder: false, dueSoon: false, changes: [] });
  });

  it('turns yellow at the threshold, announces it is due soon, and checks again at the deadline', () => {
    const plan = planSweep(base, sh('2025-09-24T11:00:00'), calendar, hours, ladder);
    expect(columnsOf(plan)).toEqual({ warning_light: 'yellow', next_check_at: due });
    expect(plan.dueSoon).toBe(true);
    expect(plan.events).toEqual([]);
  });

  it('turns red, marks resolution overdue and reminds once the deadline passed', () => {
    const now = sh('2025-09-26T17:31:00');
    const plan = planSweep({ ...base, warningLight: 'yellow' }, now, calendar, hours, ladder);
    expect(columnsOf(plan)).toMatchObject({ warning_light: 'red', resolution_overdue: 1, supervision_level: 'reminder' });
    expect(plan.events.map((e) => e.action)).toEqual(['remind']);
    // Supervision after 2 overdue working days: Sun Sep 28 is a make-up working day, then Mon Sep 29.
    expect(columnsOf(plan).next_check_at).toEqual(sh('2025-09-29T17:30:00'));
  });

  it('marks the response as overdue while the appeal is not signed yet', () => {
    const plan = planSweep({ ...base, status: 'assigned', signedAt: null }, sh('2025-09-27T09:00:00'), calendar, hours, ladder);
    expect(columnsOf(plan)).toMatchObject({ response_overdue: 1 });
    expect(columnsOf(plan)).not.toHaveProperty('resolution_overdue');
  });

  it('plans nothing new when run again at the same instant', () => {
    const now = sh('2025-09-29T17:30:00');
    const first = planSweep(base, now, calendar, hours, ladder);
    expect(first.events.map((e) => e.action)).toEqual(['remind', 'supervise']);
    expect(first.supervisionOrder).toBe(true);
    const second = planSweep(applied(base, first), now, calendar, hours, ladder);
    expect(second.events).toEqual([]);
    expect(second.changes).toEqual([]);
    expect(columnsOf(second)).toEqual({ next_check_at: columnsOf(first).next_check_at });
  });

  it('gives the yellow card after 5 overdue working days across the holiday', () => {
    // Sep 28 (make-up Sunday), 29, 30, then Oct 1–8 off, Oct 9, 10.
    const plan = planSweep(
      { ...base, warningLight: 'red', resolutionOverdue: true, supervisionLevel: 'supervision' },
      sh('2025-10-10T17:30:00'),
      calendar,
      hours,
      ladder,
    );
    expect(plan.events.map((e) => e.action)).toEqual(['yellow_card']);
    expect(plan.events[0].payload).toMatchObject({ overdueWorkingDays: 5 });
  });

  it('climbs every missed step in order after a long outage, then stops watching', () => {
    const plan = planSweep(base, sh('2025-11-10T18:00:00'), calendar, hours, ladder);
    expect(plan.events.map((e) => e.action)).toEqual(['remind', 'supervise', 'yellow_card', 'red_card']);
    expect(columnsOf(plan)).toMatchObject({ supervision_level: 'red_card', next_check_at: null });
    expect(plan.events[3].payload).toMatchObject({ escalatedFromLevel: 'county', ladderCycle: 0 });
  });

  it('climbs from where the appeal is, not from the start', () => {
    const plan = planSweep(
      { ...base, warningLight: 'red', resolutionOverdue: true, supervisionLevel: 'supervision' },
      sh('2025-11-10T18:00:00'),
      calendar,
      hours,
      ladder,
    );
    expect(plan.events.map((e) => e.action)).toEqual(['yellow_card', 'red_card']);
    expect(columnsOf(plan)).not.toHaveProperty('overdue_since');
  });

  it('auto-closes a resolved appeal once the verification window ran out', () => {
    const verificationDueAt = sh('2025-10-15T17:30:00');
    const row = resolvedRow(verificationDueAt);
    expect(columnsOf(planSweep(row, sh('2025-10-15T17:29:00'), calendar, hours, ladder))).toEqual({ next_check_at: verificationDueAt });
    const plan = planSweep(row, verificationDueAt, calendar, hours, ladder);
    expect(columnsOf(plan)).toEqual({
      status: 'closed',
      auto_closed: 1,
      closed_at: verificationDueAt,
      current_due_at: null,
      current_due_basis: 'statutory',
      yellow_at: null,
      next_check_at: null,
      updated_at: verificationDueAt,
    });
    expect(plan.events).toEqual([
      {
        action: 'auto_close',
        fromStatus: 'resolved',
        toStatus: 'closed',
        reason: '评价期满，企业未评价，系统自动办结',
        payload: { unrated: true, verificationDueAt: verificationDueAt.toISOString(), facts: { closed_at: verificationDueAt.toISOString() } },
        visibility: 'public',
      },
    ]);
    expect(plan.changes).toEqual(['auto_close']);
  });

  it('leaves the auto-close to the state machine: no verification deadline, no closing', () => {
    const plan = planSweep(resolvedRow(null), sh('2025-10-15T17:29:00'), calendar, hours, ladder);
    expect(columnsOf(plan)).toEqual({ next_check_at: null });
    expect(plan.events).toEqual([]);
  });

  it('decides on the snapshot the state machine sees, not on the sweep columns alone', () => {
    // The sweep's own status column says resolved, but the appeal the state machine sees is not: no closing.
    const row = { ...resolvedRow(sh('2025-10-15T17:30:00')), snapshot: { ...base.snapshot, status: 'in_progress' as const } };
    const plan = planSweep(row, sh('2025-10-16T09:00:00'), calendar, hours, ladder);
    expect(plan.events).toEqual([]);
    expect(columnsOf(plan)).not.toHaveProperty('status');
  });

  it('stops watching a suspended appeal', () => {
    expect(columnsOf(planSweep({ ...base, status: 'suspended' }, sh('2025-10-15T17:29:00'), calendar, hours, ladder))).toEqual({
      next_check_at: null,
    });
  });
});

describe('instantOverdueDaysReach', () => {
  it('is the first instant at which overdueWorkingDays reaches the count', () => {
    for (const days of [1, 2, 5, 10]) {
      const at = instantOverdueDaysReach(due, days, calendar, hours);
      expect(overdueWorkingDays(due, at, calendar, hours)).toBe(days);
      expect(overdueWorkingDays(due, new Date(at.getTime() - 1), calendar, hours)).toBe(days - 1);
    }
  });
});

describe('planSweep past the calendar coverage (provisional view)', () => {
  const provisional = createChineseDaysCalendar().provisional();
  const lastYear = Number(provisional.lastDay.slice(0, 4));
  const yearEnd = sh(`${lastYear}-12-31T17:30:00`);
  const row: SweepRow = { ...base, currentDueAt: yearEnd, yellowAt: sh(`${lastYear}-12-29T10:00:00`), warningLight: 'yellow' };

  it('turns an appeal due on the last covered day red the minute after, with the reminder, and looks again at the next step', () => {
    const now = sh(`${lastYear}-12-31T17:31:00`);
    const plan = planSweep(row, now, provisional, hours, ladder);
    expect(columnsOf(plan).warning_light).toBe('red');
    expect(plan.events.map((e) => e.action)).toEqual(['remind']);
    // The supervision order is due after 2 overdue working days: Jan 1 (counted as a weekday) and Mon Jan 4.
    expect(columnsOf(plan).next_check_at).toEqual(sh(`${lastYear + 1}-01-04T17:30:00`));
  });

  it('takes the step that needs days past the coverage once, on the provisional date', () => {
    const reminded: SweepRow = { ...row, warningLight: 'red', supervisionLevel: 'reminder', resolutionOverdue: true };
    const plan = planSweep(reminded, sh(`${lastYear + 1}-01-04T17:30:00`), provisional, hours, ladder);
    expect(plan.events.map((e) => e.action)).toEqual(['supervise']);
    expect(plan.supervisionOrder).toBe(true);
    const again = planSweep(
      { ...reminded, supervisionLevel: 'supervision' },
      sh(`${lastYear + 1}-01-04T17:30:00`),
      provisional,
      hours,
      ladder,
    );
    expect(again.events).toEqual([]);
  });
});

describe('fallbackPlan', () => {
  const retryAt = sh('2025-09-29T12:00:00');

  it('turns an overdue appeal red and marks it overdue without taking a ladder step', () => {
    const plan = fallbackPlan(base, sh('2025-09-29T11:45:00'), retryAt);
    expect({ ...plan, set: columnsOf(plan) }).toEqual({
      set: {
        next_check_at: retryAt,
        warning_light: 'red',
        resolution_overdue: 1,
        overdue_since: { sql: 'COALESCE(overdue_since, current_due_at)' },
      },
      events: [],
      supervisionOrder: false,
      dueSoon: false,
      changes: ['red'],
    });
  });

  it('marks the response phase when the appeal was never signed for', () => {
    const plan = fallbackPlan({ ...base, status: 'submitted', signedAt: null }, sh('2025-09-29T11:45:00'), retryAt);
    expect(columnsOf(plan)).toMatchObject({ warning_light: 'red', response_overdue: 1 });
    expect(columnsOf(plan).resolution_overdue).toBeUndefined();
  });

  it('only looks again later at an appeal that is not overdue, or whose clock is paused', () => {
    expect(columnsOf(fallbackPlan(base, sh('2025-09-25T10:00:00'), retryAt))).toEqual({ next_check_at: retryAt });
    expect(columnsOf(fallbackPlan({ ...base, status: 'suspended' }, sh('2025-09-29T11:45:00'), retryAt))).toEqual({ next_check_at: retryAt });
  });
});
