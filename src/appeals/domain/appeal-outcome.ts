import { assertNever } from '../../common/domain/assert-never';

/**
 * How the lead department closed its handling. They count differently in the statistics, which
 * is why "explained" (程序办结 / 政策解释: not supportable under policy) is not folded into resolved.
 */
export const CLOSURE_TYPES = ['resolved', 'partly_resolved', 'explained'] as const;
export type ClosureType = (typeof CLOSURE_TYPES)[number];

/** The enterprise's answer to "was it solved?" when verifying. */
export const SOLVED_ANSWERS = ['yes', 'partly', 'no'] as const;
export type SolvedAnswer = (typeof SOLVED_ANSWERS)[number];

/** Five-level rating, best first (非常满意, 满意, 基本满意, 不满意, 非常不满意). */
export const SATISFACTION_LEVELS = ['very_satisfied', 'satisfied', 'basically_satisfied', 'dissatisfied', 'very_dissatisfied'] as const;
export type Satisfaction = (typeof SATISFACTION_LEVELS)[number];

export function isClosureType(value: unknown): value is ClosureType {
  return typeof value === 'string' && (CLOSURE_TYPES as readonly string[]).includes(value);
}

export function isSolvedAnswer(value: unknown): value is SolvedAnswer {
  return typeof value === 'string' && (SOLVED_ANSWERS as readonly string[]).includes(value);
}

export function isSatisfaction(value: unknown): value is Satisfaction {
  return typeof value === 'string' && (SATISFACTION_LEVELS as readonly string[]).includes(value);
}

/**
 * Whether the rating closes the appeal. 基本满意 closes it even though the satisfaction-rate
 * metric may or may not count it (that is a reporting setting, not a workflow rule); only the two
 * unsatisfied answers send the appeal back for redo.
 */
export function isSatisfied(satisfaction: Satisfaction): boolean {
  switch (satisfaction) {
    case 'very_satisfied':
    case 'satisfied':
    case 'basically_satisfied':
      return true;
    case 'dissatisfied':
    case 'very_dissatisfied':
      return false;
    default:
      return assertNever(satisfaction, 'satisfaction');
  }
}
