import { type CoHandlerTask, OPEN_TASK_STATUSES } from './co-handler-task';

export interface JointClosureRefusal {
  readonly error: 'co_handler_tasks_open';
  readonly message: string;
  readonly openTaskIds: readonly string[];
}

/**
 * The joint closure rule (首接负责, 联合办结): the lead department may resolve only once every
 * co-handler task has been answered, objected to (the part went back to the supervisor) or waived
 * by a supervisor. Answered late still counts as delivered; the metrics record the lateness.
 */
export function checkJointClosure(tasks: readonly Pick<CoHandlerTask, 'id' | 'departmentId' | 'status'>[]): JointClosureRefusal | null {
  const open = tasks.filter((task) => OPEN_TASK_STATUSES.includes(task.status));
  if (open.length === 0) return null;
  return {
    error: 'co_handler_tasks_open',
    message: `Cannot resolve while ${open.length} co-handler task(s) are open (departments ${open
      .map((task) => task.departmentId)
      .join(', ')}); wait for their answers or ask a supervisor to waive them.`,
    openTaskIds: open.map((task) => task.id),
  };
}
