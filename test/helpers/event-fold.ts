import type { DataSource } from 'typeorm';
import {
  finishedAtFromLog,
  foldEvents,
  type AppealRowForMetrics,
  type LoggedEvent,
  metricRowOf,
  type MetricRow,
} from '../../src/supervision/history/metric-row';

/** The appeal's figures as its row says them, and as the fold of its events' facts says them: they must be equal. */
export async function rowAndFold(db: DataSource, appealId: number): Promise<{ row: MetricRow; fold: MetricRow | null }> {
  const [row]: AppealRowForMetrics[] = await db.query('SELECT * FROM appeals WHERE id = ?', [appealId]);
  const logged: Array<{ created_at: Date; from_status: string | null; to_status: string; payload: unknown }> = await db.query(
    'SELECT created_at, from_status, to_status, payload FROM appeal_events WHERE appeal_id = ? ORDER BY seq',
    [appealId],
  );
  const log: LoggedEvent[] = logged.map((e) => ({
    createdAt: e.created_at,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    facts: (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).facts ?? null,
  }));
  const now = metricRowOf(row, finishedAtFromLog(row.status, log));
  return { row: now, fold: foldEvents(now, log, new Date('2100-01-01T00:00:00Z')) };
}
