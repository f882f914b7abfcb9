import { assertNever } from '../../common/domain/assert-never';
import { joiningDepartments } from '../../taskforces/domain/task-force-rules';
import {
  COMMENT_VISIBILITIES,
  RATING_RULING_REASON_MAX,
  type AppealCommand,
  type CommandOf,
  type DuplicateOriginal,
  type TaskForceOnCommand,
} from './appeal-action';
import type { Refusal } from './appeal-guards';
import { CLOSURE_TYPES, SATISFACTION_LEVELS, SOLVED_ANSWERS } from './appeal-outcome';
import type { AppealRelation } from './appeal-permissions';
import type { AppealSnapshot } from './appeal-snapshot';

/** A command after validation: text trimmed, defaults filled in. */
export type ValidatedCommand =
  | Exclude<AppealCommand, { action: 'route' | 'approve_extension' }>
  | (CommandOf<'route'> & { readonly coDepartmentIds: readonly string[] })
  | (CommandOf<'approve_extension'> & { readonly days: number });

export type ValidationResult =
  { readonly ok: true; readonly command: ValidatedCommand } | { readonly ok: false; readonly refusal: Refusal };

/**
 * Checks the command's own input. Values typically come straight from an HTTP body, so every
 * field is checked at run time even though the type says it is already right. All problems are
 * reported together so a form can show them at once.
 */
export function validateCommand(appeal: AppealSnapshot, command: AppealCommand, relation: AppealRelation): ValidationResult {
  const f = new FieldReader(command as unknown as Readonly<Record<string, unknown>>);
  const validated = read(command, f, appeal);
  if (f.problems.length > 0) {
    return { ok: false, refusal: { error: 'invalid_input', message: f.problems.join(' ') } };
  }
  const refusal = checkAgainstAppeal(appeal, validated, relation);
  return refusal ? { ok: false, refusal } : { ok: true, command: validated };
}

function read(command: AppealCommand, f: FieldReader, appeal: AppealSnapshot): ValidatedCommand {
  const action = command.action;
  switch (action) {
    case 'accept':
      return { action, note: f.optionalText('note') };
    case 'reject':
    case 'object':
    case 'deny_objection':
    case 'deny_extension':
    case 'suspend':
      return { action, reason: f.text('reason') };
    case 'mark_duplicate':
      return {
        action,
        originalAppealId: f.id('originalAppealId'),
        original: command.original ?? null,
        note: f.optionalText('note'),
      };
    case 'route':
      return {
        action,
        leadDepartmentId: f.id('leadDepartmentId'),
        coDepartmentIds: f.ids('coDepartmentIds'),
        coHandlerRequest: f.optionalText('coHandlerRequest'),
        ...(command.taskForceId === undefined || command.taskForceId === null
          ? {}
          : { taskForceId: f.id('taskForceId'), taskForce: command.taskForce ?? null }),
      };
    case 'bring_task_force':
      return {
        action,
        taskForceId: f.id('taskForceId'),
        taskForce: command.taskForce ?? null,
        coHandlerRequest: f.optionalText('coHandlerRequest'),
      };
    case 'sign':
    case 'auto_close':
      return { action };
    case 'approve_objection':
    case 'resume':
      return { action, note: f.optionalText('note') };
    case 'request_extension':
      return { action, days: f.positiveInteger('days'), reason: f.text('reason') };
    case 'approve_extension':
      // Approving without a number grants what was asked for.
      return { action, days: f.optionalPositiveInteger('days') ?? appeal.pendingExtension?.days ?? 0, note: f.optionalText('note') };
    case 'supplement':
      return { action, text: f.text('text') };
    case 'transfer_up':
      return { action, targetDepartmentId: f.id('targetDepartmentId'), reason: f.text('reason') };
    case 'red_card':
      return { action, targetDepartmentId: f.optionalId('targetDepartmentId'), reason: f.text('reason') };
    case 'resolve':
      return { action, closureType: f.oneOf('closureType', CLOSURE_TYPES), answer: f.text('answer') };
    case 'verify':
    case 'follow_up_call':
      return {
        action,
        solved: f.oneOf('solved', SOLVED_ANSWERS),
        satisfaction: f.oneOf('satisfaction', SATISFACTION_LEVELS),
        comment: f.optionalText('comment'),
      };
    case 'rule_unreasonable_rating':
      return { action, reason: f.text('reason', RATING_RULING_REASON_MAX) };
    case 'withdraw':
      return { action, reason: f.optionalText('reason') };
    case 'comment':
      return { action, text: f.text('text'), visibility: f.oneOf('visibility', COMMENT_VISIBILITIES) };
    default:
      return assertNever(action, 'appeal action');
  }
}

/** Input that is well-formed but conflicts with what the appeal or the actor allows. */
function checkAgainstAppeal(appeal: AppealSnapshot, command: ValidatedCommand, relation: AppealRelation): Refusal | null {
  switch (command.action) {
    case 'route': {
      const { leadDepartmentId: lead, coDepartmentIds: co } = command;
      if (new Set(co).size !== co.length) {
        return { error: 'invalid_input', message: 'coDepartmentIds must not contain the same department twice.' };
      }
      if (co.includes(lead)) {
        return { error: 'invalid_input', message: 'The lead department cannot also be a co-handling department.' };
      }
      if (command.taskForceId !== undefined && command.taskForce === null) return unknownTaskForce(command.taskForceId);
      // Only the lead role is barred: a department that said "not ours to lead" may still usefully co-handle.
      return refuseObjectedDepartment(appeal, lead);
    }
    case 'bring_task_force':
      return checkTaskForceJoins(appeal, command.taskForceId, command.taskForce ?? null);
    case 'mark_duplicate':
      return checkDuplicateOriginal(appeal, command.originalAppealId, command.original ?? null);
    case 'transfer_up':
      if (command.targetDepartmentId === appeal.leadDepartmentId) {
        return {
          error: 'invalid_input',
          message: 'Transferring up needs a department of the higher level, not the current lead department.',
        };
      }
      return refuseObjectedDepartment(appeal, command.targetDepartmentId);
    case 'red_card':
      // No department that objected is named again; without a rule's department the appeal waits for routing.
      return command.targetDepartmentId === null ? null : refuseObjectedDepartment(appeal, command.targetDepartmentId);
    case 'approve_extension': {
      const asked = appeal.pendingExtension?.days ?? 0;
      return command.days > asked
        ? { error: 'invalid_input', message: `Cannot approve ${command.days} days: only ${asked} were requested.` }
        : null;
    }
    case 'comment':
      // Internal notes are staff talk; letting the firm write one would hide its own words from itself.
      return relation === 'own_enterprise' && command.visibility !== 'public'
        ? { error: 'forbidden', message: 'An enterprise can only write public comments.' }
        : null;
    default:
      return null;
  }
}

/**
 * A duplicate points at the firm's own appeal where the problem is being (or was) handled: not
 * itself, not another firm's (the firm could not follow the link), not one refused or withdrawn
 * (it handles nothing), and not another duplicate (the link would lead to a second link).
 */
function checkDuplicateOriginal(appeal: AppealSnapshot, originalAppealId: string, original: DuplicateOriginal | null): Refusal | null {
  const invalid = (message: string): Refusal => ({ error: 'invalid_input', message, field: 'originalAppealId' });
  if (original === null) return invalid(`Appeal ${originalAppealId} was not found among the appeals you can see.`);
  if (original.isSameAppeal) return invalid('An appeal cannot be a duplicate of itself.');
  if (original.enterpriseId !== appeal.enterpriseId) {
    return invalid(`Appeal ${original.number} belongs to another firm; a duplicate links to the same firm's appeal.`);
  }
  if (original.status === 'rejected' || original.status === 'withdrawn') {
    return invalid(`Appeal ${original.number} was ${original.status} and handles nothing; link to an appeal being handled.`);
  }
  if (original.duplicateOfId !== null) {
    return invalid(`Appeal ${original.number} is itself a duplicate of appeal ${original.duplicateOfId}; link to that one.`);
  }
  return null;
}

function unknownTaskForce(taskForceId: string): Refusal {
  return { error: 'invalid_input', message: `Task force ${taskForceId} was not found.`, field: 'taskForceId' };
}

/** Bringing a task force in must bring someone: a member that takes no part in the appeal yet. */
function checkTaskForceJoins(appeal: AppealSnapshot, taskForceId: string, force: TaskForceOnCommand | null): Refusal | null {
  if (force === null) return unknownTaskForce(taskForceId);
  const joining = joiningDepartments(force.memberDepartmentIds, appeal.leadDepartmentId, appeal.coDepartmentIds);
  return joining.length
    ? null
    : {
        error: 'invalid_input',
        message: `Every member of task force ${force.name} already takes part in this appeal (as its lead or a co-handler).`,
        field: 'taskForceId',
      };
}

function refuseObjectedDepartment(appeal: AppealSnapshot, departmentId: string): Refusal | null {
  return appeal.objectedDepartmentIds.includes(departmentId)
    ? { error: 'already_objected', message: `Department ${departmentId} already objected to this appeal; choose another.` }
    : null;
}

/** Reads fields of an untrusted object, collecting a readable problem for each bad one. */
class FieldReader {
  readonly problems: string[] = [];

  constructor(private readonly raw: Readonly<Record<string, unknown>>) {}

  text(name: string, maxLength?: number): string {
    const value = this.raw[name];
    if (typeof value !== 'string' || value.trim() === '') {
      this.problems.push(`${name} is required and must be non-blank text.`);
      return '';
    }
    if (maxLength !== undefined && value.trim().length > maxLength) {
      this.problems.push(`${name} must be at most ${maxLength} characters.`);
      return '';
    }
    return value.trim();
  }

  optionalText(name: string): string | undefined {
    const value = this.raw[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') {
      this.problems.push(`${name} must be text.`);
      return undefined;
    }
    return value.trim() === '' ? undefined : value.trim();
  }

  id(name: string): string {
    const value = this.raw[name];
    if (typeof value !== 'string' || value.trim() === '') {
      this.problems.push(`${name} is required.`);
      return '';
    }
    return value.trim();
  }

  optionalId(name: string): string | null {
    return this.raw[name] === undefined || this.raw[name] === null ? null : this.id(name);
  }

  ids(name: string): readonly string[] {
    const value = this.raw[name];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.trim() !== '')) {
      this.problems.push(`${name} must be a list of department ids.`);
      return [];
    }
    return value.map((v: string) => v.trim());
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.raw[name];
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${name} must be one of: ${allowed.join(', ')}.`);
      return allowed[0];
    }
    return value as T;
  }

  positiveInteger(name: string): number {
    const value = this.raw[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      this.problems.push(`${name} must be a whole number of at least 1.`);
      return 0;
    }
    return value;
  }

  optionalPositiveInteger(name: string): number | undefined {
    return this.raw[name] === undefined || this.raw[name] === null ? undefined : this.positiveInteger(name);
  }
}
