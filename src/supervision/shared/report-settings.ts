import { SCORED_METRICS, type ScoreWeights } from '../domain';
import { DEFAULT_WORKING_HOURS_SETTINGS, parseWorkingHours, type WorkingHoursSettings } from '../../sla/domain';
import type { PolicyReachAssessment } from '../../settings/setting-definitions';

/** Setting values as stored (parsed JSON), keyed by setting name; a missing one is absent. */
export type RawSettings = Partial<
  Record<'metrics.weights' | 'metrics.basically_satisfied_counts' | 'sla.working_hours' | 'policies.reach_in_assessment', unknown>
>;

/**
 * Everything a report's figures depend on besides the appeals themselves. Stored with every
 * snapshot, so recomputing a frozen report uses the settings it was computed under, not today's.
 */
export interface ReportSettings {
  basicallySatisfiedCounts: boolean;
  weights: ScoreWeights;
  workingHours: WorkingHoursSettings;
  /** How many groups the red and black lists (红榜/黑榜) hold. */
  listSize: number;
  /**
   * Whether (and how much) the policies' reach counts in the regions' ranking score
   * (policies.reach_in_assessment, #21). Absent — as in every report frozen before the setting
   * was stored with them — means it did not count.
   */
  policyReach?: PolicyReachAssessment;
}

export const DEFAULT_LIST_SIZE = 3;

const DEFAULT_WEIGHTS: ScoreWeights = Object.fromEntries(Object.keys(SCORED_METRICS).map((metric) => [metric, 1]));

/** Validates what admins stored; a broken setting fails the report loudly instead of skewing it. */
export function reportSettingsFrom(raw: RawSettings): ReportSettings {
  const counts = raw['metrics.basically_satisfied_counts'];
  if (counts !== undefined && typeof counts !== 'boolean') {
    throw new RangeError(`Setting metrics.basically_satisfied_counts must be true or false, got ${JSON.stringify(counts)}`);
  }
  const weights = raw['metrics.weights'];
  if (weights !== undefined && (typeof weights !== 'object' || weights === null || Array.isArray(weights))) {
    throw new RangeError('Setting metrics.weights must be an object of metric name → weight');
  }
  const workingHours = (raw['sla.working_hours'] as WorkingHoursSettings | undefined) ?? DEFAULT_WORKING_HOURS_SETTINGS;
  parseWorkingHours(workingHours);
  const reach = raw['policies.reach_in_assessment'];
  return {
    basicallySatisfiedCounts: counts ?? false,
    weights: (weights as ScoreWeights | undefined) ?? DEFAULT_WEIGHTS,
    workingHours: workingHours.map((i) => ({ start: i.start, end: i.end })),
    listSize: DEFAULT_LIST_SIZE,
    ...(reach === undefined ? {} : { policyReach: policyReachFrom(reach) }),
  };
}

/** The reach setting as stored (validated by the settings service when saved); a broken one fails loudly. */
function policyReachFrom(value: unknown): PolicyReachAssessment {
  const v = value as Partial<PolicyReachAssessment> | null;
  const weight = (w: unknown) => typeof w === 'number' && Number.isFinite(w) && w >= 0;
  if (!v || typeof v !== 'object' || typeof v.enabled !== 'boolean' || !weight(v.awarenessWeight) || !weight(v.benefitWeight)) {
    throw new RangeError(
      `Setting policies.reach_in_assessment must be {enabled, awarenessWeight, benefitWeight}, got ${JSON.stringify(value)}`,
    );
  }
  return { enabled: v.enabled, awarenessWeight: v.awarenessWeight as number, benefitWeight: v.benefitWeight as number };
}

/** The reach setting a ranking counts under, or null when the policies' reach does not count. */
export function reachCounts(settings: ReportSettings): PolicyReachAssessment | null {
  return settings.policyReach?.enabled ? settings.policyReach : null;
}
