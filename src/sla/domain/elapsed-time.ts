import { assertValidInstant, addDays, shanghaiDateOf } from './shanghai-date';
import { WorkingCalendar } from './working-calendar';
import { WorkingHours, workingIntervalsOn } from './working-hours';

/** A stretch during which the clock stood still (appeal suspended waiting for the firm). */
export interface Pause {
  from: Date;
  /** null while the pause is still running. */
  to: Date | null;
}

interface Span {
  from: number;
  to: number;
}

/**
 * Pauses come from the appeal's history, where they cannot overlap; overlapping input means a
 * bookkeeping bug, and summing it would silently count the same time twice.
 */
export function validatePauses(pauses: readonly Pause[]): void {
  for (const pause of pauses) {
    assertValidInstant(pause.from, 'pause start');
    if (pause.to === null) continue;
    assertValidInstant(pause.to, 'pause end');
    if (pause.to.getTime() < pause.from.getTime()) {
      throw new RangeError(`Pause ends (${pause.to.toISOString()}) before it starts (${pause.from.toISOString()})`);
    }
  }
  const sorted = sortPauses(pauses);
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const { to } = sorted[i];
    if (to === null || sorted[i + 1].from.getTime() < to.getTime()) {
      throw new RangeError(`Pauses overlap at ${sorted[i + 1].from.toISOString()}`);
    }
  }
}

function sortPauses(pauses: readonly Pause[]): Pause[] {
  return [...pauses].sort((a, b) => a.from.getTime() - b.from.getTime());
}

/** [from, to) minus the pauses; an open pause runs until `to`. */
function activeSpans(from: Date, to: Date, pauses: readonly Pause[]): Span[] {
  assertValidInstant(from, 'from');
  assertValidInstant(to, 'to');
  validatePauses(pauses);
  const end = to.getTime();
  let cursor = from.getTime();
  const spans: Span[] = [];
  for (const pause of sortPauses(pauses)) {
    if (cursor >= end) break;
    const pauseFrom = pause.from.getTime();
    const pauseTo = pause.to === null ? end : pause.to.getTime();
    if (pauseTo <= cursor) continue;
    if (pauseFrom > cursor) spans.push({ from: cursor, to: Math.min(pauseFrom, end) });
    cursor = Math.max(cursor, pauseTo);
  }
  if (cursor < end) spans.push({ from: cursor, to: end });
  return spans;
}

function workingMsInSpan(span: Span, calendar: WorkingCalendar, hours: WorkingHours): number {
  const lastDay = shanghaiDateOf(new Date(span.to - 1));
  let total = 0;
  for (let day = shanghaiDateOf(new Date(span.from)); day <= lastDay; day = addDays(day, 1)) {
    if (!calendar.isWorkingDay(day)) continue;
    for (const interval of workingIntervalsOn(day, hours)) {
      const overlap = Math.min(span.to, interval.to.getTime()) - Math.max(span.from, interval.from.getTime());
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * Milliseconds of working time (inside working hours on working days) between two instants,
 * not counting paused time. 0 when `to` is not after `from`. Throws CalendarCoverageError when
 * the stretch touches a day the calendar does not cover.
 */
export function workingMsBetween(
  from: Date,
  to: Date,
  calendar: WorkingCalendar,
  hours: WorkingHours,
  pauses: readonly Pause[] = [],
): number {
  return activeSpans(from, to, pauses).reduce((sum, span) => sum + workingMsInSpan(span, calendar, hours), 0);
}

/** Milliseconds of wall-clock time between two instants, not counting paused time. */
export function naturalMsBetween(from: Date, to: Date, pauses: readonly Pause[] = []): number {
  return activeSpans(from, to, pauses).reduce((sum, span) => sum + (span.to - span.from), 0);
}
