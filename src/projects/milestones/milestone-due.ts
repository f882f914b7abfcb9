import type { WorkingCalendar } from '../../sla/domain/working-calendar';
import type { WorkingHours } from '../../sla/domain/working-hours';
import { type MilestoneDue, milestoneDueInWorkingDays, milestoneDueOnDate, milestoneYellowAt } from '../domain/milestone-timer';

export interface MilestoneBasis {
  startedAt: Date;
  workingDays: number | null;
  date: string | null;
}

/** The deadline and yellow instant of a milestone from what it was set by (a date or N working days). */
export function dueFromBasis(
  basis: MilestoneBasis,
  calendar: WorkingCalendar,
  hours: WorkingHours,
  yellowShare: number,
): MilestoneDue & { yellowAt: Date } {
  const due =
    basis.date !== null
      ? milestoneDueOnDate(basis.date, calendar, hours)
      : milestoneDueInWorkingDays(basis.startedAt, basis.workingDays ?? 0, calendar, hours);
  return { ...due, yellowAt: milestoneYellowAt(basis.startedAt, due.dueAt, yellowShare, calendar, hours) };
}
