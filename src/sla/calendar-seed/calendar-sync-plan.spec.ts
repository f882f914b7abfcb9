import type { WorkingCalendarDefinition } from '../domain/working-calendar';
import { planCalendarSync, type SyncStoredDay } from './calendar-sync-plan';

/** A "newer release" with 2026 and an invented 2027 (the real 2027 notice is not published in this data). */
const pkg: WorkingCalendarDefinition = {
  firstDay: '2026-01-01',
  lastDay: '2027-12-31',
  overrides: [
    { date: '2026-01-01', kind: 'holiday', name: '元旦' },
    { date: '2026-02-16', kind: 'holiday', name: '春节' },
    { date: '2026-02-17', kind: 'holiday', name: '春节' },
    { date: '2026-02-28', kind: 'workday', name: '春节调休上班' },
    { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    { date: '2027-02-08', kind: 'holiday', name: '春节' },
    { date: '2027-02-20', kind: 'workday', name: '春节调休上班' },
  ],
};

const pkgDay = (date: string): SyncStoredDay => {
  const o = pkg.overrides.find((d) => d.date === date)!;
  return { date, kind: o.kind, name: o.name ?? null, source: 'package' };
};

describe('planCalendarSync', () => {
  it('adds a new package year and declares it after the coverage, leaving what is stored alike alone', () => {
    const plan = planCalendarSync(pkg, {
      days: ['2026-01-01', '2026-02-16', '2026-02-17', '2026-02-28'].map(pkgDay),
      years: [{ year: 2026, source: 'package' }],
      removedByAdmin: new Set(),
    });
    expect(plan.add.map((d) => d.date)).toEqual(['2027-01-01', '2027-02-08', '2027-02-20']);
    expect(plan.add[2]).toEqual({ date: '2027-02-20', kind: 'workday', name: '春节调休上班' });
    expect(plan).toMatchObject({ update: [], remove: [], skipped: [], unchanged: 4 });
    expect(plan.declareYears).toEqual([{ year: 2027, previousLastDay: '2026-12-31' }]);
  });

  it('keeps every day an admin set, changed or removed, and every day of a year an admin entered, reporting each as skipped', () => {
    const plan = planCalendarSync(pkg, {
      days: [
        pkgDay('2026-01-01'),
        { date: '2026-02-16', kind: 'workday', name: null, source: 'admin' }, // admin changed it
        // 2026-02-17 removed by an admin
        pkgDay('2026-02-28'),
        { date: '2026-03-02', kind: 'holiday', name: '地方假日', source: 'admin' }, // admin added, the package has none
        { date: '2027-02-08', kind: 'holiday', name: '春节', source: 'admin' }, // an admin-entered 2027, alike
        { date: '2027-02-09', kind: 'holiday', name: '春节', source: 'admin' }, // …and one the package lacks
        // 2027-01-01 and 2027-02-20 not in the admin's year
      ],
      years: [
        { year: 2026, source: 'package' },
        { year: 2027, source: 'admin' },
      ],
      removedByAdmin: new Set(['2026-02-17']),
    });
    expect(plan.skipped.map((s) => [s.date, s.reason])).toEqual([
      ['2026-02-16', 'admin_day'],
      ['2026-02-17', 'admin_removed'],
      ['2026-03-02', 'admin_day'],
      ['2027-01-01', 'admin_year'],
      ['2027-02-09', 'admin_year'],
      ['2027-02-20', 'admin_year'],
    ]);
    expect(plan.skipped[0]).toEqual({
      date: '2026-02-16',
      reason: 'admin_day',
      package: { kind: 'holiday', name: '春节' },
      stored: { kind: 'workday', name: null },
    });
    expect(plan).toMatchObject({ add: [], update: [], remove: [], declareYears: [], unchanged: 3 });
  });

  it('follows the package on days it seeded: a changed entry is updated, a dropped one removed', () => {
    const plan = planCalendarSync(pkg, {
      days: [
        pkgDay('2026-01-01'),
        { date: '2026-02-16', kind: 'holiday', name: '除夕', source: 'package' },
        pkgDay('2026-02-17'),
        pkgDay('2026-02-28'),
        { date: '2026-10-10', kind: 'holiday', name: '旧数据', source: 'package' },
        { date: '2025-10-10', kind: 'holiday', name: '包外年份', source: 'package' }, // outside the release's range: untouched
      ],
      years: [
        { year: 2025, source: 'package' },
        { year: 2026, source: 'package' },
        { year: 2027, source: 'package' },
      ],
      removedByAdmin: new Set(),
    });
    expect(plan.update).toEqual([{ date: '2026-02-16', kind: 'holiday', name: '春节' }]);
    expect(plan.remove).toEqual(['2026-10-10']);
    expect(plan.add.map((d) => d.date)).toEqual(['2027-01-01', '2027-02-08', '2027-02-20']);
    expect(plan.declareYears).toEqual([]);
  });

  it('declares nothing after a gap in the coverage, and only the years that extend it', () => {
    const gap = planCalendarSync(pkg, {
      days: [],
      years: [
        { year: 2025, source: 'package' },
        { year: 2027, source: 'admin' },
      ],
      removedByAdmin: new Set(),
    });
    expect(gap.declareYears).toEqual([{ year: 2026, previousLastDay: '2025-12-31' }]);
    const empty = planCalendarSync(pkg, { days: [], years: [], removedByAdmin: new Set() });
    expect(empty.declareYears).toEqual([
      { year: 2026, previousLastDay: null },
      { year: 2027, previousLastDay: '2026-12-31' },
    ]);
  });

  it('changes nothing when run again on its own result', () => {
    const stored = { days: [pkgDay('2026-01-01')], years: [{ year: 2026, source: 'package' as const }], removedByAdmin: new Set<string>() };
    const first = planCalendarSync(pkg, stored);
    const after = {
      days: [...stored.days, ...first.add.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? null, source: 'package' as const }))],
      years: [...stored.years, ...first.declareYears.map((y) => ({ year: y.year, source: 'package' as const }))],
      removedByAdmin: stored.removedByAdmin,
    };
    const second = planCalendarSync(pkg, after);
    expect(second).toEqual({ declareYears: [], add: [], update: [], remove: [], skipped: [], unchanged: pkg.overrides.length });
  });
});
