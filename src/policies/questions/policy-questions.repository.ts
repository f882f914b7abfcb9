import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { deliveryFirmCondition, policyVisibleCondition } from '../policy-visibility';

export const POLICY_INQUIRY_CATEGORY = 'policy_inquiry';

@Injectable()
export class PolicyQuestionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The policy as the caller may ask about it: readable, and its record for this firm one the caller sees. */
  async askable(user: AuthUser, policyId: number, enterpriseId: number): Promise<{ title: string; status: string } | null> {
    const policy = policyVisibleCondition('p', user);
    const firm = deliveryFirmCondition('e', user);
    const rows: Array<{ title: string; status: string }> = await this.dataSource.query(
      `SELECT p.title, p.status FROM policies p
         JOIN policy_firms pf ON pf.policy_id = p.id AND pf.enterprise_id = ?
         JOIN enterprises e ON e.id = pf.enterprise_id
        WHERE p.id = ? AND ${policy.sql} AND ${firm.sql}`,
      [enterpriseId, policyId, ...policy.params, ...firm.params],
    );
    return rows[0] ?? null;
  }

  async inquiryCategoryId(): Promise<number> {
    const rows: Array<{ id: number }> = await this.dataSource.query('SELECT id FROM appeal_categories WHERE code = ?', [POLICY_INQUIRY_CATEGORY]);
    if (!rows[0]) throw new Error(`The category ${POLICY_INQUIRY_CATEGORY} is missing (migration 1763800002100)`);
    return Number(rows[0].id);
  }

  /** Written in the submission's own transaction: the appeal and its link to the policy exist together. */
  async link(m: EntityManager, appealId: number, policyId: number): Promise<void> {
    await m.query('INSERT INTO policy_appeals (appeal_id, policy_id) VALUES (?, ?)', [appealId, policyId]);
  }
}
