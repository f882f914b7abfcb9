import { assertNever } from '../common/domain/assert-never';
import type { Audience } from './notification-rules';

/** One planned inbox entry: an event (or a due-soon reminder) and who must hear about it. */
export interface PlannedNotification {
  appealId: number;
  number: string;
  /** 0 for things that are not events of the appeal's timeline (due soon). */
  seq: number;
  kind: string;
  title: string;
  body: string;
  createdAt: Date;
  actorId: number | null;
  audiences: readonly Audience[];
  leadDepartmentId: number | null;
  enterpriseId: number;
  officerId: number | null;
  regionChain: readonly string[];
  urgent: boolean;
  /** For the co_handlers audience: the co-handling departments addressed. */
  coHandlerDepartmentIds?: readonly number[];
}

export interface SqlFragment {
  sql: string;
  params: unknown[];
}

/** A derived table from literal rows (`SELECT ? AS a, ? AS b UNION ALL SELECT ?, ?`): runs on MySQL 8 and MariaDB alike. */
export function literalTable(columns: readonly string[], rows: readonly unknown[][]): SqlFragment {
  const first = `SELECT ${columns.map((c) => `? AS ${c}`).join(', ')}`;
  const rest = `SELECT ${columns.map(() => '?').join(', ')}`;
  return { sql: rows.map((_, i) => (i === 0 ? first : rest)).join(' UNION ALL '), params: rows.flat() };
}

const JOINS: Record<Audience, string> = {
  lead_handlers: "JOIN users u ON u.department_id = t.k AND u.role = 'handler' AND u.active = 1",
  // The head(s); a department without a recorded head still gets the order, through its handlers.
  lead_heads: `JOIN users u ON u.department_id = t.k AND u.role = 'handler' AND u.active = 1
               AND (u.is_department_head = 1 OR NOT EXISTS (
                     SELECT 1 FROM users h WHERE h.department_id = t.k AND h.role = 'handler' AND h.active = 1 AND h.is_department_head = 1))`,
  enterprise_users: "JOIN users u ON u.enterprise_id = t.k AND u.role = 'enterprise' AND u.active = 1",
  officer: 'JOIN users u ON u.id = t.k AND u.active = 1',
  supervisors: "JOIN users u ON u.role = 'supervisor' AND u.region_code = t.k AND u.active = 1",
  co_handlers: "JOIN users u ON u.department_id = t.k AND u.role = 'handler' AND u.active = 1",
};

function keysFor(item: PlannedNotification, audience: Audience): Array<number | string> {
  switch (audience) {
    case 'lead_handlers':
    case 'lead_heads':
      return item.leadDepartmentId === null ? [] : [item.leadDepartmentId];
    case 'enterprise_users':
      return [item.enterpriseId];
    case 'officer':
      return item.officerId === null ? [] : [item.officerId];
    case 'supervisors':
      return [...item.regionChain];
    case 'co_handlers':
      return [...(item.coHandlerDepartmentIds ?? [])];
    default:
      return assertNever(audience, 'audience');
  }
}

/**
 * `SELECT DISTINCT i, user_id` over every audience of every item: one indexed join per audience
 * kind (users by department, enterprise, id, or role + region), never a scan per event. `i` is the
 * item's index in `items`. The actor never notifies themself. Null when nobody is addressed.
 */
export function recipientsQuery(items: readonly PlannedNotification[]): SqlFragment | null {
  const parts: string[] = [];
  const params: unknown[] = [];
  for (const audience of Object.keys(JOINS) as Audience[]) {
    const rows: unknown[][] = [];
    items.forEach((item, i) => {
      if (!item.audiences.includes(audience)) return;
      for (const key of keysFor(item, audience)) rows.push([i, key, item.actorId ?? 0]);
    });
    if (!rows.length) continue;
    const table = literalTable(['i', 'k', 'actor'], rows);
    parts.push(`SELECT t.i, u.id AS user_id FROM (${table.sql}) t ${JOINS[audience]} WHERE u.id <> t.actor`);
    params.push(...table.params);
  }
  if (!parts.length) return null;
  return { sql: `SELECT DISTINCT x.i, x.user_id FROM (${parts.join(' UNION ALL ')}) x`, params };
}

/** The items' own columns as a derived table keyed by `i`. */
export function contentTable(items: readonly PlannedNotification[]): SqlFragment {
  return literalTable(
    ['i', 'appeal_id', 'number', 'seq', 'kind', 'title', 'body', 'created_at'],
    items.map((item, i) => [i, item.appealId, item.number, item.seq, item.kind, item.title, item.body, item.createdAt]),
  );
}
