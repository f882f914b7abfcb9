import type { EntityManager } from 'typeorm';
import type { Based } from '../../sla/domain/deadline-basis';
import type { SlaPolicyRow, SlaTimersService } from '../../sla/sla-timers.service';
import type { AppealRow } from '../appeal-row';
import type { AppealChanges } from '../changes/appeal-changes';
import type { DecisionSuccess } from '../domain';
import { isTerminalStatus } from '../domain/appeal-status';

function resolutionDue(row: AppealRow): Based<Date> {
  return { value: new Date(row.resolution_due_at as Date), basis: row.resolution_due_basis };
}

/**
 * Turns a decision's effects into timer changes, with the working-day calendar and the appeal's
 * SLA policy version. The pure state machine says *that* a clock starts, pauses or moves; this
 * says *when* it ends.
 */
export async function timerChanges(
  manager: EntityManager,
  timers: SlaTimersService,
  row: AppealRow,
  decision: DecisionSuccess,
  coHandled: boolean,
  now: Date,
): Promise<{ changes: AppealChanges; pause: 'open' | 'close' | null }> {
  const changes: AppealChanges = {};
  let pause: 'open' | 'close' | null = null;
  let policy: SlaPolicyRow = row.sla_policy_id ? await timers.policyById(manager, row.sla_policy_id) : await currentPolicy();
  const level = (decision.changes.level ?? row.level) as AppealRow['level'];

  async function currentPolicy(): Promise<SlaPolicyRow> {
    return timers.currentPolicy(manager, { categoryId: row.category_id, urgency: row.urgency, level: (decision.changes.level ?? row.level) as AppealRow['level'] });
  }

  for (const effect of decision.effects) {
    switch (effect.type) {
      case 'raise_level':
        // A new level works under that level's policy from now on.
        policy = await timers.currentPolicy(manager, { categoryId: row.category_id, urgency: row.urgency, level });
        changes.slaPolicyId = policy.id;
        break;
      case 'reset_timers':
        changes.ladderCycle = Number(row.ladder_cycle) + 1;
        changes.supervisionLevel = 'none';
        changes.responseOverdue = false;
        changes.resolutionOverdue = false;
        changes.overdueSince = null;
        changes.signedAt = null;
        setResponseDue(changes, await timers.responseDue(now, policy));
        break;
      case 'start_handling_clocks':
        changes.assignedAt = now;
        changes.pausedMs = 0;
        setObjectionDeadline(changes, await timers.objectionDeadline(now));
        changes.resolutionStartedAt = now;
        setResolutionDue(changes, await timers.resolutionDue(now, policy, coHandled));
        break;
      case 'reset_resolution_clock':
        changes.ladderCycle = Number(row.ladder_cycle) + 1;
        changes.supervisionLevel = 'none';
        changes.resolutionOverdue = false;
        changes.overdueSince = null;
        changes.resolutionStartedAt = now;
        setResolutionDue(changes, await timers.resolutionDue(now, policy, coHandled));
        changes.verificationDueAt = null;
        changes.verificationDueBasis = 'statutory';
        changes.pausedMs = 0;
        break;
      case 'pause_clock':
        pause = 'open';
        break;
      case 'resume_clock': {
        pause = 'close';
        const since = effect.pausedSince ?? row.suspended_at;
        if (since && row.resolution_due_at) {
          setResolutionDue(changes, await timers.shiftForPause(resolutionDue(row), new Date(since), now, policy));
          // Pauses only happen while the resolution clock runs, so they are kept in its unit (working time).
          changes.pausedMs = Number(row.paused_ms) + (await timers.pausedMs(new Date(since), now, 'working_days'));
        }
        break;
      }
      case 'extend_deadline':
        if (row.resolution_due_at) setResolutionDue(changes, await timers.extendDue(resolutionDue(row), effect.workingDays));
        changes.extensionDays = Number(row.extension_days) + effect.workingDays;
        break;
      case 'start_verification_clock': {
        const due = await timers.verificationDue(now, policy);
        changes.verificationDueAt = due.value;
        changes.verificationDueBasis = due.basis;
        break;
      }
      default: {
        const unknown: never = effect;
        throw new Error(`Unhandled effect ${JSON.stringify(unknown)}`);
      }
    }
  }
  return { changes, pause };
}

// A timer's instant and its basis (statutory / provisional, 暂定) are always written together.
function setResponseDue(changes: AppealChanges, due: Based<Date>): void {
  changes.responseDueAt = due.value;
  changes.responseDueBasis = due.basis;
}

function setObjectionDeadline(changes: AppealChanges, due: Based<Date>): void {
  changes.objectionDeadlineAt = due.value;
  changes.objectionDeadlineBasis = due.basis;
}

function setResolutionDue(changes: AppealChanges, due: Based<Date>): void {
  changes.resolutionDueAt = due.value;
  changes.resolutionDueBasis = due.basis;
}

/** A finished appeal has no deadline left to watch: nothing for the sweep, no light to compute. */
export function finishedDueChanges(): AppealChanges {
  return { currentDueAt: null, currentDueBasis: 'statutory', nextCheckAt: null, yellowAt: null };
}

/**
 * The deadline that matters in the new state, the warning light, and when the sweep must look
 * at the appeal next. Computed on every action so the sweep only touches appeals whose
 * next_check_at has come.
 */
export async function currentDueChanges(
  timers: SlaTimersService,
  policy: SlaPolicyRow | null,
  merged: AppealRow,
  now: Date,
): Promise<AppealChanges> {
  const status = merged.status;
  if (isTerminalStatus(status)) return finishedDueChanges();
  if (status === 'suspended') {
    // The clock stands still: nothing to sweep until the appeal resumes.
    return { currentDueAt: merged.resolution_due_at, currentDueBasis: merged.resolution_due_basis, nextCheckAt: null };
  }
  if (status === 'resolved') {
    return {
      currentDueAt: merged.verification_due_at,
      currentDueBasis: merged.verification_due_basis,
      nextCheckAt: merged.verification_due_at,
      warningLight: 'green',
      yellowAt: null,
    };
  }
  const responsePhase = status === 'submitted' || status === 'accepted' || (status === 'assigned' && !merged.signed_at);
  const start = responsePhase ? merged.submitted_at : merged.resolution_started_at;
  const due = responsePhase ? merged.response_due_at : merged.resolution_due_at;
  const basis = responsePhase ? merged.response_due_basis : merged.resolution_due_basis;
  if (!start || !due || !policy) return { currentDueAt: due, currentDueBasis: basis, nextCheckAt: due };
  const unit = responsePhase ? policy.responseUnit : 'working_days';
  const light = await timers.lightFor(new Date(start), new Date(due), now, unit, responsePhase ? 0 : Number(merged.paused_ms));
  return {
    currentDueAt: due,
    currentDueBasis: basis,
    warningLight: light.light,
    yellowAt: light.yellowAt,
    nextCheckAt: light.nextCheckAt,
    overdueSince: light.light === 'red' ? (merged.overdue_since ?? due) : null,
  };
}
