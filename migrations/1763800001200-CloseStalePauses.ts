import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Withdrawing a suspended appeal used to leave its pause open (`ended_at` NULL); the state
 * machine now ends the pause whenever an appeal leaves `suspended`. This closes the pauses left
 * open before: each at the first event that took its appeal out of `suspended` after the pause
 * began (the appeal's last update when, against expectation, there is none).
 *
 * `down` changes nothing: a closed pause of an appeal that is no longer suspended is right under
 * either version of the code, and which rows were repaired is not recorded.
 */
export class CloseStalePauses1763800001200 implements MigrationInterface {
  name = 'CloseStalePauses1763800001200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE appeal_pauses p
        JOIN appeals a ON a.id = p.appeal_id
         SET p.ended_at = COALESCE(
               (SELECT MIN(e.created_at) FROM appeal_events e
                 WHERE e.appeal_id = p.appeal_id AND e.from_status = 'suspended' AND e.to_status <> 'suspended'
                   AND e.created_at >= p.started_at),
               a.updated_at)
       WHERE p.ended_at IS NULL AND a.status <> 'suspended'`);
  }

  async down(): Promise<void> {
    // Intentionally nothing: see the class comment.
  }
}
