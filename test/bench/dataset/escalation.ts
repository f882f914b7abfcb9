import { LADDER_ACTION } from '../../../src/sla/domain/escalation-ladder';
import type { CalendarMath } from './calendar-math';
import { HOUR, LADDER, STEP_LABEL, type GeneratedAppeal, type Status } from './lifecycle-vocabulary';
import type { World } from './org-generator';
import type { Random } from './random';

/**
 * What the SLA sweep would have done to an appeal by now: its escalation steps and supervision
 * orders for a missed deadline, and the timers of the state it is in (light, yellow threshold,
 * next check), decided with the application's own calendar maths.
 */

export interface LifecycleContext {
  world: World;
  math: CalendarMath;
  random: Random;
}

/** The sweep's escalation steps for a deadline missed before `until`, each once, with its supervision order. */
export function climbLadder(
  context: LifecycleContext,
  out: GeneratedAppeal,
  due: number,
  until: number,
  departmentId: number | null,
  status: string,
  phase: 'response' | 'resolution',
): void {
  if (until <= due) return;
  const c = out.columns;
  if (phase === 'resolution') c.resolution_overdue = 1;
  else c.response_overdue = 1;
  c.overdue_since = due;
  c.warning_light = 'red';
  for (const [step, days] of LADDER) {
    const reached = context.math.overdueDaysReached(due, days);
    if (reached > until) break;
    // The sweep runs every minute; the step lands before whatever ended the overdue stretch.
    const at = Math.max(reached, Math.min(reached + context.random.between(1, 60) * 1000, until - 1));
    out.events.push({
      action: LADDER_ACTION[step],
      actorId: null,
      actorRole: 'system',
      onBehalf: false,
      fromStatus: status,
      toStatus: status,
      reason: `已超期 ${days} 个工作日，${STEP_LABEL[step]}`,
      payload: { step, ladderCycle: Number(c.ladder_cycle), overdueWorkingDays: days, dueAt: new Date(due).toISOString(), phase },
      visibility: 'internal',
      at,
    });
    c.supervision_level = step;
    if (step === 'supervision') {
      const replied = context.random.chance(0.7) ? at + context.random.between(2, 40) * HOUR : null;
      const head = departmentId === null ? null : (context.world.handlersByDepartment.get(departmentId) as number[])[0];
      out.orders.push({
        departmentId,
        note: `诉求 ${String(c.number)} 超期未办结，系统自动督办，请部门负责人督促办理并回复。`,
        replyDueAt: context.math.addWorkingDays(at, 2),
        reply: replied !== null && replied <= context.world.now && head !== null ? '已督促承办人员加快办理。' : null,
        repliedBy: replied !== null && replied <= context.world.now && head !== null ? head : null,
        repliedAt: replied !== null && replied <= context.world.now && head !== null ? replied : null,
        createdAt: at,
      });
    }
  }
}

/** Status, the timers of the state the appeal is in now, event counters. */
export function settleTimers(context: LifecycleContext, out: GeneratedAppeal, status: Status): GeneratedAppeal {
  const c = out.columns;
  const now = context.world.now;
  out.events.sort((a, b) => a.at - b.at);
  c.status = status;
  c.updated_at = out.events[out.events.length - 1].at;
  const open = !['closed', 'rejected', 'withdrawn'].includes(status);
  if (!open) return out;
  const responsePhase = status === 'submitted' || status === 'accepted' || (status === 'assigned' && c.signed_at === null);
  if (status === 'suspended') {
    c.current_due_at = c.resolution_due_at;
    return out;
  }
  if (status === 'resolved') {
    Object.assign(c, {
      current_due_at: c.verification_due_at,
      next_check_at: c.verification_due_at,
      warning_light: 'green',
      yellow_at: null,
    });
    return out;
  }
  const start = (responsePhase ? c.submitted_at : c.resolution_started_at) as number;
  const due = (responsePhase ? c.response_due_at : c.resolution_due_at) as number;
  const yellowAt = responsePhase
    ? context.math.yellowAtNaturalHours(start, due)
    : context.math.yellowAtWorkingDays(start, due, c.paused_ms as number);
  c.current_due_at = due;
  c.yellow_at = yellowAt;
  if (now <= due) {
    c.warning_light = now >= yellowAt ? 'yellow' : 'green';
    c.next_check_at = now >= yellowAt ? due : yellowAt;
    return out;
  }
  // Overdue now: the sweep has marked it and climbed the ladder as far as the days allow.
  if (responsePhase) {
    climbLadder(context, out, due, now, c.lead_department_id as number | null, status, 'response');
    out.events.sort((a, b) => a.at - b.at);
  }
  c.warning_light = 'red';
  c.overdue_since = due;
  const level = LADDER.findIndex(([step]) => step === c.supervision_level);
  const next = LADDER[level + 1];
  c.next_check_at = next ? context.math.overdueDaysReached(due, next[1]) : null;
  c.updated_at = out.events[out.events.length - 1].at;
  return out;
}
