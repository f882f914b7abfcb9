import type { AppealEventAction } from '../appeals/domain';
import { assertNever } from '../common/domain/assert-never';
import type { DeadlineBasis } from '../sla/domain/deadline-basis';
import { SHANGHAI_UTC_OFFSET_MS } from '../sla/domain/shanghai-date';
/**
 * Who must hear about an appeal event, and what the inbox says. Pure: the notifier turns the
 * audiences into one set-based INSERT ... SELECT over users.
 */

export interface AppealEventForNotification {
  appealId: number;
  number: string;
  title: string;
  action: AppealEventAction;
  fromStatus: string | null;
  toStatus: string;
  seq: number;
  enterpriseId: number;
  officerId: number | null;
  leadDepartmentId: number | null;
  regionCode: string;
  actorId: number | null;
  /** For comments: internal notes go to staff only, public ones to the other side. Defaults to public. */
  visibility?: 'public' | 'internal';
  /** The role of whoever acted, when the caller knows it (decides "the other side" of a comment). */
  actorRole?: string | null;
  /** Optional detail for the body, e.g. a supervision order's note or a rejection reason. */
  note?: string | null;
  /** The deadline that matters after the event, when there is one; a provisional one is marked 暂定. */
  due?: { at: Date; basis: DeadlineBasis } | null;
  /** Co-handling departments the event addresses (new co-handler tasks, a task waived). */
  coHandlerDepartmentIds?: readonly number[];
}

/** "时限：2027-01-06 17:30（暂定）" in Asia/Shanghai wall-clock time; 暂定 when counted past the published schedule. */
export function deadlineLine(at: Date, basis: DeadlineBasis): string {
  const local = new Date(at.getTime() + SHANGHAI_UTC_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
  return `时限：${local}${basis === 'provisional' ? '（暂定，节假日安排公布后重算）' : ''}`;
}

export type Audience =
  /** Active handlers of the lead department. */
  | 'lead_handlers'
  /** The lead department's head(s); every handler there when the department has no head recorded. */
  | 'lead_heads'
  /** Staff accounts of the enterprise. */
  | 'enterprise_users'
  /** The firm's liaison officer. */
  | 'officer'
  /** Supervisors whose region reaches the appeal (its region and the regions above it). */
  | 'supervisors'
  /** Active handlers of the co-handling departments the entry addresses (their co-handler tasks). */
  | 'co_handlers';

export interface NotificationPlan {
  audiences: Audience[];
  /** Short Chinese title for the inbox, without the appeal number (added by the notifier). */
  title: string;
  /** Whether it also goes out by SMS / WeCom (things somebody must act on soon). */
  urgent: boolean;
}

const STAFF: Audience[] = ['lead_handlers', 'officer'];

export function planFor(event: AppealEventForNotification): NotificationPlan | null {
  const noDepartment = event.leadDepartmentId === null;
  switch (event.action) {
    case 'submit':
      return { audiences: ['officer'], title: '新诉求待受理', urgent: true };
    case 'accept':
      return { audiences: ['enterprise_users'], title: '诉求已受理', urgent: false };
    case 'reject':
      return { audiences: ['enterprise_users', 'officer'], title: '诉求未予受理', urgent: false };
    case 'mark_duplicate':
      // The firm must learn where its problem is handled now (the appeal page links the original).
      return { audiences: ['enterprise_users', 'officer'], title: '诉求与您已提交的诉求重复，已合并至原诉求办理', urgent: false };
    case 'route':
      return { audiences: ['lead_handlers'], title: '新诉求已交办本单位，请及时签收', urgent: true };
    case 'bring_task_force':
      // The departments the task force brought (their new co-handler tasks) and the lead, whose closure now waits for them.
      return { audiences: ['co_handlers', 'lead_handlers'], title: '督办调入专班协办：新协办任务请签收并在时限内反馈牵头单位', urgent: true };
    case 'object':
      return { audiences: ['supervisors'], title: '责任单位申请退单，待审核', urgent: false };
    case 'approve_objection':
      return { audiences: ['officer'], title: '退单已同意，请重新交办', urgent: true };
    case 'deny_objection':
      return { audiences: ['lead_handlers'], title: '退单未获同意，请继续办理', urgent: false };
    case 'request_extension':
      return { audiences: ['supervisors'], title: '责任单位申请延期，待审批', urgent: false };
    case 'approve_extension':
      return { audiences: ['lead_handlers'], title: '延期申请已批准', urgent: false };
    case 'deny_extension':
      return { audiences: ['lead_handlers'], title: '延期申请未获批准', urgent: false };
    case 'suspend':
      return { audiences: ['enterprise_users', 'officer'], title: '诉求办理暂停，请补充材料', urgent: false };
    case 'supplement':
      return { audiences: ['lead_handlers'], title: '企业已补充材料，办理恢复计时', urgent: false };
    case 'transfer_up':
      return { audiences: ['lead_handlers', 'officer'], title: '诉求已提级交办本单位，请及时签收', urgent: true };
    case 'resolve':
      return { audiences: ['enterprise_users', 'officer'], title: '诉求已办结答复，请评价', urgent: false };
    case 'verify':
    case 'follow_up_call':
      if (event.toStatus === 'closed') return { audiences: STAFF, title: '企业已评价，诉求办结', urgent: false };
      if (event.toStatus === 'accepted')
        return { audiences: ['officer', 'supervisors'], title: '企业不满意，诉求已提级，请重新交办', urgent: true };
      return { audiences: STAFF, title: '企业不满意，诉求退回重办', urgent: true };
    case 'rule_unreasonable_rating':
      // The rated department and the firm's officer learn that the rating no longer counts against it.
      return { audiences: STAFF, title: '督办认定企业评价为不合理差评，不计入满意率', urgent: false };
    case 'withdraw':
      return { audiences: STAFF, title: '企业已撤回诉求', urgent: false };
    case 'recompute_deadlines':
      // Sent only when the deadline that matters moved earlier: whoever handles the appeal now must know.
      return { audiences: noDepartment ? ['officer'] : ['lead_handlers'], title: '节假日安排公布，诉求办理时限已重算并提前', urgent: false };
    case 'comment':
      return commentPlan(event);
    case 'auto_close':
      return { audiences: STAFF, title: '评价期满未评价，诉求自动办结', urgent: false };
    case 'remind':
      return { audiences: noDepartment ? ['officer'] : ['lead_handlers'], title: '催办：诉求已超期，请尽快办理', urgent: true };
    case 'supervise':
      return {
        audiences: noDepartment ? ['officer', 'supervisors'] : ['lead_heads'],
        title: '督办：诉求超期未办结，请部门负责人督促办理',
        urgent: true,
      };
    case 'supervision_order':
      return { audiences: ['lead_heads'], title: '督办单：请部门负责人督促办理并按期回复', urgent: true };
    case 'supervision_reply':
      return { audiences: ['supervisors'], title: '督办单已回复', urgent: false };
    case 'yellow_card':
      return {
        audiences: noDepartment ? ['officer', 'supervisors'] : ['lead_heads', 'supervisors'],
        title: '黄牌警示：诉求严重超期',
        urgent: true,
      };
    case 'red_card':
      return {
        audiences: noDepartment ? ['officer', 'supervisors'] : ['lead_heads', 'supervisors', 'officer'],
        title: '红牌警示：诉求严重超期，已提级督办',
        urgent: true,
      };
    case 'co_task_create':
      return { audiences: ['co_handlers'], title: '新协办任务，请签收并在时限内反馈牵头单位', urgent: true };
    case 'co_task_answer':
      return { audiences: ['lead_handlers'], title: '协办单位已反馈协办意见', urgent: false };
    case 'co_task_object':
      return { audiences: ['supervisors', 'lead_handlers'], title: '协办单位对协办任务提出异议，待督办人员处理', urgent: false };
    case 'co_task_waive':
      return { audiences: ['lead_handlers', 'co_handlers'], title: '协办任务已由督办人员免除', urgent: false };
    case 'co_task_remind':
      // The ladder's only step for a task: the co-handling department is reminded (催办), once.
      return { audiences: ['co_handlers'], title: '催办：协办任务已超期，请尽快反馈牵头单位', urgent: true };
    case 'co_task_sign':
    case 'sign':
    case 'resume':
      // The actor already knows, and nobody else must act.
      return null;
    case 'attach':
    case 'officer_handover':
    case 'demo_stage_deadline':
      // Shown on the timeline; nobody must act on them.
      return null;
    default:
      return assertNever(event.action, 'appeal event action');
  }
}

function commentPlan(event: AppealEventForNotification): NotificationPlan {
  if (event.visibility === 'internal') return { audiences: STAFF, title: '诉求有新的内部备注', urgent: false };
  // A public comment goes to the other side of the conversation.
  if (event.actorRole === 'enterprise') return { audiences: STAFF, title: '企业留言', urgent: false };
  return { audiences: ['enterprise_users'], title: '诉求有新的答复留言', urgent: false };
}

/** The appeal's region and the regions above it (GB/T 2260 codes nest by prefix). */
export function regionChain(regionCode: string): string[] {
  const chain = [regionCode, `${regionCode.slice(0, 4)}00`, `${regionCode.slice(0, 2)}0000`];
  return [...new Set(chain)];
}

export function inboxTitle(event: AppealEventForNotification, plan: NotificationPlan): string {
  return `【${event.number}】${plan.title}`.slice(0, 200);
}

export function inboxBody(event: AppealEventForNotification): string {
  const note = event.note ? `\n${event.note}` : '';
  const due = event.due ? `\n${deadlineLine(event.due.at, event.due.basis)}` : '';
  return `${event.title}${note}${due}`.slice(0, 1000);
}
