import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '../../common/auth/auth-user';
import { enterpriseVisibleCondition } from '../../enterprises/enterprise-scope';
import type { FirmFact } from '../domain/policy-vocabulary';
import type { FirmFactDto } from './firm-facts.dto';

@Injectable()
export class FirmFactsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The firm's region when the caller may see the firm (the one firms rule), else null. */
  async visibleFirmRegion(user: AuthUser, enterpriseId: number): Promise<string | null> {
    const visible = enterpriseVisibleCondition('e', user);
    const rows: Array<{ region_code: string }> = await this.dataSource.query(
      `SELECT e.region_code FROM enterprises e WHERE e.id = ? AND ${visible.sql}`,
      [enterpriseId, ...visible.params],
    );
    return rows[0]?.region_code ?? null;
  }

  async list(enterpriseId: number): Promise<FirmFactDto[]> {
    const rows: Array<{ fact: FirmFact; value: string | number; as_of: string | null; updated_at: Date }> = await this.dataSource.query(
      "SELECT fact, value, DATE_FORMAT(as_of, '%Y-%m-%d') AS as_of, updated_at FROM firm_facts WHERE enterprise_id = ? ORDER BY fact",
      [enterpriseId],
    );
    return rows.map((r) => ({ fact: r.fact, value: Number(r.value), asOf: r.as_of, updatedAt: r.updated_at }));
  }

  /** Replaces the firm's facts (the listed ones, nothing else), inside the caller's transaction. */
  async replace(m: EntityManager, enterpriseId: number, facts: Array<{ fact: FirmFact; value: number; asOf: string | null }>, now: Date): Promise<void> {
    await m.query('DELETE FROM firm_facts WHERE enterprise_id = ?', [enterpriseId]);
    if (!facts.length) return;
    await m.query(
      `INSERT INTO firm_facts (enterprise_id, fact, value, as_of, updated_at) VALUES ${facts.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
      facts.flatMap((f) => [enterpriseId, f.fact, f.value, f.asOf, now]),
    );
  }
}
