import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Integrity signals for supervisors (#16, src/supervision/integrity).
 *
 * - appeal_events.origin_ip_hash / origin_session_hash: where an answer (resolve) or a rating
 *   (verify, follow_up_call) was given from, as HMAC-SHA256 hashes keyed with the server secret
 *   (nothing was stored about the request before). Written for those three actions only, never
 *   shown; covered by the event's hash when present. The index finds a period's ratings and answers
 *   by action and time, with the hashes, without reading the payloads.
 * - ix_appeals_verified_integrity: the period's ratings by officer and by department with the redo
 *   count, who recorded them and the level, so the officer and redo signals are index-only range
 *   scans like the metrics (ix_appeals_verified_cover has neither the officer nor the redo count).
 */
export class IntegritySignals1763800004610 implements MigrationInterface {
  name = 'IntegritySignals1763800004610';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE appeal_events
        ADD COLUMN origin_ip_hash CHAR(64) NULL AFTER visibility,
        ADD COLUMN origin_session_hash CHAR(64) NULL AFTER origin_ip_hash,
        ADD KEY ix_events_action_created_origin (action, created_at, appeal_id, origin_ip_hash, origin_session_hash)`);
    await q.query(`
      ALTER TABLE appeals
        ADD KEY ix_appeals_verified_integrity
          (verified_at, region_code, officer_id, lead_department_id, redo_count, verified_on_behalf, satisfaction)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appeals DROP KEY ix_appeals_verified_integrity');
    await q.query(`
      ALTER TABLE appeal_events
        DROP KEY ix_events_action_created_origin,
        DROP COLUMN origin_session_hash,
        DROP COLUMN origin_ip_hash`);
  }
}
