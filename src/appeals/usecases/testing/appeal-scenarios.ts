import type { AppealCommand } from '../../domain';
import type { USERS } from './use-case-harness';

/** One action at one instant (UTC), by one of the harness's users or by the sweep. */
export interface Step {
  user: keyof typeof USERS | 'system';
  at: string;
  command: AppealCommand;
  /** Before this step every co-handler answers its open task (as CoHandlerTasksService would record it). */
  coHandlersAnswerFirst?: true;
}

/** The closed loop (闭环), March 2026: accept, route with a co-department, sign, extension, pause, the co-handler's part, answer, redo, follow-up call. */
export const LOOP: readonly Step[] = [
  { user: 'officer', at: '2026-03-09T03:00:00Z', command: { action: 'accept', note: 'ok' } },
  { user: 'officer', at: '2026-03-09T04:00:00Z', command: { action: 'route', leadDepartmentId: '3', coDepartmentIds: ['4'] } },
  { user: 'handler', at: '2026-03-09T05:00:00Z', command: { action: 'sign' } },
  { user: 'handler', at: '2026-03-11T02:00:00Z', command: { action: 'request_extension', days: 3, reason: '需要协调' } },
  { user: 'supervisor', at: '2026-03-11T03:00:00Z', command: { action: 'approve_extension', days: 2 } },
  { user: 'handler', at: '2026-03-12T02:00:00Z', command: { action: 'suspend', reason: '等待企业材料' } },
  { user: 'handler', at: '2026-03-13T02:00:00Z', command: { action: 'resume', note: '材料已到' } },
  { user: 'handler', at: '2026-03-16T02:00:00Z', command: { action: 'resolve', closureType: 'resolved', answer: '已增容' }, coHandlersAnswerFirst: true },
  { user: 'enterprise', at: '2026-03-17T02:00:00Z', command: { action: 'verify', solved: 'no', satisfaction: 'dissatisfied', comment: '没解决' } },
  { user: 'handler', at: '2026-03-18T02:00:00Z', command: { action: 'resolve', closureType: 'partly_resolved', answer: '部分' } },
  // The firm rated the first answer itself, so it rates the redo itself (a follow-up call may not replace its rating).
  { user: 'enterprise', at: '2026-03-19T02:00:00Z', command: { action: 'verify', solved: 'yes', satisfaction: 'satisfied' } },
];
/** Branches off the loop, each from a shared start. */
const routed = LOOP.slice(0, 2);
const signed = LOOP.slice(0, 3);
export const BRANCHES = {
  reject: [{ user: 'officer', at: '2026-03-09T03:00:00Z', command: { action: 'reject', reason: '不属于受理范围' } }],
  objection: [
    ...routed,
    { user: 'handler', at: '2026-03-10T01:00:00Z', command: { action: 'object', reason: '不属于本单位职责' } },
    { user: 'supervisor', at: '2026-03-10T02:00:00Z', command: { action: 'approve_objection', note: '同意' } },
  ],
  denied: [
    ...routed,
    { user: 'handler', at: '2026-03-10T01:00:00Z', command: { action: 'object', reason: '不属于本单位职责' } },
    { user: 'supervisor', at: '2026-03-10T02:00:00Z', command: { action: 'deny_objection', reason: '属于本单位' } },
    { user: 'handler', at: '2026-03-10T02:30:00Z', command: { action: 'sign' } },
    { user: 'handler', at: '2026-03-10T03:00:00Z', command: { action: 'request_extension', days: 2, reason: '协调' } },
    { user: 'supervisor', at: '2026-03-10T04:00:00Z', command: { action: 'deny_extension', reason: '不批准' } },
  ],
  supplement: [
    ...signed,
    { user: 'handler', at: '2026-03-12T02:00:00Z', command: { action: 'suspend', reason: '等待企业材料' } },
    { user: 'enterprise', at: '2026-03-16T02:00:00Z', command: { action: 'supplement', text: '材料见附件' } },
  ],
  transfer: [...signed, { user: 'supervisor', at: '2026-03-12T02:00:00Z', command: { action: 'transfer_up', targetDepartmentId: '8', reason: '需市级协调' } }],
  withdraw: [
    ...signed,
    { user: 'handler', at: '2026-03-12T02:00:00Z', command: { action: 'suspend', reason: '等待企业材料' } },
    { user: 'enterprise', at: '2026-03-13T02:00:00Z', command: { action: 'withdraw', reason: '已自行解决' } },
  ],
  comment: [...signed, { user: 'handler', at: '2026-03-12T02:00:00Z', command: { action: 'comment', text: '内部说明', visibility: 'internal' } }],
  autoClose: [
    ...signed,
    { user: 'handler', at: '2026-03-16T02:00:00Z', command: { action: 'resolve', closureType: 'explained', answer: '政策解释' }, coHandlersAnswerFirst: true },
    { user: 'system', at: '2026-03-23T09:30:00Z', command: { action: 'auto_close' } },
  ],
  redCard: [...signed, { user: 'system', at: '2026-04-20T02:00:00Z', command: { action: 'red_card', targetDepartmentId: '8', reason: '超期10个工作日' } }],
  redCardQueue: [...signed, { user: 'system', at: '2026-04-20T02:00:00Z', command: { action: 'red_card', targetDepartmentId: null, reason: '超期10个工作日' } }],
  redo: [
    ...LOOP.slice(0, 8),
    LOOP[8],
    { user: 'handler', at: '2026-03-18T02:00:00Z', command: { action: 'resolve', closureType: 'resolved', answer: '再答复' } },
    { user: 'enterprise', at: '2026-03-19T02:00:00Z', command: { action: 'verify', solved: 'no', satisfaction: 'very_dissatisfied' } },
  ],
} satisfies Record<string, readonly Step[]>;
