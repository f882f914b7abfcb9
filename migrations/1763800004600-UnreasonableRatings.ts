import { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns an appeal is grouped or narrowed by in reports and rankings (as in migration 0650). */
const GROUP_COLUMNS = 'region_code, city_code, lead_department_id, category_id';

/**
 * 不合理差评 (#16): a supervisor may rule the unsatisfied rating on record unreasonable, once per
 * rating, with a reason. `rating_ruled_at` marks the ruling (the event `rule_unreasonable_rating`
 * holds who and why; the reason is kept beside it for the appeal page); a new verification clears
 * both. The CHECK holds that only an unsatisfied rating can carry a ruling.
 *
 * The satisfaction rate leaves ruled ratings out of its denominator and counts them apart, from
 * the verified-appeals covering index, so the column joins that index (the family stays an
 * index-only range scan).
 *
 * "Nobody in the handling department may rule": only handlers belong to a department (the users
 * service has always refused a department for any other role); the converse of
 * ck_users_handler_department makes that a database rule, so a supervisor — the one role that
 * may rule — is never a member of any department.
 */
export class UnreasonableRatings1763800004600 implements MigrationInterface {
  name = 'UnreasonableRatings1763800004600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE appeals
        ADD COLUMN rating_ruled_at DATETIME(3) NULL AFTER verified_on_behalf,
        ADD COLUMN rating_ruling_reason VARCHAR(500) NULL AFTER rating_ruled_at,
        ADD CONSTRAINT ck_appeals_rating_ruling
          CHECK (rating_ruled_at IS NULL OR satisfaction IN ('dissatisfied', 'very_dissatisfied')),
        DROP KEY ix_appeals_verified_cover,
        ADD KEY ix_appeals_verified_cover (verified_at, ${GROUP_COLUMNS}, solved, satisfaction, verified_on_behalf, rating_ruled_at)`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT ck_users_department_handler_only CHECK (role = 'handler' OR department_id IS NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE users DROP CONSTRAINT ck_users_department_handler_only');
    await q.query(`
      ALTER TABLE appeals
        DROP CONSTRAINT ck_appeals_rating_ruling,
        DROP KEY ix_appeals_verified_cover,
        ADD KEY ix_appeals_verified_cover (verified_at, ${GROUP_COLUMNS}, solved, satisfaction, verified_on_behalf)`);
    await q.query('ALTER TABLE appeals DROP COLUMN rating_ruling_reason, DROP COLUMN rating_ruled_at');
  }
}
