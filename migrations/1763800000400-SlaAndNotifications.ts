import { MigrationInterface, QueryRunner } from 'typeorm';
import { loadChineseDaysDefinition } from '../src/sla/calendar-seed/chinese-days-source';

/**
 * The working-day calendar (seeded from the chinese-days package: statutory holidays and the
 * weekend make-up working days), settings, versioned SLA policies, pauses, supervision orders,
 * the in-app inbox, the outbound outbox, and lease rows for single-runner jobs.
 */
export class SlaAndNotifications1763800000400 implements MigrationInterface {
  name = 'SlaAndNotifications1763800000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_years (
        year SMALLINT UNSIGNED NOT NULL,
        source ENUM('package','admin') NOT NULL,
        note VARCHAR(255) NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (year)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    // Only exceptions to Mon–Fri are stored: holidays on weekdays and make-up working weekends.
    await q.query(`
      CREATE TABLE calendar_days (
        day DATE NOT NULL,
        kind ENUM('holiday','workday') NOT NULL,
        name VARCHAR(64) NULL,
        source ENUM('package','admin') NOT NULL,
        updated_by INT UNSIGNED NULL,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (day)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE settings (
        setting_key VARCHAR(100) NOT NULL,
        value JSON NOT NULL,
        version INT UNSIGNED NOT NULL DEFAULT 1,
        updated_by INT UNSIGNED NULL,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (setting_key)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // category_id has no foreign key because MariaDB refuses generated columns (category_key)
    // over foreign-key columns; the service checks the category exists.
    // A policy is never edited in place: a change supersedes the row and inserts the next
    // version, so an appeal's sla_policy_id keeps pointing at the limits it started under.
    await q.query(`
      CREATE TABLE sla_policies (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        category_id INT UNSIGNED NULL,
        urgency ENUM('normal','urgent') NOT NULL,
        level ENUM('county','city','province') NULL,
        policy_version INT UNSIGNED NOT NULL,
        response_amount INT UNSIGNED NOT NULL,
        response_unit ENUM('natural_hours','working_hours','working_days') NOT NULL,
        resolution_days INT UNSIGNED NOT NULL,
        resolution_days_cohandled INT UNSIGNED NOT NULL,
        verification_days INT UNSIGNED NOT NULL,
        created_by INT UNSIGNED NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        superseded_at DATETIME(3) NULL,
        category_key INT UNSIGNED AS (IFNULL(category_id, 0)) STORED,
        level_key VARCHAR(8) AS (IFNULL(level, '*')) STORED,
        PRIMARY KEY (id),
        UNIQUE KEY uq_sla_scope_version (category_key, urgency, level_key, policy_version),
        KEY ix_sla_current (superseded_at, category_key),
        CONSTRAINT ck_sla_positive CHECK (response_amount > 0 AND resolution_days > 0 AND resolution_days_cohandled > 0 AND verification_days > 0)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE appeal_pauses (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        appeal_id INT UNSIGNED NOT NULL,
        started_at DATETIME(3) NOT NULL,
        ended_at DATETIME(3) NULL,
        reason VARCHAR(1000) NULL,
        PRIMARY KEY (id),
        KEY ix_pauses_appeal (appeal_id),
        CONSTRAINT fk_pauses_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE supervision_orders (
        id INT UNSIGNED NOT NULL AUTO_INCREMENT,
        appeal_id INT UNSIGNED NOT NULL,
        source ENUM('ladder','manual') NOT NULL,
        issued_by INT UNSIGNED NULL,
        department_id INT UNSIGNED NULL,
        note TEXT NULL,
        reply_due_at DATETIME(3) NULL,
        reply TEXT NULL,
        replied_by INT UNSIGNED NULL,
        replied_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_orders_appeal (appeal_id),
        KEY ix_orders_department_open (department_id, replied_at),
        CONSTRAINT fk_orders_appeal FOREIGN KEY (appeal_id) REFERENCES appeals (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE notifications (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        user_id INT UNSIGNED NOT NULL,
        appeal_id INT UNSIGNED NULL,
        kind VARCHAR(40) NOT NULL,
        title VARCHAR(200) NOT NULL,
        body VARCHAR(1000) NULL,
        read_at DATETIME(3) NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (id),
        KEY ix_notifications_user_read (user_id, read_at, id),
        CONSTRAINT fk_notifications_user FOREIGN KEY (user_id) REFERENCES users (id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    // dedupe_key makes "deliver this event to this receiver" exist at most once, so a retried
    // transaction or a restarted worker can never send it twice.
    await q.query(`
      CREATE TABLE outbox (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        channel VARCHAR(20) NOT NULL,
        receiver VARCHAR(200) NOT NULL,
        dedupe_key VARCHAR(191) NOT NULL,
        event_type VARCHAR(40) NOT NULL,
        payload JSON NOT NULL,
        status ENUM('pending','sent','dead') NOT NULL DEFAULT 'pending',
        attempts INT UNSIGNED NOT NULL DEFAULT 0,
        next_attempt_at DATETIME(3) NOT NULL,
        claimed_by VARCHAR(64) NULL,
        claimed_until DATETIME(3) NULL,
        last_error VARCHAR(1000) NULL,
        created_at DATETIME(3) NOT NULL,
        sent_at DATETIME(3) NULL,
        PRIMARY KEY (id),
        UNIQUE KEY uq_outbox_dedupe (dedupe_key),
        KEY ix_outbox_due (status, next_attempt_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);

    await q.query(`
      CREATE TABLE leases (
        name VARCHAR(64) NOT NULL,
        holder VARCHAR(100) NULL,
        acquired_at DATETIME(3) NULL,
        expires_at DATETIME(3) NOT NULL,
        PRIMARY KEY (name)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await q.query(`INSERT INTO leases (name, expires_at) VALUES ('sla-sweep', '1970-01-01'), ('outbox-worker', '1970-01-01')`);

    await this.seedCalendar(q);
    await this.seedDefaults(q);
  }

  private async seedCalendar(q: QueryRunner): Promise<void> {
    const definition = loadChineseDaysDefinition();
    const firstYear = Number(definition.firstDay.slice(0, 4));
    const lastYear = Number(definition.lastDay.slice(0, 4));
    const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i);
    await q.query(
      `INSERT INTO calendar_years (year, source, note) VALUES ${years.map(() => "(?, 'package', 'chinese-days')").join(',')}`,
      years,
    );
    const rows = definition.overrides.map((o) => [o.date, o.kind, o.name ?? null]);
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await q.query(
        `INSERT INTO calendar_days (day, kind, name, source) VALUES ${chunk.map(() => "(?, ?, ?, 'package')").join(',')}`,
        chunk.flat(),
      );
    }
  }

  private async seedDefaults(q: QueryRunner): Promise<void> {
    const settings: Record<string, unknown> = {
      'sla.working_hours': [
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ],
      'sla.yellow_share': 0.7,
      'sla.ladder': { supervisionAfterOverdueWorkingDays: 2, yellowCardAfterOverdueWorkingDays: 5, redCardAfterOverdueWorkingDays: 10 },
      'sla.objection_window_working_days': 1,
      'metrics.basically_satisfied_counts': true,
      'metrics.weights': {
        responseRate: 20,
        onTimeResolutionRate: 25,
        solutionRate: 20,
        satisfactionRate: 25,
        redoRate: 5,
        objectionRate: 2.5,
        extensionRate: 2.5,
      },
    };
    for (const [key, value] of Object.entries(settings)) {
      await q.query('INSERT INTO settings (setting_key, value) VALUES (?, ?)', [key, JSON.stringify(value)]);
    }
    // Province-wide defaults; admins add category- or level-specific versions.
    await q.query(
      `INSERT INTO sla_policies (category_id, urgency, level, policy_version, response_amount, response_unit,
                                 resolution_days, resolution_days_cohandled, verification_days)
       VALUES (NULL, 'normal', NULL, 1, 24, 'natural_hours', 7, 15, 5),
              (NULL, 'urgent', NULL, 1, 24, 'natural_hours', 3, 7, 5)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'leases',
      'outbox',
      'notifications',
      'supervision_orders',
      'appeal_pauses',
      'sla_policies',
      'settings',
      'calendar_days',
      'calendar_years',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
