import { compositeScore, scoreBreakdown } from './composite-score';
import { Ratio } from './metrics';

const rate = (value: number | null): Ratio => ({ numerator: 0, denominator: value === null ? 0 : 1, value });

const FULL = {
  responseRate: rate(0.95),
  onTimeResolutionRate: rate(0.8667),
  solutionRate: rate(0.75),
  satisfactionRate: rate(0.7083),
  redoRate: rate(0.1071),
  objectionRate: rate(0.0571),
  extensionRate: rate(0.1429),
};

const WEIGHTS = {
  responseRate: 20,
  onTimeResolutionRate: 20,
  solutionRate: 20,
  satisfactionRate: 20,
  redoRate: 10,
  objectionRate: 5,
  extensionRate: 5,
};

describe('compositeScore', () => {
  it('weights the rates and inverts the lower-is-better ones', () => {
    // 0.95·20 + 0.8667·20 + 0.75·20 + 0.7083·20 + (1−0.1071)·10 + (1−0.0571)·5 + (1−0.1429)·5
    // = 19 + 17.334 + 15 + 14.166 + 8.929 + 4.7145 + 4.2855 = 83.429 out of 100.
    expect(compositeScore(FULL, WEIGHTS)).toBe(83.43);
  });

  it('scores a lower-is-better rate as 1 − rate', () => {
    expect(compositeScore(FULL, { redoRate: 1 })).toBe(89.29);
    expect(compositeScore({ ...FULL, redoRate: rate(0) }, { redoRate: 1 })).toBe(100);
  });

  it('re-normalises the weights over the rates that have a value', () => {
    const sparse = { ...FULL, responseRate: rate(0.9), satisfactionRate: rate(0.8), extensionRate: rate(null) };
    // Extension has no value, so only 3 + 1 of the weight counts: (0.9·3 + 0.8·1) / 4 = 0.875.
    // Without re-normalisation it would be 3.5 / 8 = 43.75.
    expect(compositeScore(sparse, { responseRate: 3, satisfactionRate: 1, extensionRate: 4 })).toBe(87.5);
    expect(scoreBreakdown(sparse, { responseRate: 3, satisfactionRate: 1, extensionRate: 4 }).parts).toEqual([
      { metric: 'responseRate', weight: 3, value: 0.9, goodness: 0.9, normalisedWeight: 0.75 },
      { metric: 'onTimeResolutionRate', weight: 0, value: 0.8667, goodness: 0.8667, normalisedWeight: 0 },
      { metric: 'solutionRate', weight: 0, value: 0.75, goodness: 0.75, normalisedWeight: 0 },
      { metric: 'satisfactionRate', weight: 1, value: 0.8, goodness: 0.8, normalisedWeight: 0.25 },
      { metric: 'redoRate', weight: 0, value: 0.1071, goodness: 0.8929, normalisedWeight: 0 },
      { metric: 'objectionRate', weight: 0, value: 0.0571, goodness: 0.9429, normalisedWeight: 0 },
      { metric: 'extensionRate', weight: 4, value: null, goodness: null, normalisedWeight: 0 },
    ]);
  });

  it('is unaffected by the scale of the weights', () => {
    const halved = Object.fromEntries(Object.entries(WEIGHTS).map(([metric, weight]) => [metric, weight / 2]));
    expect(compositeScore(FULL, halved)).toBe(83.43);
  });

  it('is null when no weighted rate has a value', () => {
    expect(compositeScore({ ...FULL, responseRate: rate(null) }, { responseRate: 1 })).toBeNull();
    expect(compositeScore(FULL, {})).toBeNull();
    expect(compositeScore(FULL, { responseRate: 0 })).toBeNull();
  });

  it('refuses misspelt metrics and negative weights from settings', () => {
    expect(() => compositeScore(FULL, { satisfactonRate: 1 })).toThrow(/Unknown metric in score weights: "satisfactonRate"/);
    expect(() => compositeScore(FULL, { basicallySatisfiedShare: 1 })).toThrow(RangeError);
    expect(() => compositeScore(FULL, { responseRate: -1 })).toThrow(/non-negative/);
    expect(() => compositeScore(FULL, { responseRate: Number.NaN })).toThrow(RangeError);
  });
});
