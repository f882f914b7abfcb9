import { assertNever } from '../../common/domain/assert-never';
import type { VisitAction } from './visit-state';

/** Every entry of a visit's history: the firm-facing steps plus how a visit began or was merged. */
export type VisitEventAction = 'plan' | 'log_direct' | 'merge' | 'merged_into' | VisitAction;

/** Who hears of it: the firm's active users, the visit's planner, or the planner of the visit merged away. */
export type VisitAudience = 'firm' | 'planner' | 'absorbed_planner';

export interface VisitNotice {
  audience: VisitAudience;
  kind: string;
  title: string;
  body: string | null;
}

export interface VisitNoticeFacts {
  firmName: string;
  unitName: string;
  visitDate: string;
  proposedDate: string | null;
  note: string | null;
}

/**
 * Who is told of a visit's step (inbox, Chinese like every inbox title): the firm of everything it
 * should answer or know (a plan, a new date, a cancellation, a log to confirm), the planner of
 * the firm's answers. Exhaustive over the event actions.
 */
export function visitNotices(action: VisitEventAction, f: VisitNoticeFacts): VisitNotice[] {
  const firm = (kind: string, title: string, body: string | null = null): VisitNotice => ({
    audience: 'firm',
    kind: `visit.${kind}`,
    title,
    body,
  });
  const planner = (kind: string, title: string, body: string | null = null): VisitNotice => ({
    audience: 'planner',
    kind: `visit.${kind}`,
    title,
    body,
  });
  switch (action) {
    case 'plan':
      return [firm('plan', `【走访安排】${f.unitName}拟于 ${f.visitDate} 走访贵企业，请确认`, '可接受、另约时间或说明理由后谢绝。')];
    case 'replan':
      return [firm('replan', `【走访安排】${f.unitName}将走访改为 ${f.visitDate}，请确认`)];
    case 'accept_proposal':
      return [firm('accept_proposal', `【走访安排】${f.unitName}同意按您提出的 ${f.visitDate} 走访`)];
    case 'merge':
      return [
        firm('merge', `【走访安排】本周两次走访已合并为一次联合走访（${f.visitDate}），请确认`, f.unitName),
        {
          audience: 'absorbed_planner',
          kind: 'visit.merge',
          title: `【走访】您对${f.firmName}的走访已并入联合走访（${f.visitDate}）`,
          body: f.unitName,
        },
      ];
    case 'cancel':
      return [firm('cancel', `【走访安排】${f.unitName}取消了 ${f.visitDate} 的走访`, f.note)];
    case 'log':
    case 'log_direct':
      return [firm('log', `【走访】${f.unitName}记录了 ${f.visitDate} 对贵企业的走访，请确认是否属实`)];
    case 'accept':
      return [planner('accept', `【走访】${f.firmName}接受了 ${f.visitDate} 的走访`)];
    case 'propose_date':
      return [planner('propose_date', `【走访】${f.firmName}希望改到 ${f.proposedDate ?? ''} 走访`, f.note)];
    case 'decline':
      return [planner('decline', `【走访】${f.firmName}谢绝了 ${f.visitDate} 的走访`, f.note)];
    case 'confirm':
      return [planner('confirm', `【走访】${f.firmName}确认了 ${f.visitDate} 的走访`)];
    case 'dispute':
      return [planner('dispute', `【走访】${f.firmName}对 ${f.visitDate} 的走访记录有异议`, f.note)];
    case 'merged_into':
      return [];
    default:
      return assertNever(action, 'visit event action');
  }
}
