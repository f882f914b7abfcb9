import { ratio } from '../../supervision/domain/metrics';
import { blendPolicyReach, type BlendablePart } from './reach-assessment';

const part = (metric: string, weight: number, goodness: number | null): BlendablePart => ({
  metric,
  weight,
  value: goodness,
  goodness,
  normalisedWeight: 0,
});

describe('blendPolicyReach', () => {
  const weights = { awarenessWeight: 10, benefitWeight: 10 };

  it('adds awareness and benefit as weighted higher-is-better rates and re-normalises', () => {
    // Appeals: 80 weight at 0.9 → 72; reach: 10 at 0.5, 10 at 0.25 → 7.5; total weight 100.
    const result = blendPolicyReach([part('responseRate', 80, 0.9)], { awarenessRate: ratio(5, 10), benefitRate: ratio(1, 4) }, weights);
    expect(result.score).toBe(79.5);
    expect(result.parts.map((p) => [p.metric, p.normalisedWeight])).toEqual([
      ['responseRate', 0.8],
      ['policyAwarenessRate', 0.1],
      ['policyBenefitRate', 0.1],
    ]);
  });

  it('a region without entitled firms is scored on its appeals alone', () => {
    const result = blendPolicyReach([part('responseRate', 80, 0.9)], { awarenessRate: ratio(0, 0), benefitRate: ratio(0, 0) }, weights);
    expect(result.score).toBe(90);
    expect(result.parts.slice(1).every((p) => p.normalisedWeight === 0)).toBe(true);
  });

  it('a region without scored appeals is scored on its reach alone; nothing at all is no score', () => {
    expect(
      blendPolicyReach([part('responseRate', 80, null)], { awarenessRate: ratio(1, 1), benefitRate: ratio(0, 1) }, weights).score,
    ).toBe(50);
    expect(blendPolicyReach([part('responseRate', 80, null)], null, weights).score).toBeNull();
  });

  it('zero weights leave the appeal score as it was', () => {
    const result = blendPolicyReach(
      [part('responseRate', 20, 0.5), part('redoRate', 5, 1)],
      { awarenessRate: ratio(0, 3), benefitRate: ratio(0, 3) },
      { awarenessWeight: 0, benefitWeight: 0 },
    );
    expect(result.score).toBe(60);
  });
});
