import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppealHistory, type HistoryEntry } from '../../appeals/events/appeal-history';
import { planTaskCheck } from '../../cohandling/domain/task-check';
import type { CalendarSnapshot } from '../calendar/calendar.service';
import { overdueWorkingDays } from '../domain/overdue-working-days';
import { TaskSweepRepository } from './task-sweep.repository';

/** What one batch of co-handler tasks did, for the sweep's report. */
export interface TaskSweepTally {
  examined: number;
  turnedYellow: number;
  turnedRed: number;
  reminders: number;
}

/**
 * The co-handler tasks' part of the SLA sweep (#20), in the caller's transaction: lights the due
 * tasks yellow and red (planTaskCheck), and reminds (催办) the co-handling department of each task
 * that has just become overdue — the task's reminded_at and the appeal's internal history entry
 * written together, so the reminder happens exactly once per task whatever runs twice.
 */
@Injectable()
export class CoHandlerTaskSweep {
  constructor(
    private readonly tasks: TaskSweepRepository,
    private readonly history: AppealHistory,
  ) {}

  async sweepBatch(m: EntityManager, now: Date, limit: number, snapshot: CalendarSnapshot, yellowShare: number): Promise<TaskSweepTally> {
    const tally: TaskSweepTally = { examined: 0, turnedYellow: 0, turnedRed: 0, reminders: 0 };
    const rows = await this.tasks.lockDueBatch(m, now, limit);
    if (!rows.length) return tally;
    // Past the published schedule, judged with weekends as the only rest days, as the appeals are.
    const calendar = snapshot.calendar.provisional();
    const planned = rows.map((row) => ({
      row,
      plan: planTaskCheck({ ...row, appealOpen: row.appeal.isOpen }, now, yellowShare, calendar, snapshot.hours),
    }));
    await this.tasks.applyTimers(
      m,
      planned.map(({ row, plan }) => ({ id: row.id, warningLight: plan.warningLight, yellowAt: plan.yellowAt, nextCheckAt: plan.nextCheckAt })),
    );
    const reminded = planned.filter(({ plan }) => plan.remind);
    await this.tasks.markReminded(
      m,
      reminded.map(({ row }) => row.id),
      now,
    );
    const entries: HistoryEntry[] = reminded.map(({ row }) => {
      const days = overdueWorkingDays(row.dueAt, now, calendar, snapshot.hours);
      return {
        appealId: row.appealId,
        action: 'co_task_remind',
        actor: { id: null, role: 'system' },
        fromStatus: row.appeal.status,
        toStatus: row.appeal.status,
        reason: `${row.departmentName}的协办任务已超期${days > 0 ? ` ${days} 个工作日` : ''}，催办`,
        payload: { taskId: row.id, departmentId: row.departmentId, step: 'reminder', dueAt: row.dueAt.toISOString(), overdueWorkingDays: days },
        // Between offices, like every task event and ladder step.
        visibility: 'internal',
        at: now,
        notify: { appeal: { ...row.appeal, coHandlerDepartmentIds: [row.departmentId] }, due: { at: row.dueAt, basis: row.dueBasis } },
      };
    });
    // The appeal rows are not written: internal entries on untouched rows keep the firm's version.
    await this.history.record(m, 'untouched', entries);
    for (const { plan } of planned) {
      if (plan.turnedYellow) tally.turnedYellow += 1;
      if (plan.turnedRed) tally.turnedRed += 1;
    }
    tally.examined = rows.length;
    tally.reminders = reminded.length;
    return tally;
  }
}
