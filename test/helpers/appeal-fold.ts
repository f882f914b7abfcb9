import type { DataSource } from 'typeorm';
import {
  finishedAtFromLog,
  foldEvents,
  metricRowOf,
  type AppealRowForMetrics,
  type LoggedEvent,
  type MetricRow,
} from '../../src/supervision/history/metric-row';

/** One appeal as its row says now and as the fold of its event log says, plus the log itself. */
export async function rowAndFold(
  db: DataSource,
  appealId: number,
): Promise<{ row: AppealRowForMetrics & { updated_at: Date }; now: MetricRow; folded: MetricRow | null; log: LoggedEvent[] }> {
  const [row]: Array<AppealRowForMetrics & { updated_at: Date }> = await db.query('SELECT * FROM appeals WHERE id = ?', [appealId]);
  const events: Array<{ created_at: Date; from_status: string | null; to_status: string; payload: unknown }> = await db.query(
    'SELECT created_at, from_status, to_status, payload FROM appeal_events WHERE appeal_id = ? ORDER BY seq',
    [appealId],
  );
  const log: LoggedEvent[] = events.map((e) => ({
    createdAt: e.created_at,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    facts: (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload).facts ?? null,
  }));
  const now = metricRowOf(row, finishedAtFromLog(row.status, log));
  return { row, now, folded: foldEvents(now, log, new Date('2100-01-01T00:00:00Z')), log };
}
