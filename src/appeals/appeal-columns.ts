import type { AppealRow } from './appeal-row';
import type { AppealChanges } from './changes/appeal-changes';

/**
 * The one place that knows which appeals column each typed change is written to. Keyed by every
 * field of AppealChanges and typed against AppealRow, so a new change without a column (or a
 * column renamed in the row type) does not compile.
 */
const COLUMN: { readonly [K in keyof Required<AppealChanges>]: keyof AppealRow } = {
  status: 'status',
  level: 'level',
  leadDepartmentId: 'lead_department_id',
  handlerId: 'handler_id',
  objectedDepartmentIds: 'objected_department_ids',
  pendingObjection: 'pending_objection',
  pendingExtension: 'pending_extension',
  slaPolicyId: 'sla_policy_id',
  acceptedAt: 'accepted_at',
  assignedAt: 'assigned_at',
  signedAt: 'signed_at',
  resolvedAt: 'resolved_at',
  verifiedAt: 'verified_at',
  closedAt: 'closed_at',
  responseDueAt: 'response_due_at',
  responseDueBasis: 'response_due_basis',
  objectionDeadlineAt: 'objection_deadline_at',
  objectionDeadlineBasis: 'objection_deadline_basis',
  resolutionStartedAt: 'resolution_started_at',
  resolutionDueAt: 'resolution_due_at',
  resolutionDueBasis: 'resolution_due_basis',
  verificationDueAt: 'verification_due_at',
  verificationDueBasis: 'verification_due_basis',
  currentDueAt: 'current_due_at',
  currentDueBasis: 'current_due_basis',
  suspendedAt: 'suspended_at',
  pausedMs: 'paused_ms',
  warningLight: 'warning_light',
  yellowAt: 'yellow_at',
  nextCheckAt: 'next_check_at',
  overdueSince: 'overdue_since',
  responseOverdue: 'response_overdue',
  resolutionOverdue: 'resolution_overdue',
  supervisionLevel: 'supervision_level',
  ladderCycle: 'ladder_cycle',
  closureType: 'closure_type',
  answer: 'answer',
  solved: 'solved',
  satisfaction: 'satisfaction',
  verificationComment: 'verification_comment',
  verifiedOnBehalf: 'verified_on_behalf',
  ratingRuledAt: 'rating_ruled_at',
  ratingRulingReason: 'rating_ruling_reason',
  autoClosed: 'auto_closed',
  duplicateOfId: 'duplicate_of_id',
  redoCount: 'redo_count',
  objectionCount: 'objection_count',
  extensionCount: 'extension_count',
  extensionDays: 'extension_days',
  updatedAt: 'updated_at',
};

export type ColumnWrite = string | number | Date | null;

/** The columns and values of a typed change, in the order the change lists them. */
export function appealColumns(changes: AppealChanges): Record<string, ColumnWrite> {
  const columns: Record<string, ColumnWrite> = {};
  for (const [field, value] of Object.entries(changes) as Array<[keyof AppealChanges, AppealChanges[keyof AppealChanges]]>) {
    if (value === undefined) continue;
    columns[COLUMN[field]] = columnValue(field, value);
  }
  return columns;
}

function columnValue(field: keyof AppealChanges, value: NonNullable<AppealChanges[keyof AppealChanges]> | null): ColumnWrite {
  if (value === null) return null;
  switch (field) {
    case 'objectedDepartmentIds':
      return JSON.stringify(value);
    case 'pendingObjection':
    case 'pendingExtension': {
      const pending = value as { requestedAt: Date };
      return JSON.stringify({ ...pending, requestedAt: pending.requestedAt.toISOString() });
    }
    default:
      // Flags are TINYINT(1) columns.
      return typeof value === 'boolean' ? (value ? 1 : 0) : (value as string | number | Date);
  }
}

/** The row as it will be once the change is written, for what is computed from the new state (the light, the notification). */
export function withChanges(row: AppealRow, changes: AppealChanges): AppealRow {
  return { ...row, ...appealColumns(changes) } as AppealRow;
}
