import type { AppealCommand, CaseActionName } from '../../appeals/domain';
import {
  AppealActionDto,
  ApproveExtensionDto,
  CommentDto,
  NoteActionDto,
  OptionalReasonActionDto,
  ReasonActionDto,
  RequestExtensionDto,
  ResolveDto,
  RouteAppealDto,
  SupplementDto,
  TransferUpDto,
  VerifyDto,
} from '../../appeals/dto/appeal-actions.dto';
import { integer, integers, text, validateAs, type FormBody } from '../http/form-fields';

/**
 * Each action form of the appeal page, read into the API's own DTO (same validation rules) and
 * turned into the same command the JSON API's AppealActionsController builds.
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
  accept: form({ dto: NoteActionDto, read: note, command: (d) => ({ action: 'accept', note: d.note }) }),
  reject: form({ dto: ReasonActionDto, read: reason, command: (d) => ({ action: 'reject', reason: d.reason }) }),
  route: form({
    dto: RouteAppealDto,
    read: (b) => ({ leadDepartmentId: integer(b, 'leadDepartmentId'), coDepartmentIds: integers(b, 'coDepartmentIds') }),
    command: (d) => ({
      action: 'route',
      leadDepartmentId: String(d.leadDepartmentId),
      coDepartmentIds: (d.coDepartmentIds ?? []).map(String),
    }),
  }),
  sign: form({ dto: AppealActionDto, read: () => ({}), command: () => ({ action: 'sign' }) }),
  object: form({ dto: ReasonActionDto, read: reason, command: (d) => ({ action: 'object', reason: d.reason }) }),
  approve_objection: form({ dto: NoteActionDto, read: note, command: (d) => ({ action: 'approve_objection', note: d.note }) }),
  deny_objection: form({ dto: ReasonActionDto, read: reason, command: (d) => ({ action: 'deny_objection', reason: d.reason }) }),
  request_extension: form({
    dto: RequestExtensionDto,
    read: (b) => ({ days: integer(b, 'days'), reason: text(b, 'reason') }),
    command: (d) => ({ action: 'request_extension', days: d.days, reason: d.reason }),
  }),
  approve_extension: form({
    dto: ApproveExtensionDto,
    read: (b) => ({ days: integer(b, 'days'), note: text(b, 'note') }),
    command: (d) => ({ action: 'approve_extension', days: d.days, note: d.note }),
  }),
  deny_extension: form({ dto: ReasonActionDto, read: reason, command: (d) => ({ action: 'deny_extension', reason: d.reason }) }),
  suspend: form({ dto: ReasonActionDto, read: reason, command: (d) => ({ action: 'suspend', reason: d.reason }) }),
  supplement: form({
    dto: SupplementDto,
    read: (b) => ({ text: text(b, 'text') }),
    command: (d) => ({ action: 'supplement', text: d.text }),
  }),
  resume: form({ dto: NoteActionDto, read: note, command: (d) => ({ action: 'resume', note: d.note }) }),
  transfer_up: form({
    dto: TransferUpDto,
    read: (b) => ({ targetDepartmentId: integer(b, 'targetDepartmentId'), reason: text(b, 'reason') }),
    command: (d) => ({ action: 'transfer_up', targetDepartmentId: String(d.targetDepartmentId), reason: d.reason }),
  }),
  resolve: form({
    dto: ResolveDto,
    read: (b) => ({ closureType: text(b, 'closureType'), answer: text(b, 'answer') }),
    command: (d) => ({ action: 'resolve', closureType: d.closureType, answer: d.answer }),
  }),
  verify: form({
    dto: VerifyDto,
    read: verification,
    command: (d) => ({ action: 'verify', solved: d.solved, satisfaction: d.satisfaction, comment: d.comment }),
  }),
  follow_up_call: form({
    dto: VerifyDto,
    read: verification,
    command: (d) => ({ action: 'follow_up_call', solved: d.solved, satisfaction: d.satisfaction, comment: d.comment }),
  }),
  withdraw: form({ dto: OptionalReasonActionDto, read: reason, command: (d) => ({ action: 'withdraw', reason: d.reason }) }),
  comment: form({
    dto: CommentDto,
    read: (b) => ({ text: text(b, 'text'), visibility: text(b, 'visibility') }),
    command: (d) => ({ action: 'comment', text: d.text, visibility: d.visibility }),
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
