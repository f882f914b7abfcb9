import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { PolicyLevel, SlaPolicyRecord, SlaPolicyRow, Urgency } from './sla-policy';
import { runTransaction } from '../../common/database/unit-of-work';

interface RawPolicy {
  id: number;
  category_id: number | null;
  urgency: Urgency;
  level: PolicyLevel | null;
  policy_version: number;
  response_amount: number;
  response_unit: SlaPolicyRow['responseUnit'];
  resolution_days: number;
  resolution_days_cohandled: number;
  verification_days: number;
  created_by: number | null;
  created_at: Date;
  superseded_at: Date | null;
}

const COLUMNS = `p.id, p.category_id, p.urgency, p.level, p.policy_version, p.response_amount, p.response_unit, p.resolution_days,
  p.resolution_days_cohandled, p.verification_days, p.created_by, p.created_at, p.superseded_at`;

function toRecord(r: RawPolicy): SlaPolicyRecord {
  return {
    id: Number(r.id),
    categoryId: r.category_id === null ? null : Number(r.category_id),
    urgency: r.urgency,
    level: r.level,
    policyVersion: Number(r.policy_version),
    responseAmount: Number(r.response_amount),
    responseUnit: r.response_unit,
    resolutionDays: Number(r.resolution_days),
    resolutionDaysCohandled: Number(r.resolution_days_cohandled),
    verificationDays: Number(r.verification_days),
    createdBy: r.created_by === null ? null : Number(r.created_by),
    createdAt: r.created_at,
    supersededAt: r.superseded_at,
  };
}

export interface NewPolicyVersion {
  categoryId: number | null;
  urgency: Urgency;
  level: PolicyLevel | null;
  responseAmount: number;
  responseUnit: SlaPolicyRow['responseUnit'];
  resolutionDays: number;
  resolutionDaysCohandled: number;
  verificationDays: number;
}

@Injectable()
export class SlaPoliciesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** For reads outside a caller's transaction. */
  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * The current version of the most specific policy: the exact category beats its parent, which
   * beats "any category" (NULL); then the exact level beats "any level". Urgency must match.
   */
  async findCurrentFor(
    manager: EntityManager,
    q: { categoryId: number; urgency: Urgency; level: PolicyLevel },
  ): Promise<SlaPolicyRecord | null> {
    const rows: RawPolicy[] = await manager.query(
      `SELECT ${COLUMNS}
         FROM sla_policies p
        WHERE p.superseded_at IS NULL AND p.urgency = ?
          AND (p.category_id IS NULL OR p.category_id = ?
               OR p.category_id = (SELECT c.parent_id FROM appeal_categories c WHERE c.id = ?))
          AND (p.level IS NULL OR p.level = ?)
        ORDER BY CASE WHEN p.category_id = ? THEN 2 WHEN p.category_id IS NOT NULL THEN 1 ELSE 0 END DESC,
                 (p.level IS NOT NULL) DESC, p.id DESC
        LIMIT 1`,
      [q.urgency, q.categoryId, q.categoryId, q.level, q.categoryId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findById(manager: EntityManager, id: number): Promise<SlaPolicyRecord | null> {
    const rows: RawPolicy[] = await manager.query(`SELECT ${COLUMNS} FROM sla_policies p WHERE p.id = ?`, [id]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  /** Every version, current ones first within each scope. */
  async listAll(filter: { currentOnly: boolean; categoryId?: number }): Promise<SlaPolicyRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.currentOnly) where.push('p.superseded_at IS NULL');
    if (filter.categoryId !== undefined) {
      where.push('p.category_id = ?');
      params.push(filter.categoryId);
    }
    const rows: RawPolicy[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM sla_policies p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY p.category_key, p.urgency, p.level_key, p.policy_version DESC`,
      params,
    );
    return rows.map(toRecord);
  }

  async categoryExists(categoryId: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM appeal_categories WHERE id = ?', [categoryId]);
    return rows.length > 0;
  }

  /**
   * Supersedes the scope's current row and inserts the next version, in one transaction. The
   * current row is locked first, so two admins saving at once get versions n+1 and n+2 (or the
   * unique key refuses the second) instead of two "current" rows.
   */
  async insertNextVersion(policy: NewPolicyVersion, userId: number, now: Date): Promise<number> {
    return runTransaction(this.dataSource, async (manager) => {
      const scope = [policy.categoryId ?? 0, policy.urgency, policy.level ?? '*'];
      const current: Array<{ id: number; policy_version: number }> = await manager.query(
        `SELECT id, policy_version FROM sla_policies
          WHERE category_key = ? AND urgency = ? AND level_key = ?
          ORDER BY policy_version DESC LIMIT 1 FOR UPDATE`,
        scope,
      );
      const nextVersion = current[0] ? Number(current[0].policy_version) + 1 : 1;
      await manager.query(
        `UPDATE sla_policies SET superseded_at = ?
          WHERE category_key = ? AND urgency = ? AND level_key = ? AND superseded_at IS NULL`,
        [now, ...scope],
      );
      const result: { insertId: number } = await manager.query(
        `INSERT INTO sla_policies (category_id, urgency, level, policy_version, response_amount, response_unit, resolution_days,
                                   resolution_days_cohandled, verification_days, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          policy.categoryId,
          policy.urgency,
          policy.level,
          nextVersion,
          policy.responseAmount,
          policy.responseUnit,
          policy.resolutionDays,
          policy.resolutionDaysCohandled,
          policy.verificationDays,
          userId,
          now,
        ],
      );
      return Number(result.insertId);
    });
  }
}
