import type { Metrics } from '../../supervision/domain';
import { LIGHT_LABELS, SUPERVISION_LEVEL_LABELS } from '../../supervision/labels/appeal-labels';
import type { OpenDistributionRow } from '../../supervision/queues/queues.repository';
import type { PeriodView } from '../../supervision/shared/period-query';
import { barChart, lineChart, type BarChart, type LineChart } from './dashboard-charts';

const QUARTER = ['一', '二', '三', '四'];

/** A period's label short enough for six of them under a phone-wide axis (the table has the whole label). */
export function shortPeriodLabel(period: Pick<PeriodView, 'kind' | 'key'>): string {
  const month = /^\d{4}-(\d{2})$/.exec(period.key);
  if (month) return `${Number(month[1])}月`;
  const xun = /^\d{4}-(\d{2})-X([123])$/.exec(period.key);
  if (xun) return `${Number(xun[1])}月${['上', '中', '下'][Number(xun[2]) - 1]}旬`;
  const week = /^\d{4}-W(\d{2})$/.exec(period.key);
  if (week) return `第${Number(week[1])}周`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period.key);
  if (quarter) return `${quarter[1].slice(2)}年${QUARTER[Number(quarter[2]) - 1]}季`;
  return period.key;
}

interface TrendLike {
  period: Pick<PeriodView, 'kind' | 'key' | 'label'>;
  metrics: Metrics;
}

/**
 * The trend over the last periods: how many appeals were due for a response (the new work), were
 * closed, and were overdue at the period's end; and the three headline rates.
 */
export function trendCharts(points: TrendLike[]): { counts: LineChart; rates: LineChart } {
  const labels = points.map((p) => p.period.label);
  const shortLabels = points.map((p) => shortPeriodLabel(p.period));
  return {
    counts: lineChart({
      title: '诉求件数趋势',
      labels,
      shortLabels,
      unit: 'count',
      series: [
        { name: '应响应', values: points.map((p) => p.metrics.responseRate.denominator) },
        { name: '办结', values: points.map((p) => p.metrics.closedCount) },
        { name: '超期', values: points.map((p) => p.metrics.overdueCount) },
      ],
    }),
    rates: lineChart({
      title: '主要指标趋势',
      labels,
      shortLabels,
      unit: 'percent',
      series: [
        { name: '响应率', values: points.map((p) => p.metrics.responseRate.value) },
        { name: '按时办结率', values: points.map((p) => p.metrics.onTimeResolutionRate.value) },
        { name: '满意率', values: points.map((p) => p.metrics.satisfactionRate.value) },
      ],
    }),
  };
}

const LIGHTS = ['green', 'yellow', 'red'] as const;
const STEPS = ['none', 'reminder', 'supervision', 'yellow_card', 'red_card'] as const;
const STEP_TONES: Record<string, string> = { yellow_card: 'yellow', red_card: 'red' };

/** The open appeals by warning light and by escalation-ladder step (every light and step listed, zeros too). */
export function distributionCharts(rows: OpenDistributionRow[]): { lights: BarChart; steps: BarChart; open: number } {
  const sum = (pick: (r: OpenDistributionRow) => boolean) => rows.filter(pick).reduce((n, r) => n + r.count, 0);
  const open = sum(() => true);
  const share = (n: number) => (open ? `${n}（${Math.round((n / open) * 100)}%）` : String(n));
  const lights = LIGHTS.map((light) => {
    const n = sum((r) => r.light === light);
    return { label: LIGHT_LABELS[light], value: n, text: share(n), tone: light };
  });
  const steps = STEPS.map((step) => {
    const n = sum((r) => r.step === step);
    return { label: step === 'none' ? '未升级' : SUPERVISION_LEVEL_LABELS[step], value: n, text: share(n), tone: STEP_TONES[step] ?? '' };
  });
  return {
    open,
    lights: barChart('在办诉求按预警灯', '件数', lights),
    steps: barChart('在办诉求按督办层级', '件数', steps),
  };
}

interface RankedRow {
  key: string;
  name: string;
  rank: number | null;
  score: number | null;
}

/** The regions' composite scores as ranked bars (best first; regions without a score last, shown as —). */
export function rankingBars(title: string, rows: RankedRow[], red: Set<string>, black: Set<string>): BarChart {
  const ordered = [...rows].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  return barChart(
    title,
    '综合得分',
    ordered.map((row) => ({
      label: row.name,
      value: row.score ?? 0,
      text: row.score === null ? '—' : row.score.toFixed(1),
      ...listMark(row, red, black),
    })),
    100,
  );
}

function listMark(row: RankedRow, red: Set<string>, black: Set<string>): { tone: string; note: string } {
  if (row.rank === null) return { tone: '', note: '' };
  if (red.has(row.key)) return { tone: 'best', note: '红榜' };
  if (black.has(row.key)) return { tone: 'worst', note: '黑榜' };
  return { tone: '', note: '' };
}

interface RankingLike {
  rows: RankedRow[];
  redList: Array<{ key: string }>;
  blackList: Array<{ key: string }>;
}

/** The ranked bars of the regions just below the scope: a province's cities, a city's counties. */
export function regionBars(ranking: RankingLike, scopeLevel: string): BarChart {
  const title = scopeLevel === 'province' ? '各市州综合得分' : '各区县综合得分';
  return rankingBars(title, ranking.rows, new Set(ranking.redList.map((r) => r.key)), new Set(ranking.blackList.map((r) => r.key)));
}
