import { createChineseDaysCalendar } from '../../sla/calendar-seed/chinese-days-source';
import { DEFAULT_WORKING_HOURS } from '../../sla/domain';
import { WorkingTimeIndex } from '../calendar/working-time-index';
import { GroupCounts } from './group-figures';
import type { RawGroupCounts } from './metric-counts.repository';

const index = new WorkingTimeIndex(createChineseDaysCalendar(), DEFAULT_WORKING_HOURS);

function raw(overrides: Partial<RawGroupCounts>): RawGroupCounts {
  return { response: [], dueUnresolved: [], resolved: [], verified: [], assigned: [], open: [], closed: [], ...overrides };
}

describe('GroupCounts', () => {
  const counts = GroupCounts.from(
    raw({
      response: [
        { g: 'a', due: 4, onTime: 3 },
        { g: 'b', due: 1, onTime: 0 },
      ],
      dueUnresolved: [{ g: 'a', n: 1 }],
      resolved: [{ g: 'a', resolved: 3, onTime: 2, redo: 1, closureResolved: 1, closurePartly: 1, closureExplained: 1 }],
      verified: [
        {
          g: 'b',
          verified: 2,
          solvedYes: 1,
          solvedPartly: 1,
          rated: 2,
          verySatisfied: 0,
          satisfied: 1,
          basicallySatisfied: 1,
          dissatisfied: 0,
          veryDissatisfied: 0,
          onBehalf: 1,
          unreasonable: 0,
        },
      ],
      assigned: [{ g: 'a', handled: 4, objection: 1, extension: 0 }],
      open: [{ g: 'b', open: 2, overdue: 1 }],
      closed: [
        // Monday 09:00 → Wednesday 09:00: two working days.
        {
          g: 'a',
          id: 1,
          submittedAt: new Date('2026-03-02T01:00:00Z'),
          resolvedAt: new Date('2026-03-04T01:00:00Z'),
          pauses: [],
          duplicate: false,
        },
        {
          g: 'a',
          id: 2,
          submittedAt: new Date('2026-03-02T01:00:00Z'),
          resolvedAt: new Date('2026-03-03T01:00:00Z'),
          pauses: [],
          duplicate: false,
        },
      ],
    }),
    index,
  );

  it('adds the resolved appeals and the unresolved due ones into one on-time denominator', () => {
    const a = counts.figures('a', 'A', true);
    expect(a.metrics.onTimeResolutionRate).toEqual({ numerator: 2, denominator: 4, value: 0.5 });
    expect(a.metrics.redoRate).toEqual({ numerator: 1, denominator: 3, value: 0.3333 });
    expect(a.metrics.avgHandlingDays).toEqual({ sum: 3, count: 2, value: 1.5 });
    expect(a.closureTypes).toEqual({ resolved: 1, partlyResolved: 1, explained: 1 });
  });

  it('applies the 基本满意 setting', () => {
    expect(counts.figures('b', 'B', true).metrics.satisfactionRate.value).toBe(1);
    expect(counts.figures('b', 'B', false).metrics.satisfactionRate.value).toBe(0.5);
    expect(counts.figures('b', 'B', false).verifiedOnBehalf).toBe(1);
  });

  it('gives an inactive group all-empty figures', () => {
    const c = counts.figures('c', 'C', true);
    expect(c.metrics.responseRate).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(c.metrics.medianHandlingDays).toBeNull();
  });

  it('sums the groups into the total', () => {
    const total = counts.total().figures('all', '全部', true);
    expect(total.metrics.responseRate).toEqual({ numerator: 3, denominator: 5, value: 0.6 });
    expect(total.metrics).toMatchObject({ openCount: 2, overdueCount: 1, closedCount: 2 });
    expect(total.metrics.medianHandlingDays).toBe(1.5);
  });

  it('counts duplicates apart: not closed, not in handling time, and absent from figures that have none', () => {
    const closed = (id: number, duplicate: boolean) => ({
      g: 'a',
      id,
      submittedAt: new Date('2026-03-02T01:00:00Z'),
      resolvedAt: new Date('2026-03-04T01:00:00Z'),
      pauses: [],
      duplicate,
    });
    const withDuplicates = GroupCounts.from(raw({ closed: [closed(1, false), closed(2, true), closed(3, true)] }), index);
    const a = withDuplicates.figures('a', 'A', false);
    expect(a.duplicates).toBe(2);
    expect(a.metrics.closedCount).toBe(1);
    expect(a.metrics.avgHandlingDays).toEqual({ sum: 2, count: 1, value: 2 });
    expect(withDuplicates.total().figures('all', '全部', false).duplicates).toBe(2);
    expect('duplicates' in counts.figures('a', 'A', false)).toBe(false);
  });

  it('shows ratings ruled unreasonable apart, outside the satisfaction rate, and absent where there are none', () => {
    // Four rated, one satisfied, one ruled unreasonable (counted by the SQL apart from rated and its level).
    const verified = {
      g: 'a',
      verified: 5,
      solvedYes: 2,
      solvedPartly: 1,
      rated: 4,
      verySatisfied: 0,
      satisfied: 1,
      basicallySatisfied: 1,
      dissatisfied: 1,
      veryDissatisfied: 1,
      onBehalf: 0,
      unreasonable: 1,
    };
    const ruled = GroupCounts.from(raw({ verified: [verified, { ...verified, g: 'b', unreasonable: 0 }] }), index);
    const a = ruled.figures('a', 'A', false);
    expect(a.unreasonableRatings).toBe(1);
    expect(a.metrics.satisfactionRate).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
    expect('unreasonableRatings' in ruled.figures('b', 'B', false)).toBe(false);
    expect(ruled.total().figures('all', '全部', false).unreasonableRatings).toBe(1);
  });

  it('measures each closed appeal once across the groupings of one report', () => {
    const closed = {
      id: 7,
      submittedAt: new Date('2026-03-02T01:00:00Z'),
      resolvedAt: new Date('2026-03-04T01:00:00Z'),
      pauses: [],
      duplicate: false,
    };
    const measured = new Map<number, number>();
    const workingDaysBetween = jest.spyOn(index, 'workingDaysBetween');
    try {
      const byCity = GroupCounts.from(raw({ closed: [{ ...closed, g: '510100' }] }), index, measured);
      const byCategory = GroupCounts.from(raw({ closed: [{ ...closed, g: '3' }] }), index, measured);
      expect(workingDaysBetween).toHaveBeenCalledTimes(1);
      expect(measured.get(7)).toBe(2);
      expect(byCity.figures('510100', 'X', true).metrics.avgHandlingDays).toEqual({ sum: 2, count: 1, value: 2 });
      expect(byCategory.figures('3', 'Y', true).metrics.avgHandlingDays).toEqual({ sum: 2, count: 1, value: 2 });
    } finally {
      workingDaysBetween.mockRestore();
    }
  });
});
