import type { AppealCommand, CaseActionName } from '../../appeals/domain';
import * as api from '../../appeals/dto/appeal-actions.dto';
import { APPEAL_COMMANDS } from '../../appeals/dto/appeal-commands';
import { integer, integers, readFields, text, validateAs, type FieldReader, type FormBody } from '../http/form-fields';

/** The actions a person takes through the API's command table (auto_close is the timer's alone). */
type FormAction = keyof typeof APPEAL_COMMANDS;

/** The API request an action's command is made from (sign's carries only the version). */
type RequestOf<A extends FormAction> = Parameters<(typeof APPEAL_COMMANDS)[A]> extends [infer D] ? D : api.AppealActionDto;

/**
 * An action form of the appeal page: the API's own DTO for the action (same validation rules)
 * and which of its fields the form posts, each read as its kind. The console decides nothing
 * else: the command is the API's APPEAL_COMMANDS entry, as AppealActionsController sends it.
 */
interface ActionForm<D> {
  dto: new () => D;
  fields: { [K in Exclude<keyof D, 'version'>]?: FieldReader };
}

const NOTE = { note: text };
const REASON = { reason: text };
const VERIFICATION = { solved: text, satisfaction: text, comment: text };

const ACTION_FORMS: { [A in FormAction]: ActionForm<RequestOf<A>> } = {
  accept: { dto: api.NoteActionDto, fields: NOTE },
  reject: { dto: api.ReasonActionDto, fields: REASON },
  mark_duplicate: { dto: api.MarkDuplicateDto, fields: { originalAppealId: integer, note: text } },
  route: { dto: api.RouteAppealDto, fields: { leadDepartmentId: integer, coDepartmentIds: integers, taskForceId: integer } },
  bring_task_force: { dto: api.BringTaskForceDto, fields: { taskForceId: integer, coHandlerRequest: text } },
  sign: { dto: api.AppealActionDto, fields: {} },
  object: { dto: api.ReasonActionDto, fields: REASON },
  approve_objection: { dto: api.NoteActionDto, fields: NOTE },
  deny_objection: { dto: api.ReasonActionDto, fields: REASON },
  request_extension: { dto: api.RequestExtensionDto, fields: { days: integer, reason: text } },
  approve_extension: { dto: api.ApproveExtensionDto, fields: { days: integer, note: text } },
  deny_extension: { dto: api.ReasonActionDto, fields: REASON },
  suspend: { dto: api.ReasonActionDto, fields: REASON },
  supplement: { dto: api.SupplementDto, fields: { text } },
  resume: { dto: api.NoteActionDto, fields: NOTE },
  transfer_up: { dto: api.TransferUpDto, fields: { targetDepartmentId: integer, reason: text } },
  resolve: { dto: api.ResolveDto, fields: { closureType: text, answer: text } },
  verify: { dto: api.VerifyDto, fields: VERIFICATION },
  follow_up_call: { dto: api.VerifyDto, fields: VERIFICATION },
  rule_unreasonable_rating: { dto: api.RuleUnreasonableRatingDto, fields: REASON },
  withdraw: { dto: api.OptionalReasonActionDto, fields: REASON },
  comment: { dto: api.CommentDto, fields: { text, visibility: text } },
};

function isFormAction(action: CaseActionName): action is FormAction {
  return Object.hasOwn(ACTION_FORMS, action);
}

/** The validated command and the version the page showed; throws VALIDATION_FAILED like the API. */
export async function readActionForm(
  action: CaseActionName,
  body: FormBody,
): Promise<{ command: AppealCommand; version: number | undefined }> {
  if (!isFormAction(action)) throw new Error(`No form for action ${action}`);
  // One action's form, command and DTO belong together; the table's type checks each entry.
  const spec = ACTION_FORMS[action] as ActionForm<api.AppealActionDto>;
  const command = APPEAL_COMMANDS[action] as (request: api.AppealActionDto) => AppealCommand;
  const dto = await validateAs(spec.dto, { version: integer(body, 'version'), ...readFields(body, spec.fields as Record<string, FieldReader>) });
  return { command: command(dto), version: dto.version };
}
