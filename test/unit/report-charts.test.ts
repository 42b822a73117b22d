// What the charts contain (as SVG text), which charts a run gets, and that ECharts is loaded only
// when a chart is drawn. Rasterized checks live in report-charts-png.test.ts.
import { describe, expect, it, vi } from 'vitest';
import type { ResultRecord } from '../../src/types.js';
import { record, runOf } from '../helpers/run-fixtures.js';

const loaded = vi.hoisted(() => ({ echarts: false }));
vi.mock('echarts/dist/echarts.esm.min', async (importOriginal) => {
  loaded.echarts = true;
  return importOriginal();
});

const { chartSpecs, renderCharts } = await import('../../src/report/charts.js');

const GIB = 1024 ** 3;
const svgOf = async (records: ResultRecord[], file: string) =>
  (await renderCharts(runOf(records))).find((chart) => chart.file === file)?.svg ?? '';

describe('renderCharts', () => {
  it('loads ECharts only when it draws a chart: a run without chartable metrics never loads it', async () => {
    expect(loaded.echarts).toBe(false);
    expect(
      await renderCharts(
        runOf([record({ model: 'm', suite: 'agent', metric: 'task_success', value: 1, status: 'pass' })]),
      ),
    ).toEqual([]);
    expect(loaded.echarts).toBe(false);
    await renderCharts(
      runOf([
        record({ model: 'm', suite: 'throughput', metric: 'decode_tps', value: 30, unit: 'tokens/s', status: 'pass' }),
      ]),
    );
    expect(loaded.echarts).toBe(true);
  });

  it('renders only the charts that have data, as SVG', async () => {
    const charts = await renderCharts(
      runOf([
        record({
          model: 'fast:7b',
          suite: 'throughput',
          metric: 'decode_tps',
          value: 41.5,
          unit: 'tokens/s',
          status: 'pass',
        }),
        record({
          model: 'slow:70b',
          suite: 'throughput',
          metric: 'prefill_tps',
          value: 250,
          unit: 'tokens/s',
          status: 'warn',
        }),
        record({
          model: 'fast:7b',
          suite: 'tool-use',
          metric: 'tool_use.parallel',
          value: 0.5,
          unit: 'ratio',
          status: 'warn',
        }),
        record({
          model: 'fast:7b',
          suite: 'tool-use',
          metric: 'tool_use.single',
          value: 1,
          unit: 'ratio',
          status: 'pass',
        }),
      ]),
    );
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

  it('escapes model names inside the SVG', async () => {
    const svg = await svgOf(
      [
        record({
          model: '<script>alert(1)</script>',
          suite: 'throughput',
          metric: 'decode_tps',
          value: 5,
          unit: 'tokens/s',
          status: 'fail',
        }),
      ],
      'chart-throughput.svg',
    );
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;');
  });
});

describe('the tool-use heat map', () => {
  it('has one cell per model × category with the share passed, and an overall column', async () => {
    const svg = await svgOf(
      [
        record({ model: 'a', suite: 'tool-use', metric: 'tool_use.simple', value: 1, unit: 'ratio', status: 'pass' }),
        record({
          model: 'a',
          suite: 'tool-use',
          metric: 'tool_use.parallel',
          value: 1 / 3,
          unit: 'ratio',
          status: 'fail',
        }),
        record({ model: 'a', suite: 'tool-use', metric: 'tool_use_score', value: 0.75, unit: 'ratio', status: 'warn' }),
        record({
          model: 'b',
          suite: 'tool-use',
          metric: 'tool_use.simple',
          value: null,
          unit: 'ratio',
          status: 'error',
        }),
      ],
      'chart-tool-use.svg',
    );
    for (const text of ['>100%<', '>33%<', '>75%<', '>error<', '>overall<', '>parallel<']) expect(svg).toContain(text);
    // Cells in their verdict colours: pass, warn, fail, error.
    for (const colour of ['#1a9850', '#f4a300', '#d73027', '#7b3294']) expect(svg).toContain(`fill="${colour}"`);
  });
});

describe('the throughput chart', () => {
  const records = [
    record({
      model: 'instant',
      suite: 'throughput',
      metric: 'prefill_tps',
      value: 366_000_000,
      unit: 'tokens/s',
      status: 'pass',
    }),
    record({
      model: 'instant',
      suite: 'throughput',
      metric: 'decode_tps',
      value: 414_120,
      unit: 'tokens/s',
      status: 'pass',
    }),
    record({
      model: 'slow',
      suite: 'throughput',
      metric: 'prefill_tps',
      value: 1572,
      unit: 'tokens/s',
      status: 'pass',
    }),
    record({ model: 'slow', suite: 'throughput', metric: 'decode_tps', value: 5, unit: 'tokens/s', status: 'fail' }),
    record({
      model: 'broken',
      suite: 'throughput',
      metric: 'decode_tps',
      value: null,
      unit: 'tokens/s',
      status: 'error',
    }),
  ];

  it('puts prefill and decode on two log-scale panels with the pass and warn limits of the throughput suite', () => {
    const [spec] = chartSpecs(runOf(records));
    const option = spec.option as { xAxis: { type: string }[]; series: { markLine: { data: { xAxis: number }[] } }[] };
    expect(option.xAxis.map((axis) => axis.type)).toEqual(['log', 'log']);
    expect(option.series.map((series) => series.markLine.data.map((line) => line.xAxis))).toEqual([
      [500, 100],
      [20, 8],
    ]);
  });

  it('labels values compactly, marks an errored probe instead of drawing it', async () => {
    const svg = await svgOf(records, 'chart-throughput.svg');
    expect(svg).toContain('>366M<');
    expect(svg).toContain('>414K<');
    expect(svg).toContain('>1.6K<');
    expect(svg).toContain('>5<');
    expect(svg).toContain('>error<');
    expect(svg).toContain('pass ≥ 20 tokens/s');
  });
});

describe('the context chart', () => {
  it('draws the 64K line Claude Code needs, and an errored probe hollow as a lower bound', async () => {
    const svg = await svgOf(
      [
        record({
          model: 'm',
          suite: 'context',
          metric: 'effective_context_tokens',
          value: 4096,
          unit: 'tokens',
          status: 'error',
        }),
        record({
          model: 'm',
          suite: 'context',
          metric: 'claimed_context_tokens',
          value: 131_072,
          unit: 'tokens',
          status: 'pass',
        }),
        record({
          model: 'm',
          suite: 'context',
          metric: 'server_context_tokens',
          value: null,
          unit: 'tokens',
          status: 'skip',
        }),
      ],
      'chart-context.svg',
    );
    expect(svg).toContain('Claude Code needs 64K');
    expect(svg).toContain('≥ 4K (error)');
    expect(svg).toContain('>128K<');
    expect(svg).toContain('>skipped<');
    expect(svg).toContain('stroke-dasharray');
  });
});

describe('the memory chart', () => {
  const records = [
    record({
      model: 'm',
      suite: 'memory',
      metric: 'predicted_bytes@65536',
      value: 13 * GIB,
      unit: 'bytes',
      status: 'pass',
    }),
    record({ model: 'm', suite: 'memory', metric: 'vram_bytes', value: 12 * GIB, unit: 'bytes', status: 'pass' }),
    record({
      model: 'spills',
      suite: 'memory',
      metric: 'predicted_bytes@65536',
      value: null,
      unit: 'bytes',
      status: 'skip',
      detail: "beyond the model's trained context of 32K tokens",
    }),
    record({
      model: 'spills',
      suite: 'memory',
      metric: 'vram_bytes',
      value: 23.5 * GIB,
      unit: 'bytes',
      status: 'pass',
    }),
    record({ model: 'spills', suite: 'memory', metric: 'ram_bytes', value: 3.3 * GIB, unit: 'bytes', status: 'warn' }),
  ];

  it('draws the VRAM of the run (24 GiB in the fixture) as one line, not a bar per model, and stacks what spilled to RAM', async () => {
    const [spec] = chartSpecs(runOf(records));
    const series = (spec.option as { series: { name: string; markLine?: { data: { xAxis: number }[] } }[] }).series;
    expect(series.map((s) => s.name)).toEqual([
      'predicted at 64K tokens',
      'loaded on the GPU (server report)',
      'spilled to system RAM',
    ]);
    expect(series.flatMap((s) => s.markLine?.data ?? []).map((line) => line.xAxis)).toEqual([24]);
    const svg = await svgOf(records, 'chart-memory.svg');
    expect(svg).toContain('VRAM 24.0 GiB');
    expect(svg).toContain('26.8 GiB (3.3 GiB in RAM)');
    expect(svg).toContain("skipped: beyond the model's trained context of 32K tokens".replace("'", '&#39;'));
  });

  it('has no VRAM line for a merged run (its machines may differ)', async () => {
    const merged = { ...runOf(records), sources: [{} as never] };
    const svg = (await renderCharts(merged)).find((chart) => chart.file === 'chart-memory.svg')!.svg;
    expect(svg).not.toContain('VRAM 24');
  });
});
