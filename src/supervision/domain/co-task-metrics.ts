/**
 * Per-department co-handler task figures (协办任务, #20): how each co-handling department
 * delivered the parts it was asked for, counted from the task table as the tasks stood at the
 * end of the window (see METRICS.md, "Co-handler tasks"). Pure: the repository counts the same
 * predicates in SQL; `countCoTasks` is their definition in code, which the e2e spec checks the
 * SQL against.
 */
import { rankGroups } from './group-ranking';
import { ratio, type Ratio } from './metrics';

export interface CoTaskCounts {
  /**
   * Tasks whose deadline (as it stood at the window's end) falls in the window, except those
   * withdrawn (a later routing no longer asked for them) by its end, and those whose clock stood
   * still at the end with their appeal's suspension, begun by the deadline.
   */
  due: number;
  /** Answered in the window no later than the deadline. */
  deliveredOnTime: number;
  /** Answered in the window after the deadline. */
  deliveredLate: number;
  /** Due in the window and still owed (open or signed) at its end: late, counted in the window of their deadline. */
  openOverdue: number;
  /** Waived by a supervisor in the window (nothing owed any more; out of the on-time rate). */
  waived: number;
  /** Objected to by the department in the window (the part went back to the supervisor; out of the on-time rate). */
  objected: number;
}

export interface CoTaskFigures extends CoTaskCounts {
  /** The department's id. */
  key: string;
  name: string;
  /** deliveredOnTime / (deliveredOnTime + deliveredLate + openOverdue). */
  onTimeRate: Ratio;
}

export interface CoTaskRankedRow extends CoTaskFigures {
  /** By the on-time rate, best first, equal rates sharing a rank (1, 2, 2, 4); null without a denominator. */
  rank: number | null;
}

/** A task's dates as the table holds them: each written once, when the task reached that status. */
export interface CoTaskDates {
  departmentId: string;
  dueAt: Date;
  answeredAt: Date | null;
  objectedAt: Date | null;
  waivedAt: Date | null;
  withdrawnAt: Date | null;
  /** Moves of the deadline by a resumption of the appeal (only while the task was owed), oldest first. */
  deadlineMoves?: ReadonlyArray<{ movedAt: Date; fromDueAt: Date }>;
  /** The appeal's suspensions (waiting for the firm): the task's clock stands still with the appeal's. */
  appealPauses?: ReadonlyArray<{ startedAt: Date; endedAt: Date | null }>;
}

/**
 * Whether the task's clock stood still at `end` before its deadline had passed: its appeal was
 * suspended then, the pause begun by the deadline it had at `end`. Such a task is not due in the
 * window (the resumption moves its deadline on), so neither due nor late there.
 */
export function pausedAtEnd(task: Pick<CoTaskDates, 'dueAt' | 'deadlineMoves' | 'appealPauses'>, end: Date): boolean {
  const due = dueAsOf(task, end).getTime();
  return (task.appealPauses ?? []).some(
    (p) => p.startedAt.getTime() < end.getTime() && (p.endedAt === null || p.endedAt.getTime() >= end.getTime()) && p.startedAt.getTime() <= due,
  );
}

/** The task's deadline as it stood at `end`: before the first move made at or after it, else the current one. */
export function dueAsOf(task: Pick<CoTaskDates, 'dueAt' | 'deadlineMoves'>, end: Date): Date {
  const later = (task.deadlineMoves ?? []).filter((m) => m.movedAt.getTime() >= end.getTime());
  if (!later.length) return task.dueAt;
  return later.reduce((first, m) => (m.movedAt.getTime() < first.movedAt.getTime() ? m : first)).fromDueAt;
}

export interface CountWindow {
  from: Date;
  /** Exclusive: the period's end, or now for a running period. */
  to: Date;
}

export const EMPTY_CO_TASK_COUNTS: CoTaskCounts = { due: 0, deliveredOnTime: 0, deliveredLate: 0, openOverdue: 0, waived: 0, objected: 0 };

const inWindow = (at: Date | null, w: CountWindow) => at !== null && at.getTime() >= w.from.getTime() && at.getTime() < w.to.getTime();
const notBy = (at: Date | null, end: Date) => at === null || at.getTime() >= end.getTime();

/** The definition, task by task, per department (the SQL of CoTaskCountsRepository counts exactly this). */
export function countCoTasks(tasks: readonly CoTaskDates[], window: CountWindow): Map<string, CoTaskCounts> {
  const out = new Map<string, CoTaskCounts>();
  for (const t of tasks) {
    const dueIn = inWindow(dueAsOf(t, window.to), window) && notBy(t.withdrawnAt, window.to) && !pausedAtEnd(t, window.to);
    const answeredIn = inWindow(t.answeredAt, window);
    const c: CoTaskCounts = {
      due: dueIn ? 1 : 0,
      deliveredOnTime: answeredIn && (t.answeredAt as Date).getTime() <= t.dueAt.getTime() ? 1 : 0,
      deliveredLate: answeredIn && (t.answeredAt as Date).getTime() > t.dueAt.getTime() ? 1 : 0,
      openOverdue: dueIn && notBy(t.answeredAt, window.to) && notBy(t.objectedAt, window.to) && notBy(t.waivedAt, window.to) ? 1 : 0,
      waived: inWindow(t.waivedAt, window) ? 1 : 0,
      objected: inWindow(t.objectedAt, window) ? 1 : 0,
    };
    if (!Object.values(c).some((n) => n > 0)) continue;
    out.set(t.departmentId, addCounts(out.get(t.departmentId) ?? EMPTY_CO_TASK_COUNTS, c));
  }
  return out;
}

export function addCounts(a: CoTaskCounts, b: CoTaskCounts): CoTaskCounts {
  return {
    due: a.due + b.due,
    deliveredOnTime: a.deliveredOnTime + b.deliveredOnTime,
    deliveredLate: a.deliveredLate + b.deliveredLate,
    openOverdue: a.openOverdue + b.openOverdue,
    waived: a.waived + b.waived,
    objected: a.objected + b.objected,
  };
}

export function coTaskFigures(key: string, name: string, counts: CoTaskCounts): CoTaskFigures {
  return {
    key,
    name,
    due: counts.due,
    deliveredOnTime: counts.deliveredOnTime,
    deliveredLate: counts.deliveredLate,
    openOverdue: counts.openOverdue,
    waived: counts.waived,
    objected: counts.objected,
    onTimeRate: ratio(counts.deliveredOnTime, counts.deliveredOnTime + counts.deliveredLate + counts.openOverdue),
  };
}

/**
 * The co-handling departments ranked by their task on-time rate (协办按时反馈率), best first; a
 * department that owed nothing in the window (only waived or objected tasks) is listed unranked.
 */
export function rankCoTasks(groups: readonly CoTaskFigures[]): CoTaskRankedRow[] {
  const byKey = new Map(groups.map((g) => [g.key, g]));
  return rankGroups(groups.map((g) => ({ key: g.key, name: g.name, score: g.onTimeRate.value, metrics: null }))).map((row) => ({
    ...(byKey.get(row.key) as CoTaskFigures),
    rank: row.rank,
  }));
}
