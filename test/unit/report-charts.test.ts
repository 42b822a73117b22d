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

  it('draws the memory chart against the VRAM of the run (24 GiB in the fixture), and without that line for a merged run', () => {
    const records = [
      record({ model: 'm', suite: 'memory', metric: 'predicted_bytes@65536', value: 13 * 1024 ** 3, unit: 'bytes', status: 'pass' }),
      record({ model: 'm', suite: 'memory', metric: 'vram_bytes', value: 12 * 1024 ** 3, unit: 'bytes', status: 'pass' }),
    ];
    const single = renderCharts(runOf(records)).find((chart) => chart.file === 'chart-memory.svg')!.svg;
    expect(single).toContain('VRAM available');
    expect(single).toContain('measured on the GPU');
    const merged = { ...runOf(records), sources: [] as never[] };
    merged.sources = [{} as never];
    const mergedSvg = renderCharts(merged).find((chart) => chart.file === 'chart-memory.svg')!.svg;
    expect(mergedSvg).not.toContain('VRAM available');
  });
});
