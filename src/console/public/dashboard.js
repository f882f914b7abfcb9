/* The dashboard's trend chart: ECharts from node_modules, data from the page's JSON block. */
(function () {
  'use strict';
  function draw() {
    var el = document.getElementById('trend-chart');
    var source = document.getElementById('trend-data');
    if (!el || !source || !window.echarts) return;
    var data = JSON.parse(source.textContent || '{}');
    var chart = window.echarts.init(el, null, { renderer: 'svg' });
    var pct = function (v) {
      return v === null || v === undefined ? null : Math.round(v * 1000) / 10;
    };
    var series = data.series.map(function (s) {
      return {
        name: s.name,
        type: 'line',
        smooth: true,
        yAxisIndex: 0,
        connectNulls: true,
        showAllSymbol: true,
        symbolSize: 7,
        z: 3,
        data: s.values.map(pct),
      };
    });
    data.counts.forEach(function (s) {
      series.push({ name: s.name, type: 'bar', yAxisIndex: 1, barMaxWidth: 18, data: s.values });
    });
    chart.setOption({
      color: ['#1f5fa8', '#1e8e3e', '#b4232a', '#9aa5b1', '#d49100'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 44, right: 44, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: data.periods },
      yAxis: [
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
        { type: 'value', minInterval: 1, splitLine: { show: false } },
      ],
      series: series,
    });
    window.addEventListener('resize', function () {
      chart.resize();
    });
    el.setAttribute('data-rendered', 'true');
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', draw);
  else draw();
})();
