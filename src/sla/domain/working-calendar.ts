import { assertNever } from '../../common/domain/assert-never';
import { addDays, assertIsoDate, IsoDate, isWeekend } from './shanghai-date';

export type DayOverrideKind = 'holiday' | 'workday';

/** A statutory holiday, or a weekend day worked in exchange for one (调休上班). */
export interface DayOverride {
  date: IsoDate;
  kind: DayOverrideKind;
  name?: string;
}

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup_workday';

export interface DayDescription {
  date: IsoDate;
  working: boolean;
  kind: DayKind;
  name?: string;
  /** Present (true) only for a day past the last covered day, answered with weekends as the only rest days. */
  provisional?: true;
}

/** What a calendar is built from; also the shape a seed source produces. */
export interface WorkingCalendarDefinition {
  /** First covered date, inclusive. */
  firstDay: IsoDate;
  /** Last covered date, inclusive. */
  lastDay: IsoDate;
  overrides: readonly DayOverride[];
}

/**
 * Thrown for any question about a day the calendar does not cover. Deadlines past the last
 * published State Council schedule must fail loudly: silently assuming Mon–Fri would produce
 * deadlines that land on next year's Spring Festival.
 */
export class CalendarCoverageError extends Error {
  override readonly name = 'CalendarCoverageError';

  constructor(
    readonly date: IsoDate,
    readonly firstDay: IsoDate,
    readonly lastDay: IsoDate,
  ) {
    super(
      `The working-day calendar covers ${firstDay}..${lastDay}; ${date} is outside it. ` +
        (date > lastDay
          ? `An administrator must add the ${date.slice(0, 4)} holiday schedule.`
          : `Working time before ${firstDay} cannot be computed.`),
    );
  }
}

export class InvalidCalendarError extends Error {
  override readonly name = 'InvalidCalendarError';
}

/**
 * The Chinese statutory working-day calendar over a fixed coverage range: Mon–Fri work,
 * Sat/Sun rest, except where an override says otherwise. Immutable once built.
 */
export class WorkingCalendar {
  readonly firstDay: IsoDate;
  /** Last day of the published schedule, also for the provisional view (which answers past it). */
  readonly lastDay: IsoDate;
  /** True for the view returned by provisional(): days past lastDay are Mon–Fri work, Sat/Sun rest. */
  readonly answersPastLastDay: boolean;
  private readonly overrides: ReadonlyMap<IsoDate, DayOverride>;
  private provisionalView: WorkingCalendar | null = null;

  constructor(definition: WorkingCalendarDefinition, options: { answersPastLastDay?: boolean } = {}) {
    const { firstDay, lastDay } = definition;
    assertIsoDate(firstDay);
    assertIsoDate(lastDay);
    if (firstDay > lastDay) {
      throw new InvalidCalendarError(`Calendar coverage ${firstDay}..${lastDay} is empty`);
    }
    const overrides = new Map<IsoDate, DayOverride>();
    for (const override of definition.overrides) {
      assertIsoDate(override.date);
      if (override.date < firstDay || override.date > lastDay) {
        throw new InvalidCalendarError(
          `Override for ${override.date} lies outside the coverage ${firstDay}..${lastDay}; extend the coverage first`,
        );
      }
      // Two entries for one date mean the data is ambiguous; merge corrections before building.
      if (overrides.has(override.date)) {
        throw new InvalidCalendarError(`Two overrides for ${override.date}; use mergeOverrides to apply corrections`);
      }
      overrides.set(override.date, { ...override });
    }
    this.firstDay = firstDay;
    this.lastDay = lastDay;
    this.overrides = overrides;
    this.answersPastLastDay = options.answersPastLastDay ?? false;
  }

  /**
   * The same calendar, answering past the last covered day with weekends as the only rest days.
   * Only for deadlines marked provisional (see withBasis): the next year's holidays are unknown,
   * so such a deadline is recomputed once the year is declared.
   */
  provisional(): WorkingCalendar {
    if (this.answersPastLastDay) return this;
    this.provisionalView ??= new WorkingCalendar(
      { firstDay: this.firstDay, lastDay: this.lastDay, overrides: [...this.overrides.values()] },
      { answersPastLastDay: true },
    );
    return this.provisionalView;
  }

  covers(date: IsoDate): boolean {
    assertIsoDate(date);
    return date >= this.firstDay && (this.answersPastLastDay || date <= this.lastDay);
  }

  /** True when `date` lies past the published schedule (answered, if at all, only provisionally). */
  isPastLastDay(date: IsoDate): boolean {
    return date > this.lastDay;
  }

  assertCovers(date: IsoDate): void {
    if (!this.covers(date)) {
      throw new CalendarCoverageError(date, this.firstDay, this.lastDay);
    }
  }

  describeDay(date: IsoDate): DayDescription {
    this.assertCovers(date);
    const override = this.overrides.get(date);
    const weekend = isWeekend(date);
    if (date > this.lastDay) {
      return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday', provisional: true };
    }
    if (!override) {
      return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday' };
    }
    const named = override.name === undefined ? {} : { name: override.name };
    switch (override.kind) {
      case 'holiday':
        return { date, working: false, kind: 'holiday', ...named };
      case 'workday':
        // A workday override on a weekday changes nothing but is harmless to keep.
        return { date, working: true, kind: weekend ? 'makeup_workday' : 'workday', ...named };
      default:
        return assertNever(override.kind, 'day override kind');
    }
  }

  isWorkingDay(date: IsoDate): boolean {
    return this.describeDay(date).working;
  }

  /** The first working day strictly after `date`. */
  nextWorkingDay(date: IsoDate): IsoDate {
    this.assertCovers(date);
    let day = addDays(date, 1);
    while (!this.isWorkingDay(day)) {
      day = addDays(day, 1);
    }
    return day;
  }

  /** The last working day strictly before `date`. */
  previousWorkingDay(date: IsoDate): IsoDate {
    this.assertCovers(date);
    let day = addDays(date, -1);
    while (!this.isWorkingDay(day)) {
      day = addDays(day, -1);
    }
    return day;
  }

  /** Working days in `from`..`to`, both inclusive; 0 when `to` precedes `from`. */
  countWorkingDays(from: IsoDate, to: IsoDate): number {
    this.assertCovers(from);
    this.assertCovers(to);
    let count = 0;
    for (let day = from; day <= to; day = addDays(day, 1)) {
      if (this.isWorkingDay(day)) count += 1;
    }
    return count;
  }

  /** The overrides in date order, e.g. for an admin listing. */
  listOverrides(): DayOverride[] {
    return [...this.overrides.values()].sort((a, b) => a.date.localeCompare(b.date)).map((o) => ({ ...o }));
  }
}

/**
 * Applies admin corrections on top of seeded data: a correction replaces whatever the seed said
 * for that date, because an administrator has read the actual notice.
 */
export function mergeOverrides(base: readonly DayOverride[], corrections: readonly DayOverride[]): DayOverride[] {
  const byDate = new Map<IsoDate, DayOverride>();
  for (const override of [...base, ...corrections]) {
    byDate.set(override.date, override);
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}
