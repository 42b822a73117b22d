// What a chart builder hands the renderer: an ECharts option and the size to draw it at. Builders
// are pure (records in, option out) and never load ECharts; only the renderer does.
import type { EChartsOption } from 'echarts';

export interface ChartSpec {
  /** File name relative to report.md. */
  file: string;
  title: string;
  width: number;
  height: number;
  option: EChartsOption;
}
