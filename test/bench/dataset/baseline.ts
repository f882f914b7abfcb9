import type { Pool } from 'mysql2/promise';
import { rowsOf } from '../bench-db';
import type { Baseline } from './generate-dataset';

export const SWEEP_BACKUP_TABLE = 'bench_sweep_backup';

/**
 * Puts the data set back to what the generator wrote: removes the appeals, events, inbox and
 * outbox rows, enterprises and assignments earlier runs created (submissions, imports), undoes a
 * sweep preparation that did not finish, and resets sequences, leases and sessions. Every run
 * therefore measures the same data. Frozen period reports are kept: they are what the report job
 * would have left in production, and freezing them is a once-a-period cost the runs measure apart.
 * Returns the number of rows removed per table.
 */
export async function restoreBaseline(pool: Pool, baseline: Baseline): Promise<Record<string, number>> {
  const removed: Record<string, number> = {};
  const connection = await pool.getConnection();
  const run = async (label: string, sql: string, params: unknown[] = []) => {
    const [result] = await connection.query(sql, params);
    const affected = (result as { affectedRows?: number }).affectedRows ?? 0;
    if (affected) removed[label] = (removed[label] ?? 0) + affected;
  };
  try {
    await connection.query('SET SESSION foreign_key_checks = 0');
    await restoreSweepBackup(connection.query.bind(connection) as (sql: string, params?: unknown[]) => Promise<unknown>);
    const after = baseline.appeals;
    await run('appeal_events', 'DELETE FROM appeal_events WHERE id > ?', [baseline.appealEvents]);
    await run('notifications', 'DELETE FROM notifications WHERE id > ?', [baseline.notifications]);
    await run('outbox', 'DELETE FROM outbox WHERE id > ?', [baseline.outbox]);
    await run('idempotency_keys', 'DELETE FROM idempotency_keys WHERE appeal_id > ?', [after]);
    await run('appeal_co_departments', 'DELETE FROM appeal_co_departments WHERE appeal_id > ?', [after]);
    await run('appeal_pauses', 'DELETE FROM appeal_pauses WHERE id > ?', [baseline.appealPauses]);
    await run('appeal_attachments', 'DELETE FROM appeal_attachments WHERE appeal_id > ?', [after]);
    await run('supervision_orders', 'DELETE FROM supervision_orders WHERE id > ?', [baseline.supervisionOrders]);
    await run('appeal_text_bands', 'DELETE FROM appeal_text_bands WHERE appeal_id > ?', [after]);
    await run('appeal_texts', 'DELETE FROM appeal_texts WHERE appeal_id > ?', [after]);
    await run('appeals', 'DELETE FROM appeals WHERE id > ?', [after]);
    await run('officer_assignments', 'DELETE FROM officer_assignments WHERE id > ? OR enterprise_id > ?', [
      baseline.officerAssignments,
      baseline.enterprises,
    ]);
    await run('enterprises', 'DELETE FROM enterprises WHERE id > ?', [baseline.enterprises]);
    await run('refresh_tokens', 'DELETE FROM refresh_tokens');
    await run('login_throttles', 'DELETE FROM login_throttles');
    await connection.query("UPDATE leases SET holder = NULL, acquired_at = NULL, expires_at = '1970-01-01'");
    for (const [year, seq] of Object.entries(baseline.sequences)) {
      await connection.query('UPDATE appeal_number_sequences SET last_seq = ? WHERE year = ?', [seq, Number(year)]);
    }
    const years = Object.keys(baseline.sequences).map(Number);
    await run(
      'appeal_number_sequences',
      `DELETE FROM appeal_number_sequences${years.length ? ' WHERE year NOT IN (?)' : ''}`,
      years.length ? [years] : [],
    );
  } finally {
    connection.release();
  }
  return removed;
}

/** Undoes the sweep benchmark's preparation: the appeals it armed get their timers and light back. */
export async function restoreSweepBackup(query: (sql: string, params?: unknown[]) => Promise<unknown>): Promise<void> {
  const [tables] = (await query(`SHOW TABLES LIKE '${SWEEP_BACKUP_TABLE}'`)) as [unknown[]];
  if (!tables.length) return;
  await query(
    `UPDATE appeals a JOIN ${SWEEP_BACKUP_TABLE} b ON b.id = a.id
        SET a.warning_light = b.warning_light, a.yellow_at = b.yellow_at, a.next_check_at = b.next_check_at, a.overdue_since = b.overdue_since,
            a.response_overdue = b.response_overdue, a.resolution_overdue = b.resolution_overdue, a.supervision_level = b.supervision_level,
            a.status = b.status, a.closed_at = b.closed_at, a.auto_closed = b.auto_closed, a.current_due_at = b.current_due_at,
            a.event_count = b.event_count, a.last_event_hash = b.last_event_hash, a.version = b.version, a.updated_at = b.updated_at`,
  );
  await query(`DROP TABLE ${SWEEP_BACKUP_TABLE}`);
}

export async function countOpen(pool: Pool): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(pool, 'SELECT COUNT(*) AS n FROM appeals WHERE is_open = 1');
  return Number(row?.n ?? 0);
}
