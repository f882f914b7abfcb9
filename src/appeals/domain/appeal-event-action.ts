import { APPEAL_ACTION_NAMES, type AppealActionName } from './appeal-action';

/**
 * Entries of an appeal's history that are not state-machine actions: the sweep's ladder (the red
 * card is a case action because it may raise the level), supervision orders, attachments,
 * officer handovers, deadlines recomputed once a calendar year is declared, the demo seed's
 * staged deadlines, and the co-handler tasks (协办任务) a routing creates, their departments' steps and the sweep's reminder (催办) of an overdue task. Stored in the database as-is.
 */
export const HISTORY_ONLY_ACTIONS = [
  'remind',
  'supervise',
  'yellow_card',
  'supervision_order',
  'supervision_reply',
  'attach',
  'officer_handover',
  'recompute_deadlines',
  'demo_stage_deadline',
  'co_task_create',
  'co_task_sign',
  'co_task_answer',
  'co_task_object',
  'co_task_waive',
  'co_task_remind',
] as const;

export type HistoryOnlyAction = (typeof HISTORY_ONLY_ACTIONS)[number];

/**
 * Every action an appeal event may carry: a closed union, so each `switch` over it (who is
 * notified, how the timeline labels it) ends in `assertNever` and a new action fails to compile
 * until every one of them decides about it.
 */
export type AppealEventAction = AppealActionName | HistoryOnlyAction;

export const APPEAL_EVENT_ACTIONS: readonly AppealEventAction[] = [...APPEAL_ACTION_NAMES, ...HISTORY_ONLY_ACTIONS];

export function isAppealEventAction(value: unknown): value is AppealEventAction {
  return typeof value === 'string' && (APPEAL_EVENT_ACTIONS as readonly string[]).includes(value);
}
