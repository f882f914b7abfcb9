import type { Metrics, Ratio } from '../../supervision/domain';
import { percent } from '../shared/view-helpers';

export const QUEUE_LABELS: Record<string, string> = {
  overdue: '超期诉求',
  'due-soon': '即将到期',
  unaccepted: '超时未受理',
  'awaiting-verification': '待企业评价',
  'orders-awaiting-reply': '督办单待回复',
};

export const METRIC_LABELS: Record<string, string> = {
  responseRate: '响应率',
  onTimeResolutionRate: '按时办结率',
  solutionRate: '解决率',
  satisfactionRate: '满意率',
  redoRate: '重办率',
  objectionRate: '退单率',
  extensionRate: '延期率',
  avgHandlingDays: '平均办理工作日',
};

export interface MetricCard {
  label: string;
  value: string;
  note: string;
  tone: 'green' | 'yellow' | 'red' | '';
}

function ratioCard(label: string, ratio: Ratio, higherIsBetter: boolean): MetricCard {
  const v = ratio.value;
  const good =
    v === null
      ? ''
      : higherIsBetter
        ? v >= 0.9
          ? 'green'
          : v >= 0.7
            ? 'yellow'
            : 'red'
        : v <= 0.05
          ? 'green'
          : v <= 0.15
            ? 'yellow'
            : 'red';
  return { label, value: percent(v), note: `${ratio.numerator} / ${ratio.denominator}`, tone: good };
}

/**
 * This month's rates as dashboard cards, each with its working (numerator / denominator); the
 * satisfaction card names the ratings ruled unreasonable (不合理差评), which its denominator leaves out.
 */
export function metricCards(m: Metrics, unreasonableRatings = 0): MetricCard[] {
  return [
    ratioCard(METRIC_LABELS.responseRate, m.responseRate, true),
    ratioCard(METRIC_LABELS.onTimeResolutionRate, m.onTimeResolutionRate, true),
    ratioCard(METRIC_LABELS.solutionRate, m.solutionRate, true),
    {
      ...ratioCard(METRIC_LABELS.satisfactionRate, m.satisfactionRate, true),
      note:
        `${m.satisfactionRate.numerator} / ${m.satisfactionRate.denominator}（基本满意 ${percent(m.basicallySatisfiedShare.value)}${m.basicallySatisfiedCounts ? '，计入' : '，不计入'}）` +
        `；不合理差评 ${unreasonableRatings} 件，不计入`,
    },
    ratioCard(METRIC_LABELS.redoRate, m.redoRate, false),
    ratioCard(METRIC_LABELS.objectionRate, m.objectionRate, false),
    ratioCard(METRIC_LABELS.extensionRate, m.extensionRate, false),
    {
      label: METRIC_LABELS.avgHandlingDays,
      value: m.avgHandlingDays.value === null ? '—' : m.avgHandlingDays.value.toFixed(1),
      note: `已办结 ${m.avgHandlingDays.count} 件`,
      tone: '',
    },
  ];
}

interface RankingLike {
  rows: Array<{
    key: string;
    name: string;
    rank: number | null;
    score: number | null;
    change: number | null;
    metrics: Metrics;
    unreasonableRatings?: number;
  }>;
  redList: Array<{ key: string }>;
  blackList: Array<{ key: string }>;
  period: { label: string };
  /** Per group, how many appeals of its deadline-dependent figures are judged on a provisional deadline. */
  provisional?: { groups: Array<{ key: string; responseRate: number; onTimeResolutionRate: number; overdueCount: number }> };
}

export interface RankingRowView {
  /** The group's key: a region's code in a region ranking (its dashboard's link). */
  key: string;
  rank: number | null;
  name: string;
  score: string;
  change: number | null;
  satisfaction: string;
  /** Ratings ruled unreasonable (不合理差评), left out of the satisfaction rate. */
  unreasonable: number;
  onTime: string;
  overdue: number;
  red: boolean;
  black: boolean;
  /** 暂定 beside the on-time rate / the overdue count: how many of the appeals they count have a provisional deadline. */
  provisionalOnTime: number;
  provisionalOverdue: number;
  /** The group's provisional counts in words (the tag's title), or null when none. */
  provisionalNote: string | null;
}

/** Ranking rows with their 红榜 / 黑榜 marks, ready for the table. */
export function rankingView(
  ranking: RankingLike | undefined,
): { period: string; rows: RankingRowView[]; anyProvisional: boolean } | null {
  if (!ranking) return null;
  const red = new Set(ranking.redList.map((r) => r.key));
  const black = new Set(ranking.blackList.map((r) => r.key));
  const provisional = new Map((ranking.provisional?.groups ?? []).map((g) => [g.key, g]));
  const rows = ranking.rows.map((row) => {
    const p = provisional.get(row.key);
    const parts = p
      ? [
          p.responseRate ? `响应及时率 ${p.responseRate} 件` : '',
          p.onTimeResolutionRate ? `按时办结率 ${p.onTimeResolutionRate} 件` : '',
          p.overdueCount ? `超期 ${p.overdueCount} 件` : '',
        ].filter(Boolean)
      : [];
    return {
      key: row.key,
      rank: row.rank,
      name: row.name,
      score: row.score === null ? '—' : row.score.toFixed(1),
      change: row.change,
      satisfaction: percent(row.metrics.satisfactionRate.value),
      unreasonable: row.unreasonableRatings ?? 0,
      onTime: percent(row.metrics.onTimeResolutionRate.value),
      overdue: row.metrics.overdueCount,
      red: red.has(row.key) && row.rank !== null,
      black: black.has(row.key) && row.rank !== null && !red.has(row.key),
      provisionalOnTime: p?.onTimeResolutionRate ?? 0,
      provisionalOverdue: p?.overdueCount ?? 0,
      provisionalNote: parts.length ? `含按暂定时限判定的诉求：${parts.join('、')}` : null,
    };
  });
  return { period: ranking.period.label, rows, anyProvisional: rows.some((r) => r.provisionalNote !== null) };
}
