import type { DeadlineBasis } from '../sla/domain/deadline-basis';

/** An appeals row as mysql2 returns it (snake_case, DATETIME as Date, JSON as text or object). */
export interface AppealRow {
  id: number;
  number: string;
  enterprise_id: number;
  /** Another system's reference: the system and its id there (both or neither). */
  external_source: string | null;
  external_id: string | null;
  region_code: string;
  city_code: string;
  officer_id: number | null;
  submitted_by: number;
  channel: string;
  submitted_on_behalf: number;
  category_id: number;
  kind: string;
  title: string;
  description: string;
  urgency: 'normal' | 'urgent';
  level: 'county' | 'city' | 'province';
  status: string;
  is_open: number;
  lead_department_id: number | null;
  /** The person in the lead department who signed for the appeal and answers it. */
  handler_id: number | null;
  objected_department_ids: unknown;
  pending_objection: unknown;
  pending_extension: unknown;
  sla_policy_id: number | null;
  submitted_at: Date;
  accepted_at: Date | null;
  assigned_at: Date | null;
  signed_at: Date | null;
  resolved_at: Date | null;
  verified_at: Date | null;
  closed_at: Date | null;
  response_due_at: Date | null;
  objection_deadline_at: Date | null;
  resolution_started_at: Date | null;
  resolution_due_at: Date | null;
  verification_due_at: Date | null;
  current_due_at: Date | null;
  /** How each deadline was counted: on the published schedule, or provisionally past it (暂定). */
  response_due_basis: DeadlineBasis;
  objection_deadline_basis: DeadlineBasis;
  resolution_due_basis: DeadlineBasis;
  verification_due_basis: DeadlineBasis;
  current_due_basis: DeadlineBasis;
  suspended_at: Date | null;
  paused_ms: number;
  warning_light: 'green' | 'yellow' | 'red';
  yellow_at: Date | null;
  next_check_at: Date | null;
  overdue_since: Date | null;
  response_overdue: number;
  resolution_overdue: number;
  supervision_level: string;
  ladder_cycle: number;
  closure_type: string | null;
  answer: string | null;
  solved: string | null;
  satisfaction: string | null;
  verification_comment: string | null;
  verified_on_behalf: number;
  /** When a supervisor ruled the rating on record unreasonable (不合理差评), and why. */
  rating_ruled_at: Date | null;
  rating_ruling_reason: string | null;
  auto_closed: number;
  /** The firm's appeal this one repeats (closed as 重复); null for every other appeal. */
  duplicate_of_id: number | string | null;
  redo_count: number;
  objection_count: number;
  extension_count: number;
  extension_days: number;
  event_count: number;
  last_event_hash: string | null;
  version: number;
  updated_at: Date;
}

export interface AppealListRow extends AppealRow {
  enterprise_name: string;
  enterprise_credit_code: string;
  category_name: string;
  lead_department_name: string | null;
}

/**
 * The appeal columns a list beside another record shows it by (a project's appeals, a working
 * group's ledger), from `appeals a JOIN enterprises e ON e.id = a.enterprise_id`.
 */
export const APPEAL_SUMMARY_COLUMNS = 'a.id, a.number, a.title, a.status, a.warning_light, a.enterprise_id, e.name AS enterprise_name';

export type AppealSummaryDbRow = Pick<AppealRow, 'id' | 'number' | 'title' | 'status' | 'warning_light' | 'enterprise_id'> & {
  enterprise_name: string;
};

export function appealSummaryOf(r: AppealSummaryDbRow) {
  return {
    appealId: Number(r.id),
    number: String(r.number),
    title: String(r.title),
    status: String(r.status),
    warningLight: String(r.warning_light),
    enterpriseId: Number(r.enterprise_id),
    enterpriseName: String(r.enterprise_name),
  };
}

/** What a command on something attached to an appeal (a supervision order, a co-handler task) locks of the appeal and decides on. */
export const APPEAL_HEAD_COLUMNS = 'id, number, title, status, is_open, enterprise_id, officer_id, lead_department_id, region_code';

export type AppealHeadDbRow = Pick<
  AppealRow,
  'id' | 'number' | 'title' | 'status' | 'is_open' | 'enterprise_id' | 'officer_id' | 'lead_department_id' | 'region_code'
>;

export function appealHeadOf(r: AppealHeadDbRow) {
  return {
    id: Number(r.id),
    number: String(r.number),
    title: String(r.title),
    status: String(r.status),
    isOpen: Number(r.is_open) === 1,
    enterpriseId: Number(r.enterprise_id),
    officerId: r.officer_id === null ? null : Number(r.officer_id),
    leadDepartmentId: r.lead_department_id === null ? null : Number(r.lead_department_id),
    regionCode: String(r.region_code),
  };
}
