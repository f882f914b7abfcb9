import type { EntityManager } from 'typeorm';
import type { Based } from '../../sla/domain/deadline-basis';
import type { SlaPolicyRow, SlaTimersService } from '../../sla/sla-timers.service';
import type { AppealRow } from '../appeal-row';
import type { DecisionSuccess } from '../domain';

type TimerName = 'response_due' | 'objection_deadline' | 'resolution_due' | 'verification_due';

/** A timer's instant and its basis (statutory / provisional, 暂定) are always written together. */
function setTimer(columns: Record<string, unknown>, timer: TimerName, due: Based<Date>): void {
  columns[`${timer}_at`] = due.value;
  columns[`${timer}_basis`] = due.basis;
}

function resolutionDue(row: AppealRow): Based<Date> {
  return { value: new Date(row.resolution_due_at as Date), basis: row.resolution_due_basis };
}

/**
 * Turns a decision's effects into timer columns, with the working-day calendar and the appeal's
 * SLA policy version. The pure state machine says *that* a clock starts, pauses or moves; this
 * says *when* it ends.
 */
export async function timerColumns(
  manager: EntityManager,
  timers: SlaTimersService,
  row: AppealRow,
  decision: DecisionSuccess,
  coHandled: boolean,
  now: Date,
): Promise<{ columns: Record<string, unknown>; pause: 'open' | 'close' | null }> {
  const columns: Record<string, unknown> = {};
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
        columns.sla_policy_id = policy.id;
        break;
      case 'reset_timers':
        columns.ladder_cycle = Number(row.ladder_cycle) + 1;
        columns.supervision_level = 'none';
        columns.response_overdue = 0;
        columns.resolution_overdue = 0;
        columns.overdue_since = null;
        columns.signed_at = null;
        setTimer(columns, 'response_due', await timers.responseDue(now, policy));
        break;
      case 'start_handling_clocks':
        columns.assigned_at = now;
        columns.paused_ms = 0;
        setTimer(columns, 'objection_deadline', await timers.objectionDeadline(now));
        columns.resolution_started_at = now;
        setTimer(columns, 'resolution_due', await timers.resolutionDue(now, policy, coHandled));
        break;
      case 'reset_resolution_clock':
        columns.ladder_cycle = Number(row.ladder_cycle) + 1;
        columns.supervision_level = 'none';
        columns.resolution_overdue = 0;
        columns.overdue_since = null;
        columns.resolution_started_at = now;
        setTimer(columns, 'resolution_due', await timers.resolutionDue(now, policy, coHandled));
        columns.verification_due_at = null;
        columns.verification_due_basis = 'statutory';
        columns.paused_ms = 0;
        break;
      case 'pause_clock':
        pause = 'open';
        break;
      case 'resume_clock': {
        pause = 'close';
        const since = effect.pausedSince ?? row.suspended_at;
        if (since && row.resolution_due_at) {
          setTimer(columns, 'resolution_due', await timers.shiftForPause(resolutionDue(row), new Date(since), now, policy));
          // Pauses only happen while the resolution clock runs, so they are kept in its unit (working time).
          columns.paused_ms = Number(row.paused_ms) + (await timers.pausedMs(new Date(since), now, 'working_days'));
        }
        break;
      }
      case 'extend_deadline':
        if (row.resolution_due_at) setTimer(columns, 'resolution_due', await timers.extendDue(resolutionDue(row), effect.workingDays));
        columns.extension_days = Number(row.extension_days) + effect.workingDays;
        break;
      case 'start_verification_clock':
        setTimer(columns, 'verification_due', await timers.verificationDue(now, policy));
        break;
      default: {
        const unknown: never = effect;
        throw new Error(`Unhandled effect ${JSON.stringify(unknown)}`);
      }
    }
  }
  return { columns, pause };
}

/** A finished appeal has no deadline left to watch: nothing for the sweep, no light to compute. */
export function finishedDueColumns(): Record<string, unknown> {
  return { current_due_at: null, current_due_basis: 'statutory', next_check_at: null, yellow_at: null };
}

/**
 * The deadline that matters in the new state, the warning light, and when the sweep must look
 * at the appeal next. Computed on every action so the sweep only touches appeals whose
 * next_check_at has come.
 */
export async function currentDueColumns(
  timers: SlaTimersService,
  policy: SlaPolicyRow | null,
  merged: AppealRow,
  now: Date,
): Promise<Record<string, unknown>> {
  const status = merged.status;
  if (['closed', 'rejected', 'withdrawn'].includes(status)) return finishedDueColumns();
  if (status === 'suspended') {
    // The clock stands still: nothing to sweep until the appeal resumes.
    return { current_due_at: merged.resolution_due_at, current_due_basis: merged.resolution_due_basis, next_check_at: null };
  }
  if (status === 'resolved') {
    return {
      current_due_at: merged.verification_due_at,
      current_due_basis: merged.verification_due_basis,
      next_check_at: merged.verification_due_at,
      warning_light: 'green',
      yellow_at: null,
    };
  }
  const responsePhase = status === 'submitted' || status === 'accepted' || (status === 'assigned' && !merged.signed_at);
  const start = responsePhase ? merged.submitted_at : merged.resolution_started_at;
  const due = responsePhase ? merged.response_due_at : merged.resolution_due_at;
  const basis = responsePhase ? merged.response_due_basis : merged.resolution_due_basis;
  if (!start || !due || !policy) return { current_due_at: due, current_due_basis: basis, next_check_at: due };
  const unit = responsePhase ? policy.responseUnit : 'working_days';
  const light = await timers.lightFor(new Date(start), new Date(due), now, unit, responsePhase ? 0 : Number(merged.paused_ms));
  return {
    current_due_at: due,
    current_due_basis: basis,
    warning_light: light.light,
    yellow_at: light.yellowAt,
    next_check_at: light.nextCheckAt,
    overdue_since: light.light === 'red' ? (merged.overdue_since ?? due) : null,
  };
}
