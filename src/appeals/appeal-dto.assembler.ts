import { parseJsonColumn } from '../common/database/json-column';
import { StoredEventRow } from './events/appeal-events.repository';
import type { AppealListRow } from './appeal-row';
import { AppealDetailDto, AppealListItemDto, TimelineEventDto } from './dto/appeal-read.dto';
import type { AppealStatus } from './domain';
import { pendingExtension, pendingObjection } from './appeal-mapping';
import type { AppealVerificationDto, PendingObjectionDto } from './dto/appeal-detail-parts.dto';

/** The domain keeps ids as strings; the API answers numbers. */
function pendingObjectionOf(value: unknown): PendingObjectionDto | null {
  const pending = pendingObjection(value);
  return pending ? { ...pending, departmentId: Number(pending.departmentId) } : null;
}

export function toListItem(row: AppealListRow): AppealListItemDto {
  return {
    id: Number(row.id),
    number: row.number,
    title: row.title,
    status: row.status as AppealStatus,
    enterpriseId: Number(row.enterprise_id),
    enterpriseName: row.enterprise_name,
    regionCode: row.region_code,
    categoryId: Number(row.category_id),
    categoryName: row.category_name,
    kind: row.kind,
    urgency: row.urgency,
    level: row.level,
    leadDepartmentId: row.lead_department_id === null ? null : Number(row.lead_department_id),
    leadDepartmentName: row.lead_department_name,
    officerId: row.officer_id === null ? null : Number(row.officer_id),
    handlerId: row.handler_id === null ? null : Number(row.handler_id),
    submittedAt: row.submitted_at,
    currentDueAt: row.current_due_at,
    currentDueBasis: row.current_due_basis,
    warningLight: row.warning_light,
    overdue: row.overdue_since !== null && Number(row.is_open) === 1,
    supervisionLevel: row.supervision_level,
    version: Number(row.version),
  };
}

export function toTimelineEvent(row: StoredEventRow): TimelineEventDto {
  return {
    seq: Number(row.seq),
    action: row.action,
    actorId: row.actor_id === null ? null : Number(row.actor_id),
    actorName: row.actor_name ?? null,
    actorRole: row.actor_role,
    onBehalf: Number(row.on_behalf) === 1,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    reason: row.reason,
    payload: parseJsonColumn<Record<string, unknown>>(row.payload) ?? {},
    visibility: row.visibility,
    createdAt: row.created_at,
    hash: row.hash,
  };
}

export function detailFields(row: AppealListRow): Omit<
  AppealDetailDto,
  keyof AppealListItemDto | 'coDepartments' | 'pauses' | 'allowedActions' | 'proposedDepartment' | 'attachments' | 'timeline' | 'duplicateOf'
> {
  return {
    description: row.description,
    externalReference: row.external_source && row.external_id ? { source: row.external_source, externalId: row.external_id } : null,
    channel: row.channel,
    submittedBy: Number(row.submitted_by),
    submittedOnBehalf: Number(row.submitted_on_behalf) === 1,
    enterpriseCreditCode: row.enterprise_credit_code,
    objectedDepartmentIds: parseJsonColumn<number[]>(row.objected_department_ids) ?? [],
    pendingObjection: pendingObjectionOf(row.pending_objection),
    pendingExtension: pendingExtension(row.pending_extension),
    slaPolicyId: row.sla_policy_id === null ? null : Number(row.sla_policy_id),
    timers: {
      submittedAt: row.submitted_at,
      acceptedAt: row.accepted_at,
      assignedAt: row.assigned_at,
      signedAt: row.signed_at,
      resolvedAt: row.resolved_at,
      verifiedAt: row.verified_at,
      closedAt: row.closed_at,
      responseDueAt: row.response_due_at,
      objectionDeadlineAt: row.objection_deadline_at,
      resolutionStartedAt: row.resolution_started_at,
      resolutionDueAt: row.resolution_due_at,
      verificationDueAt: row.verification_due_at,
      suspendedAt: row.suspended_at,
      overdueSince: row.overdue_since,
    },
    deadlineBases: {
      responseDue: row.response_due_basis,
      objectionDeadline: row.objection_deadline_basis,
      resolutionDue: row.resolution_due_basis,
      verificationDue: row.verification_due_basis,
      currentDue: row.current_due_basis,
    },
    closureType: row.closure_type,
    answer: row.answer,
    verification: {
      solved: row.solved as AppealVerificationDto['solved'],
      satisfaction: row.satisfaction as AppealVerificationDto['satisfaction'],
      comment: row.verification_comment,
      onBehalf: Number(row.verified_on_behalf) === 1,
      autoClosedUnrated: Number(row.auto_closed) === 1,
      ruling: row.rating_ruled_at ? { ruledAt: row.rating_ruled_at, reason: row.rating_ruling_reason ?? '' } : null,
    },
    counters: {
      redo: Number(row.redo_count),
      objections: Number(row.objection_count),
      extensions: Number(row.extension_count),
      extensionDays: Number(row.extension_days),
      pausedMs: Number(row.paused_ms),
      events: Number(row.event_count),
    },
  };
}
