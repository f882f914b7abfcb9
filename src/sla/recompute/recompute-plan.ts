import type { Based, DeadlineBasis } from '../domain/deadline-basis';
import { lightSchedule } from '../domain/light-schedule';
import { type DeadlineMove, recomputeTimers, type TimerToRecompute } from '../domain/provisional-recompute';
import type { IsoDate } from '../domain/shanghai-date';
import type { WorkingCalendar } from '../domain/working-calendar';
import type { WorkingHours } from '../domain/working-hours';
import type { ProvisionalAppeal, RecomputeColumn } from './deadline-recompute.repository';
import { isTerminalStatus } from '../../appeals/domain/appeal-status';

export interface AppealRecompute {
  set: Partial<Record<RecomputeColumn, unknown>>;
  /** Deadlines whose instant changed (an event is written only when this is not empty). */
  moves: DeadlineMove[];
  /** The deadline that matters now moved earlier on an open appeal: its handler is told. */
  currentMovedEarlier: boolean;
  /** Some deadline is still provisional (it lies past the new coverage too). */
  stillProvisional: boolean;
}

const ACTIVE = new Set(['submitted', 'accepted', 'assigned', 'in_progress']);

/**
 * What recomputing one appeal writes: each provisional timer moved to the same number of
 * working days on the calendar as now known, the current deadline with the timer it mirrors, and
 * for an open appeal whose current deadline moved, its light, yellow instant and next check (so
 * a deadline that moved into the past turns red at the next sweep, and ladder steps follow).
 */
export function planAppealRecompute(
  row: ProvisionalAppeal,
  previousLastDay: IsoDate,
  calendar: WorkingCalendar,
  hours: WorkingHours,
  now: Date,
  yellowShare: number,
): AppealRecompute {
  const timers: TimerToRecompute[] = [];
  const add = (timer: TimerToRecompute['timer'], due: Date | null, basis: DeadlineBasis, start: Date | null) => {
    if (due) timers.push({ timer, due, basis, start });
  };
  add('response_due', row.responseDueAt, row.responseDueBasis, row.submittedAt);
  add('objection_deadline', row.objectionDeadlineAt, row.objectionDeadlineBasis, row.assignedAt);
  add('resolution_due', row.resolutionDueAt, row.resolutionDueBasis, row.resolutionStartedAt);
  add('verification_due', row.verificationDueAt, row.verificationDueBasis, row.resolvedAt);
  const recomputed = recomputeTimers(timers, previousLastDay, calendar);

  const set: AppealRecompute['set'] = {};
  const moves = recomputed.filter((m) => m.to.getTime() !== m.from.getTime());
  for (const m of recomputed) {
    if (m.to.getTime() !== m.from.getTime()) set[`${m.timer}_at`] = m.to;
    set[`${m.timer}_basis`] = m.basis;
  }

  let current: Based<Date> | null = row.currentDueAt ? { value: row.currentDueAt, basis: row.currentDueBasis } : null;
  if (row.currentDueAt && row.currentDueBasis === 'provisional') {
    // The current deadline is one of the timers; it follows the one it mirrors.
    const mirrored = recomputed.find((m) => m.from.getTime() === row.currentDueAt?.getTime());
    if (mirrored) current = { value: mirrored.to, basis: mirrored.basis };
    else current = { value: row.currentDueAt, basis: 'provisional' };
    if (current.value.getTime() !== row.currentDueAt.getTime()) set.current_due_at = current.value;
    set.current_due_basis = current.basis;
  }

  const currentMoved = !!(current && row.currentDueAt && current.value.getTime() !== row.currentDueAt.getTime());
  if (currentMoved && current && !isTerminalStatus(row.status)) {
    if (row.status === 'resolved') {
      set.next_check_at = current.value;
    } else if (ACTIVE.has(row.status)) {
      const responsePhase = row.status === 'submitted' || row.status === 'accepted' || (row.status === 'assigned' && !row.signedAt);
      const start = responsePhase ? row.submittedAt : row.resolutionStartedAt;
      if (start) {
        const light = lightSchedule(
          start,
          current.value,
          now,
          responsePhase ? row.responseUnit : 'working_days',
          responsePhase ? 0 : row.pausedMs,
          yellowShare,
          calendar.provisional(),
          hours,
        );
        set.warning_light = light.light;
        set.yellow_at = light.yellowAt;
        set.next_check_at = light.nextCheckAt;
        set.overdue_since = light.light === 'red' ? (row.overdueSince ?? current.value) : null;
      }
    }
  }
  if (moves.length) set.updated_at = now;
  return {
    set,
    moves,
    currentMovedEarlier:
      currentMoved && !isTerminalStatus(row.status) && !!current && current.value.getTime() < (row.currentDueAt as Date).getTime(),
    stillProvisional: recomputed.some((m) => m.basis === 'provisional'),
  };
}
