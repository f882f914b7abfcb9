import { Injectable } from '@nestjs/common';
import { AppealsRepository } from '../appeals/appeals.repository';
import { AppealHistory } from '../appeals/events/appeal-history';
import type { AuthUser } from '../common/auth/auth-user';
import { Clock } from '../common/clock/clock';
import { UnitOfWork } from '../common/database/unit-of-work';
import { AppError } from '../common/errors/app-error';
import { requireFound } from '../common/errors/require-found';
import { ErrorCode } from '../common/errors/error-code';
import { pageOf, type Page } from '../common/pagination/page-query.dto';
import { type CoHandlerTaskRow, CoHandlerTasksRepository, type DepartmentTaskRow, type TaskAttachmentRow, type TaskStatusWrite } from './co-handler-tasks.repository';
import { allowedTaskActions, answerAttachmentsRefusal, type CoHandlerTask, decideTask, mayTakeTaskAction, OPEN_TASK_STATUSES, type TaskCommand } from './domain';
import type { CoHandlerTaskDto, DepartmentCoHandlerTaskDto, DepartmentTasksQueryDto, TaskAttachmentDto } from './dto/co-handler-task.dto';

const EVENT_OF = { sign: 'co_task_sign', answer: 'co_task_answer', object: 'co_task_object', waive: 'co_task_waive' } as const;

function domainTask(row: CoHandlerTaskRow): CoHandlerTask {
  return {
    id: String(row.id),
    departmentId: String(row.departmentId),
    status: row.status,
    objectionDeadlineAt: row.objectionDeadlineAt,
    dueAt: row.dueAt,
  };
}

function actorOf(user: AuthUser) {
  return { role: user.role, departmentId: user.departmentId === null ? null : String(user.departmentId) };
}

/**
 * The co-handler tasks' own steps (签收, 反馈, 异议, 免除): each in one transaction that locks the
 * appeal and then the task (the order routing takes them in), checks the version the caller saw,
 * lets the pure task rules decide, and records an internal event on the appeal's timeline with
 * the notifications it implies.
 */
@Injectable()
export class CoHandlerTasksService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly tasks: CoHandlerTasksRepository,
    private readonly appeals: AppealsRepository,
    private readonly history: AppealHistory,
    private readonly clock: Clock,
  ) {}

  /** The appeal's tasks as the caller may read the appeal (404 otherwise), oldest first. */
  async listForAppeal(user: AuthUser, appealId: number): Promise<CoHandlerTaskDto[]> {
    const rows = await this.tasks.listReadable(user, appealId);
    if (!rows) throw AppError.notFound('Appeal', appealId);
    const now = this.clock.now();
    const files = await this.tasks.attachmentsOfTasks(rows.map((r) => r.id));
    return rows.map((row) => this.toDto(row, user, now, files.get(row.id)));
  }

  /**
   * The tasks of the caller's own department (a handler), most urgent first: what it owes by
   * default, filtered by status, light or overdue. Only appeals the department still may read.
   */
  async listForDepartment(user: AuthUser, query: DepartmentTasksQueryDto): Promise<Page<DepartmentCoHandlerTaskDto>> {
    if (user.departmentId === null) throw AppError.forbidden('Only handlers of a department have co-handler tasks');
    const now = this.clock.now();
    const statuses = query.status === 'all' ? null : query.status === 'owing' ? OPEN_TASK_STATUSES : [query.status];
    const { rows, total } = await this.tasks.listForDepartment(
      user,
      user.departmentId,
      { statuses, light: query.light, overdue: query.overdue, now },
      { offset: (query.page - 1) * query.pageSize, limit: query.pageSize },
    );
    const files = await this.tasks.attachmentsOfTasks(rows.map((r) => r.id));
    return pageOf(
      rows.map((row: DepartmentTaskRow) => ({
        ...this.toDto(row, user, now, files.get(row.id)),
        appealNumber: row.appealNumber,
        appealTitle: row.appealTitle,
        leadDepartmentName: row.leadDepartmentName,
      })),
      total,
      query,
    );
  }

  /** One task as the caller may read its appeal (404 otherwise). */
  async get(user: AuthUser, taskId: number): Promise<CoHandlerTaskDto> {
    return this.present(user, await requireFound(this.tasks.findReadable(user, taskId), 'Co-handler task', taskId));
  }

  /** One task as its DTO, with the files its answer carries. */
  private async present(user: AuthUser, row: CoHandlerTaskRow): Promise<CoHandlerTaskDto> {
    return this.toDto(row, user, this.clock.now(), (await this.tasks.attachmentsOfTasks([row.id])).get(row.id));
  }

  /** A task command; an answer may name files of the appeal its department uploaded (`attachmentIds`). */
  async act(user: AuthUser, taskId: number, command: TaskCommand, version: number, attachmentIds: readonly number[] = []): Promise<CoHandlerTaskDto> {
    await this.uow.transaction(async (m) => {
      const now = this.clock.now();
      const peek = await this.tasks.findById(taskId);
      const appeal = peek ? await this.appeals.lockReadable(m, user, peek.appealId) : null;
      const task = appeal ? await this.tasks.lockReadable(m, user, taskId) : null;
      if (!appeal || !task) throw AppError.notFound('Co-handler task', taskId);
      if (!mayTakeTaskAction(command.action, actorOf(user), domainTask(task))) {
        throw AppError.forbidden(
          command.action === 'waive'
            ? 'Only a supervisor whose region covers the appeal may waive a co-handler task'
            : `Only handlers of ${task.departmentName} may ${command.action} its co-handler task`,
        );
      }
      if (task.version !== version) {
        throw AppError.versionConflict('The co-handler task', { expected: version, current: { status: task.status, version: task.version } });
      }
      if (Number(appeal.is_open) !== 1) {
        throw AppError.conflict(`Appeal ${appeal.number} is ${appeal.status}; its co-handler tasks are finished`);
      }
      const decision = decideTask(domainTask(task), command, now);
      if (!decision.ok) {
        if (decision.error === 'invalid_input') {
          const field = command.action === 'answer' ? 'answer' : 'reason';
          throw new AppError(ErrorCode.ValidationFailed, decision.message, [{ field, message: decision.message }]);
        }
        throw new AppError(ErrorCode.IllegalTransition, decision.message, undefined, { action: command.action, status: task.status, version: task.version });
      }
      const carried = command.action === 'answer' ? [...new Set(attachmentIds)] : [];
      if (carried.length) {
        const found = await this.tasks.attachmentsForAnswer(m, task.appealId, carried);
        const refusal = answerAttachmentsRefusal(
          { id: String(task.id), departmentId: String(task.departmentId) },
          carried.map(String),
          found.map((f) => ({
            id: String(f.id),
            uploaderDepartmentId: f.uploaderDepartmentId === null ? null : String(f.uploaderDepartmentId),
            taskId: f.taskId === null ? null : String(f.taskId),
          })),
        );
        if (refusal) throw new AppError(ErrorCode.ValidationFailed, refusal, [{ field: 'attachmentIds', message: refusal }]);
      }
      const write = statusWrite(command, user.id, now);
      if (!(await this.tasks.updateIfVersion(m, taskId, task.version, write))) {
        throw AppError.versionConflict('The co-handler task', { expected: version });
      }
      await this.tasks.linkAttachments(m, taskId, carried);
      const text = command.action === 'answer' ? command.answer.trim() : command.action === 'sign' ? null : command.reason.trim();
      await this.history.record(m, 'untouched', [
        {
          appealId: task.appealId,
          action: EVENT_OF[command.action],
          actor: { id: user.id, role: user.role },
          fromStatus: appeal.status,
          toStatus: appeal.status,
          reason: text,
          payload: { taskId, departmentId: task.departmentId, taskStatus: decision.to, ...(carried.length ? { attachmentIds: carried } : {}) },
          // Between government offices: the firm sees the lead's answer, not the parts it is made of.
          visibility: 'internal',
          at: now,
          notify: {
            appeal: {
              id: task.appealId,
              number: appeal.number,
              title: appeal.title,
              enterpriseId: Number(appeal.enterprise_id),
              officerId: appeal.officer_id === null ? null : Number(appeal.officer_id),
              leadDepartmentId: appeal.lead_department_id === null ? null : Number(appeal.lead_department_id),
              regionCode: appeal.region_code,
              coHandlerDepartmentIds: [task.departmentId],
            },
          },
        },
      ]);
    });
    return this.present(user, await requireFound(this.tasks.findById(taskId), 'Co-handler task', taskId));
  }

  /**
   * What the caller's department's answer on this appeal may carry: the appeal's files its
   * handlers uploaded that no answer carries yet (the console's answer form lists them).
   */
  async attachableFiles(user: AuthUser, appealId: number): Promise<TaskAttachmentDto[]> {
    if (user.role !== 'handler' || user.departmentId === null) return [];
    return (await this.tasks.unlinkedAttachmentsOfDepartment(appealId, user.departmentId)).map(attachmentDto);
  }

  private toDto(row: CoHandlerTaskRow, user: AuthUser, now: Date, files: readonly TaskAttachmentRow[] = []): CoHandlerTaskDto {
    const owing = OPEN_TASK_STATUSES.includes(row.status);
    return {
      id: row.id,
      appealId: row.appealId,
      departmentId: row.departmentId,
      departmentName: row.departmentName,
      request: row.request,
      status: row.status,
      createdAt: row.createdAt,
      dueAt: row.dueAt,
      dueBasis: row.dueBasis,
      overdue: owing && row.dueAt.getTime() < now.getTime(),
      warningLight: owing ? row.warningLight : null,
      remindedAt: row.remindedAt,
      objectionDeadlineAt: row.objectionDeadlineAt,
      signedAt: row.signedAt,
      signedByName: row.signedByName,
      answer: row.answer,
      answeredAt: row.answeredAt,
      attachments: files.map(attachmentDto),
      objectionReason: row.objectionReason,
      objectedAt: row.objectedAt,
      waiveReason: row.waiveReason,
      waivedAt: row.waivedAt,
      withdrawnAt: row.withdrawnAt,
      allowedActions: allowedTaskActions(domainTask(row), actorOf(user), now),
      version: row.version,
    };
  }
}

function statusWrite(command: TaskCommand, by: number, at: Date): TaskStatusWrite {
  switch (command.action) {
    case 'sign':
      return { to: 'signed', by, at };
    case 'answer':
      return { to: 'answered', by, at, answer: command.answer.trim() };
    case 'object':
      return { to: 'objected', by, at, reason: command.reason.trim() };
    case 'waive':
      return { to: 'waived', by, at, reason: command.reason.trim() };
  }
}

function attachmentDto(f: TaskAttachmentRow): TaskAttachmentDto {
  return { id: f.id, fileName: f.fileName, contentType: f.contentType, sizeBytes: f.sizeBytes, createdAt: f.createdAt };
}
