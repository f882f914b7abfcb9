import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { subtreePrefix } from '../common/scope/region-reach';
import type { DeliverySource, DeliveryState, ObtainMode, PolicyStatus } from './domain/policy-vocabulary';
import type { DeliveryEventDto, ListDeliveriesQuery } from './dto/delivery.dto';
import { deliveryFirmCondition, policyVisibleCondition } from './policy-visibility';
import { SqlConditions } from '../common/database/sql-conditions';

export interface DeliveryRow {
  policyId: number;
  policyTitle: string;
  policyStatus: PolicyStatus;
  obtainMode: ObtainMode;
  enterpriseId: number;
  enterpriseName: string;
  regionCode: string;
  regionName: string;
  officerId: number | null;
  officerName: string | null;
  state: DeliveryState;
  reason: string | null;
  eligible: boolean;
  matchedAt: Date;
  unmatchedAt: Date | null;
  informedAt: Date | null;
  appliedAt: Date | null;
  benefitedAt: Date | null;
  version: number;
  updatedAt: Date;
}

const SELECT = `
  SELECT pf.*, p.title AS policy_title, p.status AS policy_status, p.obtain_mode,
         e.name AS enterprise_name, e.region_code, r.name AS region_name, e.officer_id, o.display_name AS officer_name
    FROM policy_firms pf
    JOIN policies p ON p.id = pf.policy_id
    JOIN enterprises e ON e.id = pf.enterprise_id
    JOIN regions r ON r.code = e.region_code
    LEFT JOIN users o ON o.id = e.officer_id`;

/** A delivery record as SELECT reads it: the policy_firms row, its policy and its firm. */
interface DeliveryDbRow {
  policy_id: number;
  policy_title: string;
  policy_status: PolicyStatus;
  obtain_mode: ObtainMode;
  enterprise_id: number;
  enterprise_name: string;
  region_code: string;
  region_name: string;
  officer_id: number | null;
  officer_name: string | null;
  state: DeliveryState;
  reason: string | null;
  eligible: number;
  matched_at: Date;
  unmatched_at: Date | null;
  informed_at: Date | null;
  applied_at: Date | null;
  benefited_at: Date | null;
  version: number;
  updated_at: Date;
}

/** A policy_firm_events row with its actor's name. */
interface DeliveryEventDbRow {
  kind: DeliveryEventDto['kind'];
  from_state: DeliveryState | null;
  to_state: DeliveryState | null;
  source: DeliveryEventDto['source'];
  reason: string | null;
  actor_id: number | null;
  actor_name: string | null;
  created_at: Date;
}

function toRow(r: DeliveryDbRow): DeliveryRow {
  return {
    policyId: Number(r.policy_id),
    policyTitle: String(r.policy_title),
    policyStatus: r.policy_status,
    obtainMode: r.obtain_mode,
    enterpriseId: Number(r.enterprise_id),
    enterpriseName: String(r.enterprise_name),
    regionCode: String(r.region_code),
    regionName: String(r.region_name),
    officerId: r.officer_id === null ? null : Number(r.officer_id),
    officerName: r.officer_name ?? null,
    state: r.state,
    reason: r.reason ?? null,
    eligible: Number(r.eligible) === 1,
    matchedAt: r.matched_at,
    unmatchedAt: r.unmatched_at ?? null,
    informedAt: r.informed_at ?? null,
    appliedAt: r.applied_at ?? null,
    benefitedAt: r.benefited_at ?? null,
    version: Number(r.version),
    updatedAt: r.updated_at,
  };
}

export interface StateChange {
  from: DeliveryState;
  to: DeliveryState;
  source: DeliverySource;
  reason: string | null;
  stamps: string[];
  actorId: number;
  actorRole: string;
  now: Date;
}

@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** The records of firms the caller sees, of policies the caller may read: the officer's "policies to deliver", a firm's "my policies". */
  async listVisible(user: AuthUser, query: ListDeliveriesQuery): Promise<[DeliveryRow[], number]> {
    const firms = deliveryFirmCondition('e', user);
    const policies = policyVisibleCondition('p', user);
    const where = new SqlConditions(firms, policies).add("p.status <> 'draft'").add('pf.eligible = ?', query.eligible === false ? 0 : 1);
    if (query.state) where.add('pf.state = ?', query.state);
    if (query.policyId) where.add('pf.policy_id = ?', query.policyId);
    if (query.enterpriseId) where.add('pf.enterprise_id = ?', query.enterpriseId);
    if (query.regionCode) where.add('e.region_code LIKE ?', `${subtreePrefix(query.regionCode)}%`);
    const sql = where.sql;
    const params = where.params;
    const [rows, count]: [DeliveryDbRow[], Array<{ total: number }>] = await Promise.all([
      this.dataSource.query(
        `${SELECT} WHERE ${sql}
          ORDER BY FIELD(pf.state, 'pending', 'informed', 'applied', 'exempt', 'benefited', 'not_applicable'), pf.matched_at DESC, pf.policy_id DESC, pf.enterprise_id
          LIMIT ? OFFSET ?`,
        [...params, query.pageSize, (query.page - 1) * query.pageSize],
      ),
      this.dataSource.query(
        `SELECT COUNT(*) AS total FROM policy_firms pf JOIN policies p ON p.id = pf.policy_id JOIN enterprises e ON e.id = pf.enterprise_id WHERE ${sql}`,
        params,
      ),
    ]);
    return [rows.map(toRow), Number(count[0].total)];
  }

  async findVisible(manager: EntityManager, user: AuthUser, policyId: number, enterpriseId: number): Promise<DeliveryRow | null> {
    const firms = deliveryFirmCondition('e', user);
    const policies = policyVisibleCondition('p', user);
    const rows: DeliveryDbRow[] = await manager.query(
      `${SELECT} WHERE pf.policy_id = ? AND pf.enterprise_id = ? AND ${firms.sql} AND ${policies.sql}`,
      [policyId, enterpriseId, ...firms.params, ...policies.params],
    );
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** The record's history, oldest first; the first match is the record itself (its matched_at). */
  async history(policyId: number, enterpriseId: number, matchedAt: Date): Promise<DeliveryEventDto[]> {
    const rows: DeliveryEventDbRow[] = await this.dataSource.query(
      `SELECT h.*, u.display_name AS actor_name FROM policy_firm_events h LEFT JOIN users u ON u.id = h.actor_id
        WHERE h.policy_id = ? AND h.enterprise_id = ? ORDER BY h.id`,
      [policyId, enterpriseId],
    );
    const stored: DeliveryEventDto[] = rows.map((r) => ({
      kind: r.kind,
      fromState: r.from_state ?? null,
      toState: r.to_state ?? null,
      source: r.source,
      reason: r.reason ?? null,
      actorId: r.actor_id === null ? null : Number(r.actor_id),
      actorName: r.actor_name ?? null,
      createdAt: r.created_at,
    }));
    // Records matched before migration 2110 have their match stored; later ones carry it on the row.
    if (stored.some((e) => e.kind === 'matched')) return stored;
    const first: DeliveryEventDto = { kind: 'matched', fromState: null, toState: 'pending', source: 'matching', reason: null, actorId: null, actorName: null, createdAt: matchedAt };
    return [first, ...stored];
  }

  /** The guarded write and its history row; false when the version moved (someone else changed it first). */
  async changeState(m: EntityManager, policyId: number, enterpriseId: number, version: number, change: StateChange): Promise<boolean> {
    const stamps = change.stamps.map((column) => `, ${column} = COALESCE(${column}, ?)`).join('');
    const result: { affectedRows: number } = await m.query(
      `UPDATE policy_firms SET state = ?, reason = ?, updated_by = ?, updated_at = ?, version = version + 1${stamps}
        WHERE policy_id = ? AND enterprise_id = ? AND version = ? AND state = ?`,
      [change.to, change.reason, change.actorId, change.now, ...change.stamps.map(() => change.now), policyId, enterpriseId, version, change.from],
    );
    if (result.affectedRows === 0) return false;
    await m.query(
      `INSERT INTO policy_firm_events (policy_id, enterprise_id, kind, from_state, to_state, source, reason, actor_id, actor_role, created_at)
       VALUES (?, ?, 'state', ?, ?, ?, ?, ?, ?, ?)`,
      [policyId, enterpriseId, change.from, change.to, change.source, change.reason, change.actorId, change.actorRole, change.now],
    );
    return true;
  }
}
