import { barChart, CHART_WIDTH, lineChart, niceScale, shortenLabel } from './dashboard-charts';
import { distributionCharts, rankingBars, shortPeriodLabel, trendCharts } from './dashboard-chart-view';
import { periodPicker } from './dashboard-period';

describe('dashboard charts (geometry)', () => {
  it('picks a nice axis ceiling in 1 / 2 / 5 steps', () => {
    expect(niceScale(0)).toEqual({ max: 4, step: 1 });
    expect(niceScale(3)).toEqual({ max: 4, step: 1 });
    expect(niceScale(7)).toEqual({ max: 8, step: 2 });
    expect(niceScale(17)).toEqual({ max: 20, step: 5 });
    expect(niceScale(40)).toEqual({ max: 40, step: 10 });
    expect(niceScale(41)).toEqual({ max: 80, step: 20 });
    expect(niceScale(1234)).toEqual({ max: 2000, step: 500 });
  });

  it('places a line chart inside its plot, breaking the line at a missing value', () => {
    const c = lineChart({
      title: '件数',
      labels: ['2026年1月', '2026年2月', '2026年3月'],
      shortLabels: ['1月', '2月', '3月'],
      unit: 'count',
      series: [
        { name: '办结', values: [2, null, 8] },
        { name: '超期', values: [0, 1, 3] },
      ],
    });
    expect(c.yTicks.map((t) => t.label)).toEqual(['0', '2', '4', '6', '8']);
    expect(c.xTicks.map((t) => t.x)).toEqual([c.plot.left, (c.plot.left + c.plot.right) / 2, c.plot.right]);
    const [closed, overdue] = c.series;
    expect(closed.path.match(/M/g)).toHaveLength(2);
    expect(closed.points).toHaveLength(2);
    expect(closed.points[1]).toMatchObject({ x: c.plot.right, y: c.plot.top, text: '2026年3月 办结 8' });
    expect(overdue.points[0].y).toBe(c.plot.bottom);
    for (const s of c.series) for (const p of s.points) expect(p.y).toBeGreaterThanOrEqual(c.plot.top);
    // Told apart by more than colour.
    expect(new Set(c.series.map((s) => `${s.marker}/${s.dash}`)).size).toBe(2);
    expect(c.summary).toBe('件数，2026年1月至2026年3月，共 3 期；最近一期（2026年3月）：办结 8，超期 3');
    expect(c.table).toEqual({
      head: ['期间', '办结', '超期'],
      rows: [
        ['2026年1月', '2', '0'],
        ['2026年2月', '—', '1'],
        ['2026年3月', '8', '3'],
      ],
    });
  });

  it('draws rates on a fixed 0–100 % axis and says when there is nothing', () => {
    const c = lineChart({ title: '指标', labels: ['一'], shortLabels: ['一'], unit: 'percent', series: [{ name: '满意率', values: [0.875] }] });
    expect(c.yTicks.map((t) => t.label)).toEqual(['0%', '25%', '50%', '75%', '100%']);
    expect(c.series[0].points[0].x).toBe((c.plot.left + c.plot.right) / 2);
    expect(c.table.rows).toEqual([['一', '87.5%']]);
    expect(lineChart({ title: '指标', labels: [], shortLabels: [], unit: 'percent', series: [] }).summary).toBe('指标：暂无数据');
  });

  it('scales bars to the largest value and writes every value (and list mark) as text', () => {
    const c = barChart('得分', '综合得分', [
      { label: '阿坝藏族羌族自治州', value: 80, text: '80.0', note: '红榜' },
      { label: '雨城区', value: 40 },
      { label: '名山区', value: 0 },
    ]);
    const room = CHART_WIDTH - c.barX - 96; // the value column beside the longest bar
    expect(c.bars.map((b) => b.width)).toEqual([room, room / 2, 0]);
    expect(c.bars[0]).toMatchObject({ shortLabel: '阿坝藏族羌族…', text: '80.0 红榜' });
    expect(c.bars[1].y - c.bars[0].y).toBe(22);
    expect(c.summary).toBe('得分：阿坝藏族羌族自治州 80.0（红榜），雨城区 40，名山区 0');
    expect(c.table.head).toEqual(['名称', '综合得分', '备注']);
    expect(c.table.rows[0]).toEqual(['阿坝藏族羌族自治州', '80.0', '红榜']);
    expect(barChart('空', '件数', []).summary).toBe('空：暂无数据');
    expect(barChart('固定', '分', [{ label: 'a', value: 50 }], 100).bars[0].width).toBe(room / 2);
    expect(shortenLabel('成都市')).toBe('成都市');
  });
});

describe('dashboard chart data', () => {
  it('shortens period labels for the axis', () => {
    expect(shortPeriodLabel({ kind: 'month', key: '2026-03' })).toBe('3月');
    expect(shortPeriodLabel({ kind: 'xun', key: '2026-03-X3' })).toBe('3月下旬');
    expect(shortPeriodLabel({ kind: 'week', key: '2026-W07' })).toBe('第7周');
    expect(shortPeriodLabel({ kind: 'quarter', key: '2026-Q4' })).toBe('26年四季');
  });

  it('counts open appeals by light and ladder step, every bucket listed', () => {
    const { lights, steps, open } = distributionCharts([
      { light: 'green', step: 'none', count: 5 },
      { light: 'red', step: 'reminder', count: 2 },
      { light: 'red', step: 'yellow_card', count: 1 },
    ]);
    expect(open).toBe(8);
    expect(lights.table.rows).toEqual([
      ['绿灯', '5（63%）'],
      ['黄灯', '0（0%）'],
      ['红灯', '3（38%）'],
    ]);
    expect(steps.table.rows.map((r) => r[0])).toEqual(['未升级', '催办', '督办', '黄牌', '红牌']);
    expect(steps.bars.map((b) => b.tone)).toEqual(['', '', '', 'yellow', 'red']);
    expect(distributionCharts([]).lights.table.rows[0]).toEqual(['绿灯', '0']);
  });

  it('ranks the regions best first, unranked last, with the lists in words', () => {
    const c = rankingBars(
      '各区县',
      [
        { key: 'b', name: '名山区', rank: 2, score: 60.25 },
        { key: 'c', name: '宝兴县', rank: null, score: null },
        { key: 'a', name: '雨城区', rank: 1, score: 88 },
      ],
      new Set(['a']),
      new Set(['b']),
    );
    expect(c.table.rows).toEqual([
      ['雨城区', '88.0', '红榜'],
      ['名山区', '60.3', '黑榜'],
      ['宝兴县', '—', ''],
    ]);
    expect(c.bars.map((b) => b.tone)).toEqual(['best', 'worst', '']);
  });

  it('builds both trend charts from the periods', () => {
    const metrics = (due: number, closed: number) =>
      ({
        responseRate: { value: 0.5, denominator: due },
        onTimeResolutionRate: { value: null },
        satisfactionRate: { value: 1 },
        closedCount: closed,
        overdueCount: 1,
      }) as never;
    const { counts, rates } = trendCharts([
      { period: { kind: 'month', key: '2026-02', label: '2026年2月' }, metrics: metrics(4, 2) },
      { period: { kind: 'month', key: '2026-03', label: '2026年3月' }, metrics: metrics(6, 3) },
    ]);
    expect(counts.xTicks.map((t) => t.label)).toEqual(['2月', '3月']);
    expect(counts.table.rows[1]).toEqual(['2026年3月', '6', '3', '1']);
    expect(rates.table.rows[1]).toEqual(['2026年3月', '50.0%', '—', '100.0%']);
  });
});

describe('dashboard period picker', () => {
  // 2026-03-18 10:00 in Shanghai.
  const now = new Date('2026-03-18T02:00:00Z');

  it('defaults to the running month, with no next and no "current" link', () => {
    const { period, picker } = periodPicker({}, now);
    expect(period.key).toBe('2026-03');
    expect(picker).toMatchObject({ kind: 'month', isDefault: true, running: true, next: null, current: null });
    expect(picker.previous).toEqual({ key: '2026-02', label: '2026年2月', href: '/dashboard?period=month&key=2026-02' });
    expect(picker.kinds.map((k) => k.href)).toEqual([
      '/dashboard?period=week&key=2026-W12',
      '/dashboard?period=xun&key=2026-03-X2',
      '/dashboard?period=month&key=2026-03',
      '/dashboard?period=quarter&key=2026-Q1',
    ]);
  });

  it('steps through ended periods keeping the region, and switches kind at the last day shown', () => {
    const { picker } = periodPicker({ period: 'xun', key: '2026-02-X3', regionCode: '511800' }, now);
    expect(picker).toMatchObject({ isDefault: false, running: false, label: '2026年2月下旬', kindLabel: '旬' });
    expect(picker.previous.key).toBe('2026-02-X2');
    expect(picker.next?.href).toBe('/dashboard?regionCode=511800&period=xun&key=2026-03-X1');
    expect(picker.current?.key).toBe('2026-03-X2');
    expect(picker.kinds.find((k) => k.kind === 'month')?.href).toBe('/dashboard?regionCode=511800&period=month&key=2026-02');
    expect(picker.kinds.find((k) => k.kind === 'quarter')?.href).toBe('/dashboard?regionCode=511800&period=quarter&key=2026-Q1');
  });

  it('is not the default for another kind or an ended month, and refuses a key of another kind', () => {
    expect(periodPicker({ period: 'quarter' }, now).picker).toMatchObject({ key: '2026-Q1', isDefault: false, running: true, next: null });
    expect(periodPicker({ period: 'month', key: '2026-02' }, now).picker.isDefault).toBe(false);
    expect(() => periodPicker({ period: 'week', key: '2026-03' }, now)).toThrow(/not a week key/);
  });

  it('shows a future period without a next', () => {
    const { picker } = periodPicker({ period: 'month', key: '2026-05' }, now);
    expect(picker).toMatchObject({ running: false, next: null });
    expect(picker.current?.key).toBe('2026-03');
  });
});
