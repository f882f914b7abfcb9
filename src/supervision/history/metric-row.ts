import { type MetricFactColumn, type MetricFacts } from '../../appeals/events/metric-facts';
import { TERMINAL_APPEAL_STATUSES } from '../../appeals/domain/appeal-status';

/**
 * One appeal as the metrics see it: what never changes (region, city, category), its status,
 * and the metric columns (see METRIC_FACT_COLUMNS). Built either from the appeal row as it is
 * now or by folding the facts of its events up to an instant (`foldEvents`); the counting in
 * metric-row-counts.ts is the same for both.
 */
export interface MetricRow {
  id: number;
  regionCode: string;
  cityCode: string;
  categoryId: number;
  status: string;
  /**
   * When it reached its terminal status (closed, rejected, withdrawn): the moment of the event
   * that moved it there; null while it is not in one.
   */
  finishedAt: Date | null;
  leadDepartmentId: number | null;
  submittedAt: Date | null;
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  signedAt: Date | null;
  resolvedAt: Date | null;
  verifiedAt: Date | null;
  assignedAt: Date | null;
  closedAt: Date | null;
  closureType: string | null;
  solved: string | null;
  satisfaction: string | null;
  verifiedOnBehalf: number;
  redoCount: number;
  objectionCount: number;
  extensionCount: number;
  /** The appeal it repeats when closed as a duplicate (重复). */
  duplicateOfId: number | null;
  /** When a supervisor ruled the rating on record unreasonable (不合理差评); cleared by a new rating. */
  ratingRuledAt: Date | null;
}

/** Closed, rejected, withdrawn: the statuses isOpenStatus calls finished. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(TERMINAL_APPEAL_STATUSES);

export interface AppealStatics {
  id: number;
  regionCode: string;
  cityCode: string;
  categoryId: number;
}

export interface LoggedEvent {
  createdAt: Date;
  fromStatus: string | null;
  toStatus: string;
  facts: MetricFacts | null;
}

/** How each fact column lands on the row; every column is listed (the SLA policy is recorded but not counted). */
type Setter = (row: MetricRow, value: string | number | null) => void;
const date = (value: string | number | null): Date | null => (value === null ? null : new Date(value));
const text = (value: string | number | null): string | null => (value === null ? null : String(value));
const count = (value: string | number | null): number => Number(value ?? 0);

const SETTERS: Record<MetricFactColumn, Setter | null> = {
  lead_department_id: (r, v) => (r.leadDepartmentId = v === null ? null : Number(v)),
  sla_policy_id: null,
  submitted_at: (r, v) => (r.submittedAt = date(v)),
  response_due_at: (r, v) => (r.responseDueAt = date(v)),
  resolution_due_at: (r, v) => (r.resolutionDueAt = date(v)),
  signed_at: (r, v) => (r.signedAt = date(v)),
  resolved_at: (r, v) => (r.resolvedAt = date(v)),
  verified_at: (r, v) => (r.verifiedAt = date(v)),
  assigned_at: (r, v) => (r.assignedAt = date(v)),
  closed_at: (r, v) => (r.closedAt = date(v)),
  closure_type: (r, v) => (r.closureType = text(v)),
  solved: (r, v) => (r.solved = text(v)),
  satisfaction: (r, v) => (r.satisfaction = text(v)),
  verified_on_behalf: (r, v) => (r.verifiedOnBehalf = count(v)),
  redo_count: (r, v) => (r.redoCount = count(v)),
  objection_count: (r, v) => (r.objectionCount = count(v)),
  extension_count: (r, v) => (r.extensionCount = count(v)),
  duplicate_of_id: (r, v) => (r.duplicateOfId = v === null ? null : Number(v)),
  rating_ruled_at: (r, v) => (r.ratingRuledAt = date(v)),
};

export function emptyMetricRow(statics: AppealStatics): MetricRow {
  // Written out rather than spread: tens of thousands are made per report, all of one shape.
  return {
    id: statics.id,
    regionCode: statics.regionCode,
    cityCode: statics.cityCode,
    categoryId: statics.categoryId,
    status: 'submitted',
    finishedAt: null,
    leadDepartmentId: null,
    submittedAt: null,
    responseDueAt: null,
    resolutionDueAt: null,
    signedAt: null,
    resolvedAt: null,
    verifiedAt: null,
    assignedAt: null,
    closedAt: null,
    closureType: null,
    solved: null,
    satisfaction: null,
    verifiedOnBehalf: 0,
    redoCount: 0,
    objectionCount: 0,
    extensionCount: 0,
    duplicateOfId: null,
    ratingRuledAt: null,
  };
}

/**
 * The appeal as it stood just before `at`: the facts of its events created before `at`, in log
 * order, applied one over the other; the status is the last such event's. Null when the appeal
 * had no event yet (it did not exist).
 */
export function foldEvents(statics: AppealStatics, events: readonly LoggedEvent[], at: Date): MetricRow | null {
  const row = emptyMetricRow(statics);
  let seen = false;
  for (const event of events) {
    if (event.createdAt.getTime() >= at.getTime()) break;
    seen = true;
    for (const [column, value] of Object.entries(event.facts ?? {})) {
      const set = SETTERS[column as MetricFactColumn];
      if (set) set(row, value ?? null);
    }
    if (event.fromStatus !== event.toStatus) {
      row.status = event.toStatus;
      row.finishedAt = TERMINAL_STATUSES.has(event.toStatus) ? event.createdAt : null;
    }
  }
  return seen ? row : null;
}

/**
 * When an appeal now in a terminal status got there: the last event that moved it into that
 * status (later comments on a closed case do not move it).
 */
export function finishedAtFromLog(status: string, events: readonly LoggedEvent[]): Date | null {
  if (!TERMINAL_STATUSES.has(status)) return null;
  let at: Date | null = null;
  for (const event of events) if (event.toStatus === status && event.fromStatus !== status) at = event.createdAt;
  return at;
}

/** The appeal columns a MetricRow is read from. */
export interface AppealRowForMetrics {
  id: number;
  region_code: string;
  city_code: string;
  category_id: number;
  status: string;
  lead_department_id: number | null;
  submitted_at: Date;
  response_due_at: Date | null;
  resolution_due_at: Date | null;
  signed_at: Date | null;
  resolved_at: Date | null;
  verified_at: Date | null;
  assigned_at: Date | null;
  closed_at: Date | null;
  closure_type: string | null;
  solved: string | null;
  satisfaction: string | null;
  verified_on_behalf: number | null;
  redo_count: number;
  objection_count: number;
  extension_count: number;
  duplicate_of_id: number | null;
  rating_ruled_at: Date | null;
}

/** The appeal as it is now; `finishedAt` dates its terminal status (see finishedAtFromLog). */
export function metricRowOf(a: AppealRowForMetrics, finishedAt: Date | null): MetricRow {
  return {
    id: Number(a.id),
    regionCode: a.region_code,
    cityCode: a.city_code,
    categoryId: Number(a.category_id),
    status: a.status,
    finishedAt,
    leadDepartmentId: a.lead_department_id === null ? null : Number(a.lead_department_id),
    submittedAt: a.submitted_at,
    responseDueAt: a.response_due_at,
    resolutionDueAt: a.resolution_due_at,
    signedAt: a.signed_at,
    resolvedAt: a.resolved_at,
    verifiedAt: a.verified_at,
    assignedAt: a.assigned_at,
    closedAt: a.closed_at,
    closureType: a.closure_type,
    solved: a.solved,
    satisfaction: a.satisfaction,
    verifiedOnBehalf: Number(a.verified_on_behalf ?? 0),
    redoCount: Number(a.redo_count),
    objectionCount: Number(a.objection_count),
    extensionCount: Number(a.extension_count),
    duplicateOfId: a.duplicate_of_id === null ? null : Number(a.duplicate_of_id),
    ratingRuledAt: a.rating_ruled_at,
  };
}
