import type { AppealCommand, DecisionSuccess } from '../domain';

const ACTION_TIMESTAMPS: Partial<Record<AppealCommand['action'], string>> = {
  accept: 'accepted_at',
  sign: 'signed_at',
  resolve: 'resolved_at',
};

/**
 * What an action writes besides the snapshot fields and the timers: its timestamp, who handles the
 * case, the answer and the verification, the closing marks. Pure and shared by every path that
 * applies a decision (a person's action, the sweep's auto-close, the red card), so an action
 * writes the same columns whoever triggers it.
 */
export function actionColumns(command: AppealCommand, decision: DecisionSuccess, actorId: number | null, now: Date): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (command.action === 'resolve') {
    columns.closure_type = command.closureType;
    columns.answer = command.answer;
  }
  if (command.action === 'verify' || command.action === 'follow_up_call') {
    columns.verified_at = now;
    columns.solved = command.solved;
    columns.satisfaction = command.satisfaction;
    columns.verification_comment = command.comment ?? null;
    columns.verified_on_behalf = command.action === 'follow_up_call' ? 1 : 0;
  }
  // Closed without the enterprise's rating: counted apart in the statistics.
  if (command.action === 'auto_close') columns.auto_closed = 1;
  if (decision.to === 'closed') columns.closed_at = now;
  const stamp = ACTION_TIMESTAMPS[command.action];
  if (stamp) columns[stamp] = now;
  if ((command.action === 'sign' || command.action === 'resolve') && actorId !== null) columns.handler_id = actorId;
  // A new department (or level) starts without a handler until someone signs.
  if (decision.changes.leadDepartmentId !== undefined) columns.handler_id = null;
  return columns;
}
