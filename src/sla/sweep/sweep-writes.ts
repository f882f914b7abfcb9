import type { AppealEventAction } from '../../appeals/domain';
import type { MetricFacts } from '../../appeals/events/metric-facts';

/** A column value, or an SQL expression over the row's own columns (so many rows can share one UPDATE). */
export type ColumnValue = string | number | Date | null | { sql: string };

/** An event the sweep writes to an appeal's timeline, as the system. */
export interface PlannedEvent {
  action: AppealEventAction;
  fromStatus: string;
  toStatus: string;
  reason: string;
  payload: Record<string, string | number | boolean | null | MetricFacts>;
  visibility: 'public' | 'internal';
}
