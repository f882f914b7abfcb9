import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SettingsService } from '../settings/settings.service';
import { CalendarService } from '../sla/calendar/calendar.service';
import type { SlaPolicyRow } from '../sla/policies/sla-policy';
import { coHandlerTaskClocks, effectiveTaskDays, OPEN_TASK_STATUSES, planTaskReplacement, taskClocksAfterPause } from './domain';
import { CoHandlerTasksRepository } from './co-handler-tasks.repository';

/** What the routing event records of the tasks it changed. */
export interface TaskRoutingSummary {
  /** What was asked of the new tasks' departments. */
  request: string;
  created: Array<{ departmentId: number; dueAt: string; dueBasis: string }>;
  withdrawnTaskIds: number[];
}

/** What the router asks of a co-handler when it says nothing itself. */
export const DEFAULT_TASK_REQUEST = '请就本诉求中属于本单位职责的部分提出办理意见，并在时限内反馈牵头单位。';

/**
 * Keeps an appeal's co-handler tasks in step with its co-handling departments, inside the
 * action's transaction: the appeal use case calls it whenever a decision replaces them (routing
 * sets them; transfer, redo and an approved objection clear them).
 */
@Injectable()
export class CoHandlerTaskRouting {
  constructor(
    private readonly tasks: CoHandlerTasksRepository,
    private readonly calendar: CalendarService,
    private readonly settings: SettingsService,
  ) {}

  async replace(
    m: EntityManager,
    appealId: number,
    coDepartmentIds: readonly number[],
    context: { policy: SlaPolicyRow | null; request: string | null; actorId: number | null; now: Date },
  ): Promise<TaskRoutingSummary | null> {
    const existing = await this.tasks.forAppeal(m, appealId, true);
    const plan = planTaskReplacement(
      existing.map((t) => ({ id: String(t.id), departmentId: String(t.departmentId), status: t.status })),
      coDepartmentIds.map(String),
    );
    if (!plan.create.length && !plan.withdraw.length) return null;
    const withdrawnTaskIds = plan.withdraw.map(Number);
    await this.tasks.withdraw(m, withdrawnTaskIds, context.now);
    const created = await this.create(m, appealId, plan.create, context);
    return { ...created, withdrawnTaskIds };
  }

  /**
   * Tasks for departments that join the co-handlers of an appeal already being handled (a task
   * force brought in): the departments already co-handling keep what they have, delivered or not.
   */
  async add(
    m: EntityManager,
    appealId: number,
    departmentIds: readonly number[],
    context: { policy: SlaPolicyRow | null; request: string | null; actorId: number | null; now: Date },
  ): Promise<TaskRoutingSummary> {
    return { ...(await this.create(m, appealId, departmentIds.map(String), context)), withdrawnTaskIds: [] };
  }

  private async create(
    m: EntityManager,
    appealId: number,
    departmentIds: readonly string[],
    context: { policy: SlaPolicyRow | null; request: string | null; actorId: number | null; now: Date },
  ): Promise<Omit<TaskRoutingSummary, 'withdrawnTaskIds'>> {
    const request = context.request?.trim() || DEFAULT_TASK_REQUEST;
    if (!departmentIds.length) return { request, created: [] };

    const days = effectiveTaskDays(
      await this.settings.get('cohandling.task_working_days'),
      context.policy?.resolutionDaysCohandled ?? Number.MAX_SAFE_INTEGER,
    );
    const clocks = await this.calendar.compute('a co-handler task deadline', ({ calendar, hours }) =>
      coHandlerTaskClocks(context.now, days.taskDays, days.leadDays, calendar, hours),
    );
    const created = departmentIds.map((departmentId) => ({
      appealId,
      departmentId: Number(departmentId),
      request,
      createdBy: context.actorId,
      createdAt: context.now,
      dueAt: clocks.due.value,
      dueBasis: clocks.due.basis,
      objectionDeadlineAt: clocks.objectionDeadline.value,
    }));
    await this.tasks.insertMany(m, created);
    return {
      request,
      created: created.map((t) => ({ departmentId: t.departmentId, dueAt: t.dueAt.toISOString(), dueBasis: t.dueBasis })),
    };
  }

  /** The appeal is suspended waiting for the firm: its co-handlers' clocks stand still with the lead's. */
  pauseClocks(m: EntityManager, appealId: number): Promise<void> {
    return this.tasks.stopClocks(m, appealId);
  }

  /** The appeal resumed after a pause from `pausedFrom`: what the co-handlers still owe moves on by the pause. */
  async resumeClocks(m: EntityManager, appealId: number, pausedFrom: Date, now: Date): Promise<void> {
    const owed = (await this.tasks.forAppeal(m, appealId, true)).filter((t) => OPEN_TASK_STATUSES.includes(t.status));
    if (!owed.length) return;
    const clocks = await this.calendar.compute('a co-handler task deadline after suspension', ({ calendar, hours }) =>
      taskClocksAfterPause(
        owed.map((t) => ({ id: String(t.id), dueAt: t.dueAt, dueBasis: t.dueBasis })),
        pausedFrom,
        now,
        calendar,
        hours,
      ),
    );
    await this.tasks.restartClocks(
      m,
      clocks.map((c, i) => ({ id: Number(c.id), fromDueAt: owed[i].dueAt, dueAt: c.due.value, dueBasis: c.due.basis })),
      clocks[0].pausedMs,
      now,
    );
  }

  /** The open-task count the joint-closure rule reads (the snapshot's openCoHandlerTaskCount). */
  openCount(m: EntityManager, appealId: number): Promise<number> {
    return this.tasks.openCount(m, appealId);
  }
}
