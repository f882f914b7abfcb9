import type { DeadlineBasis } from '../../sla/domain/deadline-basis';
import type { AppealDetailDto, TimelineEventDto } from '../../appeals/dto/appeal-read.dto';
import { label } from '../shared/labels';

export interface TimelineEntry {
  seq: number;
  when: Date;
  what: string;
  who: string;
  transition: string | null;
  lines: string[];
  internal: boolean;
}

export type DepartmentNames = ReadonlyMap<number, string>;

function departmentName(names: DepartmentNames, id: unknown): string {
  if (id === null || id === undefined || id === '') return '—';
  return names.get(Number(id)) ?? `单位 #${String(id)}`;
}

/** What an event's payload means, in words; unknown payload keys are left out rather than shown raw. */
const TIMER_NAMES: Record<string, string> = {
  response_due: '响应时限',
  objection_deadline: '退单截止',
  resolution_due: '办理时限',
  verification_due: '评价截止',
};

/** An ISO instant as Asia/Shanghai wall-clock time, for timeline lines. */
function shanghaiText(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function payloadLines(event: TimelineEventDto, names: DepartmentNames): string[] {
  const p = event.payload;
  const lines: string[] = [];
  const has = (key: string) => p[key] !== undefined && p[key] !== null && p[key] !== '';
  if (has('leadDepartmentId')) lines.push(`主办单位：${departmentName(names, p.leadDepartmentId)}`);
  if (Array.isArray(p.coDepartmentIds) && p.coDepartmentIds.length) {
    lines.push(`协办单位：${p.coDepartmentIds.map((id) => departmentName(names, id)).join('、')}`);
  }
  // A task force (专班) brought in by the routing or a supervisor: which one, and the departments it brought.
  const force = p.taskForce as { name?: unknown; departmentIds?: unknown } | null | undefined;
  if (force && typeof force === 'object' && typeof force.name === 'string') {
    const joined = Array.isArray(force.departmentIds) ? force.departmentIds : [];
    lines.push(`专班：${force.name}${joined.length ? `，经专班加入协办：${joined.map((id) => departmentName(names, id)).join('、')}` : ''}`);
  }
  if (event.action === 'bring_task_force' && has('coHandlerRequest')) lines.push(`协办要求：${String(p.coHandlerRequest)}`);
  if (has('targetDepartmentId')) lines.push(`转至：${departmentName(names, p.targetDepartmentId)}（${label('level', p.toLevel)}）`);
  if (event.action === 'object' || event.action === 'approve_objection' || event.action === 'deny_objection') {
    if (has('departmentId')) lines.push(`退单单位：${departmentName(names, p.departmentId)}`);
  }
  if (has('days')) lines.push(`申请延期 ${String(p.days)} 个工作日`);
  if (has('approvedDays')) lines.push(`批准延期 ${String(p.approvedDays)} 个工作日（申请 ${String(p.requestedDays ?? '—')} 个）`);
  if (has('closureType')) lines.push(`办结类型：${label('closure', p.closureType)}`);
  if (has('answer')) lines.push(`答复：${String(p.answer)}`);
  if (has('solved')) lines.push(`是否解决：${label('solved', p.solved)}；满意度：${label('satisfaction', p.satisfaction)}`);
  if (has('comment')) lines.push(`意见：${String(p.comment)}`);
  if (p.redo === true) lines.push(p.raisedTo ? `不满意，退回重办并提级至${label('level', p.raisedTo)}` : '不满意，退回重办');
  if (has('text')) lines.push(String(p.text));
  if (has('note')) lines.push(`备注：${String(p.note)}`);
  if (has('fileName')) lines.push(`附件：${String(p.fileName)}`);
  if (p.unrated === true) lines.push('验证期满未评价，系统自动关闭');
  if (event.action === 'rule_unreasonable_rating' && has('satisfaction')) {
    lines.push(`认定为不合理差评的评价：${label('satisfaction', p.satisfaction)}${p.ratingOnBehalf === true ? '（专员回访代记录）' : ''}，不计入满意率`);
  }
  if (event.action === 'recompute_deadlines' && Array.isArray(p.changes)) {
    for (const change of p.changes as Array<{ timer: string; from: string; to: string; basis: string; shiftDays: number }>) {
      const name = TIMER_NAMES[change.timer] ?? change.timer;
      const shift = change.shiftDays < 0 ? `提前 ${-change.shiftDays} 天` : `推后 ${change.shiftDays} 天`;
      lines.push(`${name}：${shanghaiText(change.from)} → ${shanghaiText(change.to)}（${shift}${change.basis === 'provisional' ? '，仍为暂定' : ''}）`);
    }
  }
  return lines;
}

export function timelineView(detail: AppealDetailDto, names: DepartmentNames): TimelineEntry[] {
  return [...detail.timeline].reverse().map((event) => ({
    seq: event.seq,
    when: event.createdAt,
    what: label('action', event.action) + (event.onBehalf ? '（专员代企业）' : ''),
    who: event.actorName
      ? `${event.actorName} · ${label('role', event.actorRole)}`
      : event.actorRole === 'system'
        ? '系统'
        : label('role', event.actorRole),
    transition:
      event.fromStatus && event.fromStatus !== event.toStatus
        ? `${label('status', event.fromStatus)} → ${label('status', event.toStatus)}`
        : null,
    lines: [...(event.reason ? [`理由：${event.reason}`] : []), ...payloadLines(event, names)],
    internal: event.visibility === 'internal',
  }));
}

/** Deadlines that are the programme's own business (the department's window to object): never shown to the firm. */
const INTERNAL_DEADLINES: ReadonlySet<string> = new Set(['退单截止']);

/** The deadlines worth showing on the page, in the order the case meets them; the firm sees only its own. */
export function deadlineRows(detail: AppealDetailDto, forEnterprise = false): Array<{ label: string; at: Date | null; basis: DeadlineBasis }> {
  const t = detail.timers;
  const b = detail.deadlineBases;
  return [
    { label: '响应时限', at: t.responseDueAt, basis: b.responseDue },
    { label: '退单截止', at: t.objectionDeadlineAt, basis: b.objectionDeadline },
    { label: '办理时限', at: t.resolutionDueAt, basis: b.resolutionDue },
    { label: '评价截止', at: t.verificationDueAt, basis: b.verificationDue },
  ].filter((row) => row.at && !(forEnterprise && INTERNAL_DEADLINES.has(row.label)));
}

/** The statuses in which the firm itself must act, in its words: its list's to-do and its appeal page say the same. */
export const FIRM_TODO_LABELS = { suspended: '待您补充', resolved: '待您评价' } as const;

/** What the firm must do now, said first on its appeal page (待您补充 / 待您评价); null when nothing. */
export function enterpriseTodo(detail: AppealDetailDto): { title: string; text: string | null } | null {
  const allowed = new Set(detail.allowedActions);
  if (detail.status === 'suspended' && allowed.has('supplement')) {
    const asked = [...detail.timeline].reverse().find((e) => e.action === 'suspend');
    return {
      title: `${FIRM_TODO_LABELS.suspended}：办理单位需要您补充材料或信息，补充后恢复办理`,
      text: asked?.reason ? `需要补充：${asked.reason}` : null,
    };
  }
  if (detail.status === 'resolved' && allowed.has('verify')) {
    return { title: `${FIRM_TODO_LABELS.resolved}：办理单位已答复，请确认问题是否解决并评价`, text: null };
  }
  return null;
}

/** Actions that refuse, undo or push work away: never the first thing a page unfolds, always red. */
export const DESTRUCTIVE_ACTIONS: ReadonlySet<string> = new Set(['reject', 'mark_duplicate', 'withdraw', 'object', 'deny_objection', 'deny_extension']);

/**
 * The order the appeal page offers the allowed actions: the step that moves the case forward
 * first (受理, 交办, 签收, 办结, 评价 …), the side roads after, the destructive ones last.
 */
const ACTION_ORDER: readonly string[] = [
  'accept',
  'route',
  'sign',
  'resolve',
  'verify',
  'supplement',
  'approve_extension',
  'approve_objection',
  'follow_up_call',
  'resume',
  'request_extension',
  'suspend',
  'transfer_up',
  'bring_task_force',
  'comment',
  'deny_extension',
  'deny_objection',
  'rule_unreasonable_rating',
  'mark_duplicate',
  'reject',
  'object',
  'withdraw',
];

export function orderedActions(allowed: readonly string[]): string[] {
  const rank = (action: string) => {
    const index = ACTION_ORDER.indexOf(action);
    return index === -1 ? ACTION_ORDER.indexOf('comment') : index;
  };
  return [...allowed].sort((a, b) => rank(a) - rank(b));
}

/** The action the page unfolds: the first one, unless it is destructive, a comment or a withdrawal. */
export function firstOpenAction(ordered: readonly string[]): string | null {
  const first = ordered[0];
  return first && !DESTRUCTIVE_ACTIONS.has(first) && first !== 'comment' && first !== 'sign' ? first : null;
}
