import type { VisitAction, VisitConfirmation, VisitStatus } from '../../visits/domain/visit-state';

/** A visit's state as the console says it (planner and firm alike). */
export const VISIT_STATUS_LABELS: Record<VisitStatus, string> = {
  planned: '待企业确认',
  accepted: '企业已接受',
  reschedule_proposed: '企业提议改期',
  declined: '企业已谢绝',
  cancelled: '已取消',
  merged: '已并入联合走访',
  done: '已走访',
};

export const VISIT_CONFIRMATION_LABELS: Record<VisitConfirmation, string> = {
  legacy: '历史记录（计入覆盖）',
  pending: '待企业确认属实',
  presumed: '企业事先已接受（计入覆盖，7 天内可提异议）',
  confirmed: '企业已确认属实',
  disputed: '企业有异议（不计入覆盖）',
};

export const VISIT_ACTION_LABELS: Record<VisitAction, string> = {
  accept: '接受',
  propose_date: '另约时间',
  decline: '谢绝',
  accept_proposal: '同意企业提议的日期',
  replan: '重新安排日期',
  cancel: '取消走访',
  log: '记录走访结果',
  confirm: '确认属实',
  dispute: '提出异议',
};

export const VISIT_EVENT_LABELS: Record<string, string> = {
  plan: '安排走访',
  log_direct: '记录走访（未事先安排）',
  merge: '合并为联合走访',
  merged_into: '并入联合走访',
  ...VISIT_ACTION_LABELS,
};

/**
 * The visit services' English refusals, in Chinese for the console (the API keeps its English);
 * patterns keep the dates and numbers. Unknown messages fall back to the error code's headline.
 */
const MESSAGES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/^A visit cannot be planned before today \((\S+)\)$/, (m) => `走访日期不能早于今天（${m[1]}）`],
  [/^A visit cannot be logged before it happens \(today is (\S+)\)$/, (m) => `走访尚未发生，日期不能晚于今天（${m[1]}）`],
  [/^must not be before (\S+)$/, (m) => `走访日期不能早于今天（${m[1]}）`],
  [/^must not be after (\S+)$/, (m) => `走访尚未发生，日期不能晚于今天（${m[1]}）`],
  [/^The proposed date must be after today \((\S+)\)$/, (m) => `提议的日期须晚于今天（${m[1]}）`],
  [/^The proposed date is the planned date$/, () => '提议的日期与原定日期相同'],
  [/^A decline needs its reason/, () => '谢绝时请说明理由（至少 2 个字）'],
  [/^A dispute needs its reason/, () => '提出异议时请说明理由（至少 2 个字）'],
  [/^The proposed date has passed; plan again$/, () => '企业提议的日期已过，请重新安排'],
  [
    /^A visit logged from an accepted plan may be disputed within (\d+) days of its log$/,
    (m) => `事先已接受的走访，只能在记录后 ${m[1]} 天内提出异议`,
  ],
  [/^The visit is already (\S+)$/, () => '该走访已确认或已有异议'],
  [/^The visit is (\S+); it can no longer be disputed$/, () => '该走访已确认、已有异议或为历史记录，不能再提出异议'],
  [/^A (\S+) visit cannot be /, (m) => `该走访当前为“${VISIT_STATUS_LABELS[m[1] as VisitStatus] ?? m[1]}”，不能执行此操作`],
  [/^Only the visited firm may /, () => '只有被走访企业可以执行此操作'],
  [/^Only the visit's planner may /, () => '只有安排走访的单位可以执行此操作'],
  [/^Only officers plan visits/, () => '只有联络专员可为名下企业安排走访'],
  [/^A visit cannot be merged with itself$/, () => '不能与自身合并'],
  [/^Only planned visits .* can be merged$/, () => '只有尚未进行的走访安排可以合并'],
  [/^Only visits to the same firm can be merged$/, () => '只能合并同一企业的走访'],
  [/^Both visits are by the same unit/, () => '两次走访属同一单位，请取消或改期其中一次'],
  [/^Only visits planned in the same week/, () => '只能合并同一周（周一至周日）内的走访'],
  [/^The joint visit cannot be planned before today \((\S+)\)$/, (m) => `联合走访日期不能早于今天（${m[1]}）`],
  [/^Enterprise .* is inactive$/, () => '该企业已停用'],
  [/^Enterprise \d+ was not found$/, () => '未找到该企业，或该企业不是您名下的企业'],
  [/^visitDate is not a calendar date/, () => '走访日期不是有效日期'],
  [/^proposedDate is not a calendar date/, () => '提议的日期不是有效日期'],
];

export function visitMessageZh(message: string): string | null {
  for (const [pattern, text] of MESSAGES) {
    const match = message.match(pattern);
    if (match) return text(match);
  }
  return null;
}

/** The budget warning, as the planner reads it before confirming. */
export function budgetWarningZh(budget: { month: string; planned: number; budget: number }): string {
  const [year, month] = budget.month.split('-');
  return `该企业 ${year} 年 ${Number(month)} 月已安排或已完成 ${budget.planned - 1} 次走访，再安排将达到 ${budget.planned} 次，超出每企每月 ${budget.budget} 次的走访上限。确需走访请勾选“仍要安排”后再提交。`;
}
