// SVG charts next to report.md, rendered server-side by ECharts (no browser, no canvas).
import * as echarts from 'echarts';
import type { ResultRecord, RunFile } from '../types.js';
import { truncate } from './escape.js';
import { modelsOf } from './verdict.js';

export interface RenderedChart {
  /** File name relative to report.md. */
  file: string;
  title: string;
  svg: string;
}

interface BarChartSpec {
  file: string;
  title: string;
  yAxisName: string;
  /** Fixed top of the value axis (100 for percentages); otherwise ECharts picks one. */
  yAxisMax?: number;
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
}

const WIDTH = 800;
const HEIGHT = 420;
const GIB = 1024 ** 3;
const TOOL_USE_PREFIX = 'tool_use.';

/** The last numeric value a model recorded for a metric (a resumed run may have recorded it twice). */
function valueOf(records: readonly ResultRecord[], model: string, metric: string): number | null {
  const found = records.findLast((record) => record.model === model && record.metric === metric && typeof record.value === 'number');
  return typeof found?.value === 'number' && Number.isFinite(found.value) ? found.value : null;
}

/** One series per metric, one bar group per model. */
function perModelSpec(
  records: readonly ResultRecord[],
  base: Omit<BarChartSpec, 'categories' | 'series'>,
  metrics: { metric: string; name: string; scale?: number }[],
): BarChartSpec {
  const models = modelsOf(records).filter((model) => metrics.some(({ metric }) => valueOf(records, model, metric) !== null));
  return {
    ...base,
    categories: models,
    series: metrics.map(({ metric, name, scale = 1 }) => ({
      name,
      values: models.map((model) => {
        const value = valueOf(records, model, metric);
        return value === null ? null : value / scale;
      }),
    })),
  };
}

/** Tool-use pass rate per probe category (`tool_use.<category>`, a ratio), one series per model. */
function toolUseSpec(records: readonly ResultRecord[]): BarChartSpec {
  const categories = [
    ...new Set(records.filter((record) => record.suite === 'tool-use' && record.metric.startsWith(TOOL_USE_PREFIX)).map((record) => record.metric)),
  ];
  return {
    file: 'chart-tool-use.svg',
    title: 'Tool use: probes passed by category',
    yAxisName: '% passed',
    yAxisMax: 100,
    categories: categories.map((metric) => metric.slice(TOOL_USE_PREFIX.length)),
    series: modelsOf(records).map((model) => ({
      name: model,
      values: categories.map((metric) => {
        const ratio = valueOf(records, model, metric);
        return ratio === null ? null : Math.round(ratio * 1000) / 10;
      }),
    })),
  };
}

/** Total VRAM of the run's GPUs whose memory is known, or null (no GPU, or not detected). */
function availableVram(run: RunFile): number | null {
  const known = (run.environment.hardware?.gpus ?? []).map((gpu) => gpu.vramBytes).filter((bytes): bytes is number => bytes !== null);
  return known.length ? known.reduce((sum, bytes) => sum + bytes, 0) : null;
}

function memorySpec(run: RunFile): BarChartSpec {
  const spec = perModelSpec(run.records, { file: 'chart-memory.svg', title: 'Memory at a 64K context vs available VRAM', yAxisName: 'GiB' }, [
    { metric: 'predicted_bytes@65536', name: 'predicted at 65,536 tokens', scale: GIB },
    { metric: 'vram_bytes', name: 'measured on the GPU (/api/ps)', scale: GIB },
  ]);
  const vram = availableVram(run);
  // A merged run may come from several machines: its first run's GPU is no yardstick for the others.
  if (vram === null || run.sources?.length) return spec;
  return { ...spec, series: [...spec.series, { name: 'VRAM available', values: spec.categories.map(() => vram / GIB) }] };
}

function chartSpecs(run: RunFile): BarChartSpec[] {
  const records = run.records;
  return [
    perModelSpec(records, { file: 'chart-throughput.svg', title: 'Throughput: tokens per second', yAxisName: 'tokens/s' }, [
      { metric: 'decode_tps', name: 'decode (generation)' },
      { metric: 'prefill_tps', name: 'prefill (prompt)' },
    ]),
    perModelSpec(records, { file: 'chart-context.svg', title: 'Context: effective vs claimed', yAxisName: 'tokens' }, [
      { metric: 'effective_context_tokens', name: 'effective (recall holds)' },
      { metric: 'claimed_context_tokens', name: 'claimed by the model' },
      { metric: 'server_context_tokens', name: 'server default (what Claude Code gets)' },
    ]),
    memorySpec(run),
    toolUseSpec(records),
  ];
}

function hasData(spec: BarChartSpec): boolean {
  return spec.series.some((series) => series.values.some((value) => value !== null));
}

function renderBarChart(spec: BarChartSpec): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  try {
    chart.setOption({
      animation: false,
      // An opaque background keeps the dark axis text readable on dark-mode pages.
      backgroundColor: '#ffffff',
      title: { text: spec.title, left: 'center' },
      // SSR measures text with estimated font metrics; a wide gap keeps legend entries apart in any font.
      legend: { top: 36, itemGap: 28 },
      grid: { top: 90, bottom: 70, left: 80, right: 30 },
      xAxis: {
        type: 'category',
        data: spec.categories.map((category) => truncate(category, 28)),
        axisLabel: { interval: 0, rotate: spec.categories.length > 4 ? 25 : 0 },
      },
      yAxis: { type: 'value', name: spec.yAxisName, max: spec.yAxisMax },
      series: spec.series.map((series) => ({
        type: 'bar',
        name: truncate(series.name, 40),
        data: series.values,
        label: { show: true, position: 'top', formatter: (params: { value: unknown }) => formatBarLabel(params.value) },
      })),
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

function formatBarLabel(value: unknown): string {
  if (typeof value !== 'number') return '';
  return value.toLocaleString('en-US', { maximumFractionDigits: value >= 100 ? 0 : 1 });
}

/** The charts this run has data for (none for a run without the metrics they plot). */
export function renderCharts(run: RunFile): RenderedChart[] {
  return chartSpecs(run)
    .filter(hasData)
    .map((spec) => ({ file: spec.file, title: spec.title, svg: renderBarChart(spec) }));
}
