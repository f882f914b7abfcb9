import type { AppealCommand } from './appeal-action';
import type { Actor } from './appeal-actor';
import type { Decision, DecisionSuccess } from './appeal-decision';
import { initialAppealSnapshot, type AppealSnapshot } from './appeal-snapshot';
import { allowedActions, decide } from './appeal-state-machine';

const NOW = new Date('2026-03-10T03:00:00Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const HOUR = 3_600_000;

const enterprise: Actor = { role: 'enterprise', userId: 'u-ent', enterpriseId: 'e-1' };
const officer: Actor = { role: 'officer', userId: 'u-off', isFirmOfficer: true };
const lead: Actor = { role: 'handler', userId: 'u-h1', departmentId: 'd-lead' };
const supervisor: Actor = { role: 'supervisor', userId: 'u-sup', inRegionReach: true };
const system: Actor = { role: 'system' };

function appeal(overrides: Partial<AppealSnapshot> = {}): AppealSnapshot {
  return {
    ...initialAppealSnapshot({ enterpriseId: 'e-1', level: 'county' }),
    status: 'in_progress',
    leadDepartmentId: 'd-lead',
    objectionDeadlineAt: at(HOUR),
    resolutionDueAt: at(72 * HOUR),
    ...overrides,
  };
}

function ok(decision: Decision): DecisionSuccess {
  if (!decision.ok) throw new Error(`expected success, got ${decision.error}: ${decision.message}`);
  return decision;
}

/** Applies a successful decision the way a caller would persist it. */
function apply(snapshot: AppealSnapshot, decision: Decision): AppealSnapshot {
  return { ...snapshot, ...ok(decision).changes };
}

const errorOf = (decision: Decision) => (decision.ok ? 'ok' : decision.error);

describe('objection (退单)', () => {
  const object: AppealCommand = { action: 'object', reason: 'Not our remit' };
  const assigned = appeal({ status: 'assigned', objectionDeadlineAt: NOW });

  it('is allowed exactly at the end of the window', () => {
    expect(decide(assigned, object, lead, NOW).ok).toBe(true);
  });

  it('is refused 1 ms after the window', () => {
    const decision = decide(assigned, object, lead, at(1));
    expect(errorOf(decision)).toBe('window_closed');
    expect(allowedActions(assigned, lead, at(1))).not.toContain('object');
  });

  it('is refused when no window was ever set', () => {
    expect(errorOf(decide(appeal({ objectionDeadlineAt: null }), object, lead, NOW))).toBe('window_closed');
  });

  it('files a pending objection, counts it and keeps the status', () => {
    const decision = ok(decide(assigned, object, lead, NOW));
    expect(decision.to).toBe('assigned');
    expect(decision.changes).toMatchObject({
      pendingObjection: { departmentId: 'd-lead', reason: 'Not our remit', requestedAt: NOW },
      objectedDepartmentIds: ['d-lead'],
      objectionCount: 1,
    });
  });

  it('blocks a second objection while one is pending, and signing or resolving meanwhile', () => {
    const pending = apply(assigned, decide(assigned, object, lead, NOW));
    expect(errorOf(decide(pending, object, lead, NOW))).toBe('already_pending');
    expect(errorOf(decide(pending, { action: 'sign' }, lead, NOW))).toBe('objection_pending');
    const working = { ...pending, status: 'in_progress' as const };
    expect(errorOf(decide(working, { action: 'resolve', closureType: 'resolved', answer: 'x' }, lead, NOW))).toBe('objection_pending');
    expect(errorOf(decide(working, { action: 'suspend', reason: 'x' }, lead, NOW))).toBe('objection_pending');
    expect(errorOf(decide(working, { action: 'request_extension', days: 1, reason: 'x' }, lead, NOW))).toBe('objection_pending');
  });

  it('is allowed once per department: after a denial the same department cannot object again', () => {
    const pending = apply(assigned, decide(assigned, object, lead, NOW));
    const denied = apply(pending, decide(pending, { action: 'deny_objection', reason: 'It is yours' }, supervisor, NOW));
    expect(denied.pendingObjection).toBeNull();
    expect(denied.status).toBe('assigned');
    expect(errorOf(decide(denied, object, lead, NOW))).toBe('already_objected');
  });

  it('approved: back to accepted with departments cleared; re-routing to the objector is refused', () => {
    const pending = apply(assigned, decide(assigned, object, lead, NOW));
    const approval = ok(decide(pending, { action: 'approve_objection' }, supervisor, NOW));
    expect(approval.to).toBe('accepted');
    expect(approval.changes).toMatchObject({ leadDepartmentId: null, coDepartmentIds: [], pendingObjection: null });
    const accepted = apply(pending, approval);
    expect(errorOf(decide(accepted, { action: 'route', leadDepartmentId: 'd-lead' }, officer, NOW))).toBe('already_objected');
    const rerouted = ok(decide(accepted, { action: 'route', leadDepartmentId: 'd-2', coDepartmentIds: ['d-lead'] }, officer, NOW));
    expect(rerouted.effects).toEqual([{ type: 'start_handling_clocks' }]);
    // The new department has its own single objection.
    const second = { ...apply(accepted, rerouted), objectionDeadlineAt: at(HOUR) };
    const secondLead: Actor = { role: 'handler', userId: 'u-h9', departmentId: 'd-2' };
    expect(ok(decide(second, object, secondLead, NOW)).changes.objectionCount).toBe(2);
  });

  it('cannot be decided when none is pending', () => {
    expect(errorOf(decide(assigned, { action: 'approve_objection' }, supervisor, NOW))).toBe('not_pending');
  });
});

describe('extension (延期)', () => {
  const request: AppealCommand = { action: 'request_extension', days: 5, reason: 'Waiting for the grid company' };
  const pending = appeal({ pendingExtension: { days: 5, reason: 'Waiting', requestedAt: NOW } });

  it('may be approved for fewer days than asked', () => {
    const decision = ok(decide(pending, { action: 'approve_extension', days: 3 }, supervisor, NOW));
    expect(decision.effects).toEqual([{ type: 'extend_deadline', workingDays: 3 }]);
    expect(decision.changes).toMatchObject({ pendingExtension: null, extensionCount: 1 });
  });

  it('grants what was asked for when no number is given', () => {
    const decision = ok(decide(pending, { action: 'approve_extension' }, supervisor, NOW));
    expect(decision.effects).toEqual([{ type: 'extend_deadline', workingDays: 5 }]);
  });

  it('is refused for more days than asked', () => {
    expect(errorOf(decide(pending, { action: 'approve_extension', days: 6 }, supervisor, NOW))).toBe('invalid_input');
  });

  it('must be requested before the deadline (the deadline instant itself is too late)', () => {
    expect(decide(appeal({ resolutionDueAt: at(1) }), request, lead, NOW).ok).toBe(true);
    expect(errorOf(decide(appeal({ resolutionDueAt: NOW }), request, lead, NOW))).toBe('window_closed');
  });

  it('while suspended counts the time at which the clock stopped', () => {
    const suspended = appeal({ status: 'suspended', suspendedAt: at(-2 * HOUR), resolutionDueAt: at(-HOUR) });
    expect(decide(suspended, request, lead, NOW).ok).toBe(true);
    const lateSuspension = { ...suspended, suspendedAt: at(-HOUR) };
    expect(errorOf(decide(lateSuspension, request, lead, NOW))).toBe('window_closed');
  });

  it('is refused while another request is pending, and needs whole positive days', () => {
    expect(errorOf(decide(pending, request, lead, NOW))).toBe('already_pending');
    for (const days of [0, -1, 1.5, Number.NaN]) {
      expect(errorOf(decide(appeal(), { ...request, days }, lead, NOW))).toBe('invalid_input');
    }
  });

  it('denial clears the request without counting it', () => {
    const decision = ok(decide(pending, { action: 'deny_extension', reason: 'Not justified' }, supervisor, NOW));
    expect(decision.changes).toEqual({ status: 'in_progress', pendingExtension: null });
  });
});

describe('verification, redo and raising the level', () => {
  const resolved = appeal({ status: 'resolved', level: 'county' });
  const unhappy: AppealCommand = { action: 'verify', solved: 'no', satisfaction: 'dissatisfied' };

  it('satisfied closes', () => {
    const decision = ok(decide(resolved, { action: 'verify', solved: 'partly', satisfaction: 'basically_satisfied' }, enterprise, NOW));
    expect(decision.to).toBe('closed');
    expect(decision.eventPayload).toMatchObject({ onBehalf: false, redo: false });
  });

  it('first redo goes back to the same department with a fresh resolution clock', () => {
    const decision = ok(decide(resolved, unhappy, enterprise, NOW));
    expect(decision.to).toBe('in_progress');
    expect(decision.changes).toMatchObject({ redoCount: 1, resolutionDueAt: null });
    expect(decision.changes.leadDepartmentId).toBeUndefined();
    expect(decision.effects).toEqual([{ type: 'reset_resolution_clock' }]);
  });

  it('second redo raises one level and goes back for routing there', () => {
    const decision = ok(decide({ ...resolved, redoCount: 1 }, { ...unhappy, satisfaction: 'very_dissatisfied' }, enterprise, NOW));
    expect(decision.to).toBe('accepted');
    expect(decision.changes).toMatchObject({ redoCount: 2, level: 'city', leadDepartmentId: null, coDepartmentIds: [] });
    expect(decision.effects).toEqual([{ type: 'raise_level', from: 'county', to: 'city' }, { type: 'reset_timers' }]);
  });

  it('a third redo stays at the raised level; a fourth raises again', () => {
    const third = ok(decide({ ...resolved, level: 'city', redoCount: 2 }, unhappy, enterprise, NOW));
    expect(third.to).toBe('in_progress');
    const fourth = ok(decide({ ...resolved, level: 'city', redoCount: 3 }, unhappy, enterprise, NOW));
    expect(fourth.changes).toMatchObject({ status: 'accepted', level: 'province' });
  });

  it('at province the second redo cannot raise and redoes at province', () => {
    const decision = ok(decide({ ...resolved, level: 'province', redoCount: 1 }, unhappy, enterprise, NOW));
    expect(decision.to).toBe('in_progress');
    expect(decision.changes.level).toBeUndefined();
    expect(decision.eventPayload).toMatchObject({ redo: true, redoCount: 2, raisedTo: null });
  });

  it('a follow-up call by the officer has the same effect, marked on behalf', () => {
    const decision = ok(decide(resolved, { ...unhappy, action: 'follow_up_call' }, officer, NOW));
    expect(decision.to).toBe('in_progress');
    expect(decision.eventPayload).toMatchObject({ onBehalf: true, solved: 'no', satisfaction: 'dissatisfied' });
  });

  it('resolve starts the verification clock; auto_close waits for it to run out', () => {
    const resolving = ok(decide(appeal(), { action: 'resolve', closureType: 'explained', answer: 'Policy does not allow it' }, lead, NOW));
    expect(resolving.effects).toEqual([{ type: 'start_verification_clock' }]);
    const waiting = { ...resolved, verificationDueAt: at(1) };
    expect(errorOf(decide(waiting, { action: 'auto_close' }, system, NOW))).toBe('window_open');
    const closing = ok(decide({ ...waiting, verificationDueAt: NOW }, { action: 'auto_close' }, system, NOW));
    expect(closing.eventPayload).toEqual({ unrated: true });
    expect(closing.to).toBe('closed');
    expect(errorOf(decide({ ...resolved, verificationDueAt: null }, { action: 'auto_close' }, system, NOW))).toBe('window_open');
  });
});

describe('transfer to a higher level', () => {
  const transfer: AppealCommand = { action: 'transfer_up', targetDepartmentId: 'd-prov', reason: 'Cross-city issue' };

  it('raises city to province and hands the case to the new department', () => {
    const decision = ok(decide(appeal({ level: 'city', coDepartmentIds: ['d-co'] }), transfer, supervisor, NOW));
    expect(decision.changes).toMatchObject({ status: 'assigned', level: 'province', leadDepartmentId: 'd-prov', coDepartmentIds: [] });
    expect(decision.effects.map((e) => e.type)).toEqual(['raise_level', 'reset_timers', 'start_handling_clocks']);
  });

  it('refuses a target department that already objected to this appeal', () => {
    const objectedBefore = appeal({ level: 'city', objectedDepartmentIds: ['d-prov'] });
    expect(errorOf(decide(objectedBefore, transfer, supervisor, NOW))).toBe('already_objected');
  });

  it('is impossible at province', () => {
    const atProvince = appeal({ level: 'province' });
    expect(errorOf(decide(atProvince, transfer, supervisor, NOW))).toBe('level_at_maximum');
    expect(allowedActions(atProvince, supervisor, NOW)).not.toContain('transfer_up');
  });
});

describe('suspension', () => {
  it('pauses and resumes the clock, remembering since when', () => {
    const suspending = ok(decide(appeal(), { action: 'suspend', reason: 'Need the land certificate' }, lead, NOW));
    expect(suspending.effects).toEqual([{ type: 'pause_clock' }]);
    const suspended = apply(appeal(), suspending);
    expect(suspended.suspendedAt).toEqual(NOW);
    const supplement = ok(decide(suspended, { action: 'supplement', text: 'Attached' }, enterprise, at(HOUR)));
    expect(supplement.effects).toEqual([{ type: 'resume_clock', pausedSince: NOW }]);
    expect(supplement.changes).toMatchObject({ status: 'in_progress', suspendedAt: null });
    expect(ok(decide(suspended, { action: 'resume' }, lead, NOW)).to).toBe('in_progress');
  });
});

describe('withdrawal', () => {
  it('is allowed before resolved and marks the officer acting on behalf', () => {
    expect(ok(decide(appeal({ status: 'suspended' }), { action: 'withdraw' }, enterprise, NOW)).eventPayload).toEqual({
      reason: null,
      onBehalf: false,
    });
    expect(ok(decide(appeal(), { action: 'withdraw', reason: 'Solved it ourselves' }, officer, NOW)).eventPayload).toEqual({
      reason: 'Solved it ourselves',
      onBehalf: true,
    });
  });

  it('is not possible once resolved or ended', () => {
    for (const status of ['resolved', 'closed', 'rejected', 'withdrawn'] as const) {
      expect(errorOf(decide(appeal({ status }), { action: 'withdraw' }, enterprise, NOW))).toBe('illegal_state');
    }
  });
});

describe('comments', () => {
  it('the enterprise may only write public comments', () => {
    expect(errorOf(decide(appeal(), { action: 'comment', text: 'hi', visibility: 'internal' }, enterprise, NOW))).toBe('forbidden');
    expect(decide(appeal(), { action: 'comment', text: 'hi', visibility: 'public' }, enterprise, NOW).ok).toBe(true);
  });

  it('staff may write internal notes, also on ended cases', () => {
    const decision = ok(decide(appeal({ status: 'closed' }), { action: 'comment', text: ' note ', visibility: 'internal' }, lead, NOW));
    expect(decision).toMatchObject({ from: 'closed', to: 'closed', eventPayload: { text: 'note', visibility: 'internal' } });
  });
});

describe('red card (红牌): one level up', () => {
  const reason = 'Overdue 10 working days';

  it('routes the appeal to the department the rules name at the next level, with fresh timers', () => {
    const decision = ok(decide(appeal({ pendingExtension: { days: 2, reason: 'x', requestedAt: NOW } }), { action: 'red_card', targetDepartmentId: 'd-city', reason }, system, NOW));
    expect(decision).toMatchObject({
      from: 'in_progress',
      to: 'assigned',
      changes: { level: 'city', leadDepartmentId: 'd-city', coDepartmentIds: [], pendingExtension: null, resolutionDueAt: null },
      eventPayload: { fromLevel: 'county', toLevel: 'city', targetDepartmentId: 'd-city', awaitingRouting: false },
    });
    expect(decision.effects.map((e) => e.type)).toEqual(['raise_level', 'reset_timers', 'start_handling_clocks']);
  });

  it('leaves it accepted in the next level’s queue, waiting for routing (待交办), when no rule names a department', () => {
    const decision = ok(decide(appeal({ status: 'assigned', level: 'city' }), { action: 'red_card', targetDepartmentId: null, reason }, system, NOW));
    expect(decision).toMatchObject({ to: 'accepted', changes: { level: 'province', leadDepartmentId: null }, eventPayload: { awaitingRouting: true } });
    expect(decision.effects.map((e) => e.type)).toEqual(['raise_level', 'reset_timers']);
  });

  it('is the system’s alone, not at province, not while suspended, and never back to a department that objected', () => {
    expect(errorOf(decide(appeal(), { action: 'red_card', targetDepartmentId: null, reason }, supervisor, NOW))).toBe('forbidden');
    expect(errorOf(decide(appeal({ level: 'province' }), { action: 'red_card', targetDepartmentId: null, reason }, system, NOW))).toBe('level_at_maximum');
    expect(errorOf(decide(appeal({ status: 'suspended', suspendedAt: NOW }), { action: 'red_card', targetDepartmentId: null, reason }, system, NOW))).toBe(
      'illegal_state',
    );
    expect(
      errorOf(decide(appeal({ objectedDepartmentIds: ['d-city'] }), { action: 'red_card', targetDepartmentId: 'd-city', reason }, system, NOW)),
    ).toBe('already_objected');
  });
});

describe('the joint closure rule (联合办结)', () => {
  const resolve: AppealCommand = { action: 'resolve', closureType: 'resolved', answer: 'Done' };

  it('refuses resolve while a co-handler task is open, and leaves it out of the allowed actions', () => {
    const waiting = appeal({ openCoHandlerTaskCount: 2 });
    const decision = decide(waiting, resolve, lead, NOW);
    expect(errorOf(decision)).toBe('co_handler_tasks_open');
    expect(decision.ok ? '' : decision.message).toContain('2 co-handler task(s)');
    expect(allowedActions(waiting, lead, NOW)).not.toContain('resolve');
    expect(allowedActions(waiting, lead, NOW)).toContain('suspend');
  });

  it('allows resolve once no task is open (answered, objected or waived)', () => {
    expect(decide(appeal({ openCoHandlerTaskCount: 0 }), resolve, lead, NOW).ok).toBe(true);
    expect(allowedActions(appeal(), lead, NOW)).toContain('resolve');
  });

  it('still names a pending objection first', () => {
    const both = appeal({ openCoHandlerTaskCount: 1, pendingObjection: { departmentId: 'd-lead', reason: 'x', requestedAt: NOW } });
    expect(errorOf(decide(both, resolve, lead, NOW))).toBe('objection_pending');
  });
});
