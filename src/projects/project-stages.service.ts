import { Injectable } from '@nestjs/common';
import type { AcceptedFile } from '../appeals/attachments/attachment-store';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { AppError } from '../common/errors/app-error';
import { ErrorCode } from '../common/errors/error-code';
import { shanghaiDateOf } from '../sla/domain/shanghai-date';
import { ProjectAttachmentsRepository } from './attachments/project-attachments.repository';
import { ProjectAttachmentsService } from './attachments/project-attachments.service';
import type { ProjectDto } from './dto/project.dto';
import type { ChangeStageDto, PipelineStageDto, ProjectHistoryDto, UpdatePipelineDto } from './dto/stage.dto';
import { mayWorkOnProject } from './domain/project-permissions';
import { verifyProjectChain } from './domain/project-event-hash';
import { decideStageChange, finalStage, orderedStages, validatePipeline } from './domain/stage-pipeline';
import { ProjectEventsRepository } from './project-events.repository';
import { ProjectsRepository } from './projects.repository';
import { badField, checkDate, ProjectsService } from './projects.service';
import { UnitOfWork } from '../common/database/unit-of-work';

/** The pipeline as data (admins adjust it) and a project's moves along it, with evidence. */
@Injectable()
export class ProjectStagesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectsRepository,
    private readonly events: ProjectEventsRepository,
    private readonly reads: ProjectsService,
    private readonly clock: Clock,
    private readonly attachmentRows: ProjectAttachmentsRepository,
    private readonly attachmentService: ProjectAttachmentsService,
  ) {}

  async pipeline(): Promise<PipelineStageDto[]> {
    const [stages, counts] = await Promise.all([this.projects.stages(), this.projects.stageProjectCounts()]);
    const ordered = orderedStages(stages);
    const final = ordered[ordered.length - 1]?.code;
    return ordered.map((s) => ({
      code: s.code,
      name: s.name,
      position: s.position,
      final: s.code === final,
      projects: counts.get(s.code) ?? 0,
    }));
  }

  async replacePipeline(dto: UpdatePipelineDto): Promise<PipelineStageDto[]> {
    const counts = await this.projects.stageProjectCounts();
    const problem = validatePipeline(dto.stages, new Set([...counts.entries()].filter(([, n]) => n > 0).map(([code]) => code)));
    if (problem) throw badField(problem.field, problem.message);
    await this.uow.transaction((m) => this.projects.replaceStages(m, dto.stages));
    return this.pipeline();
  }

  /**
   * Moves the project with its evidence: files uploaded before (dto.attachmentIds) and/or one sent
   * with the change (`file`, already accepted and stored by the caller — the console's one form),
   * recorded in the same transaction as the change.
   */
  async changeStage(
    user: AuthUser,
    id: number,
    dto: ChangeStageDto,
    file?: { accepted: AcceptedFile; storageKey: string },
  ): Promise<ProjectDto> {
    checkDate('date', dto.date);
    const now = this.clock.now();
    const stages = await this.projects.stages();
    await this.uow.transaction(async (m) => {
      const row = await this.projects.lockVisible(m, user, id);
      if (!row) throw AppError.notFound('Project', id);
      const responsibility = {
        liaisonOfficerId: row.liaison_officer_id === null ? null : Number(row.liaison_officer_id),
        leadDepartmentId: row.lead_department_id === null ? null : Number(row.lead_department_id),
      };
      if (!mayWorkOnProject({ role: user.role, userId: user.id, departmentId: user.departmentId }, responsibility)) {
        throw AppError.forbidden('Only the project’s liaison officer, its lead department or a supervisor may change its stage');
      }
      const cited = dto.attachmentIds ?? [];
      const found = await this.attachmentRows.lockUncited(m, id, cited);
      const unusable = cited.find((aid) => !found.some((f) => f.id === aid && f.stageCode === null));
      if (unusable !== undefined) {
        const message = found.some((f) => f.id === unusable)
          ? `attachment ${unusable} is already the evidence of another stage change`
          : `attachment ${unusable} is not a file of this project`;
        throw badField('attachmentIds', message);
      }
      if (Number(row.version) !== dto.version) throw AppError.versionConflict(`Project ${id}`, { currentVersion: Number(row.version) });
      const from = String(row.stage_code);
      const decision = decideStageChange(stages, {
        currentStage: from,
        currentSince: String(row.stage_since_text),
        targetStage: dto.toStage,
        date: dto.date,
        today: shanghaiDateOf(now),
        reason: dto.reason ?? null,
      });
      if (!decision.ok) {
        const code = decision.field === 'toStage' || decision.field === 'reason' ? ErrorCode.IllegalTransition : ErrorCode.BadRequest;
        throw new AppError(code, `${decision.field}: ${decision.message}`, [{ field: decision.field, message: decision.message }]);
      }
      const evidence = [...cited];
      if (file) evidence.push((await this.attachmentService.recordWithin(m, user, row, file.accepted, file.storageKey, now))[0]);
      await this.projects.update(m, id, { stage_code: dto.toStage, stage_since: dto.date, last_stage_change_at: now }, now);
      await this.projects.setActualDate(m, id, dto.toStage, dto.date);
      if (decision.kind === 'correction') {
        // Moving back: the stages after the corrected one have not been reached after all.
        const ordered = orderedStages(stages);
        const target = ordered.findIndex((s) => s.code === dto.toStage);
        for (const later of ordered.slice(target + 1)) await this.projects.setActualDate(m, id, later.code, null);
      }
      await this.events.append(
        m,
        [
          {
            projectId: id,
            action: 'stage_change',
            actorId: user.id,
            actorRole: user.role,
            fromStage: from,
            toStage: dto.toStage,
            reason: dto.reason ?? null,
            payload: {
              kind: decision.kind,
              date: dto.date,
              note: dto.note,
              attachment: dto.attachment ?? null,
              attachmentIds: evidence,
              skipped: decision.skipped,
              reachedFinal: decision.reachedFinal && finalStage(stages).code === dto.toStage,
            },
            createdAt: now,
          },
        ],
        { lock: false },
      );
      await this.attachmentRows.markEvidence(m, id, evidence, dto.toStage, Number(row.event_count) + 1);
    });
    return this.reads.get(user, id);
  }

  async history(user: AuthUser, id: number): Promise<ProjectHistoryDto> {
    await this.reads.get(user, id);
    const events = await this.events.listForProject(this.projects.manager, id);
    return {
      events: events.map((e) => ({
        seq: e.seq,
        action: e.action,
        actorId: e.actorId,
        actorName: e.actorName,
        actorRole: e.actorRole,
        fromStage: e.fromStage,
        toStage: e.toStage,
        reason: e.reason,
        payload: (e.payload ?? {}) as Record<string, unknown>,
        createdAt: e.createdAt,
        prevHash: e.prevHash,
        hash: e.hash,
      })),
      chain: verifyProjectChain(events),
    };
  }
}
