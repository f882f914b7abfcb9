import { type CoHandlerTask, decideTask, type TaskCommand } from './co-handler-task';

export type TaskActionName = TaskCommand['action'];
export const TASK_ACTION_NAMES: readonly TaskActionName[] = ['sign', 'answer', 'object', 'waive'];

export interface TaskActor {
  readonly role: string;
  readonly departmentId: string | null;
}

/**
 * Who may take a task command: the co-handling department's own handlers sign, answer and
 * object; a supervisor (whose reach covers the appeal, checked by the caller's scoped read) waives.
 * The lead department can neither answer for a co-handler nor waive its part.
 */
export function mayTakeTaskAction(action: TaskActionName, actor: TaskActor, task: Pick<CoHandlerTask, 'departmentId'>): boolean {
  if (action === 'waive') return actor.role === 'supervisor';
  return actor.role === 'handler' && actor.departmentId !== null && actor.departmentId === task.departmentId;
}

/** The commands the actor may take on the task now (the buttons and the API's allowedActions). */
export function allowedTaskActions(task: CoHandlerTask, actor: TaskActor, now: Date): TaskActionName[] {
  return TASK_ACTION_NAMES.filter((action) => {
    if (!mayTakeTaskAction(action, actor, task)) return false;
    const probe: TaskCommand =
      action === 'answer' ? { action, answer: 'x' } : action === 'sign' ? { action } : { action, reason: 'xx' };
    return decideTask(task, probe, now).ok;
  });
}
