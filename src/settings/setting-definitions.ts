import type { FieldError } from '../common/errors/app-error';
import {
  DEFAULT_WORKING_HOURS_SETTINGS,
  InvalidWorkingHoursError,
  parseWorkingHours,
  type WorkingHoursSettings,
} from '../sla/domain/working-hours';
import {
  type CadenceByLevel,
  DEFAULT_CADENCE,
  DEFAULT_TRACKING_THRESHOLDS_WAN,
  REPORT_CADENCES,
  TRACKING_LEVELS,
  type TrackingThresholds,
} from '../projects/domain/tracking-levels';

/**
 * The settings administrators may change at run time, one row each in the `settings` table.
 * Pure: no Nest, no TypeORM. Every value is validated here before it is stored, so a reader can
 * trust what it gets back and the defaults below are only used when a row is missing.
 */

export interface LadderThresholds {
  /** 督办: supervision order to the department head after this many overdue working days. */
  supervisionAfterOverdueWorkingDays: number;
  /** 黄牌 */
  yellowCardAfterOverdueWorkingDays: number;
  /** 红牌 and one level up */
  redCardAfterOverdueWorkingDays: number;
}

export const METRIC_WEIGHT_KEYS = [
  'responseRate',
  'onTimeResolutionRate',
  'solutionRate',
  'satisfactionRate',
  'redoRate',
  'objectionRate',
  'extensionRate',
] as const;
export type MetricWeightKey = (typeof METRIC_WEIGHT_KEYS)[number];
export type MetricWeights = Record<MetricWeightKey, number>;

export interface SettingValues {
  'sla.working_hours': WorkingHoursSettings;
  'sla.yellow_share': number;
  'sla.ladder': LadderThresholds;
  'sla.objection_window_working_days': number;
  'cohandling.task_working_days': number;
  'visits.monthly_budget_per_firm': number;
  'metrics.basically_satisfied_counts': boolean;
  'metrics.weights': MetricWeights;
  'projects.tracking_thresholds_wan': TrackingThresholds;
  'projects.report_cadence': CadenceByLevel;
  'projects.stalled_after_periods': number;
  'policies.reach_in_assessment': PolicyReachAssessment;
}

/** Whether the policies' reach (应知尽知 / 应享尽享) counts in the regions' composite score, and how much. */
export interface PolicyReachAssessment {
  enabled: boolean;
  /** Weight of the awareness rate (informed / entitled), on the scale of metrics.weights */
  awarenessWeight: number;
  /** Weight of the benefit rate (benefited / entitled) */
  benefitWeight: number;
}

export type SettingKey = keyof SettingValues;

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

interface SettingDefinition<K extends SettingKey> {
  description: string;
  defaultValue: SettingValues[K];
  validate(value: unknown): Validated<SettingValues[K]>;
}

const ok = <T>(value: T): Validated<T> => ({ ok: true, value });
const fail = (field: string, message: string): Validated<never> => ({ ok: false, errors: [{ field, message }] });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function wholeNumber(value: unknown, field: string, min: number, max: number): FieldError | null {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    return { field, message: `${field} must be a whole number from ${min} to ${max}` };
  }
  return null;
}

/** A setting that is one whole number from `min` to `max`. */
function wholeNumberFrom(min: number, max: number): (value: unknown) => Validated<number> {
  return (value) => {
    const error = wholeNumber(value, 'value', min, max);
    return error ? { ok: false, errors: [error] } : ok(value as number);
  };
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[]): FieldError[] {
  return Object.keys(value)
    .filter((k) => !allowed.includes(k))
    .map((k) => ({ field: `value.${k}`, message: `${k} is not a known field; expected ${allowed.join(', ')}` }));
}

const LADDER_KEYS = ['supervisionAfterOverdueWorkingDays', 'yellowCardAfterOverdueWorkingDays', 'redCardAfterOverdueWorkingDays'] as const;

export const SETTING_DEFINITIONS: { [K in SettingKey]: SettingDefinition<K> } = {
  'sla.working_hours': {
    description: 'Working hours on a working day, Asia/Shanghai, as ordered non-overlapping HH:MM intervals',
    defaultValue: DEFAULT_WORKING_HOURS_SETTINGS,
    validate(value) {
      if (!Array.isArray(value) || !value.every((i) => isPlainObject(i) && typeof i.start === 'string' && typeof i.end === 'string')) {
        return fail('value', 'value must be a list of {start: "HH:MM", end: "HH:MM"} intervals');
      }
      const intervals = value.map((i: Record<string, string>) => ({ start: i.start, end: i.end }));
      try {
        parseWorkingHours(intervals);
      } catch (error) {
        if (error instanceof InvalidWorkingHoursError) return fail('value', error.message);
        throw error;
      }
      return ok(intervals);
    },
  },
  'sla.yellow_share': {
    description: 'Share of the allowed time used at which the warning light turns yellow (0 < share < 1)',
    defaultValue: 0.7,
    validate(value) {
      if (typeof value !== 'number' || !(value > 0 && value < 1)) return fail('value', 'value must be a number between 0 and 1, e.g. 0.7');
      return ok(value);
    },
  },
  'sla.ladder': {
    description:
      'Escalation ladder thresholds in overdue working days: supervision order (督办), yellow card (黄牌), red card (红牌, one level up)',
    defaultValue: { supervisionAfterOverdueWorkingDays: 2, yellowCardAfterOverdueWorkingDays: 5, redCardAfterOverdueWorkingDays: 10 },
    validate(value) {
      if (!isPlainObject(value)) return fail('value', `value must be an object with ${LADDER_KEYS.join(', ')}`);
      const errors = [
        ...unknownKeys(value, LADDER_KEYS),
        ...LADDER_KEYS.map((k) => wholeNumber(value[k], `value.${k}`, 0, 250)).filter((e): e is FieldError => e !== null),
      ];
      if (errors.length) return { ok: false, errors };
      const ladder = Object.fromEntries(LADDER_KEYS.map((k) => [k, value[k]])) as unknown as LadderThresholds;
      if (!(
        ladder.supervisionAfterOverdueWorkingDays <= ladder.yellowCardAfterOverdueWorkingDays &&
        ladder.yellowCardAfterOverdueWorkingDays <= ladder.redCardAfterOverdueWorkingDays
      )) {
        return fail('value', 'the thresholds must not decrease: supervision ≤ yellow card ≤ red card');
      }
      return ok(ladder);
    },
  },
  'sla.objection_window_working_days': {
    description: 'Working days after assignment within which a department may object to the routing (退单)',
    defaultValue: 1,
    validate: wholeNumberFrom(0, 30),
  },
  'cohandling.task_working_days': {
    description:
      "Working days a co-handling department (协办) gets for its task; always kept at least one day shorter than the lead's limit",
    defaultValue: 3,
    validate: wholeNumberFrom(1, 60),
  },
  'visits.monthly_budget_per_firm': {
    description:
      'Visits (planned or logged, by every unit together) one firm should get in a calendar month; planning past it warns the planner, who may still confirm',
    defaultValue: 2,
    validate: wholeNumberFrom(1, 31),
  },
  'metrics.basically_satisfied_counts': {
    description: 'Whether 基本满意 (basically satisfied) counts as satisfied in the satisfaction rate',
    defaultValue: false,
    validate(value) {
      return typeof value === 'boolean' ? ok(value) : fail('value', 'value must be true or false');
    },
  },
  'metrics.weights': {
    description: 'Weights of the metrics in the composite ranking score',
    defaultValue: {
      responseRate: 20,
      onTimeResolutionRate: 25,
      solutionRate: 20,
      satisfactionRate: 25,
      redoRate: 5,
      objectionRate: 2.5,
      extensionRate: 2.5,
    },
    validate(value) {
      if (!isPlainObject(value)) return fail('value', `value must be an object with ${METRIC_WEIGHT_KEYS.join(', ')}`);
      const errors = [...unknownKeys(value, METRIC_WEIGHT_KEYS)];
      for (const key of METRIC_WEIGHT_KEYS) {
        const weight = value[key];
        if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 1000) {
          errors.push({ field: `value.${key}`, message: `${key} must be a number from 0 to 1000` });
        }
      }
      if (errors.length) return { ok: false, errors };
      const weights = Object.fromEntries(METRIC_WEIGHT_KEYS.map((k) => [k, value[k]])) as MetricWeights;
      if (METRIC_WEIGHT_KEYS.every((k) => weights[k] === 0)) return fail('value', 'at least one weight must be above 0');
      return ok(weights);
    },
  },
  'projects.tracking_thresholds_wan': {
    description:
      'Total investment (万元) from which a project is tracked at each level: province, city, county (50亿, 10亿, 1亿 by default)',
    defaultValue: DEFAULT_TRACKING_THRESHOLDS_WAN,
    validate(value) {
      if (!isPlainObject(value)) return fail('value', `value must be an object with ${TRACKING_LEVELS.join(', ')}`);
      const errors = [
        ...unknownKeys(value, TRACKING_LEVELS),
        ...TRACKING_LEVELS.map((k) => wholeNumber(value[k], `value.${k}`, 0, 100_000_000)).filter((e): e is FieldError => e !== null),
      ];
      if (errors.length) return { ok: false, errors };
      const thresholds = Object.fromEntries(TRACKING_LEVELS.map((k) => [k, value[k]])) as TrackingThresholds;
      if (!(thresholds.province >= thresholds.city && thresholds.city >= thresholds.county)) {
        return fail('value', 'the thresholds must not increase downwards: province ≥ city ≥ county');
      }
      return ok(thresholds);
    },
  },
  'projects.report_cadence': {
    description: 'How often projects tracked at each level report progress: week (周监测), xun (旬调度) or month (月盘点)',
    defaultValue: DEFAULT_CADENCE,
    validate(value) {
      if (!isPlainObject(value)) return fail('value', `value must be an object with ${TRACKING_LEVELS.join(', ')}`);
      const errors = [
        ...unknownKeys(value, TRACKING_LEVELS),
        ...TRACKING_LEVELS.filter((k) => !(REPORT_CADENCES as readonly unknown[]).includes(value[k])).map((k) => ({
          field: `value.${k}`,
          message: `${k} must be one of ${REPORT_CADENCES.join(', ')}`,
        })),
      ];
      if (errors.length) return { ok: false, errors };
      return ok(Object.fromEntries(TRACKING_LEVELS.map((k) => [k, value[k]])) as CadenceByLevel);
    },
  },
  'projects.stalled_after_periods': {
    description: 'A project is stalled (停滞) when it had no stage change and no progress report for this many reporting periods',
    defaultValue: 2,
    validate: wholeNumberFrom(1, 52),
  },
  'policies.reach_in_assessment': {
    description:
      'Whether the policies’ reach (应知尽知 awareness rate, 应享尽享 benefit rate, as of the period’s end; a running period’s as it stands) counts in the regions’ composite ranking score — live rankings, the dashboard’s, and the month reports frozen while it is on (each stores the setting it used) — with weights on the scale of metrics.weights',
    defaultValue: { enabled: false, awarenessWeight: 10, benefitWeight: 10 },
    validate(value) {
      const keys = ['enabled', 'awarenessWeight', 'benefitWeight'] as const;
      if (!isPlainObject(value)) return fail('value', `value must be an object with ${keys.join(', ')}`);
      const errors = [...unknownKeys(value, keys)];
      if (typeof value.enabled !== 'boolean') errors.push({ field: 'value.enabled', message: 'enabled must be true or false' });
      for (const key of ['awarenessWeight', 'benefitWeight'] as const) {
        const weight = value[key];
        if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 1000) {
          errors.push({ field: `value.${key}`, message: `${key} must be a number from 0 to 1000` });
        }
      }
      if (errors.length) return { ok: false, errors };
      return ok({
        enabled: value.enabled as boolean,
        awarenessWeight: value.awarenessWeight as number,
        benefitWeight: value.benefitWeight as number,
      });
    },
  },
};

export const SETTING_KEYS = Object.keys(SETTING_DEFINITIONS) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key);
}

export function validateSetting<K extends SettingKey>(key: K, value: unknown): Validated<SettingValues[K]> {
  return (SETTING_DEFINITIONS[key] as SettingDefinition<K>).validate(value);
}
