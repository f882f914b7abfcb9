import type { AppealCommand, CaseActionName } from '../../appeals/domain';
import {
  AppealActionDto,
  ApproveExtensionDto,
  BringTaskForceDto,
  CommentDto,
  MarkDuplicateDto,
  NoteActionDto,
  OptionalReasonActionDto,
  ReasonActionDto,
  RequestExtensionDto,
  ResolveDto,
  RouteAppealDto,
  RuleUnreasonableRatingDto,
  SupplementDto,
  TransferUpDto,
  VerifyDto,
} from '../../appeals/dto/appeal-actions.dto';
import { APPEAL_COMMANDS } from '../../appeals/dto/appeal-commands';
import { integer, integers, readFields, text, validateAs, type FieldReader, type FormBody } from '../http/form-fields';

/** The actions a person takes through the API's command table (auto_close is the timer's alone). */
type FormAction = keyof typeof APPEAL_COMMANDS;

/** The API request an action's command is made from (sign's carries only the version). */
type RequestOf<A extends FormAction> = Parameters<(typeof APPEAL_COMMANDS)[A]> extends [infer D] ? D : AppealActionDto;

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
  accept: { dto: NoteActionDto, fields: NOTE },
  reject: { dto: ReasonActionDto, fields: REASON },
  mark_duplicate: { dto: MarkDuplicateDto, fields: { originalAppealId: integer, note: text } },
  route: { dto: RouteAppealDto, fields: { leadDepartmentId: integer, coDepartmentIds: integers, taskForceId: integer } },
  bring_task_force: { dto: BringTaskForceDto, fields: { taskForceId: integer, coHandlerRequest: text } },
  sign: { dto: AppealActionDto, fields: {} },
  object: { dto: ReasonActionDto, fields: REASON },
  approve_objection: { dto: NoteActionDto, fields: NOTE },
  deny_objection: { dto: ReasonActionDto, fields: REASON },
  request_extension: { dto: RequestExtensionDto, fields: { days: integer, reason: text } },
  approve_extension: { dto: ApproveExtensionDto, fields: { days: integer, note: text } },
  deny_extension: { dto: ReasonActionDto, fields: REASON },
  suspend: { dto: ReasonActionDto, fields: REASON },
  supplement: { dto: SupplementDto, fields: { text } },
  resume: { dto: NoteActionDto, fields: NOTE },
  transfer_up: { dto: TransferUpDto, fields: { targetDepartmentId: integer, reason: text } },
  resolve: { dto: ResolveDto, fields: { closureType: text, answer: text } },
  verify: { dto: VerifyDto, fields: VERIFICATION },
  follow_up_call: { dto: VerifyDto, fields: VERIFICATION },
  rule_unreasonable_rating: { dto: RuleUnreasonableRatingDto, fields: REASON },
  withdraw: { dto: OptionalReasonActionDto, fields: REASON },
  comment: { dto: CommentDto, fields: { text, visibility: text } },
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
  const spec = ACTION_FORMS[action] as ActionForm<AppealActionDto>;
  const command = APPEAL_COMMANDS[action] as (request: AppealActionDto) => AppealCommand;
  const dto = await validateAs(spec.dto, { version: integer(body, 'version'), ...readFields(body, spec.fields as Record<string, FieldReader>) });
  return { command: command(dto), version: dto.version };
}
