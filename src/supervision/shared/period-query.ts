import { AppError } from '../../common/errors/app-error';
import { customPeriod, isEnded, parsePeriodKey, periodContaining, type Period, type PeriodKind } from '../domain';

export interface PeriodSelection {
  /** Kind of period; `custom` needs from and to. Defaults to month. */
  period?: PeriodKind;
  /** The period's key (2026-03, 2026-02-X3, 2026-W10, 2026-Q1, 2026); defaults to the current one. */
  key?: string;
  from?: string;
  to?: string;
}

/** Turns the query's period words into a Period, with a 400 that names the field on nonsense. */
export function resolvePeriod(selection: PeriodSelection, now: Date): Period {
  if (selection.from !== undefined || selection.to !== undefined || selection.period === 'custom') {
    if (!selection.from || !selection.to) {
      throw AppError.badRequest('A custom period needs both from and to', [{ field: selection.from ? 'to' : 'from', message: 'required' }]);
    }
    try {
      return customPeriod(selection.from, selection.to);
    } catch (error) {
      throw AppError.badRequest((error as Error).message, [{ field: 'from', message: (error as Error).message }]);
    }
  }
  const kind = selection.period ?? 'month';
  if (selection.key === undefined) return periodContaining(kind, now);
  const period = parsePeriodKey(selection.key);
  if (period === null || period.kind !== kind) {
    throw AppError.badRequest(`"${selection.key}" is not a ${kind} key`, [
      { field: 'key', message: `not a ${kind} key (e.g. ${example(kind)})` },
    ]);
  }
  return period;
}

function example(kind: Exclude<PeriodKind, 'custom'>): string {
  return periodContaining(kind, '2026-02-25').key;
}

/** A period as the API shows it; `asOf` is when the counting stopped (the end, or now for a running period). */
export interface PeriodView {
  kind: PeriodKind;
  key: string;
  label: string;
  fromDate: string;
  toDate: string;
  startsAt: string;
  endsAt: string;
  asOf: string;
  complete: boolean;
}

export function periodView(period: Period, now: Date): PeriodView {
  return {
    kind: period.kind,
    key: period.key,
    label: period.label,
    fromDate: period.fromDate,
    toDate: period.toDate,
    startsAt: period.startsAt.toISOString(),
    endsAt: period.endsAt.toISOString(),
    asOf: countingEnd(period, now).toISOString(),
    complete: isEnded(period, now),
  };
}

/** Counting stops at the period's end, or now while it runs: a deadline still ahead has not been missed. */
export function countingEnd(period: Period, now: Date): Date {
  const end = Math.max(period.startsAt.getTime(), Math.min(period.endsAt.getTime(), now.getTime()));
  return new Date(end);
}
