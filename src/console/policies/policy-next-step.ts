import type { DeliveryState, ObtainMode } from '../../policies/domain/policy-vocabulary';

/** How urgent a policy is on the firm's home page: something to do first, then waiting, then done. */
export type NextStepKind = 'act' | 'wait' | 'done';

export interface NextStep {
  kind: NextStepKind;
  /** What the firm should do next, in Chinese. */
  text: string;
}

/**
 * What a firm does next with a policy it is entitled to (its home page). 免申即享 policies need no
 * application; a record that no longer matches is closed.
 */
export function nextStepFor(record: { state: DeliveryState; obtainMode: ObtainMode; eligible: boolean; reason: string | null }): NextStep {
  if (!record.eligible) return { kind: 'done', text: '本企业已不再符合该政策条件，记录已关闭' };
  switch (record.state) {
    case 'pending':
      return { kind: 'act', text: '请阅读政策内容，知悉后点击“确认已知悉”；有疑问可直接咨询' };
    case 'informed':
      return record.obtainMode === 'automatic'
        ? { kind: 'wait', text: '免申即享：无需申请，等待责任部门直接兑现' }
        : { kind: 'act', text: '请按政策要求向责任部门提交申请，提交后点击“确认已申请”' };
    case 'applied':
      return { kind: 'wait', text: '已申请，等待责任部门审核兑现；收到后请点击“确认已兑现”' };
    case 'exempt':
      return { kind: 'wait', text: '免申即享：等待兑现；收到后请点击“确认已兑现”' };
    case 'benefited':
      return { kind: 'done', text: '已兑现' };
    case 'not_applicable':
      return { kind: 'done', text: `经核实不适用${record.reason ? `：${record.reason}` : ''}` };
    default:
      return { kind: 'done', text: '' };
  }
}

const ORDER: Record<NextStepKind, number> = { act: 0, wait: 1, done: 2 };

/** The firm's policies in the order it should look at them: to do, waiting, done; newest match first within each. */
export function byNextStep<T extends { next: NextStep; matchedAt: Date }>(items: T[]): T[] {
  return [...items].sort((a, b) => ORDER[a.next.kind] - ORDER[b.next.kind] || b.matchedAt.getTime() - a.matchedAt.getTime());
}
