import type { DayOverride, DayOverrideKind, WorkingCalendarDefinition } from '../domain/working-calendar';

/** A stored calendar day as the sync sees it. */
export interface SyncStoredDay {
  date: string;
  kind: DayOverrideKind;
  name: string | null;
  source: 'package' | 'admin';
}

export interface SyncStoredYear {
  year: number;
  source: 'package' | 'admin';
}

export type SyncSkipReason =
  /** an admin set or changed this day (PUT, or a whole year entered): kept as the admin left it */
  | 'admin_day'
  /** an admin removed this day's entry: it stays removed */
  | 'admin_removed'
  /** the year was entered by an admin as a whole: its days stay as entered */
  | 'admin_year';

export interface SyncSkip {
  date: string;
  reason: SyncSkipReason;
  /** what the package says (null: the package has no entry for the day) */
  package: { kind: DayOverrideKind; name: string | null } | null;
  /** what is stored (null: no entry) */
  stored: { kind: DayOverrideKind; name: string | null } | null;
}

export interface CalendarSyncPlan {
  /** package years not declared yet, in order, each with the last covered day before it */
  declareYears: Array<{ year: number; previousLastDay: string | null }>;
  /** package days with no stored entry */
  add: DayOverride[];
  /** package-seeded days the newer package states differently */
  update: DayOverride[];
  /** package-seeded days the newer package no longer has (the schedule was corrected) */
  remove: string[];
  /** differences left alone because an admin owns the day */
  skipped: SyncSkip[];
  /** package days already stored exactly so */
  unchanged: number;
}

function sameDay(a: { kind: DayOverrideKind; name?: string | null }, b: { kind: DayOverrideKind; name?: string | null }): boolean {
  return a.kind === b.kind && (a.name ?? null) === (b.name ?? null);
}

function yearOf(date: string): number {
  return Number(date.slice(0, 4));
}

/**
 * What re-seeding from the installed chinese-days release changes, never touching what an admin
 * decided: a day an admin set or changed (source admin), a day whose entry an admin removed, and
 * every day of a year an admin entered as a whole stay as the admin left them; those differences
 * are reported as skipped. Package-seeded days follow the package (added, updated, removed), and
 * package years not declared yet are declared in order — only while they extend the coverage
 * without a gap (a year after a gap would not count, see calendar-coverage.ts).
 */
export function planCalendarSync(
  pkg: WorkingCalendarDefinition,
  stored: { days: readonly SyncStoredDay[]; years: readonly SyncStoredYear[]; removedByAdmin: ReadonlySet<string> },
): CalendarSyncPlan {
  const storedDays = new Map(stored.days.map((d) => [d.date, d]));
  const yearSource = new Map(stored.years.map((y) => [y.year, y.source]));
  const firstYear = yearOf(pkg.firstDay);
  const lastYear = yearOf(pkg.lastDay);
  const plan: CalendarSyncPlan = { declareYears: [], add: [], update: [], remove: [], skipped: [], unchanged: 0 };
  const packageDates = new Set<string>();

  for (const day of pkg.overrides) {
    packageDates.add(day.date);
    const current = storedDays.get(day.date);
    const pkgDay = { kind: day.kind, name: day.name ?? null };
    if (current && sameDay(current, day)) {
      plan.unchanged += 1;
      continue;
    }
    const storedDay = current ? { kind: current.kind, name: current.name } : null;
    if (yearSource.get(yearOf(day.date)) === 'admin')
      plan.skipped.push({ date: day.date, reason: 'admin_year', package: pkgDay, stored: storedDay });
    else if (current?.source === 'admin') plan.skipped.push({ date: day.date, reason: 'admin_day', package: pkgDay, stored: storedDay });
    else if (!current && stored.removedByAdmin.has(day.date))
      plan.skipped.push({ date: day.date, reason: 'admin_removed', package: pkgDay, stored: null });
    else if (current) plan.update.push({ date: day.date, kind: day.kind, ...(day.name === undefined ? {} : { name: day.name }) });
    else plan.add.push({ date: day.date, kind: day.kind, ...(day.name === undefined ? {} : { name: day.name }) });
  }

  for (const day of stored.days) {
    const year = yearOf(day.date);
    if (year < firstYear || year > lastYear || packageDates.has(day.date)) continue;
    const storedDay = { kind: day.kind, name: day.name };
    if (yearSource.get(year) === 'admin') plan.skipped.push({ date: day.date, reason: 'admin_year', package: null, stored: storedDay });
    else if (day.source === 'admin') plan.skipped.push({ date: day.date, reason: 'admin_day', package: null, stored: storedDay });
    else plan.remove.push(day.date);
  }

  const declared = new Set(stored.years.map((y) => y.year));
  let lastCovered: number | null = null;
  if (declared.size) {
    lastCovered = Math.min(...declared);
    while (declared.has(lastCovered + 1)) lastCovered += 1;
  }
  for (let year = firstYear; year <= lastYear; year += 1) {
    if (declared.has(year)) continue;
    if (lastCovered !== null && year !== lastCovered + 1) continue; // before the coverage, or after a gap
    plan.declareYears.push({ year, previousLastDay: lastCovered === null ? null : `${lastCovered}-12-31` });
    lastCovered = year;
    while (declared.has(lastCovered + 1)) lastCovered += 1;
  }

  plan.skipped.sort((a, b) => a.date.localeCompare(b.date));
  plan.remove.sort();
  return plan;
}
