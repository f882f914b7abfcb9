import type { AuthUser } from '../../common/auth/auth-user';
import { parsePeriodKey, type Period } from '../../supervision/domain';
import type { AppealStatus } from '../../appeals/domain/appeal-status';
import type { ProblemPeriodKind } from './domain/common-problem-rules';
import type { LinkedAppealRow, ProblemEventRow, ProblemRow, ProblemVisibility } from './common-problems.repository';
import type { CommonProblemDto, LinkedAppealDto, ProblemEventDto, ProblemPeriodDto } from './dto/common-problem.dto';

/** Supervisors and admins see their reach; a handler sees the problems their department leads; nobody else any. */
export function visibilityOf(user: AuthUser): ProblemVisibility {
  if (user.role === 'handler') return { kind: 'department', departmentId: user.departmentId ?? 0 };
  if (user.role === 'supervisor' || user.role === 'admin') return { kind: 'reach', prefix: user.reachPrefix };
  return { kind: 'department', departmentId: 0 };
}

export function periodDtoOf(kind: ProblemPeriodKind, key: string): ProblemPeriodDto {
  const period = parsePeriodKey(key) as Period;
  return { kind, key, label: period.label, fromDate: period.fromDate, toDate: period.toDate };
}

export function problemDto(row: ProblemRow): CommonProblemDto {
  const inForce = row.state !== 'open' && row.answerText !== null && row.answeredAt !== null;
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    region: { code: row.regionCode, name: row.regionName },
    period: periodDtoOf(row.periodKind, row.periodKey),
    sourceClusterKey: row.sourceClusterKey,
    leadDepartment: row.leadDepartmentId === null ? null : { id: row.leadDepartmentId, name: row.leadDepartmentName ?? '' },
    state: row.state,
    answer: inForce
      ? {
          text: row.answerText as string,
          policy: row.answerPolicyId === null ? null : { id: row.answerPolicyId, title: row.answerPolicyTitle ?? '' },
          answeredAt: row.answeredAt as Date,
          answeredBy: { id: row.answeredBy ?? 0, name: row.answeredByName ?? '' },
        }
      : null,
    closedAt: row.closedAt,
    topic: row.topicKind && row.topicKey ? periodDtoOf(row.topicKind, row.topicKey) : null,
    linkedAppeals: row.linkedAppeals,
    createdBy: { id: row.createdBy, name: row.createdByName },
    createdAt: row.createdAt,
    version: row.version,
  };
}

const DETAIL_KEYS = ['departmentId', 'departmentName', 'appealIds', 'text', 'policyId', 'note', 'periodKey', 'periodLabel', 'clusterKey'] as const;

export function eventDto(row: ProblemEventRow): ProblemEventDto {
  const details = Object.fromEntries(DETAIL_KEYS.filter((k) => row.details[k] !== undefined && row.details[k] !== null).map((k) => [k, row.details[k]]));
  return { id: row.id, action: row.action, actor: { id: row.actorId, name: row.actorName }, at: row.at, details };
}

/** A handler sees the class, not the firms behind it (a firm is personal to the programme). */
export function linkedAppealDto(row: LinkedAppealRow, user: AuthUser): LinkedAppealDto {
  return { ...row, status: row.status as AppealStatus, enterpriseName: user.role === 'handler' ? null : row.enterpriseName };
}
