import type { DeadlineBasis } from '../../sla/domain/deadline-basis';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { APPEAL_HEAD_COLUMNS, type AppealHeadDbRow, appealHeadOf } from '../../appeals/appeal-row';
import type { AuthUser } from '../../common/auth/auth-user';
import { reachCondition } from '../../common/scope/sql-reach';
import { SqlConditions } from '../../common/database/sql-conditions';

export type OrderAppeal = ReturnType<typeof appealHeadOf>;

export interface SupervisionOrderRow {
  id: number;
  appealId: number;
  appealNumber: string;
  appealTitle: string;
  regionCode: string;
  source: 'ladder' | 'manual';
  issuedBy: number | null;
  issuedByName: string | null;
  departmentId: number | null;
  departmentName: string | null;
  note: string | null;
  replyDueAt: Date | null;
  replyDueBasis: DeadlineBasis;
  reply: string | null;
  repliedBy: number | null;
  repliedAt: Date | null;
  createdAt: Date;
}

const ORDER_SELECT = `
  SELECT o.id, o.appeal_id, a.number AS appeal_number, a.title AS appeal_title, a.region_code, o.source, o.issued_by,
         iu.display_name AS issued_by_name, o.department_id, d.name AS department_name, o.note, o.reply_due_at, o.reply_due_basis, o.reply,
         o.replied_by, o.replied_at, o.created_at
    FROM supervision_orders o
    JOIN appeals a ON a.id = o.appeal_id
    LEFT JOIN users iu ON iu.id = o.issued_by
    LEFT JOIN departments d ON d.id = o.department_id`;

/** An order as ORDER_SELECT reads it, with its appeal's number, title and region and the names. */
interface OrderDbRow {
  id: number;
  appeal_id: number;
  appeal_number: string;
  appeal_title: string;
  region_code: string;
  source: SupervisionOrderRow['source'];
  issued_by: number | null;
  issued_by_name: string | null;
  department_id: number | null;
  department_name: string | null;
  note: string | null;
  reply_due_at: Date | null;
  reply_due_basis: DeadlineBasis;
  reply: string | null;
  replied_by: number | null;
  replied_at: Date | null;
  created_at: Date;
}

function toOrder(r: OrderDbRow): SupervisionOrderRow {
  const num = (v: number | null) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(r.id),
    appealId: Number(r.appeal_id),
    appealNumber: String(r.appeal_number),
    appealTitle: String(r.appeal_title),
    regionCode: String(r.region_code),
    source: r.source,
    issuedBy: num(r.issued_by),
    issuedByName: r.issued_by_name ?? null,
    departmentId: num(r.department_id),
    departmentName: r.department_name ?? null,
    note: r.note ?? null,
    replyDueAt: r.reply_due_at ?? null,
    replyDueBasis: r.reply_due_basis,
    reply: r.reply ?? null,
    repliedBy: num(r.replied_by),
    repliedAt: r.replied_at ?? null,
    createdAt: r.created_at,
  };
}

/** What a user may see: supervisors and admins by region reach, handlers their department's, officers their firms'. */
function visibility(user: AuthUser): { sql: string; params: unknown[] } {
  switch (user.role) {
    case 'admin':
    case 'supervisor':
      return reachCondition('a.region_code', user);
    case 'handler':
      return { sql: 'o.department_id = ?', params: [user.departmentId ?? 0] };
    case 'officer':
      return { sql: 'a.officer_id = ?', params: [user.id] };
    default:
      return { sql: '1=0', params: [] };
  }
}

@Injectable()
export class SupervisionOrdersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The appeal if it lies in the supervisor's reach, locked for the transaction. */
  async lockAppealInReach(manager: EntityManager, user: AuthUser, appealId: number): Promise<OrderAppeal | null> {
    const reach = reachCondition('region_code', user);
    const rows: AppealHeadDbRow[] = await manager.query(
      `SELECT ${APPEAL_HEAD_COLUMNS} FROM appeals WHERE id = ? AND ${reach.sql} FOR UPDATE`,
      [appealId, ...reach.params],
    );
    return rows[0] ? appealHeadOf(rows[0]) : null;
  }

  async lockAppeal(manager: EntityManager, appealId: number): Promise<OrderAppeal> {
    const rows: AppealHeadDbRow[] = await manager.query(`SELECT ${APPEAL_HEAD_COLUMNS} FROM appeals WHERE id = ? FOR UPDATE`, [appealId]);
    return appealHeadOf(rows[0]);
  }

  async insertManual(
    manager: EntityManager,
    order: {
      appealId: number;
      issuedBy: number;
      departmentId: number;
      note: string;
      replyDueAt: Date;
      replyDueBasis: DeadlineBasis;
      createdAt: Date;
    },
  ): Promise<number> {
    const result: { insertId: number } = await manager.query(
      `INSERT INTO supervision_orders (appeal_id, source, issued_by, department_id, note, reply_due_at, reply_due_basis, created_at)
       VALUES (?, 'manual', ?, ?, ?, ?, ?, ?)`,
      [order.appealId, order.issuedBy, order.departmentId, order.note, order.replyDueAt, order.replyDueBasis, order.createdAt],
    );
    return Number(result.insertId);
  }

  async findVisible(user: AuthUser, id: number, manager: EntityManager = this.dataSource.manager): Promise<SupervisionOrderRow | null> {
    const scope = visibility(user);
    const rows: OrderDbRow[] = await manager.query(`${ORDER_SELECT} WHERE o.id = ? AND ${scope.sql}`, [
      id,
      ...scope.params,
    ]);
    return rows[0] ? toOrder(rows[0]) : null;
  }

  /** Records the reply once: false when someone replied first. */
  async recordReply(manager: EntityManager, id: number, reply: string, userId: number, now: Date): Promise<boolean> {
    const result: { affectedRows: number } = await manager.query(
      'UPDATE supervision_orders SET reply = ?, replied_by = ?, replied_at = ? WHERE id = ? AND replied_at IS NULL',
      [reply, userId, now, id],
    );
    return result.affectedRows === 1;
  }

  async listVisible(
    user: AuthUser,
    filter: { awaitingReply?: boolean; appealId?: number },
    offset: number,
    limit: number,
  ): Promise<[SupervisionOrderRow[], number]> {
    const where = new SqlConditions(visibility(user));
    if (filter.awaitingReply !== undefined) where.add(filter.awaitingReply ? 'o.replied_at IS NULL' : 'o.replied_at IS NOT NULL');
    if (filter.appealId !== undefined) where.add('o.appeal_id = ?', filter.appealId);
    const clause = where.sql;
    const params = where.params;
    const [rows, count]: [OrderDbRow[], Array<{ total: number }>] = await Promise.all([
      this.dataSource.query(`${ORDER_SELECT} WHERE ${clause} ORDER BY o.reply_due_at IS NULL, o.reply_due_at, o.id LIMIT ? OFFSET ?`, [
        ...params,
        limit,
        offset,
      ]),
      this.dataSource.query(
        `SELECT COUNT(*) AS total FROM supervision_orders o JOIN appeals a ON a.id = o.appeal_id WHERE ${clause}`,
        params,
      ),
    ]);
    return [rows.map(toOrder), Number(count[0].total)];
  }
}
