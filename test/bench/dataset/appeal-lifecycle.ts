import { METRIC_FACT_COLUMNS } from '../../../src/appeals/events/metric-facts';
import type { CalendarMath } from './calendar-math';
import { climbLadder, settleTimers, type LifecycleContext } from './escalation';
import {
  CATEGORY_WEIGHTS,
  CHANNELS,
  CLOSURES,
  DAY,
  HOUR,
  KINDS,
  REDO_SHARE,
  SATISFIED,
  SOLVED,
  STUCK_STAGES,
  type GeneratedAppeal,
  type LifecycleEvent,
  type Status,
} from './lifecycle-vocabulary';
import type { Category, Department, Firm, World } from './org-generator';
import { CATEGORY_FAMILY } from './org-generator';
import { factsOfWrites } from './metric-facts-fold';
import { Random, Weighted } from './random';
import { description, TITLES } from './texts';

export type { GeneratedAppeal } from './lifecycle-vocabulary';

/**
 * Lives an appeal through the closed loop with plausible delays, stopping at `now` (an appeal
 * submitted yesterday is still being handled) or at the stage where a stuck appeal stalls.
 * Timers, warning light, ladder steps and next_check_at follow the application's rules, so the
 * sweep finds nothing to do on a freshly generated data set. Every event records the metric
 * columns it wrote under `payload.facts` (`src/appeals/events/metric-facts.ts`): the submission all
 * their initial values, later events what they changed, so folding an appeal's events in order
 * gives its row's values, and folding a prefix gives the values at that moment.
 */
export class AppealLifecycle {
  private readonly categoryPick: Weighted<Category>;
  private readonly firmPick: Weighted<Firm>;
  private readonly context: LifecycleContext;

  constructor(
    private readonly world: World,
    private readonly math: CalendarMath,
    private readonly random: Random,
  ) {
    const leaves = world.categories.filter((c) => CATEGORY_WEIGHTS[c.code] !== undefined);
    this.categoryPick = new Weighted(leaves.map((c) => [c, CATEGORY_WEIGHTS[c.code]] as const));
    // A few firms raise many appeals, most raise a handful.
    this.firmPick = new Weighted(world.firms.map((f) => [f, random.exponential(1) ** 2 + 0.05] as const));
    this.context = { world, math, random };
  }

  build(id: number, number: string, submittedAt: number, stuck: boolean): GeneratedAppeal {
    const { random, math, world } = this;
    const now = world.now;
    const firm = this.firmPick.draw(random);
    const category = this.categoryPick.draw(random);
    const channel = CHANNELS.draw(random);
    const byOfficer = (channel === 'visit' || channel === 'hotline') && firm.officerId !== null;
    const submitter = byOfficer ? (firm.officerId as number) : firm.userId;
    const officerActor = firm.officerId ?? (world.supervisorByRegion.get(firm.regionCode) as number);
    const urgent = firm.whitelist || category.urgentByDefault || (byOfficer && random.chance(0.05));
    const firmLevel = firm.regionCode === firm.cityCode ? 'city' : 'county';
    const level: 'county' | 'city' | 'province' = random.chance(0.03) ? (firmLevel === 'county' ? 'city' : 'province') : firmLevel;
    const supervisor = world.supervisorByRegion.get(firm.regionCode) as number;
    const titles = TITLES[category.code] ?? TITLES.other;

    const c: Record<string, unknown> = {
      id,
      number,
      enterprise_id: firm.id,
      region_code: firm.regionCode,
      city_code: firm.cityCode,
      officer_id: firm.officerId,
      submitted_by: submitter,
      channel,
      submitted_on_behalf: byOfficer ? 1 : 0,
      category_id: category.id,
      kind: KINDS.draw(random),
      title: `${random.pick(titles)}${random.chance(0.7) ? `（${number.slice(5)}）` : ''}`,
      description: description(random),
      urgency: urgent ? 'urgent' : 'normal',
      level,
      lead_department_id: null,
      handler_id: null,
      objected_department_ids: '[]',
      pending_objection: null,
      pending_extension: null,
      sla_policy_id: urgent ? world.policyIds.urgent : world.policyIds.normal,
      submitted_at: submittedAt,
      accepted_at: null,
      assigned_at: null,
      signed_at: null,
      resolved_at: null,
      verified_at: null,
      closed_at: null,
      response_due_at: submittedAt + 24 * HOUR,
      objection_deadline_at: null,
      resolution_started_at: null,
      resolution_due_at: null,
      verification_due_at: null,
      current_due_at: null,
      suspended_at: null,
      paused_ms: 0,
      warning_light: 'green',
      yellow_at: null,
      next_check_at: null,
      overdue_since: null,
      response_overdue: 0,
      resolution_overdue: 0,
      supervision_level: 'none',
      ladder_cycle: 0,
      closure_type: null,
      answer: null,
      solved: null,
      satisfaction: null,
      verification_comment: null,
      verified_on_behalf: 0,
      auto_closed: 0,
      redo_count: 0,
      objection_count: 0,
      extension_count: 0,
      extension_days: 0,
    };
    const out: GeneratedAppeal = { columns: c, events: [], pauses: [], coDepartmentIds: [], orders: [] };
    let status: Status = 'submitted';
    const stuckAt: Status | null = stuck ? STUCK_STAGES.draw(random) : null;

    /**
     * Appends an event if it happened before now, and applies the columns its transaction writes
     * (`writes`), recording the metric ones under `payload.facts` as the application does; false
     * means the story stops here (the appeal is open) and nothing is written.
     */
    const event = (at: number, action: string, actorId: number | null, actorRole: string, to: Status, payload: Record<string, unknown>,
        extra: Partial<LifecycleEvent> = {}, writes: Record<string, unknown> = {}): boolean => {
      if (at > now) return false;
      const facts = factsOfWrites(writes);
      out.events.push({ action, actorId, actorRole, onBehalf: false, fromStatus: out.events.length ? status : null, toStatus: to, reason: null,
        payload: facts ? { ...payload, facts } : payload, visibility: 'public', at, ...extra });
      Object.assign(c, writes);
      status = to;
      return true;
    }; // prettier-ignore
    const stopsAt = (stage: Status) => stuckAt === stage;

    // The submission records every metric column's initial value.
    const initial = Object.fromEntries(METRIC_FACT_COLUMNS.map((column) => [column, c[column]]));
    event(submittedAt, 'submit', submitter, byOfficer ? 'officer' : 'enterprise', 'submitted', {
      onBehalf: byOfficer,
      channel,
      urgency: c.urgency,
      categoryId: category.id,
      slaPolicyId: c.sla_policy_id,
    }, { onBehalf: byOfficer }, initial); // prettier-ignore

    // Accept (or reject) within the 24-hour response limit, mostly.
    const acceptAt = submittedAt + (random.chance(0.05) ? random.between(24, 72) * HOUR : random.exponential(2.5 * HOUR) + 5 * 60_000);
    if (!stopsAt('submitted') && random.chance(0.025)) {
      event(
        acceptAt,
        'reject',
        officerActor,
        'officer',
        'rejected',
        { reason: '不属于企业诉求受理范围' },
        { reason: '不属于企业诉求受理范围' },
      );
      return this.finish(out, status);
    }
    const withdrawAt = random.chance(0.025) ? random.pick(['accepted', 'assigned', 'in_progress'] as const) : null;
    if (
      stopsAt('submitted') ||
      !event(acceptAt, 'accept', officerActor, 'officer', 'accepted', { note: null }, {}, { accepted_at: acceptAt })
    )
      return this.finish(out, status);
    if (withdrawAt === 'accepted')
      return this.withdraw(
        out,
        acceptAt + random.between(1, 20) * HOUR,
        firm,
        () => status,
        (s) => (status = s),
      );

    // Route to the lead department of the appeal's level; sometimes with co-handling departments.
    const regionOfLevel = level === 'province' ? world.province.code : level === 'city' ? firm.cityCode : firm.regionCode;
    const familyIndex = level === 'province' ? 0 : level === 'city' ? 1 : 2;
    const departments = world.departmentsByRegion.get(regionOfLevel) as Department[];
    const family = (CATEGORY_FAMILY[category.code] ?? [0, 0, 0])[familyIndex] % departments.length;
    let lead = departments[family];
    const coHandled = departments.length > 1 && random.chance(0.08);
    if (coHandled) out.coDepartmentIds = [departments[(family + 1 + random.int(0, departments.length - 2)) % departments.length].id];
    const days = urgent ? (coHandled ? 7 : 3) : coHandled ? 15 : 7;
    let routeAt = acceptAt + random.exponential(3 * HOUR) + 60_000;
    /** What routing writes: the lead department and the handling clocks, started at `at`. */
    const clocks = (at: number) => ({
      lead_department_id: lead.id,
      assigned_at: at,
      objection_deadline_at: math.addWorkingDays(at, 1),
      resolution_started_at: at,
      resolution_due_at: math.addWorkingDays(at, days),
    });
    if (
      stopsAt('accepted') ||
      !event(
        routeAt,
        'route',
        officerActor,
        'officer',
        'assigned',
        { leadDepartmentId: lead.id, coDepartmentIds: out.coDepartmentIds },
        {},
        clocks(routeAt),
      )
    ) {
      return this.finish(out, status);
    }
    const handler = () => (world.handlersByDepartment.get(lead.id) as number[])[1];

    // An objection (退单) within a working day, approved by the supervisor, and routed again.
    if (random.chance(0.02) && departments.length > 1) {
      const objectAt = routeAt + random.between(1, 6) * HOUR;
      if (
        !event(
          objectAt,
          'object',
          handler(),
          'handler',
          'assigned',
          { departmentId: lead.id, reason: '不属于本单位职责' },
          { reason: '不属于本单位职责' },
          {
            objection_count: 1,
            objected_department_ids: JSON.stringify([lead.id]),
            pending_objection: JSON.stringify({
              departmentId: lead.id,
              reason: '不属于本单位职责',
              requestedAt: new Date(objectAt).toISOString(),
            }),
          },
        )
      )
        return this.finish(out, status);
      const approveAt = objectAt + random.between(2, 20) * HOUR;
      // Approval sends it back for routing: no lead department, no handling clock until routed again.
      const approved = event(approveAt, 'approve_objection', supervisor, 'supervisor', 'accepted', { departmentId: lead.id, note: null }, {}, {
        lead_department_id: null,
        pending_objection: null,
        objection_deadline_at: null,
        resolution_due_at: null,
      }); // prettier-ignore
      if (!approved) return this.finish(out, status);
      lead = departments[(family + 1) % departments.length];
      out.coDepartmentIds = out.coDepartmentIds.filter((d) => d !== lead.id);
      routeAt = approveAt + random.between(0.5, 5) * HOUR;
      const rerouted = event(routeAt, 'route', supervisor, 'supervisor', 'assigned', { leadDepartmentId: lead.id, coDepartmentIds: out.coDepartmentIds },
        {}, clocks(routeAt)); // prettier-ignore
      if (!rerouted) return this.finish(out, status);
    }
    if (withdrawAt === 'assigned')
      return this.withdraw(
        out,
        routeAt + random.between(1, 20) * HOUR,
        firm,
        () => status,
        (s) => (status = s),
      );

    const signAt = routeAt + (random.chance(0.04) ? random.between(20, 60) * HOUR : random.exponential(5 * HOUR) + 10 * 60_000);
    // The handler who signs (and later answers) is recorded, as the appeals module does.
    if (stopsAt('assigned') || !event(signAt, 'sign', handler(), 'handler', 'in_progress', { departmentId: lead.id }, {}, { signed_at: signAt, handler_id: handler() }))
      return this.finish(out, status); // prettier-ignore
    if (signAt > (c.response_due_at as number)) c.response_overdue = 1;

    // Handling: sometimes an extension, a suspension or an internal note; mostly answered in time.
    let due = c.resolution_due_at as number;
    let started = c.resolution_started_at as number;
    let cursor = signAt;
    if (random.chance(0.05)) {
      const askAt = cursor + (due - cursor) * random.between(0.3, 0.7);
      const extra = random.pick([3, 5]);
      const pending = JSON.stringify({ days: extra, reason: '需协调上级部门', requestedAt: new Date(askAt).toISOString() });
      if (
        !event(
          askAt,
          'request_extension',
          handler(),
          'handler',
          'in_progress',
          { days: extra, reason: '需协调上级部门' },
          { reason: '需协调上级部门' },
          { pending_extension: pending },
        )
      )
        return this.finish(out, status);
      const approveAt = askAt + random.between(2, 24) * HOUR;
      due = math.addWorkingDays(due, extra);
      const approved = event(approveAt, 'approve_extension', supervisor, 'supervisor', 'in_progress', { requestedDays: extra, approvedDays: extra, note: null },
        {}, { pending_extension: null, resolution_due_at: due, extension_count: 1, extension_days: extra }); // prettier-ignore
      if (!approved) return this.finish(out, status);
      cursor = approveAt;
    }
    if (random.chance(0.1)) {
      const noteAt = cursor + random.between(2, 30) * HOUR;
      if (
        !event(
          noteAt,
          'comment',
          handler(),
          'handler',
          'in_progress',
          { text: '已联系企业了解详细情况', visibility: 'internal' },
          { visibility: 'internal' },
        )
      ) {
        return this.finish(out, status);
      }
      cursor = noteAt;
    }
    if (withdrawAt === 'in_progress')
      return this.withdraw(
        out,
        cursor + random.between(1, 48) * HOUR,
        firm,
        () => status,
        (s) => (status = s),
      );
    if (stopsAt('suspended') || random.chance(0.04)) {
      const suspendAt = cursor + random.between(2, 48) * HOUR;
      const reason = '等待企业补充材料';
      const light = suspendAt >= math.yellowAtWorkingDays(started, due, 0) ? 'yellow' : 'green';
      if (
        !event(
          suspendAt,
          'suspend',
          handler(),
          'handler',
          'suspended',
          { reason },
          { reason },
          { suspended_at: suspendAt, warning_light: light },
        )
      )
        return this.finish(out, status);
      const resumeAt = suspendAt + random.between(1, 6) * DAY;
      const shifted = math.shiftForPause(due, suspendAt, resumeAt);
      // paused_ms is kept in the resolution clock's unit, working time, as the appeals module does on resume.
      const resumed = !stopsAt('suspended') && event(resumeAt, 'resume', handler(), 'handler', 'in_progress', { note: null }, {},
        { suspended_at: null, warning_light: 'green', resolution_due_at: shifted, paused_ms: math.pausedWorkingMs(suspendAt, resumeAt) }); // prettier-ignore
      if (!resumed) {
        out.pauses.push({ startedAt: suspendAt, endedAt: null, reason });
        return this.finish(out, status);
      }
      out.pauses.push({ startedAt: suspendAt, endedAt: resumeAt, reason });
      due = shifted;
      cursor = resumeAt;
    }

    // Answer, verification, and now and then (REDO_SHARE) one redo: the firm is not satisfied, the
    // same department handles it again on a fresh resolution clock (an odd redo stays at its level)
    // and answers a second time, which rewrites resolved_at.
    for (let round = 0; ; round += 1) {
      // 85 % within the limit; the rest late, with the sweep's ladder steps on the way.
      let resolveAt = started + (due - started) * (random.chance(0.85) ? random.between(0.15, 0.95) : random.between(1.02, 2.5));
      resolveAt = Math.max(resolveAt, cursor + 30 * 60_000);
      if (round === 0 && stopsAt('in_progress')) resolveAt = Number.POSITIVE_INFINITY;
      this.ladder(out, due, Math.min(resolveAt, now), lead.id, status, 'resolution');
      const answer = this.answer();
      if (resolveAt > now) return this.finish(out, status); // still being handled
      const verificationDue = math.addWorkingDays(resolveAt, 5);
      const resolved = event(resolveAt, 'resolve', handler(), 'handler', 'resolved', answer, {}, {
        resolved_at: resolveAt,
        handler_id: handler(),
        closure_type: answer.closureType,
        answer: answer.answer,
        pending_extension: null,
        verification_due_at: verificationDue,
        warning_light: 'green',
      }); // prettier-ignore
      if (!resolved) return this.finish(out, status);

      // Verification: by the firm, by the officer over a follow-up call, or closed unrated when the window ends.
      const roll = random.next();
      if (roll < 0.15 || firm.officerId === null) {
        // The sweep closes it within a minute of the window's end; a window that ended in the last
        // minute before generation is closed by now too, or the data set would start with an
        // appeal the sweep still owes (verification windows end at the close of a working day,
        // so generating just after one used to leave such appeals behind).
        const closeAt = Math.min(verificationDue + random.between(1, 60) * 1000, Math.max(verificationDue, now));
        event(closeAt, 'auto_close', null, 'system', 'closed', { unrated: true, verificationDueAt: new Date(verificationDue).toISOString() }, {},
          { auto_closed: 1, closed_at: closeAt }); // prettier-ignore
        return this.finish(out, status);
      }
      const byCall = roll < 0.2;
      const verifyAt = resolveAt + random.between(1 * HOUR, Math.max(2 * HOUR, verificationDue - resolveAt - HOUR));
      const verifier = byCall ? (firm.officerId as number) : firm.userId;
      const action = byCall ? 'follow_up_call' : 'verify';
      const role = byCall ? 'officer' : 'enterprise';
      const verdict = { verified_at: verifyAt, verified_on_behalf: byCall ? 1 : 0 };
      if (round > 0 || !random.chance(REDO_SHARE)) {
        const solved = SOLVED.draw(random);
        const satisfaction = SATISFIED.draw(random);
        const payload = { solved, satisfaction, comment: null, onBehalf: byCall, redo: false };
        event(verifyAt, action, verifier, role, 'closed', payload, { onBehalf: byCall },
          { ...verdict, closed_at: verifyAt, solved, satisfaction, verification_comment: null }); // prettier-ignore
        return this.finish(out, status);
      }
      const solved = random.chance(0.6) ? 'no' : 'partly';
      const satisfaction = random.chance(0.7) ? 'dissatisfied' : 'very_dissatisfied';
      const comment = '问题仍未解决，请重新办理。';
      const payload = { solved, satisfaction, comment, onBehalf: byCall, redo: true, redoCount: 1, raisedTo: null };
      // The redo restarts the resolution clock and the escalation ladder (appeal-timers' reset_resolution_clock).
      const redone = event(verifyAt, action, verifier, role, 'in_progress', payload, { onBehalf: byCall }, {
        ...verdict,
        solved,
        satisfaction,
        verification_comment: comment,
        redo_count: 1,
        ladder_cycle: Number(c.ladder_cycle) + 1,
        supervision_level: 'none',
        resolution_overdue: 0,
        overdue_since: null,
        resolution_started_at: verifyAt,
        resolution_due_at: math.addWorkingDays(verifyAt, days),
        verification_due_at: null,
        paused_ms: 0,
        warning_light: 'green',
      }); // prettier-ignore
      if (!redone) return this.finish(out, status);
      started = verifyAt;
      due = c.resolution_due_at as number;
      cursor = verifyAt;
    }
  }

  private answer(): { closureType: string; answer: string } {
    const closureType = CLOSURES.draw(this.random);
    const answer =
      closureType === 'explained'
        ? '经核查，该事项不符合现行政策支持条件，已向企业做好政策解释。'
        : '已协调相关单位落实，问题已按企业诉求办理。';
    return { closureType, answer };
  }

  private withdraw(out: GeneratedAppeal, at: number, firm: Firm, get: () => Status, set: (s: Status) => void): GeneratedAppeal {
    if (at <= this.world.now) {
      out.events.push({ action: 'withdraw', actorId: firm.userId, actorRole: 'enterprise', onBehalf: false, fromStatus: get(), toStatus: 'withdrawn',
        reason: '企业已自行解决', payload: { reason: '企业已自行解决', onBehalf: false }, visibility: 'public', at }); // prettier-ignore
      set('withdrawn');
    }
    return this.finish(out, get());
  }

  private ladder(
    out: GeneratedAppeal,
    due: number,
    until: number,
    departmentId: number | null,
    status: string,
    phase: 'response' | 'resolution',
  ): void {
    climbLadder(this.context, out, due, until, departmentId, status, phase);
  }

  private finish(out: GeneratedAppeal, status: Status): GeneratedAppeal {
    return settleTimers(this.context, out, status);
  }
}
