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

/** The columns of PROJECT_COLUMNS (projects.repository.ts), as mysql2 returns them. */
export type ProjectRow = Record<string, unknown>;

export function projectDtoFromRow(r: ProjectRow, extras: ProjectExtras, ctx: ProjectReadContext): ProjectDto {
  const total = Number(r.total_investment_wan);
  const invested = Number(r.invested_to_date_wan);
  const levels = trackingLevels(total, ctx.thresholds);
  const lastStageChangeAt = new Date(r.last_stage_change_at as Date);
  const lastReportAt = r.last_report_at ? new Date(r.last_report_at as Date) : null;
  const lastActivity = lastReportAt && lastReportAt > lastStageChangeAt ? lastReportAt : lastStageChangeAt;
  return {
    id: Number(r.id),
    name: String(r.name),
    regionCode: String(r.region_code),
    regionName: String(r.region_name),
    cityCode: String(r.city_code),
    industry: r.industry as ProjectIndustry,
    totalInvestmentWan: total,
    totalInvestmentYi: wanToYi(total),
    investedToDateWan: invested,
    investedToDateYi: wanToYi(invested),
    stage: { code: String(r.stage_code), name: String(r.stage_name) },
    stageSince: String(r.stage_since),
    trackingLevels: levels,
    reportCadence: cadenceOf(levels, ctx.cadence),
    responsibleLeader: (r.responsible_leader as string | null) ?? null,
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
    description: (r.description as string | null) ?? null,
    version: Number(r.version),
    createdAt: new Date(r.created_at as Date),
    updatedAt: new Date(r.updated_at as Date),
  };
}
