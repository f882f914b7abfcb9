import { average, checkMetricCounts, computeMetrics, emptyMetricCounts, median, MetricCounts, ratio } from './metrics';

/** A county's fortnight, small enough to check every figure by hand. */
const COUNTS: MetricCounts = {
  dueForResponse: 40,
  respondedOnTime: 38,
  dueForResolution: 30,
  resolvedOnTime: 26,
  verified: 24,
  solvedYes: 18,
  solvedPartly: 4,
  rated: 24,
  verySatisfied: 10,
  satisfied: 7,
  basicallySatisfied: 4,
  dissatisfied: 2,
  veryDissatisfied: 1,
  resolvedTotal: 28,
  redoAppeals: 3,
  handledTotal: 35,
  objectionAppeals: 2,
  extensionAppeals: 5,
  handlingDays: [2, 3.5, 5, 1, 8, 4],
  openCount: 12,
  overdueCount: 3,
  closedCount: 6,
};

const EMPTY: MetricCounts = emptyMetricCounts();

describe('computeMetrics', () => {
  it('computes every figure with its numerator and denominator', () => {
    expect(computeMetrics(COUNTS, { basicallySatisfiedCounts: false })).toEqual({
      responseRate: { numerator: 38, denominator: 40, value: 0.95 },
      onTimeResolutionRate: { numerator: 26, denominator: 30, value: 0.8667 },
      solutionRate: { numerator: 18, denominator: 24, value: 0.75 },
      partlySolvedShare: { numerator: 4, denominator: 24, value: 0.1667 },
      satisfactionRate: { numerator: 17, denominator: 24, value: 0.7083 },
      basicallySatisfiedShare: { numerator: 4, denominator: 24, value: 0.1667 },
      redoRate: { numerator: 3, denominator: 28, value: 0.1071 },
      objectionRate: { numerator: 2, denominator: 35, value: 0.0571 },
      extensionRate: { numerator: 5, denominator: 35, value: 0.1429 },
      avgHandlingDays: { sum: 23.5, count: 6, value: 3.92 },
      medianHandlingDays: 3.75,
      openCount: 12,
      overdueCount: 3,
      closedCount: 6,
      basicallySatisfiedCounts: false,
    });
  });

  it('counts 基本满意 as satisfied only when the setting says so', () => {
    const strict = computeMetrics(COUNTS, { basicallySatisfiedCounts: false });
    const lenient = computeMetrics(COUNTS, { basicallySatisfiedCounts: true });
    expect(strict.satisfactionRate).toEqual({ numerator: 17, denominator: 24, value: 0.7083 });
    expect(lenient.satisfactionRate).toEqual({ numerator: 21, denominator: 24, value: 0.875 });
    // The share is reported the same way under both settings.
    expect(lenient.basicallySatisfiedShare).toEqual(strict.basicallySatisfiedShare);
    expect(lenient.basicallySatisfiedCounts).toBe(true);
  });

  it('gives null, never NaN, when nothing was due', () => {
    const metrics = computeMetrics(EMPTY, { basicallySatisfiedCounts: true });
    expect(metrics.responseRate).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(metrics.satisfactionRate).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(metrics.extensionRate).toEqual({ numerator: 0, denominator: 0, value: null });
    expect(metrics.avgHandlingDays).toEqual({ sum: 0, count: 0, value: null });
    expect(metrics.medianHandlingDays).toBeNull();
    expect(JSON.stringify(metrics)).not.toContain('NaN');
  });

  it('refuses counts that contradict each other, naming each contradiction', () => {
    const broken: MetricCounts = { ...COUNTS, respondedOnTime: 41, dissatisfied: 3, handlingDays: [1, 2] };
    expect(() => computeMetrics(broken, { basicallySatisfiedCounts: false })).toThrow(RangeError);
    expect(checkMetricCounts(broken)).toEqual([
      'respondedOnTime (41) exceeds dueForResponse (40)',
      'the five satisfaction levels add up to 25, but rated is 24',
      'handlingDays has 2 entries, but closedCount is 6',
    ]);
  });

  it('refuses negative, fractional and overlapping counts', () => {
    expect(checkMetricCounts({ ...COUNTS, openCount: -1 })).toEqual(['openCount must be a non-negative integer, got -1']);
    expect(checkMetricCounts({ ...COUNTS, verified: 2.5 })).toEqual(['verified must be a non-negative integer, got 2.5']);
    expect(checkMetricCounts({ ...COUNTS, solvedPartly: 7 })).toEqual(['solvedYes + solvedPartly (25) exceeds verified (24)']);
    expect(checkMetricCounts({ ...COUNTS, overdueCount: 13 })).toEqual(['overdueCount (13) exceeds openCount (12)']);
    expect(checkMetricCounts({ ...COUNTS, handlingDays: [1, 2, 3, 4, 5, -1] })).toEqual([
      'handlingDays must hold only finite, non-negative numbers',
    ]);
    expect(checkMetricCounts(COUNTS)).toEqual([]);
    expect(checkMetricCounts(EMPTY)).toEqual([]);
  });
});

describe('ratio', () => {
  it.each([
    [1, 3, 0.3333],
    [2, 3, 0.6667],
    [1, 8, 0.125],
    [0, 5, 0],
    [7, 7, 1],
    [5, 0, null],
  ])('%i / %i = %p', (numerator, denominator, value) => {
    expect(ratio(numerator, denominator)).toEqual({ numerator, denominator, value });
  });
});

describe('average', () => {
  it('rounds to 2 decimals and keeps the sum free of float dust', () => {
    expect(average([0.1, 0.2])).toEqual({ sum: 0.3, count: 2, value: 0.15 });
    expect(average([1, 2, 2])).toEqual({ sum: 5, count: 3, value: 1.67 });
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 1, 1, 1])).toBe(1);
  });

  it('does not reorder its input', () => {
    const days = [3, 1, 2];
    median(days);
    expect(days).toEqual([3, 1, 2]);
  });

  it('refuses values that are not numbers', () => {
    expect(() => median([1, Number.NaN])).toThrow(RangeError);
  });
});
