import { isEnded, nextPeriod, periodContaining, previousPeriod, type Period } from '../../supervision/domain';
import { resolvePeriod } from '../../supervision/shared/period-query';
import { shanghaiDateOf } from '../../sla/domain/shanghai-date';
import type { ProblemPeriodKind } from '../../common-problems/named/domain/common-problem-rules';

/** 周监测、旬调度、月盘点: the pool and the topics are read per week, 旬 or month. */
export const POOL_KIND_LABELS: Record<ProblemPeriodKind, string> = { week: '周', xun: '旬', month: '月' };
const KINDS: ProblemPeriodKind[] = ['week', 'xun', 'month'];

export const PROBLEM_STATE_LABELS: Record<string, string> = { open: '办理中', answered: '已答复', closed: '已办结' };

export const PROBLEM_EVENT_LABELS: Record<string, string> = {
  named: '命名为共性问题',
  lead_assigned: '确定牵头部门',
  lead_changed: '更换牵头部门',
  appeals_linked: '关联诉求',
  appeals_unlinked: '取消关联诉求',
  answered: '牵头部门答复',
  answer_revised: '修改答复',
  closed: '办结',
  reopened: '重新打开',
  topic_set: '列为每期一题',
  topic_cleared: '取消每期一题',
};

/** The Chinese sentence each form field shows when it is refused. */
export const PROBLEM_FIELD_HINTS: Record<string, string> = {
  title: '请填写问题名称（2–200 字）',
  description: '说明不超过 2000 字',
  leadDepartmentId: '请从列表中选择本辖区的责任单位',
  appealIds: '所选诉求须属于该问题的地区',
  appealNumbers: '请填写本辖区内存在的诉求编号，每行一个，如 2026-000123',
  text: '请填写答复（5–4000 字）',
  policyId: '请填写存在的政策编号（可不填）',
  note: '说明不超过 1000 字',
  key: '期间格式不对：月 2026-03，旬 2026-03-X2，周 2026-W10',
  period: '请选择周、旬或月',
};

export interface PeriodLink {
  key: string;
  label: string;
  href: string;
}

export interface PoolPeriodPicker {
  kind: ProblemPeriodKind;
  key: string;
  label: string;
  running: boolean;
  previous: PeriodLink;
  next: PeriodLink | null;
  current: PeriodLink | null;
  kinds: Array<{ kind: ProblemPeriodKind; label: string; href: string; selected: boolean }>;
}

/**
 * The dashboard's period picker (console/supervision/dashboard-period.ts) for the pool and the
 * topics: previous / next / the running one and the other kinds, keeping the region. A key that
 * names no period is the API's 400 naming the field.
 */
export function poolPeriodPicker(
  base: string,
  query: { period?: ProblemPeriodKind; key?: string; regionCode?: string },
  now: Date,
): { period: Period; picker: PoolPeriodPicker } {
  const kind = query.period ?? 'month';
  const period = resolvePeriod({ period: kind, key: query.key }, now);
  const running = periodContaining(kind, now);
  const ended = isEnded(period, now);
  const anchor = ended ? period.toDate : shanghaiDateOf(now);
  const href = (k: ProblemPeriodKind, key: string) => `${base}?${new URLSearchParams({ ...(query.regionCode ? { regionCode: query.regionCode } : {}), period: k, key }).toString()}`;
  const link = (p: Period): PeriodLink => ({ key: p.key, label: p.label, href: href(p.kind as ProblemPeriodKind, p.key) });
  return {
    period,
    picker: {
      kind,
      key: period.key,
      label: period.label,
      running: !ended && period.fromDate <= shanghaiDateOf(now),
      previous: link(previousPeriod(period)),
      next: ended ? link(nextPeriod(period)) : null,
      current: period.key === running.key ? null : link(running),
      kinds: KINDS.map((k) => ({ kind: k, label: POOL_KIND_LABELS[k], href: href(k, periodContaining(k, anchor).key), selected: k === kind })),
    },
  };
}

/** Percent text of a change share: −66.7%, +20.0%, or 无基数 when there was nothing before. */
export function changeText(change: number | null): string {
  if (change === null) return '—';
  const pct = (change * 100).toFixed(1);
  return `${change > 0 ? '+' : ''}${pct}%`;
}
