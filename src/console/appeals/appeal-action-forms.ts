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
import { integer, integers, text, validateAs, type FormBody } from '../http/form-fields';

/**
 * Each action form of the appeal page, read into the API's own DTO (same validation rules) and
 * turned into the command by the same APPEAL_COMMANDS the JSON API's AppealActionsController uses.
 */
interface ActionForm<D extends AppealActionDto> {
  dto: new () => D;
  read: (body: FormBody) => Record<string, unknown>;
  command: (dto: D) => AppealCommand;
}

const note = (b: FormBody) => ({ note: text(b, 'note') });
const reason = (b: FormBody) => ({ reason: text(b, 'reason') });
const verification = (b: FormBody) => ({ solved: text(b, 'solved'), satisfaction: text(b, 'satisfaction'), comment: text(b, 'comment') });

function form<D extends AppealActionDto>(spec: ActionForm<D>): ActionForm<AppealActionDto> {
  return spec as unknown as ActionForm<AppealActionDto>;
}

/** Every case action a person can take (auto_close is the timer's alone). */
export const ACTION_FORMS: Partial<Record<CaseActionName, ActionForm<AppealActionDto>>> = {
  accept: form({ dto: NoteActionDto, read: note, command: APPEAL_COMMANDS.accept }),
  reject: form({ dto: ReasonActionDto, read: reason, command: APPEAL_COMMANDS.reject }),
  mark_duplicate: form({
    dto: MarkDuplicateDto,
    read: (b) => ({ originalAppealId: integer(b, 'originalAppealId'), note: text(b, 'note') }),
    command: APPEAL_COMMANDS.mark_duplicate,
  }),
  route: form({
    dto: RouteAppealDto,
    read: (b) => ({
      leadDepartmentId: integer(b, 'leadDepartmentId'),
      coDepartmentIds: integers(b, 'coDepartmentIds'),
      taskForceId: integer(b, 'taskForceId'),
    }),
    command: APPEAL_COMMANDS.route,
  }),
  bring_task_force: form({
    dto: BringTaskForceDto,
    read: (b) => ({ taskForceId: integer(b, 'taskForceId'), coHandlerRequest: text(b, 'coHandlerRequest') }),
    command: APPEAL_COMMANDS.bring_task_force,
  }),
  sign: form({ dto: AppealActionDto, read: () => ({}), command: APPEAL_COMMANDS.sign }),
  object: form({ dto: ReasonActionDto, read: reason, command: APPEAL_COMMANDS.object }),
  approve_objection: form({ dto: NoteActionDto, read: note, command: APPEAL_COMMANDS.approve_objection }),
  deny_objection: form({ dto: ReasonActionDto, read: reason, command: APPEAL_COMMANDS.deny_objection }),
  request_extension: form({
    dto: RequestExtensionDto,
    read: (b) => ({ days: integer(b, 'days'), reason: text(b, 'reason') }),
    command: APPEAL_COMMANDS.request_extension,
  }),
  approve_extension: form({
    dto: ApproveExtensionDto,
    read: (b) => ({ days: integer(b, 'days'), note: text(b, 'note') }),
    command: APPEAL_COMMANDS.approve_extension,
  }),
  deny_extension: form({ dto: ReasonActionDto, read: reason, command: APPEAL_COMMANDS.deny_extension }),
  suspend: form({ dto: ReasonActionDto, read: reason, command: APPEAL_COMMANDS.suspend }),
  supplement: form({
    dto: SupplementDto,
    read: (b) => ({ text: text(b, 'text') }),
    command: APPEAL_COMMANDS.supplement,
  }),
  resume: form({ dto: NoteActionDto, read: note, command: APPEAL_COMMANDS.resume }),
  transfer_up: form({
    dto: TransferUpDto,
    read: (b) => ({ targetDepartmentId: integer(b, 'targetDepartmentId'), reason: text(b, 'reason') }),
    command: APPEAL_COMMANDS.transfer_up,
  }),
  resolve: form({
    dto: ResolveDto,
    read: (b) => ({ closureType: text(b, 'closureType'), answer: text(b, 'answer') }),
    command: APPEAL_COMMANDS.resolve,
  }),
  verify: form({
    dto: VerifyDto,
    read: verification,
    command: APPEAL_COMMANDS.verify,
  }),
  follow_up_call: form({
    dto: VerifyDto,
    read: verification,
    command: APPEAL_COMMANDS.follow_up_call,
  }),
  rule_unreasonable_rating: form({ dto: RuleUnreasonableRatingDto, read: reason, command: APPEAL_COMMANDS.rule_unreasonable_rating }),
  withdraw: form({ dto: OptionalReasonActionDto, read: reason, command: APPEAL_COMMANDS.withdraw }),
  comment: form({
    dto: CommentDto,
    read: (b) => ({ text: text(b, 'text'), visibility: text(b, 'visibility') }),
    command: APPEAL_COMMANDS.comment,
  }),
};

/** The validated command and the version the page showed; throws VALIDATION_FAILED like the API. */
export async function readActionForm(
  action: CaseActionName,
  body: FormBody,
): Promise<{ command: AppealCommand; version: number | undefined }> {
  const spec = ACTION_FORMS[action];
  if (!spec) throw new Error(`No form for action ${action}`);
  const dto = await validateAs(spec.dto, { version: integer(body, 'version'), ...spec.read(body) });
  return { command: spec.command(dto), version: dto.version };
}
