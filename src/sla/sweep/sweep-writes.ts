import type { AppealEventAction } from '../../appeals/domain';
import type { MetricFacts } from '../../appeals/events/metric-facts';

import type { AppealChanges } from '../../appeals/changes/appeal-changes';

/**
 * What the sweep writes to one appeal: typed changes (the repository alone turns them into
 * columns), plus one per-row rule the sweep needs so many rows can share one UPDATE: the overdue
 * mark starts at the current deadline unless the appeal was overdue already.
 */
export interface SweepChanges extends AppealChanges {
  /** overdue_since keeps its value, or becomes current_due_at when it had none. */
  overdueSinceFromDue?: true;
}

/** An event the sweep writes to an appeal's timeline, as the system. */
export interface PlannedEvent {
  action: AppealEventAction;
  fromStatus: string;
  toStatus: string;
  reason: string;
  payload: Record<string, string | number | boolean | null | MetricFacts>;
  visibility: 'public' | 'internal';
}
