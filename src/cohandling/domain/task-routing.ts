import { type CoHandlerTask, OPEN_TASK_STATUSES } from './co-handler-task';

export interface TaskReplacement {
  /** Tasks whose department no longer co-handles: withdrawn, kept on record. */
  readonly withdraw: readonly string[];
  /** Departments that co-handle now and owe nothing yet: each gets a new task. */
  readonly create: readonly string[];
}

/**
 * What a change of the appeal's co-handling departments does to its tasks. Routing with
 * co-handlers asks each of them for its part; a department that still owes the part of an earlier
 * routing keeps that task (and its clock) rather than being asked twice; one that delivered,
 * objected or was waived is asked again by the new routing. A department dropped from the
 * co-handlers (re-route, transfer up, redo, an approved objection all reset them) has its open
 * task withdrawn, so it never blocks a closure it no longer takes part in.
 */
export function planTaskReplacement(
  existing: readonly Pick<CoHandlerTask, 'id' | 'departmentId' | 'status'>[],
  coDepartmentIds: readonly string[],
): TaskReplacement {
  const open = existing.filter((task) => OPEN_TASK_STATUSES.includes(task.status));
  const owing = new Set(open.map((task) => task.departmentId));
  return {
    withdraw: open.filter((task) => !coDepartmentIds.includes(task.departmentId)).map((task) => task.id),
    create: [...new Set(coDepartmentIds)].filter((departmentId) => !owing.has(departmentId)),
  };
}
