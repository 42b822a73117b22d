// SVG charts next to report.md, rendered server-side by ECharts (no browser, no canvas). ECharts is
// loaded only here, on the first chart actually drawn: commands that write no chart never load it.
import type { RunFile } from '../types.js';
import { contextChart } from './charts/context.js';
import { memoryChart } from './charts/memory.js';
import { sessionChart } from './charts/session.js';
import { throughputChart } from './charts/throughput.js';
import { toolUseChart } from './charts/tool-use.js';
import type { ChartSpec } from './charts/types.js';

export interface RenderedChart {
  /** File name relative to report.md. */
  file: string;
  title: string;
  svg: string;
  width: number;
  height: number;
}

/** The charts this run has data for, as ECharts options (pure; no ECharts loaded). */
export function chartSpecs(run: RunFile): ChartSpec[] {
  return [
    throughputChart(run.records),
    toolUseChart(run.records),
    contextChart(run.records),
    memoryChart(run),
    sessionChart(run.records),
  ].filter((spec): spec is ChartSpec => spec !== null);
}

type ECharts = typeof import('echarts');

/**
 * ECharts' own single-file ESM build: the same library as the package entry `echarts`, which loads
 * its ~1,000 modules one by one (~100 MB of memory); this file costs ~17 MB.
 */
const loadECharts = async (): Promise<ECharts> => (await import('echarts/dist/echarts.esm.min')) as ECharts;

function renderSvg(echarts: ECharts, spec: ChartSpec): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    // An opaque background keeps the dark text readable on dark-mode pages.
    chart.setOption({ animation: false, backgroundColor: '#ffffff', ...spec.option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The charts this run has data for (none for a run without the metrics they plot). */
export async function renderCharts(run: RunFile): Promise<RenderedChart[]> {
  const specs = chartSpecs(run);
  if (!specs.length) return [];
  const echarts = await loadECharts();
  return specs.map((spec) => ({
    file: spec.file,
    title: spec.title,
    width: spec.width,
    height: spec.height,
    svg: renderSvg(echarts, spec),
  }));
}
