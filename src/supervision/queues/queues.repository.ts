import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { assertNever } from '../../common/domain/assert-never';
import { subtreePrefix } from '../../common/scope/region-reach';
import { reachCondition } from '../../common/scope/sql-reach';

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

interface QueueSql {
  /** The rows the queue counts and orders: the appeals, or the orders with their appeals. */
  from: string;
  where: string;
  params: unknown[];
  dueColumn: string;
  orderBy: string;
  /** The id a page is picked by, and how a page of those ids is joined back to its rows. */
  pageKey: string;
  pageJoin: string;
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
    const scope = this.scope(user, filter, queue === 'orders-awaiting-reply' ? 'o.department_id' : 'a.lead_department_id');
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
                ${q.dueColumn} AS due_at, a.warning_light, a.supervision_level, a.submitted_at ${orderColumns}
           FROM (SELECT ${q.pageKey} AS id FROM ${q.from} WHERE ${where} ORDER BY ${q.orderBy} LIMIT ? OFFSET ?) page
           ${q.pageJoin} ${APPEAL_JOINS}
          ORDER BY ${q.orderBy}`,
        [...params, pageSize, (page - 1) * pageSize],
      ) as Promise<Array<Record<string, unknown>>>,
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
    const scope = this.scope(user, { regionCode }, 'a.lead_department_id');
    const [open, orders] = await Promise.all([
      this.db.query(
        `SELECT COUNT(*) AS open,
                SUM(CASE WHEN a.warning_light = 'red' THEN 1 ELSE 0 END) AS overdue,
                SUM(CASE WHEN a.warning_light = 'yellow' THEN 1 ELSE 0 END) AS due_soon,
                SUM(CASE WHEN a.status = 'submitted' AND a.response_due_at < ? THEN 1 ELSE 0 END) AS unaccepted,
                SUM(CASE WHEN a.status = 'resolved' THEN 1 ELSE 0 END) AS awaiting
           FROM appeals a WHERE a.is_open = 1 AND ${scope.sql}`,
        [now, ...scope.params],
      ) as Promise<Array<Record<string, unknown>>>,
      this.db.query(
        `SELECT COUNT(*) AS n FROM supervision_orders o JOIN appeals a ON a.id = o.appeal_id WHERE o.replied_at IS NULL AND ${scope.sql}`,
        scope.params,
      ) as Promise<Array<Record<string, unknown>>>,
    ]);
    return {
      open: Number(open[0]?.open ?? 0),
      overdue: Number(open[0]?.overdue ?? 0),
      dueSoon: Number(open[0]?.due_soon ?? 0),
      unaccepted: Number(open[0]?.unaccepted ?? 0),
      awaitingVerification: Number(open[0]?.awaiting ?? 0),
      ordersAwaitingReply: Number(orders[0]?.n ?? 0),
    };
  }

  private queueSql(queue: QueueName, now: Date): QueueSql {
    switch (queue) {
      case 'overdue':
        return this.appealQueue(`a.is_open = 1 AND a.warning_light = 'red'`, [], 'a.current_due_at');
      case 'due-soon':
        return this.appealQueue(`a.is_open = 1 AND a.warning_light = 'yellow'`, [], 'a.current_due_at');
      case 'unaccepted':
        return this.appealQueue(`a.status = 'submitted' AND a.response_due_at < ?`, [now], 'a.response_due_at');
      case 'awaiting-verification':
        return this.appealQueue(`a.status = 'resolved'`, [], 'a.verification_due_at');
      case 'orders-awaiting-reply':
        return {
          from: 'supervision_orders o JOIN appeals a ON a.id = o.appeal_id',
          where: 'o.replied_at IS NULL',
          params: [],
          dueColumn: 'o.reply_due_at',
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

  private appealQueue(where: string, params: unknown[], dueColumn: string): QueueSql {
    return {
      from: 'appeals a',
      where,
      params,
      dueColumn,
      orderBy: `${dueColumn} IS NULL, ${dueColumn}, a.id`,
      pageKey: 'a.id',
      pageJoin: 'JOIN appeals a ON a.id = page.id',
    };
  }

  private scope(user: AuthUser, filter: QueueFilter, departmentColumn: string): { sql: string; params: unknown[] } {
    const reach = reachCondition('a.region_code', user);
    const parts = [reach.sql];
    const params: unknown[] = [...reach.params];
    if (filter.regionCode) {
      parts.push('a.region_code LIKE ?');
      params.push(`${subtreePrefix(filter.regionCode)}%`);
    }
    if (filter.departmentId !== undefined) {
      parts.push(`${departmentColumn} = ?`);
      params.push(filter.departmentId);
    }
    if (filter.officerId !== undefined) {
      parts.push('a.officer_id = ?');
      params.push(filter.officerId);
    }
    return { sql: parts.join(' AND '), params };
  }
}

function toQueueRow(r: Record<string, unknown>): QueueRow {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
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
    leadDepartmentName: (r.department_name as string | null) ?? null,
    officerId: num(r.officer_id),
    officerName: (r.officer_name as string | null) ?? null,
    dueAt: (r.due_at as Date | null) ?? null,
    warningLight: String(r.warning_light),
    supervisionLevel: String(r.supervision_level),
    submittedAt: r.submitted_at as Date,
    orderId: num(r.order_id),
    orderDepartmentId: num(r.order_department_id),
    orderDepartmentName: (r.order_department_name as string | null) ?? null,
    orderIssuedAt: (r.order_issued_at as Date | null) ?? null,
  };
}
