/**
 * A co-handler task (协办任务): what the lead department asks of one co-handling department on one
 * appeal, with its own clock. Pure: no Nest/TypeORM, the caller loads and persists.
 *
 *  open → signed → answered
 *  open | signed → objected   (once, within the objection window, like the lead's 退单)
 *  open | signed → waived     (a supervisor lets the lead close without this part, with a reason)
 *  open | signed → withdrawn  (the routing that asked for it was replaced: re-route, transfer, redo)
 */
export const CO_HANDLER_TASK_STATUSES = ['open', 'signed', 'answered', 'objected', 'waived', 'withdrawn'] as const;
export type CoHandlerTaskStatus = (typeof CO_HANDLER_TASK_STATUSES)[number];

/** Statuses in which the department still owes its part: they block the lead's resolve. */
export const OPEN_TASK_STATUSES: readonly CoHandlerTaskStatus[] = ['open', 'signed'];

export interface CoHandlerTask {
  readonly id: string;
  readonly departmentId: string;
  readonly status: CoHandlerTaskStatus;
  /** End of the 1-working-day objection window after the task was created. Inclusive. */
  readonly objectionDeadlineAt: Date;
  readonly dueAt: Date;
}

export type TaskRefusalCode = 'illegal_state' | 'window_closed' | 'invalid_input';

export interface TaskRefusal {
  readonly error: TaskRefusalCode;
  readonly message: string;
}

export type TaskCommand =
  | { readonly action: 'sign' }
  | { readonly action: 'answer'; readonly answer: string }
  | { readonly action: 'object'; readonly reason: string }
  | { readonly action: 'waive'; readonly reason: string };

export type TaskDecision =
  | { readonly ok: true; readonly to: CoHandlerTaskStatus; readonly eventPayload: Readonly<Record<string, string>> }
  | ({ readonly ok: false } & TaskRefusal);

const SOURCES: { readonly [A in TaskCommand['action']]: readonly CoHandlerTaskStatus[] } = {
  sign: ['open'],
  answer: ['signed'],
  object: ['open', 'signed'],
  waive: ['open', 'signed'],
};

const TARGET: { readonly [A in TaskCommand['action']]: CoHandlerTaskStatus } = {
  sign: 'signed',
  answer: 'answered',
  object: 'objected',
  waive: 'waived',
};

/** Longest free text accepted for an answer, objection or waiver reason. */
export const MAX_TASK_TEXT = 4000;

/**
 * Who may issue each command (a handler of the task's department for sign/answer/object, a
 * supervisor for waive) is checked by the caller against scope; this decides the rest.
 */
export function decideTask(task: CoHandlerTask, command: TaskCommand, now: Date): TaskDecision {
  const from = SOURCES[command.action];
  if (!from.includes(task.status)) {
    return {
      ok: false,
      error: 'illegal_state',
      message: `Cannot ${command.action} a co-handler task that is ${task.status}; only possible when ${from.join(' or ')}.`,
    };
  }
  if (command.action === 'object' && now.getTime() > task.objectionDeadlineAt.getTime()) {
    // Once only follows from the status: an objected task is never open again.
    return { ok: false, error: 'window_closed', message: 'The objection window (1 working day after the task was created) has closed.' };
  }
  const text = command.action === 'sign' ? null : command.action === 'answer' ? command.answer : command.reason;
  if (text !== null) {
    const field = command.action === 'answer' ? 'answer' : 'reason';
    if (typeof text !== 'string' || text.trim().length === 0) {
      return { ok: false, error: 'invalid_input', message: `${field} must be a non-empty string.` };
    }
    if (text.length > MAX_TASK_TEXT) {
      return { ok: false, error: 'invalid_input', message: `${field} must be at most ${MAX_TASK_TEXT} characters.` };
    }
    return { ok: true, to: TARGET[command.action], eventPayload: { [field]: text.trim() } };
  }
  return { ok: true, to: TARGET[command.action], eventPayload: {} };
}
