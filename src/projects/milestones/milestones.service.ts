import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../common/auth/auth-user';
import { Clock } from '../../common/clock/clock';
import { AppError } from '../../common/errors/app-error';
import { SettingsService } from '../../settings/settings.service';
import { CalendarService } from '../../sla/calendar/calendar.service';
import { shanghaiDateOf } from '../../sla/domain/shanghai-date';
import type { CompleteMilestoneDto, CreateMilestoneDto, MilestoneDto, UpdateMilestoneDto } from '../dto/milestone.dto';
import { mayWorkOnProject } from '../domain/project-permissions';
import { ProjectEventsRepository } from '../project-events.repository';
import { ProjectsRepository } from '../projects.repository';
import { badField, checkDate, ProjectsService } from '../projects.service';
import { dueFromBasis } from './milestone-due';
import { MilestonesRepository } from './milestones.repository';
import { UnitOfWork } from '../../common/database/unit-of-work';

/** The milestones of a project's responsibility list (责任清单): what, by when, who. */
@Injectable()
export class MilestonesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectsRepository,
    private readonly milestones: MilestonesRepository,
    private readonly events: ProjectEventsRepository,
    private readonly reads: ProjectsService,
    private readonly calendar: CalendarService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  async list(user: AuthUser, projectId: number): Promise<MilestoneDto[]> {
    await this.reads.get(user, projectId);
    return this.milestones.listForProject(this.projects.manager, projectId, this.clock.now());
  }

  async create(user: AuthUser, projectId: number, dto: CreateMilestoneDto): Promise<MilestoneDto> {
    if ((dto.dueDate === undefined) === (dto.workingDays === undefined)) {
      throw badField('dueDate', 'give either dueDate or workingDays');
    }
    const now = this.clock.now();
    if (dto.dueDate !== undefined) {
      checkDate('dueDate', dto.dueDate);
      if (dto.dueDate < shanghaiDateOf(now)) throw badField('dueDate', `must not be before today (${shanghaiDateOf(now)})`);
    }
    if (dto.ownerDepartmentId !== undefined && !(await this.projects.department(dto.ownerDepartmentId))) {
      throw AppError.notFound('Department', dto.ownerDepartmentId);
    }
    const [{ calendar, hours }, yellowShare] = await Promise.all([this.calendar.snapshot(), this.settings.yellowShare()]);
    const basis = { startedAt: now, workingDays: dto.workingDays ?? null, date: dto.dueDate ?? null };
    const due = dueFromBasis(basis, calendar, hours, yellowShare);
    const id = await this.uow.transaction(async (m) => {
      const row = await this.projects.lockVisible(m, user, projectId);
      if (!row) throw AppError.notFound('Project', projectId);
      if (user.role !== 'admin' && user.role !== 'supervisor') {
        throw AppError.forbidden('Supervisors and admins set the responsibility list’s milestones');
      }
      const milestoneId = await this.milestones.insert(m, {
        projectId,
        title: dto.title,
        owner: dto.owner,
        ownerDepartmentId: dto.ownerDepartmentId ?? null,
        startedAt: now,
        basisWorkingDays: basis.workingDays,
        basisDate: basis.date,
        dueAt: due.dueAt,
        dueProvisional: due.provisional,
        yellowAt: due.yellowAt,
        now,
      });
      await this.events.append(
        m,
        [
          {
            projectId,
            action: 'milestone_add',
            actorId: user.id,
            actorRole: user.role,
            fromStage: String(row.stage_code),
            toStage: String(row.stage_code),
            payload: { milestoneId, title: dto.title, owner: dto.owner, dueAt: due.dueAt.toISOString(), provisional: due.provisional },
            createdAt: now,
          },
        ],
        { lock: false },
      );
      return milestoneId;
    });
    return (await this.milestones.find(this.projects.manager, projectId, id, now)) as MilestoneDto;
  }

  /** Edits what, who and by when; a moved deadline is recounted from the milestone's start on the calendar. */
  async update(user: AuthUser, projectId: number, id: number, dto: UpdateMilestoneDto): Promise<MilestoneDto> {
    if (dto.dueDate !== undefined && dto.workingDays !== undefined)
      throw badField('dueDate', 'give either dueDate or workingDays, not both');
    const moves = dto.dueDate !== undefined || dto.workingDays !== undefined;
    if (moves && !dto.reason) throw badField('reason', 'say why the deadline moves');
    const now = this.clock.now();
    if (dto.dueDate !== undefined) {
      checkDate('dueDate', dto.dueDate);
      if (dto.dueDate < shanghaiDateOf(now)) throw badField('dueDate', `must not be before today (${shanghaiDateOf(now)})`);
    }
    if (dto.ownerDepartmentId && !(await this.projects.department(dto.ownerDepartmentId))) {
      throw AppError.notFound('Department', dto.ownerDepartmentId);
    }
    const [{ calendar, hours }, yellowShare] = await Promise.all([this.calendar.snapshot(), this.settings.yellowShare()]);
    await this.uow.transaction(async (m) => {
      const row = await this.projects.lockVisible(m, user, projectId);
      if (!row) throw AppError.notFound('Project', projectId);
      const milestone = await this.milestones.find(m, projectId, id, now, true);
      if (!milestone) throw AppError.notFound('Milestone', id);
      if (user.role !== 'admin' && user.role !== 'supervisor') {
        throw AppError.forbidden('Supervisors and admins set the responsibility list’s milestones');
      }
      if (milestone.version !== dto.version) throw AppError.versionConflict(`Milestone ${id}`, { currentVersion: milestone.version });
      if (milestone.doneAt) throw AppError.conflict(`Milestone ${id} is done and no longer changes`);
      const basis = moves ? { startedAt: milestone.startedAt, workingDays: dto.workingDays ?? null, date: dto.dueDate ?? null } : null;
      const due = basis ? dueFromBasis(basis, calendar, hours, yellowShare) : null;
      if (due && due.dueAt.getTime() <= milestone.startedAt.getTime())
        throw badField('workingDays', 'the deadline must lie after the milestone’s start');
      const next = {
        title: dto.title ?? milestone.title,
        owner: dto.owner ?? milestone.owner,
        ownerDepartmentId: dto.ownerDepartmentId === undefined ? (milestone.ownerDepartment?.id ?? null) : dto.ownerDepartmentId,
      };
      const updated = await this.milestones.update(
        m,
        id,
        dto.version,
        {
          ...next,
          due:
            due && basis
              ? {
                  basisWorkingDays: basis.workingDays,
                  basisDate: basis.date,
                  dueAt: due.dueAt,
                  yellowAt: due.yellowAt,
                  provisional: due.provisional,
                }
              : null,
        },
        now,
      );
      if (!updated) throw AppError.versionConflict(`Milestone ${id}`, { currentVersion: milestone.version });
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      if (next.title !== milestone.title) [before.title, after.title] = [milestone.title, next.title];
      if (next.owner !== milestone.owner) [before.owner, after.owner] = [milestone.owner, next.owner];
      if (next.ownerDepartmentId !== (milestone.ownerDepartment?.id ?? null))
        [before.ownerDepartmentId, after.ownerDepartmentId] = [milestone.ownerDepartment?.id ?? null, next.ownerDepartmentId];
      if (due) {
        [before.dueAt, after.dueAt] = [milestone.dueAt.toISOString(), due.dueAt.toISOString()];
        after.provisional = due.provisional;
      }
      await this.events.append(
        m,
        [
          {
            projectId,
            action: 'milestone_update',
            actorId: user.id,
            actorRole: user.role,
            fromStage: String(row.stage_code),
            toStage: String(row.stage_code),
            reason: dto.reason ?? null,
            payload: { milestoneId: id, before, after },
            createdAt: now,
          },
        ],
        { lock: false },
      );
    });
    return (await this.milestones.find(this.projects.manager, projectId, id, now)) as MilestoneDto;
  }

  async complete(user: AuthUser, projectId: number, id: number, dto: CompleteMilestoneDto): Promise<MilestoneDto> {
    const now = this.clock.now();
    const project = await this.reads.get(user, projectId);
    const allowed = mayWorkOnProject(
      { role: user.role, userId: user.id, departmentId: user.departmentId },
      { liaisonOfficerId: project.liaisonOfficer?.id ?? null, leadDepartmentId: project.leadDepartment?.id ?? null },
    );
    await this.uow.transaction(async (m) => {
      // Milestone first, then the project (the event append): the same order as the milestone job.
      const milestone = await this.milestones.find(m, projectId, id, now, true);
      if (!milestone) throw AppError.notFound('Milestone', id);
      const ownsIt = user.role === 'handler' && milestone.ownerDepartment?.id === user.departmentId;
      if (!allowed && !ownsIt) throw AppError.forbidden('Only the project’s responsible people or the milestone’s department tick it off');
      if (milestone.version !== dto.version) throw AppError.versionConflict(`Milestone ${id}`, { currentVersion: milestone.version });
      if (milestone.doneAt) throw AppError.conflict(`Milestone ${id} is already done`);
      await this.milestones.markDone(m, id, now);
      await this.events.append(
        m,
        [
          {
            projectId,
            action: 'milestone_done',
            actorId: user.id,
            actorRole: user.role,
            fromStage: project.stage.code,
            toStage: project.stage.code,
            payload: { milestoneId: id, title: milestone.title, note: dto.note ?? null, late: milestone.dueAt.getTime() < now.getTime() },
            createdAt: now,
          },
        ],
        { lock: true },
      );
    });
    return (await this.milestones.find(this.projects.manager, projectId, id, now)) as MilestoneDto;
  }
}
