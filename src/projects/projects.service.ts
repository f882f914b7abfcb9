import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthUser } from '../common/auth/auth-user';
import { AppError } from '../common/errors/app-error';
import { pageOf } from '../common/pagination/page-query.dto';
import { reaches } from '../common/scope/region-reach';
import { shanghaiDateOf } from '../sla/domain/shanghai-date';
import { parseIsoDate } from '../supervision/domain/local-date';
import type { ListProjectsQuery } from './dto/list-projects.query';
import type { CreateProjectDto, ProjectDto, ProjectPageDto, StageDateInputDto, UpdateProjectDto } from './dto/project.dto';
import { inconsistentPlannedDate, orderedStages, type PipelineStage } from './domain/stage-pipeline';
import { ProjectEventsRepository } from './project-events.repository';
import { ProjectReadContextProvider } from './project-read-context';
import { type ProjectColumns, projectDtoFromRow, type ProjectReadContext, type ProjectRow } from './project-row';
import { ProjectsRepository } from './projects.repository';
import { UnitOfWork } from '../common/database/unit-of-work';
import type { ColumnChanges } from '../common/database/versioned-update';

/** Creating, editing, reading and listing projects; stage changes live in project-stages.service.ts. */
@Injectable()
export class ProjectsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectsRepository,
    private readonly events: ProjectEventsRepository,
    private readonly context: ProjectReadContextProvider,
  ) {}

  async create(user: AuthUser, dto: CreateProjectDto): Promise<ProjectDto> {
    const ctx = await this.context.current();
    const today = shanghaiDateOf(ctx.now);
    if (!reaches(user.reachPrefix, dto.regionCode) || !(await this.projects.regionExists(dto.regionCode))) {
      throw AppError.notFound('Region', dto.regionCode);
    }
    const firms = await this.projects.visibleFirms(user, dto.enterpriseIds);
    const missing = dto.enterpriseIds.find((id) => !firms.some((f) => f.id === id));
    if (missing !== undefined) throw AppError.notFound('Enterprise', missing);
    const stages = await this.projects.stages();
    const ordered = orderedStages(stages);
    const stageCode = dto.stageCode ?? ordered[0].code;
    if (!ordered.some((s) => s.code === stageCode)) throw badField('stageCode', `${stageCode} is not an active stage of the pipeline`);
    const stageSince = dto.stageSince ?? today;
    checkDate('stageSince', stageSince);
    if (stageSince > today) throw badField('stageSince', `must not be after today (${today})`);
    this.checkPlanned(stages, dto.plannedDates ?? []);
    await this.checkResponsibility(user, dto.leadDepartmentId ?? null, dto.liaisonOfficerId ?? null);

    const id = await this.uow.transaction(async (m) => {
      const projectId = await this.projects.insert(m, {
        name: dto.name,
        regionCode: dto.regionCode,
        industry: dto.industry,
        totalInvestmentWan: dto.totalInvestmentWan,
        stageCode,
        stageSince,
        responsibleLeader: dto.responsibleLeader ?? null,
        leadDepartmentId: dto.leadDepartmentId ?? null,
        liaisonOfficerId: dto.liaisonOfficerId ?? null,
        description: dto.description ?? null,
        createdBy: user.id,
        now: ctx.now,
      });
      await this.projects.insertEnterprises(m, projectId, dto.enterpriseIds);
      await this.projects.setPlannedDates(m, projectId, dto.plannedDates ?? []);
      await this.projects.setActualDate(m, projectId, stageCode, stageSince);
      await this.events.append(
        m,
        [
          {
            projectId,
            action: 'create',
            actorId: user.id,
            actorRole: user.role,
            fromStage: null,
            toStage: stageCode,
            payload: { name: dto.name, totalInvestmentWan: dto.totalInvestmentWan, enterpriseIds: dto.enterpriseIds, stageSince },
            createdAt: ctx.now,
          },
        ],
        { lock: true },
      );
      return projectId;
    });
    return this.get(user, id);
  }

  async update(user: AuthUser, id: number, dto: UpdateProjectDto): Promise<ProjectDto> {
    const ctx = await this.context.current();
    const stages = await this.projects.stages();
    if (dto.plannedDates) this.checkPlanned(stages, dto.plannedDates);
    await this.checkResponsibility(user, dto.leadDepartmentId ?? null, dto.liaisonOfficerId ?? null);
    await this.uow.transaction(async (m) => {
      const row = await this.projects.lockVisible(m, user, id);
      if (!row) throw AppError.notFound('Project', id);
      if (Number(row.version) !== dto.version) throw AppError.versionConflict(`Project ${id}`, { currentVersion: Number(row.version) });
      const firmChange = dto.enterpriseIds ? await this.changeFirms(m, user, id, dto.enterpriseIds) : null;
      if (dto.plannedDates) {
        const current = await this.projects.stageDates(m, id);
        const merged = new Map(current.map((d) => [d.stageCode, d.plannedDate]));
        for (const p of dto.plannedDates) merged.set(p.stageCode, p.plannedDate);
        this.checkPlanned(
          stages,
          [...merged.entries()].map(([stageCode, plannedDate]) => ({ stageCode, plannedDate })),
        );
        await this.projects.setPlannedDates(m, id, dto.plannedDates);
      }
      // Fields left undefined are columns left as they are (the write skips them).
      const changes: ColumnChanges<ProjectColumns> = {
        name: dto.name,
        industry: dto.industry,
        total_investment_wan: dto.totalInvestmentWan,
        responsible_leader: dto.responsibleLeader,
        lead_department_id: dto.leadDepartmentId,
        liaison_officer_id: dto.liaisonOfficerId,
        description: dto.description,
      };
      await this.projects.update(m, id, changes, ctx.now);
      const fields: Array<keyof UpdateProjectDto> = [
        'name',
        'industry',
        'totalInvestmentWan',
        'responsibleLeader',
        'leadDepartmentId',
        'liaisonOfficerId',
        'description',
      ];
      const changed: Record<string, unknown> = Object.fromEntries(fields.filter((f) => dto[f] !== undefined).map((f) => [f, dto[f]]));
      if (dto.plannedDates) changed.plannedDates = dto.plannedDates;
      if (firmChange) changed.enterprises = firmChange;
      await this.events.append(
        m,
        [
          {
            projectId: id,
            action: 'update',
            actorId: user.id,
            actorRole: user.role,
            fromStage: String(row.stage_code),
            toStage: String(row.stage_code),
            payload: { changed },
            createdAt: ctx.now,
          },
        ],
        { lock: false },
      );
    });
    return this.get(user, id);
  }

  async get(user: AuthUser, id: number): Promise<ProjectDto> {
    const ctx = await this.context.current();
    const row = await this.projects.findVisible(user, id, ctx.now);
    if (!row) throw AppError.notFound('Project', id);
    return (await this.toDtos([row], ctx))[0];
  }

  async list(user: AuthUser, query: ListProjectsQuery): Promise<ProjectPageDto> {
    const ctx = await this.context.current();
    const { rows, total } = await this.projects.list(user, query, ctx, {
      limit: query.pageSize,
      offset: (query.page - 1) * query.pageSize,
    });
    return pageOf(await this.toDtos(rows, ctx), total, query);
  }

  /** Every project matching the filters, unpaged (exports). */
  async listAll(user: AuthUser, query: Partial<ListProjectsQuery>): Promise<ProjectDto[]> {
    const ctx = await this.context.current();
    const { rows } = await this.projects.list(user, query as ListProjectsQuery, ctx, null);
    return this.toDtos(rows, ctx);
  }

  private async toDtos(rows: ProjectRow[], ctx: ProjectReadContext): Promise<ProjectDto[]> {
    const stages = await this.projects.stages();
    const extras = await this.projects.extrasFor(
      rows.map((r) => Number(r.id)),
      stages,
    );
    return rows.map((r) => projectDtoFromRow(r, extras.get(Number(r.id)) ?? { enterprises: [], stageDates: [] }, ctx));
  }

  /** Replaces the project's firms; added ones must be visible to the caller. Returns what moved. */
  private async changeFirms(
    m: EntityManager,
    user: AuthUser,
    id: number,
    enterpriseIds: number[],
  ): Promise<{ added: number[]; removed: number[] }> {
    const current = await this.projects.enterpriseIdsOf(m, id);
    const added = enterpriseIds.filter((e) => !current.includes(e));
    const removed = current.filter((e) => !enterpriseIds.includes(e));
    const visible = await this.projects.visibleFirms(user, added);
    const missing = added.find((e) => !visible.some((f) => f.id === e));
    if (missing !== undefined) throw AppError.notFound('Enterprise', missing);
    await this.projects.removeEnterprises(m, id, removed);
    await this.projects.insertEnterprises(m, id, added);
    return { added, removed };
  }

  private checkPlanned(stages: PipelineStage[], planned: StageDateInputDto[]): void {
    for (const [i, p] of planned.entries()) {
      if (!stages.some((s) => s.code === p.stageCode))
        throw badField(`plannedDates.${i}.stageCode`, `${p.stageCode} is not a stage of the pipeline`);
      if (p.plannedDate) checkDate(`plannedDates.${i}.plannedDate`, p.plannedDate);
    }
    const problem = inconsistentPlannedDate(stages, planned);
    if (problem) throw badField('plannedDates', problem.message);
  }

  /** The lead department and liaison officer must exist and lie on the caller's chain or in reach. */
  private async checkResponsibility(user: AuthUser, departmentId: number | null, officerId: number | null): Promise<void> {
    if (departmentId !== null) {
      const department = await this.projects.department(departmentId);
      if (!department) throw AppError.notFound('Department', departmentId);
    }
    if (officerId !== null) {
      const officer = await this.projects.officer(officerId);
      if (!officer || !reaches(user.reachPrefix, officer.regionCode)) throw AppError.notFound('Officer', officerId);
      if (!officer.active) throw badField('liaisonOfficerId', 'the officer is inactive');
    }
  }
}

export function badField(field: string, message: string): AppError {
  return AppError.badRequest(`${field}: ${message}`, [{ field, message }]);
}

export function checkDate(field: string, value: string): void {
  if (parseIsoDate(value) === null) throw badField(field, `${value} is not a calendar date`);
}
