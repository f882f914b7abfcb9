/**
 * Geometry of the dashboard's charts, drawn by the templates as inline SVG: no chart library, no
 * script, nothing for the CSP to refuse. Everything here is pure (numbers in, coordinates and
 * words out), so the charts are tested without a browser. Each chart carries a summary in words
 * (its aria-label) and a table of the same numbers, so nobody needs to see the picture.
 */

/** The SVG's own units; the viewBox scales to the card (about 1:1 on a phone). */
export const CHART_WIDTH = 360;
const LINE_HEIGHT = 200;
const PAD = { left: 40, right: 12, top: 12, bottom: 28 };
const BAR_ROW = 22;
const BAR_LABEL = 96;
/** Room right of the longest bar for its value, e.g. "120（59%）" (CJK brackets are full width). */
const BAR_VALUE = 96;

export type Marker = 'circle' | 'square' | 'diamond';
/** Series are told apart by the dash and the marker as well as the colour (never colour alone). */
const SERIES_STYLES: ReadonlyArray<{ marker: Marker; dash: string }> = [
  { marker: 'circle', dash: '' },
  { marker: 'square', dash: '6 3' },
  { marker: 'diamond', dash: '2 3' },
];

export interface ChartSeries {
  name: string;
  values: Array<number | null>;
}

export interface LinePoint {
  x: number;
  y: number;
  text: string;
}

export interface LineSeriesGeometry {
  name: string;
  /** 0, 1, 2…: the stylesheet's colour of the series (chart-s0 …). */
  index: number;
  marker: Marker;
  dash: string;
  /** The SVG path; a missing value breaks the line. */
  path: string;
  points: LinePoint[];
}

export interface ChartTable {
  head: string[];
  rows: string[][];
}

export interface LineChart {
  width: number;
  height: number;
  summary: string;
  plot: { left: number; right: number; top: number; bottom: number };
  yTicks: Array<{ y: number; label: string }>;
  xTicks: Array<{ x: number; label: string }>;
  series: LineSeriesGeometry[];
  table: ChartTable;
}

export interface LineChartInput {
  title: string;
  /** One per point, shown under the axis. */
  shortLabels: string[];
  /** One per point, in the summary and the table. */
  labels: string[];
  series: ChartSeries[];
  /** percent: values are ratios 0–1 on a 0–100 % axis; count: whole numbers from 0. */
  unit: 'percent' | 'count';
}

/** The smallest "nice" ceiling (1, 2, 5 × 10ⁿ steps, four of them) at or above `max`. */
export function niceScale(max: number, steps = 4): { max: number; step: number } {
  if (!(max > 0)) return { max: steps, step: 1 };
  const raw = max / steps;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw - 1e-9) ?? 10 * magnitude;
  const whole = Math.max(1, Math.round(step));
  return { max: whole * steps, step: whole };
}

function formatValue(value: number | null, unit: 'percent' | 'count'): string {
  if (value === null) return '—';
  return unit === 'percent' ? `${(value * 100).toFixed(1)}%` : String(value);
}

const round = (n: number) => Math.round(n * 10) / 10;

export function lineChart(input: LineChartInput): LineChart {
  const width = CHART_WIDTH;
  const height = LINE_HEIGHT;
  const plot = { left: PAD.left, right: width - PAD.right, top: PAD.top, bottom: height - PAD.bottom };
  const n = input.labels.length;
  const all = input.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const scale = input.unit === 'percent' ? { max: 1, step: 0.25 } : niceScale(Math.max(0, ...all));
  const xAt = (i: number) => round(n <= 1 ? (plot.left + plot.right) / 2 : plot.left + ((plot.right - plot.left) * i) / (n - 1));
  const yAt = (v: number) => round(plot.bottom - ((plot.bottom - plot.top) * Math.min(v, scale.max)) / scale.max);
  const yTicks: LineChart['yTicks'] = [];
  for (let v = 0; v <= scale.max + 1e-9; v += scale.step) {
    yTicks.push({ y: yAt(v), label: input.unit === 'percent' ? `${Math.round(v * 100)}%` : String(Math.round(v)) });
  }
  const series = input.series.map((s, index) => {
    const style = SERIES_STYLES[index % SERIES_STYLES.length];
    const points: LinePoint[] = [];
    let path = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        pen = false;
        return;
      }
      const x = xAt(i);
      const y = yAt(v);
      path += `${pen ? 'L' : 'M'}${x} ${y} `;
      pen = true;
      points.push({ x, y, text: `${input.labels[i]} ${s.name} ${formatValue(v, input.unit)}` });
    });
    return { name: s.name, index, marker: style.marker, dash: style.dash, path: path.trim(), points };
  });
  const table: ChartTable = {
    head: ['期间', ...input.series.map((s) => s.name)],
    rows: input.labels.map((label, i) => [label, ...input.series.map((s) => formatValue(s.values[i] ?? null, input.unit))]),
  };
  const last = n - 1;
  const summary =
    n === 0
      ? `${input.title}：暂无数据`
      : `${input.title}，${input.labels[0]}至${input.labels[last]}，共 ${n} 期；最近一期（${input.labels[last]}）：` +
        input.series.map((s) => `${s.name} ${formatValue(s.values[last] ?? null, input.unit)}`).join('，');
  return {
    width,
    height,
    summary,
    plot,
    yTicks,
    xTicks: input.shortLabels.map((label, i) => ({ x: xAt(i), label })),
    series,
    table,
  };
}

export interface BarInput {
  label: string;
  value: number;
  /** The value as shown (e.g. a score with one decimal); defaults to the number. */
  text?: string;
  /** The stylesheet's fill of the bar (e.g. green, yellow, red); plain when absent. */
  tone?: string;
  /** Words after the value in the table (e.g. 红榜). */
  note?: string;
}

export interface BarGeometry {
  label: string;
  /** The label cut to fit the label column (the table has it whole). */
  shortLabel: string;
  y: number;
  textY: number;
  width: number;
  text: string;
  valueX: number;
  tone: string;
}

export interface BarChart {
  width: number;
  height: number;
  summary: string;
  barX: number;
  barHeight: number;
  bars: BarGeometry[];
  table: ChartTable;
}

/** Cuts a label to `max` characters (a CJK character is about one label width unit here). */
export function shortenLabel(label: string, max = 7): string {
  const chars = [...label];
  return chars.length <= max ? label : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * Horizontal bars, one row each, in the order given (ranked bars come ranked), scaled to the
 * largest value (or `max`).
 */
export function barChart(title: string, valueHead: string, items: BarInput[], max?: number): BarChart {
  const top = Math.max(max ?? 0, ...items.map((i) => i.value), 0);
  const room = CHART_WIDTH - BAR_LABEL - BAR_VALUE;
  const bars = items.map((item, i) => {
    const width = top > 0 ? round((room * Math.max(0, item.value)) / top) : 0;
    const y = 4 + i * BAR_ROW;
    return {
      label: item.label,
      shortLabel: shortenLabel(item.label),
      y,
      textY: y + 12,
      width,
      // The list mark (红榜 / 黑榜) in words beside the value, not only as the bar's colour.
      text: `${item.text ?? String(item.value)}${item.note ? ` ${item.note}` : ''}`,
      valueX: round(BAR_LABEL + width + 4),
      tone: item.tone ?? '',
    };
  });
  const summary = items.length
    ? `${title}：${items.map((item) => `${item.label} ${item.text ?? item.value}${item.note ? `（${item.note}）` : ''}`).join('，')}`
    : `${title}：暂无数据`;
  const notes = items.some((i) => i.note);
  return {
    width: CHART_WIDTH,
    height: Math.max(BAR_ROW, items.length * BAR_ROW) + 8,
    summary,
    barX: BAR_LABEL,
    barHeight: BAR_ROW - 6,
    bars,
    table: {
      head: notes ? ['名称', valueHead, '备注'] : ['名称', valueHead],
      rows: items.map((item) => {
        const row = [item.label, item.text ?? String(item.value)];
        return notes ? [...row, item.note ?? ''] : row;
      }),
    },
  };
}
