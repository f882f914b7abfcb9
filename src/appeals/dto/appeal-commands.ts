import type { AppealCommand } from '../domain';
import type {
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
} from './appeal-actions.dto';

/**
 * How each action's validated request becomes the state machine's command: one mapping for the
 * JSON API (AppealActionsController) and the console's action forms, so both send the same.
 */
export const APPEAL_COMMANDS = {
  accept: (d: NoteActionDto): AppealCommand => ({ action: 'accept', note: d.note }),
  reject: (d: ReasonActionDto): AppealCommand => ({ action: 'reject', reason: d.reason }),
  mark_duplicate: (d: MarkDuplicateDto): AppealCommand => ({ action: 'mark_duplicate', originalAppealId: String(d.originalAppealId), note: d.note }),
  route: (d: RouteAppealDto): AppealCommand => ({
    action: 'route',
    leadDepartmentId: String(d.leadDepartmentId),
    coDepartmentIds: (d.coDepartmentIds ?? []).map(String),
    coHandlerRequest: d.coHandlerRequest,
    ...(d.taskForceId === undefined ? {} : { taskForceId: String(d.taskForceId) }),
  }),
  bring_task_force: (d: BringTaskForceDto): AppealCommand => ({
    action: 'bring_task_force',
    taskForceId: String(d.taskForceId),
    coHandlerRequest: d.coHandlerRequest,
  }),
  sign: (): AppealCommand => ({ action: 'sign' }),
  object: (d: ReasonActionDto): AppealCommand => ({ action: 'object', reason: d.reason }),
  approve_objection: (d: NoteActionDto): AppealCommand => ({ action: 'approve_objection', note: d.note }),
  deny_objection: (d: ReasonActionDto): AppealCommand => ({ action: 'deny_objection', reason: d.reason }),
  request_extension: (d: RequestExtensionDto): AppealCommand => ({ action: 'request_extension', days: d.days, reason: d.reason }),
  approve_extension: (d: ApproveExtensionDto): AppealCommand => ({ action: 'approve_extension', days: d.days, note: d.note }),
  deny_extension: (d: ReasonActionDto): AppealCommand => ({ action: 'deny_extension', reason: d.reason }),
  suspend: (d: ReasonActionDto): AppealCommand => ({ action: 'suspend', reason: d.reason }),
  supplement: (d: SupplementDto): AppealCommand => ({ action: 'supplement', text: d.text }),
  resume: (d: NoteActionDto): AppealCommand => ({ action: 'resume', note: d.note }),
  transfer_up: (d: TransferUpDto): AppealCommand => ({
    action: 'transfer_up',
    targetDepartmentId: String(d.targetDepartmentId),
    reason: d.reason,
  }),
  resolve: (d: ResolveDto): AppealCommand => ({ action: 'resolve', closureType: d.closureType, answer: d.answer }),
  verify: (d: VerifyDto): AppealCommand => ({ action: 'verify', solved: d.solved, satisfaction: d.satisfaction, comment: d.comment }),
  follow_up_call: (d: VerifyDto): AppealCommand => ({
    action: 'follow_up_call',
    solved: d.solved,
    satisfaction: d.satisfaction,
    comment: d.comment,
  }),
  rule_unreasonable_rating: (d: RuleUnreasonableRatingDto): AppealCommand => ({ action: 'rule_unreasonable_rating', reason: d.reason }),
  withdraw: (d: OptionalReasonActionDto): AppealCommand => ({ action: 'withdraw', reason: d.reason }),
  comment: (d: CommentDto): AppealCommand => ({ action: 'comment', text: d.text, visibility: d.visibility }),
} as const;
