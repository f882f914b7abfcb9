import { addDays, type IsoDate, isoWeekday } from '../../sla/domain/shanghai-date';

/** A visit planned to a firm on a date (Asia/Shanghai), by one unit (department or officer's office). */
export interface PlannedVisit {
  readonly id: string;
  readonly enterpriseId: string;
  readonly unitId: string;
  readonly plannedOn: IsoDate;
}

/** The Monday of the ISO week holding `date`: visits in one Monday–Sunday week disturb the firm once. */
export function weekOf(date: IsoDate): IsoDate {
  return addDays(date, 1 - isoWeekday(date));
}

/**
 * Pairs of visits to the same firm in the same week by different units (Hainan's 合并检查): each
 * is flagged and may be merged into one. Same-unit visits are the unit's own planning, not flagged.
 * Returned with the lower id first, in id order, so the flag is stable whatever the input order.
 */
export function overlappingVisits(visits: readonly PlannedVisit[]): [string, string][] {
  const byFirmWeek = new Map<string, PlannedVisit[]>();
  for (const visit of visits) {
    const key = `${visit.enterpriseId}|${weekOf(visit.plannedOn)}`;
    const group = byFirmWeek.get(key) ?? [];
    group.push(visit);
    byFirmWeek.set(key, group);
  }
  const pairs: [string, string][] = [];
  for (const group of byFirmWeek.values()) {
    const sorted = [...group].sort((a, b) => compareIds(a.id, b.id));
    for (let i = 0; i < sorted.length; i += 1) {
      for (let j = i + 1; j < sorted.length; j += 1) {
        if (sorted[i].unitId !== sorted[j].unitId) pairs.push([sorted[i].id, sorted[j].id]);
      }
    }
  }
  return pairs.sort((a, b) => compareIds(a[0], b[0]) || compareIds(a[1], b[1]));
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export interface BudgetCheck {
  readonly month: string;
  readonly planned: number;
  readonly budget: number;
  readonly exceeded: boolean;
}

/**
 * The per-firm monthly visit budget: a warning to the planner, not a refusal (a serious safety
 * matter may still need a visit). `visitsThatMonth` counts the firm's planned and logged visits of
 * the month before this one; the new visit makes it `+ 1`.
 */
export function checkVisitBudget(plannedOn: IsoDate, visitsThatMonth: number, budget: number): BudgetCheck {
  if (!Number.isInteger(budget) || budget < 1) {
    throw new RangeError(`The monthly visit budget must be a whole number >= 1, got ${budget}`);
  }
  const planned = visitsThatMonth + 1;
  return { month: plannedOn.slice(0, 7), planned, budget, exceeded: planned > budget };
}

/** The visits that clash with `visitId` (the other member of each flagged pair), in id order. */
export function clashesWith(visitId: string, visits: readonly PlannedVisit[]): string[] {
  return overlappingVisits(visits)
    .filter((pair) => pair.includes(visitId))
    .map(([a, b]) => (a === visitId ? b : a));
}

/** Who visits: the unit a clash is judged by. */
export interface VisitUnit {
  readonly key: string;
  readonly name: string;
}

/**
 * An officer visits for their liaison office: the officers of one region (a county's, a city's,
 * the province's). Officers belong to no department (users.ck_users_department_handler_only), so
 * the office is their unit; a working group visits as the group. Two officers of one office are
 * one unit: their visits are the office's own planning, not a clash.
 */
export function officerUnit(officer: { regionCode: string; regionName: string }): VisitUnit {
  return { key: `office:${officer.regionCode}`, name: `${officer.regionName}联络专员` };
}

export function groupUnit(group: { id: number; name: string }): VisitUnit {
  return { key: `group:${group.id}`, name: group.name };
}

/** A planned visit as merging sees it. */
export interface MergeCandidate extends PlannedVisit {
  readonly active: boolean;
}

/**
 * Two visits may be merged into one joint visit only when they are flagged: both still planned
 * (not yet made, declined or cancelled), the same firm, the same Monday–Sunday week, different
 * units. The joint visit is on `date`, not before `today`.
 */
export function mergeRefusal(kept: MergeCandidate, absorbed: MergeCandidate, date: IsoDate, today: IsoDate): string | null {
  if (kept.id === absorbed.id) return 'A visit cannot be merged with itself';
  if (!kept.active || !absorbed.active) return 'Only planned visits (not yet made, declined or cancelled) can be merged';
  if (kept.enterpriseId !== absorbed.enterpriseId) return 'Only visits to the same firm can be merged';
  if (kept.unitId === absorbed.unitId) return 'Both visits are by the same unit; cancel or move one of them instead';
  if (weekOf(kept.plannedOn) !== weekOf(absorbed.plannedOn)) return 'Only visits planned in the same week (Monday to Sunday) can be merged';
  if (date < today) return `The joint visit cannot be planned before today (${today})`;
  return null;
}
