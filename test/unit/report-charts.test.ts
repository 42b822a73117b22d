import { describe, expect, it } from 'vitest';
import { renderCharts } from '../../src/report/charts.js';
import { record, runOf } from '../helpers/run-fixtures.js';

describe('renderCharts', () => {
  it('renders no chart for a run without the metrics charts plot', () => {
    expect(renderCharts(runOf([record({ model: 'm', suite: 'agent', metric: 'task_success', value: 1, status: 'pass' })]))).toEqual([]);
  });

  it('renders only the charts that have data, as SVG', () => {
    const charts = renderCharts(runOf([
      record({ model: 'fast:7b', suite: 'throughput', metric: 'decode_tps', value: 41.5, unit: 'tok/s', status: 'pass' }),
      record({ model: 'slow:70b', suite: 'throughput', metric: 'prefill_tps', value: 250, unit: 'tok/s', status: 'pass' }),
      record({ model: 'fast:7b', suite: 'tool-use', metric: 'tool_use.parallel', value: 0.5, unit: 'ratio', status: 'warn' }),
      record({ model: 'fast:7b', suite: 'tool-use', metric: 'tool_use.single', value: 1, unit: 'ratio', status: 'pass' }),
    ]));
    expect(charts.map((chart) => chart.file).sort()).toEqual(['chart-throughput.svg', 'chart-tool-use.svg']);
    for (const chart of charts) {
      expect(chart.svg.startsWith('<svg')).toBe(true);
      expect(chart.svg.trimEnd().endsWith('</svg>')).toBe(true);
    }
    const throughput = charts.find((chart) => chart.file === 'chart-throughput.svg')!.svg;
    expect(throughput).toContain('fast:7b');
    expect(throughput).toContain('slow:70b');
    const toolUse = charts.find((chart) => chart.file === 'chart-tool-use.svg')!.svg;
    expect(toolUse).toContain('>parallel<');
    expect(toolUse).toContain('>single<');
  });

  it('escapes model names inside the SVG', () => {
    const [chart] = renderCharts(runOf([
      record({ model: '<script>alert(1)</script>', suite: 'throughput', metric: 'decode_tps', value: 5, unit: 'tok/s', status: 'pass' }),
    ]));
    expect(chart.svg).not.toContain('<script>');
    expect(chart.svg).toContain('&lt;script&gt;');
  });
});
