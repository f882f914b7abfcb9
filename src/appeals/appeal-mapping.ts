import type { AuthUser } from '../common/auth/auth-user';
import { assertNever } from '../common/domain/assert-never';
import { reaches } from '../common/scope/region-reach';
import { parseJsonColumn } from '../common/database/json-column';
import { isSatisfaction, type Actor, type AppealSnapshot, type PendingExtension, type PendingObjection, type RatingOnRecord } from './domain';
import type { AppealRow } from './appeal-row';

interface StoredPending {
  departmentId?: string;
  days?: number;
  reason: string;
  requestedAt: string;
}

export function pendingObjection(value: unknown): PendingObjection | null {
  const stored = parseJsonColumn<StoredPending | null>(value);
  return stored ? { departmentId: String(stored.departmentId), reason: stored.reason, requestedAt: new Date(stored.requestedAt) } : null;
}

export function pendingExtension(value: unknown): PendingExtension | null {
  const stored = parseJsonColumn<StoredPending | null>(value);
  return stored ? { days: Number(stored.days), reason: stored.reason, requestedAt: new Date(stored.requestedAt) } : null;
}

const date = (value: Date | null) => (value ? new Date(value) : null);

/** The appeals columns a snapshot is read from. */
export type SnapshotColumns = Pick<
  AppealRow,
  | 'status'
  | 'level'
  | 'enterprise_id'
  | 'lead_department_id'
  | 'objected_department_ids'
  | 'pending_objection'
  | 'pending_extension'
  | 'objection_deadline_at'
  | 'resolution_due_at'
  | 'suspended_at'
  | 'verification_due_at'
  | 'redo_count'
  | 'objection_count'
  | 'extension_count'
  | 'satisfaction'
  | 'verified_on_behalf'
  | 'rating_ruled_at'
  | 'rating_ruling_reason'
>;

/**
 * What the pure state machine needs from a stored appeal. Ids are strings in the domain. The
 * open co-handler task count (co_handler_tasks, the joint-closure rule) is read by the caller:
 * paths that never decide a resolve pass 0 and say why.
 */
export function toSnapshot(row: SnapshotColumns, coDepartmentIds: number[], openCoHandlerTaskCount: number): AppealSnapshot {
  return {
    status: row.status as AppealSnapshot['status'],
    level: row.level,
    enterpriseId: String(row.enterprise_id),
    leadDepartmentId: row.lead_department_id === null ? null : String(row.lead_department_id),
    coDepartmentIds: coDepartmentIds.map(String),
    objectedDepartmentIds: (parseJsonColumn<number[]>(row.objected_department_ids) ?? []).map(String),
    pendingObjection: pendingObjection(row.pending_objection),
    pendingExtension: pendingExtension(row.pending_extension),
    objectionDeadlineAt: date(row.objection_deadline_at),
    resolutionDueAt: date(row.resolution_due_at),
    suspendedAt: date(row.suspended_at),
    verificationDueAt: date(row.verification_due_at),
    redoCount: Number(row.redo_count),
    objectionCount: Number(row.objection_count),
    extensionCount: Number(row.extension_count),
    openCoHandlerTaskCount,
    rating: ratingOf(row),
  };
}

function ratingOf(row: SnapshotColumns): RatingOnRecord | null {
  if (!isSatisfaction(row.satisfaction)) return null;
  const ruledAt = date(row.rating_ruled_at);
  return {
    satisfaction: row.satisfaction,
    onBehalf: Number(row.verified_on_behalf) === 1,
    ruling: ruledAt ? { at: ruledAt, reason: row.rating_ruling_reason ?? '' } : null,
  };
}

/** Places the signed-in user relative to one appeal, with the database facts precomputed. */
export function actorFor(user: AuthUser, row: Pick<AppealRow, 'officer_id' | 'region_code'>): Actor {
  const userId = String(user.id);
  switch (user.role) {
    case 'enterprise':
      return { role: 'enterprise', userId, enterpriseId: String(user.enterpriseId) };
    case 'officer':
      return { role: 'officer', userId, isFirmOfficer: row.officer_id !== null && Number(row.officer_id) === user.id };
    case 'handler':
      return { role: 'handler', userId, departmentId: String(user.departmentId) };
    case 'supervisor':
      return { role: 'supervisor', userId, inRegionReach: reaches(user.reachPrefix, row.region_code) };
    case 'admin':
      return { role: 'admin', userId };
    default:
      return assertNever(user.role, 'role');
  }
}
