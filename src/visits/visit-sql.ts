import { COUNTED_CONFIRMATIONS } from './domain/visit-state';

/**
 * The SQL of "a visit coverage counts" (domain/visit-state.ts countsForCoverage): done, and
 * confirmed by the firm, presumed from a plan it accepted, or legacy (logged before #20). Every
 * coverage figure and "not visited since" filter reads visits through this one condition.
 */
export function countedVisitSql(alias: string): string {
  return `${alias}.status = 'done' AND ${alias}.confirmation IN (${COUNTED_CONFIRMATIONS.map((c) => `'${c}'`).join(', ')})`;
}

/** A visit that was made and that the firm has not disputed: contact with the firm, confirmed or not yet. */
export function madeVisitSql(alias: string): string {
  return `${alias}.status = 'done' AND ${alias}.confirmation <> 'disputed'`;
}
