/**
 * Supervision metric formulas. The database layer counts; this file divides. Every rate keeps
 * its numerator and denominator so anyone reading a published report can redo the sum.
 */

/**
 * Raw counts for one group (region, department or officer) and one period. "In the period"
 * means the event's instant lies in [period.startsAt, period.endsAt).
 */
export interface MetricCounts {
  /** Appeals whose response deadline (accept + sign for) fell in the period, or that were responded to in it. */
  dueForResponse: number;
  /** Of `dueForResponse`, those accepted and signed for by the deadline. */
  respondedOnTime: number;
  /** Appeals whose resolution deadline fell in the period, or that were resolved in it. */
  dueForResolution: number;
  /** Of `dueForResolution`, those resolved by their deadline (extended deadline where approved). */
  resolvedOnTime: number;
  /** Appeals the enterprise verified in the period (including follow-up calls an officer recorded). */
  verified: number;
  /** Of `verified`, answered "solved". */
  solvedYes: number;
  /** Of `verified`, answered "partly solved"; the rest answered "not solved". */
  solvedPartly: number;
  /** Appeals given a satisfaction rating in the period; equals the sum of the five levels. */
  rated: number;
  verySatisfied: number;
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
  veryDissatisfied: number;
  /** Appeals that reached `resolved` in the period, each counted once however often it was resolved. */
  resolvedTotal: number;
  /** Of `resolvedTotal`, those the enterprise sent back for redo at least once. */
  redoAppeals: number;
  /**
   * Appeals assigned to a department in the period (first routing or re-routing), each counted
   * once per group. The denominator for objection and extension rates: both are things a
   * department does with an appeal it was handed.
   */
  handledTotal: number;
  /** Of `handledTotal`, those with at least one objection (退单) lodged in the period. */
  objectionAppeals: number;
  /** Of `handledTotal`, those with at least one extension approved in the period. */
  extensionAppeals: number;
  /**
   * One entry per appeal closed in the period: working days from submission to the final
   * resolution, suspended time excluded. Passed as values, not a sum, because the median needs
   * them, and because working days come from the holiday calendar in application code, which
   * SQL cannot apply.
   */
  handlingDays: readonly number[];
  /** Appeals not closed at the end of the period (or now, for a running period). */
  openCount: number;
  /** Of `openCount`, those past their resolution deadline. */
  overdueCount: number;
  /** Appeals closed in the period; `handlingDays` has exactly this many entries. */
  closedCount: number;
}

export interface MetricSettings {
  /** Whether 基本满意 counts as satisfied. Either way it is reported separately. */
  basicallySatisfiedCounts: boolean;
}

/** A rate with its working shown. `value` is null when nothing was due (never NaN), else 4 decimals. */
export interface Ratio {
  numerator: number;
  denominator: number;
  value: number | null;
}

/** A mean with its working shown. `value` is null when there is nothing to average, else 2 decimals. */
export interface Average {
  sum: number;
  count: number;
  value: number | null;
}

export interface Metrics {
  responseRate: Ratio;
  onTimeResolutionRate: Ratio;
  /** solved yes / verified. */
  solutionRate: Ratio;
  /** solved partly / verified: shown beside the solution rate, never added to it. */
  partlySolvedShare: Ratio;
  /** (非常满意 + 满意 [+ 基本满意 when the setting says so]) / rated. */
  satisfactionRate: Ratio;
  basicallySatisfiedShare: Ratio;
  redoRate: Ratio;
  objectionRate: Ratio;
  extensionRate: Ratio;
  avgHandlingDays: Average;
  medianHandlingDays: number | null;
  openCount: number;
  overdueCount: number;
  closedCount: number;
  /** The setting the satisfaction rate was computed under, kept so a frozen report explains itself. */
  basicallySatisfiedCounts: boolean;
}

const COUNT_FIELDS = [
  'dueForResponse',
  'respondedOnTime',
  'dueForResolution',
  'resolvedOnTime',
  'verified',
  'solvedYes',
  'solvedPartly',
  'rated',
  'verySatisfied',
  'satisfied',
  'basicallySatisfied',
  'dissatisfied',
  'veryDissatisfied',
  'resolvedTotal',
  'redoAppeals',
  'handledTotal',
  'objectionAppeals',
  'extensionAppeals',
  'openCount',
  'overdueCount',
  'closedCount',
] as const satisfies readonly (keyof MetricCounts)[];

/** Every count of MetricCounts is in COUNT_FIELDS (checked by the compiler): a new count is checked and zeroed too. */
type UnlistedCount = Exclude<keyof MetricCounts, (typeof COUNT_FIELDS)[number] | 'handlingDays'>;
const _everyCountListed: [UnlistedCount] extends [never] ? true : never = true;

/** A group with nothing counted yet: every figure starts from these. */
export function emptyMetricCounts(): MetricCounts {
  const zeros = Object.fromEntries(COUNT_FIELDS.map((field) => [field, 0])) as Record<(typeof COUNT_FIELDS)[number], number>;
  return { ...zeros, handlingDays: [] };
}

/** Pairs whose part may not exceed its whole: a rate above 100 % is always a counting bug. */
const PART_OF: ReadonlyArray<readonly [keyof MetricCounts, keyof MetricCounts]> = [
  ['respondedOnTime', 'dueForResponse'],
  ['resolvedOnTime', 'dueForResolution'],
  ['redoAppeals', 'resolvedTotal'],
  ['objectionAppeals', 'handledTotal'],
  ['extensionAppeals', 'handledTotal'],
  ['overdueCount', 'openCount'],
];

/**
 * Everything inconsistent about a set of counts, in words; empty when they are sound. Exported
 * so the query layer's own tests can assert on it.
 */
export function checkMetricCounts(counts: MetricCounts): string[] {
  const problems: string[] = [];
  for (const field of COUNT_FIELDS) {
    const value = counts[field];
    if (!Number.isSafeInteger(value) || value < 0) problems.push(`${field} must be a non-negative integer, got ${value}`);
  }
  if (problems.length > 0) return problems;
  for (const [part, whole] of PART_OF) {
    if (counts[part] > counts[whole]) problems.push(`${part} (${counts[part]}) exceeds ${whole} (${counts[whole]})`);
  }
  if (counts.solvedYes + counts.solvedPartly > counts.verified) {
    problems.push(`solvedYes + solvedPartly (${counts.solvedYes + counts.solvedPartly}) exceeds verified (${counts.verified})`);
  }
  const levels = counts.verySatisfied + counts.satisfied + counts.basicallySatisfied + counts.dissatisfied + counts.veryDissatisfied;
  if (levels !== counts.rated) problems.push(`the five satisfaction levels add up to ${levels}, but rated is ${counts.rated}`);
  if (counts.handlingDays.length !== counts.closedCount) {
    problems.push(`handlingDays has ${counts.handlingDays.length} entries, but closedCount is ${counts.closedCount}`);
  }
  if (counts.handlingDays.some((days) => !Number.isFinite(days) || days < 0)) {
    problems.push('handlingDays must hold only finite, non-negative numbers');
  }
  return problems;
}

/**
 * Turns one group's counts into its metrics. Throws on inconsistent counts: publishing a
 * ranking built on a counting bug is worse than failing the report.
 */
export function computeMetrics(counts: MetricCounts, settings: MetricSettings): Metrics {
  const problems = checkMetricCounts(counts);
  if (problems.length > 0) throw new RangeError(`Inconsistent metric counts: ${problems.join('; ')}`);
  const middle = median(counts.handlingDays);
  const satisfiedCount = counts.verySatisfied + counts.satisfied + (settings.basicallySatisfiedCounts ? counts.basicallySatisfied : 0);
  return {
    responseRate: ratio(counts.respondedOnTime, counts.dueForResponse),
    onTimeResolutionRate: ratio(counts.resolvedOnTime, counts.dueForResolution),
    solutionRate: ratio(counts.solvedYes, counts.verified),
    partlySolvedShare: ratio(counts.solvedPartly, counts.verified),
    satisfactionRate: ratio(satisfiedCount, counts.rated),
    basicallySatisfiedShare: ratio(counts.basicallySatisfied, counts.rated),
    redoRate: ratio(counts.redoAppeals, counts.resolvedTotal),
    objectionRate: ratio(counts.objectionAppeals, counts.handledTotal),
    extensionRate: ratio(counts.extensionAppeals, counts.handledTotal),
    avgHandlingDays: average(counts.handlingDays),
    medianHandlingDays: middle === null ? null : roundTo(middle, 2),
    openCount: counts.openCount,
    overdueCount: counts.overdueCount,
    closedCount: counts.closedCount,
    basicallySatisfiedCounts: settings.basicallySatisfiedCounts,
  };
}

export function ratio(numerator: number, denominator: number): Ratio {
  // Scaling the integer numerator before dividing keeps the rounding exact for count ratios.
  const value = denominator === 0 ? null : Math.round((numerator * 10_000) / denominator) / 10_000;
  return { numerator, denominator, value };
}

export function average(values: readonly number[]): Average {
  // Working-day durations can be fractional; trim the float dust from the sum that is displayed.
  const sum = roundTo(
    values.reduce((total, days) => total + days, 0),
    4,
  );
  return { sum, count: values.length, value: values.length === 0 ? null : roundTo(sum / values.length, 2) };
}

/** The middle value (mean of the two middle ones for an even count); null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.some((value) => !Number.isFinite(value))) throw new RangeError('median needs finite numbers');
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
