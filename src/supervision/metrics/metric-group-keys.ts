import { assertNever } from '../../common/domain/assert-never';

/** What an appeal is grouped by; `total` puts every appeal in scope into one group, "all". */
export type GroupColumn = 'city' | 'county' | 'department' | 'officer' | 'category' | 'total';

/** The SQL each requested grouping's key is selected as: k0, k1, … in the order asked for. */
export interface KeyColumns {
  groupings: readonly GroupColumn[];
  /** `<expr> AS k0, <expr> AS k1, …` */
  select: string;
  /** `1, 2, …`: the key columns' positions, which lead every select list here. */
  groupBy: string;
  /** `t.k0, t.k1, …`: the key columns of a derived table `t` built from such selects. */
  outer: string;
}

export function keyColumns(groupings: readonly GroupColumn[]): KeyColumns {
  return {
    groupings,
    select: groupings.map((group, i) => `${groupExpression(group)} AS k${i}`).join(', '),
    groupBy: groupings.map((_, i) => i + 1).join(', '),
    outer: groupings.map((_, i) => `t.k${i}`).join(', '),
  };
}

export interface OpenKeyColumns {
  groupings: readonly GroupColumn[];
  select: string;
  groupBy: string;
  byOpenIndex: string;
}

/**
 * Key columns for counting the open appeals: the raw columns (the keys as selected depend on
 * them), grouped by every grouping column of a report (and the officer, in no covering index,
 * only when asked for). `byOpenIndex` groups the still-open ones in the order of
 * ix_appeals_open_cover's leading columns, its warning light included (which splits a group's
 * count in up to three rows that `grouped` adds up again), so they are counted in index order.
 */
export function openKeyColumns(groupings: readonly GroupColumn[]): OpenKeyColumns {
  const raw: Record<GroupColumn, string> = {
    city: 'a.city_code',
    county: 'a.region_code',
    department: 'a.lead_department_id',
    officer: 'a.officer_id',
    category: 'a.category_id',
    total: `'all'`,
  };
  const select = groupings.map((group, i) => `${raw[group]} AS k${i}`).join(', ');
  // A scope's total alone (a trend) is one group: no need to split it.
  if (groupings.every((group) => group === 'total')) return { groupings, select, groupBy: '1', byOpenIndex: '1' };
  const officer = groupings.includes('officer') ? ', a.officer_id' : '';
  return {
    groupings,
    select,
    groupBy: `a.region_code, a.city_code, a.lead_department_id, a.category_id${officer}`,
    byOpenIndex: `a.region_code, a.warning_light, a.city_code, a.lead_department_id, a.category_id${officer}`,
  };
}

/**
 * The SQL expression an appeal's group key is read from. Raw column values, compared as bytes:
 * grouping tens of thousands of rows by a collated string (or a CAST to one) costs about twice
 * as much as by a number or a binary-collated code. `groupKey` turns them into the keys.
 */
export function groupExpression(group: GroupColumn): string {
  switch (group) {
    case 'city':
      return 'a.city_code COLLATE utf8mb4_bin';
    case 'county':
      return 'a.region_code COLLATE utf8mb4_bin';
    case 'department':
      return 'a.lead_department_id';
    case 'officer':
      return 'a.officer_id';
    case 'category':
      return 'a.category_id';
    case 'total':
      return `'all'`;
    default:
      return assertNever(group, 'group column');
  }
}

/** A group key as the figures carry it: the code or id as text; unrouted appeals or firms without an officer are "none". */
export function groupKey(value: unknown): string {
  return value === null || value === undefined ? 'none' : String(value);
}
