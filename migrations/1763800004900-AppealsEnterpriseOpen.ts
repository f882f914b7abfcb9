import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The duplicate-candidate lookup at intake (#16) starts from the firm's open appeals: by
 * (enterprise_id, submitted_at) it had to read every appeal the firm ever raised to find its open
 * ones, thousands for a busy firm. With is_open in the key it reads the open ones only. Built in
 * place without blocking writes.
 */
export class AppealsEnterpriseOpen1763800004900 implements MigrationInterface {
  name = 'AppealsEnterpriseOpen1763800004900';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appeals ADD KEY ix_appeals_enterprise_open (enterprise_id, is_open), ALGORITHM=INPLACE, LOCK=NONE');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE appeals DROP KEY ix_appeals_enterprise_open');
  }
}
