import { appealColumns } from '../../appeals/appeal-columns';
import { actionChanges, snapshotChanges } from '../../appeals/changes/action-changes';
import { type AppealCommand, type AppealSnapshot, decide, type SystemActor } from '../../appeals/domain';
import { metricFactsOf } from '../../appeals/events/metric-facts';
import { finishedDueChanges } from '../../appeals/usecases/appeal-timers';
import type { PlannedEvent, SweepChanges } from './sweep-writes';

const AUTO_CLOSE: AppealCommand = { action: 'auto_close' };
const SWEEP_ACTOR: SystemActor = { role: 'system' };

export interface AutoClose {
  set: SweepChanges;
  event: PlannedEvent;
}

/**
 * A resolved appeal whose verification window ran out closes unrated (DOMAIN: "no verification in
 * N working days → closed"). Whether it may close, and into which status, is the state machine's
 * `auto_close` decision, taken here in memory per appeal so the sweep still writes a whole batch
 * with a few grouped UPDATEs; null while the state machine refuses (the window is still open).
 */
export function planAutoClose(snapshot: AppealSnapshot, now: Date): AutoClose | null {
  const decision = decide(snapshot, AUTO_CLOSE, SWEEP_ACTOR, now);
  if (!decision.ok) return null;
  const set: SweepChanges = {
    ...snapshotChanges(decision.changes),
    ...actionChanges(AUTO_CLOSE, decision, null, now),
    ...finishedDueChanges(),
    // A change of status: supervision finds the appeals changed since a period ended by it.
    updatedAt: now,
  };
  const facts = metricFactsOf(appealColumns(set)) ?? {};
  const verificationDueAt = snapshot.verificationDueAt?.toISOString() ?? null;
  return {
    set,
    event: {
      action: decision.action,
      fromStatus: decision.from,
      toStatus: decision.to,
      reason: '评价期满，企业未评价，系统自动办结',
      payload: { ...(decision.eventPayload as Record<string, boolean>), verificationDueAt, facts },
      visibility: 'public',
    },
  };
}
