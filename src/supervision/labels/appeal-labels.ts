/**
 * Chinese labels of stored appeal values, for the ledger and other exports read by government
 * offices. Records over the full value sets, so a new value fails the type check here.
 */

export const STATUS_LABELS = {
  submitted: '待受理',
  accepted: '已受理待交办',
  assigned: '已交办待签收',
  in_progress: '办理中',
  suspended: '暂停（待企业补充）',
  resolved: '已答复待评价',
  closed: '已办结',
  rejected: '不予受理',
  withdrawn: '已撤回',
} as const satisfies Record<string, string>;

export const CLOSURE_TYPE_LABELS = {
  resolved: '实质解决',
  partly_resolved: '阶段性解决',
  explained: '程序办结（政策解释）',
} as const;

export const SOLVED_LABELS = { yes: '已解决', partly: '部分解决', no: '未解决' } as const;

export const SATISFACTION_LABELS = {
  very_satisfied: '非常满意',
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
} as const;

export const SUPERVISION_LEVEL_LABELS = {
  none: '无',
  reminder: '催办',
  supervision: '督办',
  yellow_card: '黄牌',
  red_card: '红牌',
} as const;

export const URGENCY_LABELS = { normal: '一般', urgent: '紧急' } as const;

export const LIGHT_LABELS = { green: '绿灯', yellow: '黄灯', red: '红灯' } as const;

/** The label of a stored value; an unknown value is shown as stored rather than dropped. */
export function labelOf(labels: Readonly<Record<string, string>>, value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return labels[value] ?? value;
}
