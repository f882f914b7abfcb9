import type { ProjectDto, ProjectIndustry } from './dto/project.dto';
import { isStalled, type StalledCutoff } from './domain/stalled';
import { cadenceOf, trackingLevels, type CadenceByLevel, type TrackingThresholds, wanToYi } from './domain/tracking-levels';

/** What the settings decide about every project row: its levels, cadence and whether it is stalled. */
export interface ProjectReadContext {
  thresholds: TrackingThresholds;
  cadence: CadenceByLevel;
  stalledCutoffs: StalledCutoff[];
  now: Date;
}

export interface ProjectExtras {
  enterprises: Array<{ id: number; name: string }>;
  stageDates: ProjectDto['stageDates'];
}

/** The projects table's columns (keys are the column names: a wrong one in a write is a compile error). */
export interface ProjectColumns {
  name: string;
  region_code: string;
  city_code: string;
  industry: ProjectIndustry;
  total_investment_wan: number;
  invested_to_date_wan: number;
  stage_code: string;
  /** A DATE: written as 'YYYY-MM-DD'. */
  stage_since: string;
  last_stage_change_at: Date;
  last_report_at: Date | null;
  responsible_leader: string | null;
  lead_department_id: number | null;
  liaison_officer_id: number | null;
  description: string | null;
  created_by: number;
  event_count: number;
  last_event_hash: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A project row as a change locks it (`p.*`), its stage day also as text. */
export interface LockedProjectRow extends Omit<ProjectColumns, 'stage_since'> {
  id: number;
  stage_since: Date;
  stage_since_text: string;
}

/** A project as PROJECT_COLUMNS (projects.repository.ts) reads it, with its names and counts. */
export interface ProjectRow
  extends Pick<
    ProjectColumns,
    | 'name'
    | 'region_code'
    | 'city_code'
    | 'industry'
    | 'total_investment_wan'
    | 'invested_to_date_wan'
    | 'stage_code'
    | 'stage_since'
    | 'last_stage_change_at'
    | 'last_report_at'
    | 'responsible_leader'
    | 'lead_department_id'
    | 'liaison_officer_id'
    | 'description'
    | 'version'
    | 'created_at'
    | 'updated_at'
  > {
  id: number;
  region_name: string;
  stage_name: string;
  lead_department_name: string | null;
  liaison_officer_name: string | null;
  open_milestones: number;
  overdue_milestones: number;
  linked_appeals: number;
}

export function projectDtoFromRow(r: ProjectRow, extras: ProjectExtras, ctx: ProjectReadContext): ProjectDto {
  const total = Number(r.total_investment_wan);
  const invested = Number(r.invested_to_date_wan);
  const levels = trackingLevels(total, ctx.thresholds);
  const lastStageChangeAt = new Date(r.last_stage_change_at);
  const lastReportAt = r.last_report_at ? new Date(r.last_report_at) : null;
  const lastActivity = lastReportAt && lastReportAt > lastStageChangeAt ? lastReportAt : lastStageChangeAt;
  return {
    id: Number(r.id),
    name: String(r.name),
    regionCode: String(r.region_code),
    regionName: String(r.region_name),
    cityCode: String(r.city_code),
    industry: r.industry,
    totalInvestmentWan: total,
    totalInvestmentYi: wanToYi(total),
    investedToDateWan: invested,
    investedToDateYi: wanToYi(invested),
    stage: { code: String(r.stage_code), name: String(r.stage_name) },
    stageSince: String(r.stage_since),
    trackingLevels: levels,
    reportCadence: cadenceOf(levels, ctx.cadence),
    responsibleLeader: r.responsible_leader ?? null,
    leadDepartment: r.lead_department_id === null ? null : { id: Number(r.lead_department_id), name: String(r.lead_department_name) },
    liaisonOfficer: r.liaison_officer_id === null ? null : { id: Number(r.liaison_officer_id), name: String(r.liaison_officer_name) },
    enterprises: extras.enterprises,
    stageDates: extras.stageDates,
    lastStageChangeAt,
    lastReportAt,
    stalled: isStalled(lastActivity, total, ctx.stalledCutoffs),
    openMilestones: Number(r.open_milestones),
    overdueMilestones: Number(r.overdue_milestones),
    linkedAppeals: Number(r.linked_appeals),
    description: r.description ?? null,
    version: Number(r.version),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}
