import type { AppealRow } from '../../appeals/appeal-row';
import type { DeadlineBasis } from '../../sla/domain/deadline-basis';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { assertNever } from '../../common/domain/assert-never';
import { subtreePrefix } from '../../common/scope/region-reach';
import { reachCondition } from '../../common/scope/sql-reach';
import { appealScope } from '../metrics/metric-counts.repository';

export const QUEUES = ['overdue', 'due-soon', 'unaccepted', 'awaiting-verification', 'orders-awaiting-reply'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface QueueFilter {
  regionCode?: string;
  departmentId?: number;
  officerId?: number;
}

export interface QueueRow {
  id: number;
  number: string;
  title: string;
  status: string;
  urgency: string;
  level: string;
  regionCode: string;
  regionName: string;
  enterpriseId: number;
  enterpriseName: string;
  categoryId: number;
  categoryName: string;
  leadDepartmentId: number | null;
  leadDepartmentName: string | null;
  officerId: number | null;
  officerName: string | null;
  dueAt: Date | null;
  dueBasis: DeadlineBasis;
  warningLight: string;
  supervisionLevel: string;
  submittedAt: Date;
  orderId: number | null;
  orderDepartmentId: number | null;
  orderDepartmentName: string | null;
  orderIssuedAt: Date | null;
}

export interface OpenCounts {
  open: number;
  overdue: number;
  dueSoon: number;
  unaccepted: number;
  awaitingVerification: number;
  ordersAwaitingReply: number;
}

/** How many open appeals have one warning light and one escalation-ladder step. */
export interface OpenDistributionRow {
  light: string;
  step: string;
  count: number;
}

/** A region subtree's open counts as the job counted them, and when (the oldest row added up). */
export interface CountedOpenCounts {
  counts: OpenCounts;
  countedAt: Date;
}

const COUNT_COLUMNS = [
  ['open', 'open_count'],
  ['overdue', 'overdue_count'],
  ['dueSoon', 'due_soon_count'],
  ['unaccepted', 'unaccepted_count'],
  ['awaitingVerification', 'awaiting_verification_count'],
  ['ordersAwaitingReply', 'orders_awaiting_reply_count'],
] as const satisfies ReadonlyArray<readonly [keyof OpenCounts, string]>;

/** Adds one region's counts into a running total (the job's per-region rows, the read's sums). */
export function addOpenCounts(into: OpenCounts, counts: Partial<OpenCounts>): OpenCounts {
  for (const [key] of COUNT_COLUMNS) into[key] += counts[key] ?? 0;
  return into;
}

export function emptyOpenCounts(): OpenCounts {
  return { open: 0, overdue: 0, dueSoon: 0, unaccepted: 0, awaitingVerification: 0, ordersAwaitingReply: 0 };
}

/**
 * Whether counts taken at `countedAt` may answer at `now`: not older than `maxAgeMs`, and not
 * from the future (a clock set back, or another instance's clock ahead).
 */
export function countsAreFresh(countedAt: Date, now: Date, maxAgeMs: number): boolean {
  const age = now.getTime() - countedAt.getTime();
  return age >= 0 && age <= maxAgeMs;
}

interface QueueSql {
  /** The rows the queue counts and orders: the appeals, or the orders with their appeals. */
  from: string;
  where: string;
  params: unknown[];
  dueColumn: string;
  /** The basis (statutory / provisional) of the due column. */
  dueBasisColumn: string;
  orderBy: string;
  /** The id a page is picked by, and how a page of those ids is joined back to its rows. */
  pageKey: string;
  pageJoin: string;
}

/** A queue's page row, as page() selects it (the order columns are NULL outside the orders queue). */
type QueueDbRow = Pick<
  AppealRow,
  | 'id'
  | 'number'
  | 'title'
  | 'status'
  | 'urgency'
  | 'level'
  | 'region_code'
  | 'enterprise_id'
  | 'category_id'
  | 'lead_department_id'
  | 'officer_id'
  | 'warning_light'
  | 'supervision_level'
  | 'submitted_at'
> & {
  region_name: string;
  enterprise_name: string;
  category_name: string;
  department_name: string | null;
  officer_name: string | null;
  due_at: Date | null;
  due_basis: DeadlineBasis;
  order_id: number | null;
  order_department_id: number | null;
  order_department_name: string | null;
  order_issued_at: Date | null;
};

/**
 * The open-appeal counts of the dashboard headline, summed over `appeals a WHERE a.is_open = 1`
 * (one `?`: the moment the response deadline is judged at). SUM is NULL over no rows.
 */
const OPEN_APPEAL_SUMS = `COUNT(*) AS open,
                SUM(CASE WHEN a.warning_light = 'red' THEN 1 ELSE 0 END) AS overdue,
                SUM(CASE WHEN a.warning_light = 'yellow' THEN 1 ELSE 0 END) AS due_soon,
                SUM(CASE WHEN a.status = 'submitted' AND a.response_due_at < ? THEN 1 ELSE 0 END) AS unaccepted,
                SUM(CASE WHEN a.status = 'resolved' THEN 1 ELSE 0 END) AS awaiting`;

interface OpenAppealSumsDbRow {
  open: number;
  overdue: number | null;
  due_soon: number | null;
  unaccepted: number | null;
  awaiting: number | null;
}

function openAppealCounts(r: OpenAppealSumsDbRow | undefined): Omit<OpenCounts, 'ordersAwaitingReply'> {
  return {
    open: Number(r?.open ?? 0),
    overdue: Number(r?.overdue ?? 0),
    dueSoon: Number(r?.due_soon ?? 0),
    unaccepted: Number(r?.unaccepted ?? 0),
    awaitingVerification: Number(r?.awaiting ?? 0),
  };
}

const APPEAL_JOINS = `
  JOIN regions r ON r.code = a.region_code
  JOIN enterprises e ON e.id = a.enterprise_id
  JOIN appeal_categories c ON c.id = a.category_id
  LEFT JOIN departments d ON d.id = a.lead_department_id
  LEFT JOIN users u ON u.id = a.officer_id`;

/**
 * The supervisor's work queues. Overdue and due-soon follow the warning light the SLA sweep
 * maintains, so a queue and the light shown on the case never disagree.
 */
@Injectable()
export class QueuesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async page(
    user: AuthUser,
    queue: QueueName,
    filter: QueueFilter,
    now: Date,
    page: number,
    pageSize: number,
  ): Promise<[QueueRow[], number]> {
    const q = this.queueSql(queue, now);
    const scope = appealScope(user, filter, queue === 'orders-awaiting-reply' ? 'o.department_id' : 'a.lead_department_id');
    const where = `${q.where} AND ${scope.sql}`;
    const params = [...q.params, ...scope.params];
    const orderColumns =
      queue === 'orders-awaiting-reply'
        ? `, o.id AS order_id, o.department_id AS order_department_id, od.name AS order_department_name, o.created_at AS order_issued_at`
        : `, NULL AS order_id, NULL AS order_department_id, NULL AS order_department_name, NULL AS order_issued_at`;
    // The page is picked from the ids alone (the open-appeals index holds what the overdue and
    // due-soon queues filter and sort by), and only its rows are read and joined to their names.
    const [rows, countRows] = await Promise.all([
      this.db.query(
        `SELECT a.id, a.number, a.title, a.status, a.urgency, a.level, a.region_code, r.name AS region_name,
                a.enterprise_id, e.name AS enterprise_name, a.category_id, c.name AS category_name,
                a.lead_department_id, d.name AS department_name, a.officer_id, u.display_name AS officer_name,
                ${q.dueColumn} AS due_at, ${q.dueBasisColumn} AS due_basis, a.warning_light, a.supervision_level, a.submitted_at ${orderColumns}
           FROM (SELECT ${q.pageKey} AS id FROM ${q.from} WHERE ${where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?) page
           ${q.pageJoin} ${APPEAL_JOINS}
          ORDER BY ${q.orderBy}`,
        [...params, pageSize, (page - 1) * pageSize],
      ) as Promise<QueueDbRow[]>,
      this.db.query(`SELECT COUNT(*) AS total FROM ${q.from} WHERE ${where}`, params) as Promise<Array<{ total: number }>>,
    ]);
    return [rows.map(toQueueRow), Number(countRows[0]?.total ?? 0)];
  }

  /**
   * The headline counts of a dashboard: what is open right now in the region. Submitted and
   * resolved are open states, so one scan of the open-appeals index (is_open, region, light,
   * status, …, response deadline) gives them all without reading a row; orders awaiting a reply
   * are found by their own index and checked against the region.
   */
  async openCounts(user: AuthUser, regionCode: string, now: Date): Promise<OpenCounts> {
    const scope = appealScope(user, { regionCode });
    const [open, orders] = await Promise.all([
      this.db.query(`SELECT ${OPEN_APPEAL_SUMS} FROM appeals a WHERE a.is_open = 1 AND ${scope.sql}`, [
        now,
        ...scope.params,
      ]) as Promise<OpenAppealSumsDbRow[]>,
      this.db.query(
        `SELECT COUNT(*) AS n FROM supervision_orders o JOIN appeals a ON a.id = o.appeal_id WHERE o.replied_at IS NULL AND ${scope.sql}`,
        scope.params,
      ) as Promise<Array<{ n: number }>>,
    ]);
    return { ...openAppealCounts(open[0]), ordersAwaitingReply: Number(orders[0]?.n ?? 0) };
  }

  /**
   * The open appeals of a region by warning light and escalation-ladder step (the dashboard's
   * distribution charts): one grouped scan of the open appeals, as the headline counts.
   */
  async openDistribution(user: AuthUser, regionCode: string): Promise<OpenDistributionRow[]> {
    const scope = appealScope(user, { regionCode });
    const rows = (await this.db.query(
      `SELECT a.warning_light AS light, a.supervision_level AS step, COUNT(*) AS n
         FROM appeals a WHERE a.is_open = 1 AND ${scope.sql}
        GROUP BY a.warning_light, a.supervision_level`,
      scope.params,
    )) as Array<{ light: string; step: string; n: number }>;
    return rows.map((r) => ({ light: String(r.light), step: String(r.step), count: Number(r.n) }));
  }

  /**
   * Recounts every region's open cases into `open_case_counts` (see migration 0900): one scan of
   * the open appeals in the order of `ix_appeals_open_cover`, grouped by its leading columns (no
   * temporary table, no row read), and one grouped query over the unreplied orders, in one
   * REPEATABLE READ snapshot; every region of `regions` gets a row (zeros included) stamped
   * `now`, so the whole table is one count. Returns the number of regions written.
   */
  async refreshOpenCounts(now: Date): Promise<number> {
    return this.db.transaction('REPEATABLE READ', async (m) => {
      const open = (await m.query(
        `SELECT a.region_code, ${OPEN_APPEAL_SUMS} FROM appeals a WHERE a.is_open = 1 GROUP BY a.region_code`,
        [now],
      )) as Array<OpenAppealSumsDbRow & { region_code: string }>;
      const orders = (await m.query(
        `SELECT a.region_code, COUNT(*) AS n
           FROM supervision_orders o JOIN appeals a ON a.id = o.appeal_id
          WHERE o.replied_at IS NULL GROUP BY a.region_code`,
      )) as Array<{ region_code: string; n: number }>;
      const regions = (await m.query('SELECT code FROM regions')) as Array<{ code: string }>;
      const byRegion = new Map<string, OpenCounts>(regions.map((r) => [r.code, emptyOpenCounts()]));
      const of = (code: string) => {
        const key = String(code);
        let counts = byRegion.get(key);
        if (!counts) byRegion.set(key, (counts = emptyOpenCounts()));
        return counts;
      };
      for (const r of open) addOpenCounts(of(r.region_code), openAppealCounts(r));
      for (const r of orders) addOpenCounts(of(r.region_code), { ordersAwaitingReply: Number(r.n) });
      const rows = [...byRegion];
      const columns = COUNT_COLUMNS.map(([, column]) => column);
      for (let i = 0; i < rows.length; i += 500) {
        const batch = rows.slice(i, i + 500);
        await m.query(
          `INSERT INTO open_case_counts (region_code, ${columns.join(', ')}, counted_at)
           VALUES ${batch.map(() => `(?, ${columns.map(() => '?').join(', ')}, ?)`).join(', ')}
           ON DUPLICATE KEY UPDATE ${columns.map((c) => `${c} = VALUES(${c})`).join(', ')}, counted_at = VALUES(counted_at)`,
          batch.flatMap(([code, counts]) => [code, ...COUNT_COLUMNS.map(([key]) => counts[key]), now]),
        );
      }
      // A region that no longer exists (or has nothing left) would otherwise keep an old row.
      await m.query('DELETE FROM open_case_counts WHERE counted_at <> ?', [now]);
      return rows.length;
    });
  }

  /**
   * A region subtree's open counts as last counted by the job, within the caller's reach, or
   * null when they are not fresh (older than `maxAgeMs`, or never counted): then the caller
   * counts live. The reach and region filters are the live count's, on the same region codes.
   */
  async countedOpenCounts(user: AuthUser, regionCode: string, now: Date, maxAgeMs: number): Promise<CountedOpenCounts | null> {
    const reach = reachCondition('c.region_code', user);
    const rows = (await this.db.query(
      `SELECT COUNT(*) AS regions, MIN(c.counted_at) AS counted_at,
              ${COUNT_COLUMNS.map(([, column]) => `SUM(c.${column}) AS ${column}`).join(', ')}
         FROM open_case_counts c WHERE c.region_code LIKE ? AND ${reach.sql}`,
      [`${subtreePrefix(regionCode)}%`, ...reach.params],
    )) as Array<{ regions: number; counted_at: Date | null } & { [column in (typeof COUNT_COLUMNS)[number][1]]: number | null }>;
    const row = rows[0];
    if (!row || Number(row.regions) === 0 || !(row.counted_at instanceof Date)) return null;
    if (!countsAreFresh(row.counted_at, now, maxAgeMs)) return null;
    const counts = emptyOpenCounts();
    for (const [key, column] of COUNT_COLUMNS) counts[key] = Number(row[column] ?? 0);
    return { counts, countedAt: row.counted_at };
  }

  private queueSql(queue: QueueName, now: Date): QueueSql {
    switch (queue) {
      case 'overdue':
        return this.appealQueue(`a.is_open = 1 AND a.warning_light = 'red'`, [], 'a.current_due_at', 'a.current_due_basis');
      case 'due-soon':
        return this.appealQueue(`a.is_open = 1 AND a.warning_light = 'yellow'`, [], 'a.current_due_at', 'a.current_due_basis');
      case 'unaccepted':
        return this.appealQueue(`a.status = 'submitted' AND a.response_due_at < ?`, [now], 'a.response_due_at', 'a.response_due_basis');
      case 'awaiting-verification':
        return this.appealQueue(`a.status = 'resolved'`, [], 'a.verification_due_at', 'a.verification_due_basis');
      case 'orders-awaiting-reply':
        return {
          from: 'supervision_orders o JOIN appeals a ON a.id = o.appeal_id',
          where: 'o.replied_at IS NULL',
          params: [],
          dueColumn: 'o.reply_due_at',
          dueBasisColumn: 'o.reply_due_basis',
          // Orders without a reply deadline go last; among equals the oldest order first.
          orderBy: 'o.reply_due_at IS NULL, o.reply_due_at, o.id',
          pageKey: 'o.id',
          pageJoin: `JOIN supervision_orders o ON o.id = page.id JOIN appeals a ON a.id = o.appeal_id
                     LEFT JOIN departments od ON od.id = o.department_id`,
        };
      default:
        return assertNever(queue, 'queue');
    }
  }

  private appealQueue(where: string, params: unknown[], dueColumn: string, dueBasisColumn: string): QueueSql {
    return {
      from: 'appeals a',
      where,
      params,
      dueColumn,
      dueBasisColumn,
      orderBy: `${dueColumn} IS NULL, ${dueColumn}, a.id`,
      pageKey: 'a.id',
      pageJoin: 'JOIN appeals a ON a.id = page.id',
    };
  }
}

function toQueueRow(r: QueueDbRow): QueueRow {
  const num = (v: number | null) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id),
    number: String(r.number),
    title: String(r.title),
    status: String(r.status),
    urgency: String(r.urgency),
    level: String(r.level),
    regionCode: String(r.region_code),
    regionName: String(r.region_name),
    enterpriseId: Number(r.enterprise_id),
    enterpriseName: String(r.enterprise_name),
    categoryId: Number(r.category_id),
    categoryName: String(r.category_name),
    leadDepartmentId: num(r.lead_department_id),
    leadDepartmentName: r.department_name ?? null,
    officerId: num(r.officer_id),
    officerName: r.officer_name ?? null,
    dueAt: r.due_at ?? null,
    dueBasis: r.due_basis,
    warningLight: String(r.warning_light),
    supervisionLevel: String(r.supervision_level),
    submittedAt: r.submitted_at,
    orderId: num(r.order_id),
    orderDepartmentId: num(r.order_department_id),
    orderDepartmentName: r.order_department_name ?? null,
    orderIssuedAt: r.order_issued_at ?? null,
  };
}
