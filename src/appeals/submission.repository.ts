import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What a submission needs to know of the firm it is raised for. */
export interface SubmissionFirm {
  id: number;
  region_code: string;
  /** Comma-separated; `whitelist` makes every appeal of the firm urgent. */
  tags: string;
  active: number;
  officer_id: number | null;
}

/** The appeal an Idempotency-Key was first used for, with the hash of that request. */
export interface IdempotencyRecord {
  appealId: number;
  requestHash: string;
}

/** The reads and writes of a submission that are not the appeal row itself (AppealsRepository has that). */
@Injectable()
export class SubmissionRepository {
  async firm(m: EntityManager, enterpriseId: number): Promise<SubmissionFirm | undefined> {
    const [firm]: SubmissionFirm[] = await m.query('SELECT id, region_code, tags, active, officer_id FROM enterprises WHERE id = ?', [
      enterpriseId,
    ]);
    return firm;
  }

  async idempotencyRecord(m: EntityManager, userId: number, key: string): Promise<IdempotencyRecord | null> {
    const rows: Array<{ appeal_id: number; request_hash: string }> = await m.query(
      'SELECT appeal_id, request_hash FROM idempotency_keys WHERE user_id = ? AND idem_key = ?',
      [userId, key],
    );
    return rows[0] ? { appealId: Number(rows[0].appeal_id), requestHash: rows[0].request_hash } : null;
  }

  /** The key's primary key (user, key) makes a concurrent second use fail with a duplicate key. */
  async recordIdempotencyKey(m: EntityManager, userId: number, key: string, requestHash: string, appealId: number, at: Date): Promise<void> {
    await m.query('INSERT INTO idempotency_keys (user_id, idem_key, request_hash, appeal_id, created_at) VALUES (?, ?, ?, ?, ?)', [
      userId,
      key,
      requestHash,
      appealId,
      at,
    ]);
  }

  /** The firm a visit was made to; undefined when there is no such visit (a plan not yet made is none: appeals come from a made visit). */
  async visitFirm(m: EntityManager, visitId: number): Promise<number | undefined> {
    const [visit]: Array<{ enterprise_id: number }> = await m.query("SELECT enterprise_id FROM visits WHERE id = ? AND status = 'done'", [visitId]);
    return visit ? Number(visit.enterprise_id) : undefined;
  }

  /** Links an appeal to the visit it was raised from (one visit per appeal). */
  async linkVisit(m: EntityManager, appealId: number, visitId: number): Promise<void> {
    await m.query('INSERT INTO visit_appeals (appeal_id, visit_id) VALUES (?, ?)', [appealId, visitId]);
  }
}
