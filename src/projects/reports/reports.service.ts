import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { SubmitAppealUseCase } from '../../appeals/usecases/submit-appeal.usecase';
import { periodContaining } from '../../supervision/domain/periods';
import type {
  CorrectProgressReportDto,
  CreateProgressReportDto,
  LinkAppealDto,
  ProgressReportDto,
  ProgressReportRevisionDto,
  ProjectAppealDto,
} from '../dto/report.dto';
import type { ProjectDto } from '../dto/project.dto';
import { mayWorkOnProject } from '../domain/project-permissions';
import { type NewProjectEvent, ProjectEventsRepository } from '../project-events.repository';
import { ProjectsRepository } from '../projects.repository';
import { ProjectsService } from '../projects.service';
import { type ReportRow, ReportsRepository } from './reports.repository';
import { UnitOfWork } from '../../common/database/unit-of-work';

function toDto(r: ReportRow): ProgressReportDto {
  const period = periodContaining(r.periodKind as 'week', r.periodStart);
  return { ...r, periodKind: r.periodKind as ProgressReportDto['periodKind'], periodLabel: period.label };
}

/**
 * Progress reports on the project's cadence (周/旬/月): one per reporting period. A blocking
 * problem is raised through the appeals' own submission use case (the firm's liaison officer
 * submits it) and linked to the project, so it runs the same closed loop as every appeal.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectsRepository,
    private readonly reports: ReportsRepository,
    private readonly events: ProjectEventsRepository,
    private readonly reads: ProjectsService,
    private readonly submitAppeal: SubmitAppealUseCase,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, projectId: number): Promise<ProgressReportDto[]> {
    await this.reads.get(user, projectId);
    return (await this.reports.list(this.projects.manager, projectId)).map(toDto);
  }

  async create(user: AuthUser, projectId: number, dto: CreateProgressReportDto): Promise<ProgressReportDto> {
    const project = await this.reads.get(user, projectId);
    this.assertMayWork(user, project);
    const now = this.clock.now();
    const period = periodContaining(project.reportCadence, now);
    if (await this.reports.exists(this.projects.manager, projectId, project.reportCadence, period.fromDate)) {
      throw AppError.conflict(`Project ${projectId} already has its report for ${period.label}`, { period: period.key });
    }
    if (dto.investedToDateWan > project.totalInvestmentWan) {
      throw AppError.badRequest('investedToDateWan: more than the project’s total investment', [
        { field: 'investedToDateWan', message: `must not exceed ${project.totalInvestmentWan}` },
      ]);
    }
    let appealId: number | null = null;
    if (dto.raiseAppeal) {
      const problem = dto.raiseAppeal;
      if (!project.enterprises.some((e) => e.id === problem.enterpriseId)) {
        throw AppError.badRequest('raiseAppeal.enterpriseId: not one of the project’s enterprises', [
          { field: 'raiseAppeal.enterpriseId', message: 'not one of the project’s enterprises' },
        ]);
      }
      // The appeal is submitted first, with a key naming this project and period: a retry after a
      // failure below finds the same appeal instead of raising a second one.
      const submitted = await this.submitAppeal.execute(
        user,
        {
          enterpriseId: problem.enterpriseId,
          categoryId: problem.categoryId,
          kind: problem.kind,
          title: problem.title,
          description: problem.description,
          urgency: problem.urgency,
          channel: 'visit',
        },
        `project-${projectId}-${period.key}`,
      );
      appealId = submitted.appealId;
    }
    const reportId = await this.uow.transaction(async (m) => {
      const row = await this.projects.lockVisible(m, user, projectId);
      if (!row) throw AppError.notFound('Project', projectId);
      const id = await this.reports.insert(m, {
        projectId,
        kind: project.reportCadence,
        periodStart: period.fromDate,
        progress: dto.progress,
        investedToDateWan: dto.investedToDateWan,
        problems: dto.problems ?? null,
        reporterId: user.id,
        now,
      });
      await this.projects.update(m, projectId, { invested_to_date_wan: dto.investedToDateWan, last_report_at: now }, now);
      const stage = String(row.stage_code);
      const events: NewProjectEvent[] = [
        {
          projectId,
          action: 'report',
          actorId: user.id,
          actorRole: user.role,
          fromStage: stage,
          toStage: stage,
          payload: { reportId: id, period: period.key, investedToDateWan: dto.investedToDateWan, hasProblems: Boolean(dto.problems) },
          createdAt: now,
        },
      ];
      if (appealId !== null && (await this.reports.link(m, projectId, appealId, id, user.id, now))) {
        events.push({ ...events[0], action: 'appeal_link', payload: { appealId, reportId: id, period: period.key } });
      }
      await this.events.append(m, events, { lock: false });
      return id;
    });
    const created = (await this.reports.list(this.projects.manager, projectId)).find((r) => r.id === reportId) as ReportRow;
    return toDto(created);
  }

  /**
   * Corrects a submitted report: only its author, or a supervisor or admin in reach; the text it
   * replaces is kept as a revision. The version read guards against two corrections at once (409).
   */
  async correct(user: AuthUser, projectId: number, id: number, dto: CorrectProgressReportDto): Promise<ProgressReportDto> {
    const project = await this.reads.get(user, projectId);
    if (dto.investedToDateWan !== undefined && dto.investedToDateWan > project.totalInvestmentWan) {
      throw AppError.badRequest('investedToDateWan: more than the project’s total investment', [
        { field: 'investedToDateWan', message: `must not exceed ${project.totalInvestmentWan}` },
      ]);
    }
    const now = this.clock.now();
    await this.uow.transaction(async (m) => {
      const row = await this.projects.lockVisible(m, user, projectId);
      if (!row) throw AppError.notFound('Project', projectId);
      const current = await this.reports.lockOne(m, projectId, id);
      if (!current) throw AppError.notFound('Progress report', id);
      if (user.role !== 'admin' && user.role !== 'supervisor' && current.reporterId !== user.id) {
        throw AppError.forbidden('Only the report’s author, a supervisor or an admin corrects it');
      }
      if (current.version !== dto.version) throw AppError.versionConflict(`Progress report ${id}`, { currentVersion: current.version });
      const next = {
        progress: dto.progress ?? current.progress,
        investedToDateWan: dto.investedToDateWan ?? current.investedToDateWan,
        problems: dto.problems === undefined ? current.problems : dto.problems,
      };
      if (!(await this.reports.correct(m, current, dto.version, next, { userId: user.id, reason: dto.reason, now }))) {
        throw AppError.versionConflict(`Progress report ${id}`, { currentVersion: current.version });
      }
      // The latest report's figure is the project's investment to date.
      if ((await this.reports.latestId(m, projectId)) === id && next.investedToDateWan !== current.investedToDateWan) {
        await this.projects.update(m, projectId, { invested_to_date_wan: next.investedToDateWan }, now);
      }
      const stage = String(row.stage_code);
      const changed = (['progress', 'investedToDateWan', 'problems'] as const).filter((k) => next[k] !== current[k]);
      await this.events.append(
        m,
        [
          {
            projectId,
            action: 'report_correct',
            actorId: user.id,
            actorRole: user.role,
            fromStage: stage,
            toStage: stage,
            reason: dto.reason,
            payload: {
              reportId: id,
              revision: dto.version,
              changed,
              before: Object.fromEntries(changed.map((k) => [k, current[k]])),
              after: Object.fromEntries(changed.map((k) => [k, next[k]])),
            },
            createdAt: now,
          },
        ],
        { lock: false },
      );
    });
    const corrected = (await this.reports.list(this.projects.manager, projectId)).find((r) => r.id === id) as ReportRow;
    return toDto(corrected);
  }

  /** The texts a report's corrections replaced, oldest first (revision 1: as first submitted). */
  async revisions(user: AuthUser, projectId: number, id: number): Promise<ProgressReportRevisionDto[]> {
    await this.reads.get(user, projectId);
    const report = (await this.reports.list(this.projects.manager, projectId)).find((r) => r.id === id);
    if (!report) throw AppError.notFound('Progress report', id);
    return this.reports.revisions(this.projects.manager, id);
  }

  async appeals(user: AuthUser, projectId: number): Promise<ProjectAppealDto[]> {
    await this.reads.get(user, projectId);
    return this.reports.appealsOf(this.projects.manager, projectId);
  }

  /** Links an appeal already raised by one of the project's firms (e.g. before the project was listed). */
  async link(user: AuthUser, projectId: number, dto: LinkAppealDto): Promise<ProjectAppealDto[]> {
    const project = await this.reads.get(user, projectId);
    this.assertMayWork(user, project);
    const now = this.clock.now();
    await this.uow.transaction(async (m) => {
      const row = await this.projects.lockVisible(m, user, projectId);
      if (!row) throw AppError.notFound('Project', projectId);
      const appeal = await this.reports.appealFirm(m, dto.appealId);
      if (!appeal) throw AppError.notFound('Appeal', dto.appealId);
      if (!project.enterprises.some((e) => e.id === appeal.enterpriseId)) {
        throw AppError.badRequest('appealId: the appeal is not from one of the project’s enterprises', [
          { field: 'appealId', message: 'not an appeal of the project’s enterprises' },
        ]);
      }
      if (!(await this.reports.link(m, projectId, dto.appealId, null, user.id, now))) {
        throw AppError.conflict(`Appeal ${dto.appealId} is already linked to project ${projectId}`);
      }
      const stage = String(row.stage_code);
      await this.events.append(
        m,
        [
          {
            projectId,
            action: 'appeal_link',
            actorId: user.id,
            actorRole: user.role,
            fromStage: stage,
            toStage: stage,
            payload: { appealId: dto.appealId },
            createdAt: now,
          },
        ],
        { lock: false },
      );
    });
    return this.reports.appealsOf(this.projects.manager, projectId);
  }

  private assertMayWork(user: AuthUser, project: ProjectDto): void {
    const allowed = mayWorkOnProject(
      { role: user.role, userId: user.id, departmentId: user.departmentId },
      { liaisonOfficerId: project.liaisonOfficer?.id ?? null, leadDepartmentId: project.leadDepartment?.id ?? null },
    );
    if (!allowed) throw AppError.forbidden('Only the project’s liaison officer, its lead department or a supervisor reports on it');
  }
}
