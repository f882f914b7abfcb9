/*
 * Every (status × action × actor) combination against a table written out by hand from the
 * rules, not derived from the implementation. For each combination the appeal is set up so that
 * nothing but status and actor can stand in the way (windows open, requests pending where the
 * action needs one), so the outcome must be exactly: forbidden, illegal_state, or ok → status.
 */
import type { AppealCommand, CaseActionName } from './appeal-action';
import type { Actor } from './appeal-actor';
import { initialAppealSnapshot, type AppealSnapshot } from './appeal-snapshot';
import { APPEAL_STATUSES, type AppealStatus } from './appeal-status';
import { allowedActions, decide } from './appeal-state-machine';

const NOW = new Date('2026-03-10T03:00:00Z');
const HOUR = 3_600_000;

const ACTORS = {
  enterprise_own: { role: 'enterprise', userId: 'u-ent', enterpriseId: 'e-1' },
  enterprise_other: { role: 'enterprise', userId: 'u-ent2', enterpriseId: 'e-2' },
  officer_firm: { role: 'officer', userId: 'u-off', isFirmOfficer: true },
  officer_other: { role: 'officer', userId: 'u-off2', isFirmOfficer: false },
  handler_lead: { role: 'handler', userId: 'u-h1', departmentId: 'd-lead' },
  handler_co: { role: 'handler', userId: 'u-h2', departmentId: 'd-co' },
  handler_other: { role: 'handler', userId: 'u-h3', departmentId: 'd-x' },
  supervisor_reach: { role: 'supervisor', userId: 'u-sup', inRegionReach: true },
  supervisor_out: { role: 'supervisor', userId: 'u-sup2', inRegionReach: false },
  admin: { role: 'admin', userId: 'u-adm' },
  system: { role: 'system' },
} as const satisfies Record<string, Actor>;

type Variant = keyof typeof ACTORS;

/** Actions that record something without moving the case: allowed in every status, which stays. */
const UNCHANGED_IN_EVERY_STATUS = {
  submitted: 'submitted',
  accepted: 'accepted',
  assigned: 'assigned',
  in_progress: 'in_progress',
  suspended: 'suspended',
  resolved: 'resolved',
  closed: 'closed',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
} as const satisfies Record<AppealStatus, AppealStatus>;
const VARIANTS = Object.keys(ACTORS) as Variant[];

/** A valid command for each action. */
const COMMANDS: { [A in CaseActionName]: AppealCommand } = {
  accept: { action: 'accept' },
  reject: { action: 'reject', reason: 'Not an enterprise matter' },
  mark_duplicate: {
    action: 'mark_duplicate',
    originalAppealId: 'a-7',
    original: { id: 'a-7', number: '2026-000007', enterpriseId: 'e-1', status: 'in_progress', duplicateOfId: null, isSameAppeal: false },
  },
  route: { action: 'route', leadDepartmentId: 'd-new', coDepartmentIds: ['d-co2'] },
  // A task force with the lead, a co-handler and one department new to the case.
  bring_task_force: {
    action: 'bring_task_force',
    taskForceId: 'tf-1',
    taskForce: { id: 'tf-1', name: '产业链专班', memberDepartmentIds: ['d-lead', 'd-co', 'd-tf'] },
  },
  sign: { action: 'sign' },
  object: { action: 'object', reason: 'Wrong department' },
  approve_objection: { action: 'approve_objection' },
  deny_objection: { action: 'deny_objection', reason: 'It is yours' },
  request_extension: { action: 'request_extension', days: 3, reason: 'Waiting for the grid company' },
  approve_extension: { action: 'approve_extension', days: 2 },
  deny_extension: { action: 'deny_extension', reason: 'No' },
  suspend: { action: 'suspend', reason: 'Need the land certificate' },
  supplement: { action: 'supplement', text: 'Certificate attached' },
  resume: { action: 'resume' },
  transfer_up: { action: 'transfer_up', targetDepartmentId: 'd-up', reason: 'Needs the province' },
  resolve: { action: 'resolve', closureType: 'resolved', answer: 'Power restored on 12 March' },
  verify: { action: 'verify', solved: 'yes', satisfaction: 'satisfied' },
  follow_up_call: { action: 'follow_up_call', solved: 'yes', satisfaction: 'very_satisfied' },
  rule_unreasonable_rating: { action: 'rule_unreasonable_rating', reason: 'The firm asked for a subsidy no policy provides' },
  withdraw: { action: 'withdraw' },
  comment: { action: 'comment', text: 'Any news?', visibility: 'public' },
  auto_close: { action: 'auto_close' },
  red_card: { action: 'red_card', targetDepartmentId: 'd-up', reason: 'Overdue 10 working days' },
};

type Expected = { readonly actors: readonly Variant[]; readonly from: Partial<Record<AppealStatus, AppealStatus>> };

const HANDLING = { in_progress: 'in_progress', suspended: 'suspended' } as const;

/** The rules, written out. `from` maps each legal source status to the expected target. */
const EXPECTED: { [A in CaseActionName]: Expected } = {
  accept: { actors: ['officer_firm', 'supervisor_reach'], from: { submitted: 'accepted' } },
  reject: { actors: ['officer_firm', 'supervisor_reach'], from: { submitted: 'rejected' } },
  mark_duplicate: { actors: ['officer_firm', 'supervisor_reach'], from: { submitted: 'closed', accepted: 'closed' } },
  route: { actors: ['officer_firm', 'supervisor_reach'], from: { accepted: 'assigned' } },
  bring_task_force: { actors: ['supervisor_reach'], from: { assigned: 'assigned', in_progress: 'in_progress' } },
  sign: { actors: ['handler_lead'], from: { assigned: 'in_progress' } },
  object: { actors: ['handler_lead'], from: { assigned: 'assigned', in_progress: 'in_progress' } },
  approve_objection: { actors: ['supervisor_reach'], from: { assigned: 'accepted', in_progress: 'accepted' } },
  deny_objection: { actors: ['supervisor_reach'], from: { assigned: 'assigned', in_progress: 'in_progress' } },
  request_extension: { actors: ['handler_lead'], from: HANDLING },
  approve_extension: { actors: ['supervisor_reach'], from: HANDLING },
  deny_extension: { actors: ['supervisor_reach'], from: HANDLING },
  suspend: { actors: ['handler_lead'], from: { in_progress: 'suspended' } },
  supplement: { actors: ['enterprise_own', 'officer_firm'], from: { suspended: 'in_progress' } },
  resume: { actors: ['handler_lead'], from: { suspended: 'in_progress' } },
  transfer_up: {
    actors: ['supervisor_reach'],
    from: { accepted: 'assigned', assigned: 'assigned', in_progress: 'assigned' },
  },
  resolve: { actors: ['handler_lead'], from: { in_progress: 'resolved' } },
  verify: { actors: ['enterprise_own'], from: { resolved: 'closed' } },
  follow_up_call: { actors: ['officer_firm'], from: { resolved: 'closed' } },
  // Status unchanged, from wherever an unsatisfied rating can be on record (the fixture gives one).
  rule_unreasonable_rating: {
    actors: ['supervisor_reach'],
    from: UNCHANGED_IN_EVERY_STATUS,
  },
  withdraw: {
    actors: ['enterprise_own', 'officer_firm'],
    from: {
      submitted: 'withdrawn',
      accepted: 'withdrawn',
      assigned: 'withdrawn',
      in_progress: 'withdrawn',
      suspended: 'withdrawn',
    },
  },
  comment: {
    actors: ['enterprise_own', 'officer_firm', 'handler_lead', 'handler_co', 'supervisor_reach'],
    from: UNCHANGED_IN_EVERY_STATUS,
  },
  auto_close: { actors: ['system'], from: { resolved: 'closed' } },
  red_card: {
    actors: ['system'],
    from: { submitted: 'assigned', accepted: 'assigned', assigned: 'assigned', in_progress: 'assigned' },
  },
};

const ACTIONS = Object.keys(EXPECTED) as CaseActionName[];

/** An appeal in `status` where only status and actor can block `action`. */
function fixture(status: AppealStatus, action: CaseActionName): AppealSnapshot {
  const base: AppealSnapshot = {
    ...initialAppealSnapshot({ enterpriseId: 'e-1', level: 'city' }),
    status,
    leadDepartmentId: 'd-lead',
    coDepartmentIds: ['d-co'],
    objectionDeadlineAt: new Date(NOW.getTime() + HOUR),
    resolutionDueAt: new Date(NOW.getTime() + 72 * HOUR),
    suspendedAt: status === 'suspended' ? new Date(NOW.getTime() - HOUR) : null,
    verificationDueAt: new Date(NOW.getTime() - HOUR),
  };
  if (action === 'approve_objection' || action === 'deny_objection') {
    return {
      ...base,
      pendingObjection: { departmentId: 'd-lead', reason: 'Wrong department', requestedAt: NOW },
      objectedDepartmentIds: ['d-lead'],
      objectionCount: 1,
    };
  }
  if (action === 'approve_extension' || action === 'deny_extension') {
    return { ...base, pendingExtension: { days: 3, reason: 'Waiting', requestedAt: NOW } };
  }
  if (action === 'rule_unreasonable_rating') {
    return { ...base, rating: { satisfaction: 'dissatisfied', onBehalf: false, ruling: null } };
  }
  return base;
}

type Outcome = 'forbidden' | 'illegal_state' | `ok → ${AppealStatus}`;

function expectedOutcome(status: AppealStatus, action: CaseActionName, variant: Variant): Outcome {
  const rule = EXPECTED[action];
  if (!rule.actors.includes(variant)) return 'forbidden';
  const to = rule.from[status];
  return to === undefined ? 'illegal_state' : `ok → ${to}`;
}

const CASES = APPEAL_STATUSES.flatMap((status) => ACTIONS.flatMap((action) => VARIANTS.map((variant) => ({ status, action, variant }))));

describe('appeal state machine: every status × action × actor', () => {
  it('covers the whole space', () => {
    expect(CASES).toHaveLength(9 * 24 * 11);
  });

  it.each(CASES)('$status / $action / $variant', ({ status, action, variant }) => {
    const decision = decide(fixture(status, action), COMMANDS[action], ACTORS[variant], NOW);
    const actual: Outcome = decision.ok ? `ok → ${decision.to}` : (decision.error as Outcome);
    expect(actual).toBe(expectedOutcome(status, action, variant));
  });
});

describe('allowedActions matches the table for every status × actor', () => {
  const pairs = APPEAL_STATUSES.flatMap((status) => VARIANTS.map((variant) => ({ status, variant })));

  // With no pending request and no rating, the objection/extension decisions and the ruling drop out; everything else is as in the table.
  it.each(pairs)('$status / $variant', ({ status, variant }) => {
    const appeal = fixture(status, 'comment');
    const expected = ACTIONS.filter(
      (action) =>
        !['approve_objection', 'deny_objection', 'approve_extension', 'deny_extension', 'rule_unreasonable_rating'].includes(action) &&
        expectedOutcome(status, action, variant) !== 'forbidden' &&
        expectedOutcome(status, action, variant) !== 'illegal_state',
    );
    expect(allowedActions(appeal, ACTORS[variant], NOW)).toEqual(expected);
  });
});

/*
 * Consistency of allowedActions with decide over appeals that are not set up to succeed:
 * pending requests, closed windows, province level, an objected lead department.
 */
const SITUATIONS: Record<string, Partial<AppealSnapshot>> = {
  plain: {},
  objectionPending: {
    pendingObjection: { departmentId: 'd-lead', reason: 'Not ours', requestedAt: NOW },
    objectedDepartmentIds: ['d-lead'],
  },
  extensionPending: { pendingExtension: { days: 2, reason: 'Waiting', requestedAt: NOW } },
  windowsClosed: {
    objectionDeadlineAt: new Date(NOW.getTime() - 1),
    resolutionDueAt: new Date(NOW.getTime() - 1),
    verificationDueAt: new Date(NOW.getTime() + HOUR),
  },
  noDeadlinesYet: { objectionDeadlineAt: null, resolutionDueAt: null, verificationDueAt: null },
  province: { level: 'province' },
  leadAlreadyObjected: { objectedDepartmentIds: ['d-lead'] },
  unrouted: { leadDepartmentId: null, coDepartmentIds: [] },
  unsatisfiedRating: { rating: { satisfaction: 'very_dissatisfied', onBehalf: false, ruling: null } },
  satisfiedRating: { rating: { satisfaction: 'basically_satisfied', onBehalf: true, ruling: null } },
  ratingRuled: { rating: { satisfaction: 'dissatisfied', onBehalf: false, ruling: { at: NOW, reason: 'Unreasonable' } } },
};

describe('allowedActions is consistent with decide', () => {
  const combos = Object.entries(SITUATIONS).flatMap(([situation, overrides]) =>
    APPEAL_STATUSES.flatMap((status) => VARIANTS.map((variant) => ({ situation, overrides, status, variant }))),
  );

  it.each(combos)('$situation / $status / $variant', ({ overrides, status, variant }) => {
    const appeal: AppealSnapshot = { ...fixture(status, 'comment'), ...overrides };
    const actor = ACTORS[variant];
    const allowed = allowedActions(appeal, actor, NOW);
    for (const action of ACTIONS) {
      const decision = decide(appeal, COMMANDS[action], actor, NOW);
      expect({ action, ok: decision.ok }).toEqual({ action, ok: allowed.includes(action) });
      if (!decision.ok) expect(decision.allowedActions).toEqual(allowed);
    }
  });
});
