import { assertNever } from '../../common/domain/assert-never';
import type { CaseActionName } from './appeal-action';
import type { Actor } from './appeal-actor';
import type { AppealSnapshot } from './appeal-snapshot';

/**
 * Where an actor stands relative to one appeal. Permissions hang off this rather than off the
 * role alone, because a handler of the lead department and a handler of an unrelated department
 * share a role but not a single right on the case.
 */
export const APPEAL_RELATIONS = [
  'own_enterprise',
  'firm_officer',
  'lead_handler',
  'co_handler',
  'supervisor_in_reach',
  'admin',
  'system',
  'unrelated',
] as const;

export type AppealRelation = (typeof APPEAL_RELATIONS)[number];

export function relationOf(appeal: AppealSnapshot, actor: Actor): AppealRelation {
  switch (actor.role) {
    case 'enterprise':
      return actor.enterpriseId === appeal.enterpriseId ? 'own_enterprise' : 'unrelated';
    case 'officer':
      return actor.isFirmOfficer ? 'firm_officer' : 'unrelated';
    case 'handler':
      if (appeal.leadDepartmentId !== null && actor.departmentId === appeal.leadDepartmentId) return 'lead_handler';
      return appeal.coDepartmentIds.includes(actor.departmentId) ? 'co_handler' : 'unrelated';
    case 'supervisor':
      return actor.inRegionReach ? 'supervisor_in_reach' : 'unrelated';
    case 'admin':
      return 'admin';
    case 'system':
      return 'system';
    default:
      return assertNever(actor, 'actor');
  }
}

const STAFF_ON_CASE: readonly AppealRelation[] = ['firm_officer', 'lead_handler', 'co_handler', 'supervisor_in_reach'];

/**
 * Who may take each action, independent of the appeal's status. Admins are absent on purpose:
 * they configure the system and read everything, but working a case (even commenting) would put
 * someone outside the officer → department → supervisor chain of responsibility into the record.
 */
const PERMITTED: { readonly [A in CaseActionName]: readonly AppealRelation[] } = {
  accept: ['firm_officer', 'supervisor_in_reach'],
  reject: ['firm_officer', 'supervisor_in_reach'],
  mark_duplicate: ['firm_officer', 'supervisor_in_reach'],
  route: ['firm_officer', 'supervisor_in_reach'],
  // Calling in a task force after routing widens who works the case: a supervision decision.
  bring_task_force: ['supervisor_in_reach'],
  sign: ['lead_handler'],
  object: ['lead_handler'],
  approve_objection: ['supervisor_in_reach'],
  deny_objection: ['supervisor_in_reach'],
  request_extension: ['lead_handler'],
  approve_extension: ['supervisor_in_reach'],
  deny_extension: ['supervisor_in_reach'],
  suspend: ['lead_handler'],
  supplement: ['own_enterprise', 'firm_officer'],
  resume: ['lead_handler'],
  transfer_up: ['supervisor_in_reach'],
  resolve: ['lead_handler'],
  verify: ['own_enterprise'],
  follow_up_call: ['firm_officer'],
  // Supervision judges the rating, never the department that was rated: handlers (the only role
  // that belongs to a department, ck_users_department_handler_only) are never permitted.
  rule_unreasonable_rating: ['supervisor_in_reach'],
  withdraw: ['own_enterprise', 'firm_officer'],
  // Everyone who can read the case may comment; the enterprise only publicly (checked with the input).
  comment: ['own_enterprise', ...STAFF_ON_CASE],
  auto_close: ['system'],
  red_card: ['system'],
};

export function permittedRelations(action: CaseActionName): readonly AppealRelation[] {
  return PERMITTED[action];
}

export function isPermitted(action: CaseActionName, relation: AppealRelation): boolean {
  return PERMITTED[action].includes(relation);
}

/**
 * Whether the actor may see the appeal at all. Callers should answer "not found" rather than
 * "forbidden" when this is false, so that guessing ids reveals nothing.
 */
export function canReadAppeal(appeal: AppealSnapshot, actor: Actor): boolean {
  const relation = relationOf(appeal, actor);
  return relation === 'admin' || relation === 'own_enterprise' || STAFF_ON_CASE.includes(relation);
}

/** May the actor read staff-only (`internal`) comments? The enterprise never may. */
export function canReadInternalComments(appeal: AppealSnapshot, actor: Actor): boolean {
  const relation = relationOf(appeal, actor);
  return relation === 'admin' || STAFF_ON_CASE.includes(relation);
}

export function describeRelation(relation: AppealRelation): string {
  switch (relation) {
    case 'own_enterprise':
      return "the appeal's own enterprise";
    case 'firm_officer':
      return "the enterprise's liaison officer";
    case 'lead_handler':
      return 'a handler of the lead department';
    case 'co_handler':
      return 'a handler of a co-handling department';
    case 'supervisor_in_reach':
      return 'a supervisor whose region covers the appeal';
    case 'admin':
      return 'an administrator';
    case 'system':
      return 'the system timer';
    case 'unrelated':
      return 'someone unrelated to this appeal';
    default:
      return assertNever(relation, 'appeal relation');
  }
}
