import { reachCounts, reportSettingsFrom } from './report-settings';

describe('report settings: 基本满意', () => {
  it('does not count as satisfied unless the setting says so (#16 honest rates)', () => {
    expect(reportSettingsFrom({}).basicallySatisfiedCounts).toBe(false);
    expect(reportSettingsFrom({ 'metrics.basically_satisfied_counts': true }).basicallySatisfiedCounts).toBe(true);
  });
});

describe('report settings: the policies reach setting', () => {
  it('is absent, and does not count, in settings stored before it was (old frozen reports)', () => {
    const settings = reportSettingsFrom({ 'metrics.basically_satisfied_counts': true });
    expect(settings).not.toHaveProperty('policyReach');
    expect(reachCounts(settings)).toBeNull();
  });

  it('counts only when enabled, with its weights', () => {
    const on = reportSettingsFrom({ 'policies.reach_in_assessment': { enabled: true, awarenessWeight: 10, benefitWeight: 30 } });
    expect(reachCounts(on)).toEqual({ enabled: true, awarenessWeight: 10, benefitWeight: 30 });
    const off = reportSettingsFrom({ 'policies.reach_in_assessment': { enabled: false, awarenessWeight: 10, benefitWeight: 30 } });
    expect(off.policyReach).toEqual({ enabled: false, awarenessWeight: 10, benefitWeight: 30 });
    expect(reachCounts(off)).toBeNull();
  });

  it('fails loudly on a broken stored value instead of skewing a ranking', () => {
    expect(() => reportSettingsFrom({ 'policies.reach_in_assessment': { enabled: 'yes' } })).toThrow(RangeError);
    expect(() => reportSettingsFrom({ 'policies.reach_in_assessment': { enabled: true, awarenessWeight: -1, benefitWeight: 1 } })).toThrow(
      RangeError,
    );
  });
});
