import { isStalled, stalledCutoff, stalledCutoffs } from './stalled';
import { cadenceOf, DEFAULT_CADENCE, DEFAULT_TRACKING_THRESHOLDS_WAN, investmentBuckets, trackingLevels, wanToYi } from './tracking-levels';

const sh = (local: string) => new Date(`${local}+08:00`);

describe('tracking levels', () => {
  it('tracks a project at every level whose threshold it reaches', () => {
    expect(trackingLevels(600_000, DEFAULT_TRACKING_THRESHOLDS_WAN)).toEqual(['province', 'city', 'county']);
    expect(trackingLevels(500_000, DEFAULT_TRACKING_THRESHOLDS_WAN)).toEqual(['province', 'city', 'county']);
    expect(trackingLevels(499_999.99, DEFAULT_TRACKING_THRESHOLDS_WAN)).toEqual(['city', 'county']);
    expect(trackingLevels(10_000, DEFAULT_TRACKING_THRESHOLDS_WAN)).toEqual(['county']);
    expect(trackingLevels(9_999, DEFAULT_TRACKING_THRESHOLDS_WAN)).toEqual([]);
  });

  it('reports on the most frequent cadence of its levels', () => {
    expect(cadenceOf(['province', 'city', 'county'], DEFAULT_CADENCE)).toBe('week');
    expect(cadenceOf(['city', 'county'], DEFAULT_CADENCE)).toBe('xun');
    expect(cadenceOf(['county'], DEFAULT_CADENCE)).toBe('month');
    expect(cadenceOf([], DEFAULT_CADENCE)).toBe('month');
    expect(cadenceOf(['province', 'county'], { province: 'month', city: 'xun', county: 'week' })).toBe('week');
  });

  it('converts 万元 to 亿元 without binary noise', () => {
    expect(wanToYi(150_000)).toBe(15);
    expect(wanToYi(12_345.67)).toBe(1.234567);
    expect(wanToYi(0.01)).toBe(0.000001);
  });

  it('cuts the investment axis into four buckets, largest first', () => {
    expect(investmentBuckets(DEFAULT_TRACKING_THRESHOLDS_WAN, DEFAULT_CADENCE).map((b) => [b.minWan, b.cadence])).toEqual([
      [500_000, 'week'],
      [100_000, 'xun'],
      [10_000, 'month'],
      [0, 'month'],
    ]);
  });
});

describe('stalled', () => {
  const now = sh('2026-09-16T10:00:00'); // Wednesday, 2026年9月中旬
  it('cuts off at the start of the period N periods before the current one', () => {
    expect(stalledCutoff('week', now, 2)).toEqual(sh('2026-08-31T00:00:00'));
    expect(stalledCutoff('xun', now, 2)).toEqual(sh('2026-08-21T00:00:00'));
    expect(stalledCutoff('month', now, 1)).toEqual(sh('2026-08-01T00:00:00'));
  });

  it('judges each project on its own cadence', () => {
    const cutoffs = stalledCutoffs(now, 2, DEFAULT_TRACKING_THRESHOLDS_WAN, DEFAULT_CADENCE);
    const lastActivity = sh('2026-08-25T10:00:00');
    expect(isStalled(lastActivity, 600_000, cutoffs)).toBe(true); // weekly: cut-off 08-31
    expect(isStalled(lastActivity, 150_000, cutoffs)).toBe(false); // 旬: cut-off 08-21
    expect(isStalled(sh('2026-08-20T23:59:00'), 150_000, cutoffs)).toBe(true);
    expect(isStalled(sh('2026-07-31T10:00:00'), 5_000, cutoffs)).toBe(false); // monthly: cut-off 07-01
  });
});
