// Rates: the metrics placed on the `rates` chart (prefill and decode) on panels side by side, one
// row per model, each on its own log-scale axis (a simulated "instant" model prefills at hundreds
// of millions of tokens/s, a slow one decodes at 5), bars coloured by verdict, and each metric's
// declared pass and warn limits drawn as lines. Errored or skipped probes are written in, never
// drawn as a bar.
import type { ResultRecord } from '../../types.js';
import { drawnOn, modelsWithDrawn, pointOf, recordOfDrawn, type Drawn, type Point } from './data.js';
import {
  FONT,
  GRID_LINE,
  MUTED,
  STATUS_COLOR,
  TEXT,
  WIDTH,
  compact,
  heightFor,
  axisName,
  modelLabel,
  modelMargin,
  titleOf,
} from './style.js';
import type { ChartSpec } from './types.js';

const ROW = 26;
const TOP = 118;
const BOTTOM = 58;
const GAP = 36;
const RIGHT = 24;

interface Panel {
  drawn: Drawn;
  name: string;
  limits: { pass: number; warn: number } | null;
}

const panels = (): Panel[] =>
  drawnOn('rates').map((drawn) => ({
    drawn,
    name: drawn.placement.label ?? drawn.metric,
    limits: drawn.declaration.limits ?? null,
  }));

/** Powers of ten around the values and the limits, with room right of the longest bar for its label. */
function logRange(points: readonly Point[], limits: Panel['limits']): { min: number; max: number } {
  const values = points.map((point) => point.measured).filter((value): value is number => value !== null && value > 0);
  const marks = [...values, ...(limits ? [limits.warn, limits.pass] : [])];
  const low = marks.length ? Math.min(...marks) : 1;
  const high = marks.length ? Math.max(...marks) : 10;
  // Below the warn line, so it never sits on the axis.
  const min = 10 ** Math.floor(Math.log10(low) - 0.5);
  // At least one decade above the top bar: the label after it needs the room.
  const max = 10 ** Math.max(Math.ceil(Math.log10(high)) + (Math.log10(high) % 1 > 0.5 ? 1 : 0), Math.log10(min) + 2);
  return { min, max };
}

function barData(points: readonly Point[], min: number): Record<string, unknown>[] {
  return points.map((point) => {
    if (point.measured !== null) {
      return {
        value: point.measured,
        itemStyle: { color: STATUS_COLOR[point.status ?? 'pass'] },
        label: { formatter: compact(point.measured) },
      };
    }
    // No bar: the probe errored or was skipped. The label at the axis says so.
    return {
      value: min,
      itemStyle: { color: 'transparent' },
      label: {
        formatter: point.marked === 'skipped' ? 'skipped' : (point.marked ?? ''),
        color: MUTED,
        fontStyle: 'italic',
      },
    };
  });
}

/** The pass and warn limits as dashed lines in their verdict colours (the panel heading names them). */
function limitLines(limits: Panel['limits']): Record<string, unknown> | undefined {
  if (!limits) return undefined;
  const line = (value: number, color: string) => ({ xAxis: value, lineStyle: { color, type: 'dashed', width: 1.5 } });
  return {
    silent: true,
    symbol: 'none',
    label: { show: false },
    data: [line(limits.pass, STATUS_COLOR.pass), line(limits.warn, STATUS_COLOR.warn)],
  };
}

/** The heading above a panel: what it shows, and its limits under it. */
function panelHeading(panel: Panel, left: number): Record<string, unknown> {
  return {
    text: panel.name,
    subtext: panel.limits
      ? `pass ≥ ${compact(panel.limits.pass)} ${panel.drawn.declaration.unit} (green line), warn ≥ ${compact(panel.limits.warn)} (amber)`
      : panel.drawn.declaration.unit,
    left,
    top: TOP - 44,
    itemGap: 4,
    textStyle: { fontFamily: FONT, fontSize: 13, fontWeight: 'bold', color: TEXT },
    subtextStyle: { fontFamily: FONT, fontSize: 11, color: MUTED },
  };
}

export function throughputChart(records: readonly ResultRecord[]): ChartSpec | null {
  const PANELS = panels();
  const models = modelsWithDrawn(
    records,
    PANELS.map((panel) => panel.drawn),
  );
  if (!models.length) return null;
  const left = modelMargin(models);
  const panelWidth = (WIDTH - left - GAP - RIGHT) / 2;
  const height = heightFor(models.length, ROW, TOP, BOTTOM);
  const grids = PANELS.map((_, index) => ({
    top: TOP,
    bottom: BOTTOM,
    left: left + index * (panelWidth + GAP),
    width: panelWidth,
  }));
  const series: Record<string, unknown>[] = [];
  const xAxes: Record<string, unknown>[] = [];
  const yAxes: Record<string, unknown>[] = [];
  PANELS.forEach((panel, index) => {
    const points = models.map((model) => pointOf(recordOfDrawn(records, model, panel.drawn)));
    const { min, max } = logRange(points, panel.limits);
    xAxes.push({
      type: 'log',
      gridIndex: index,
      min,
      max,
      ...axisName('tokens/s (log scale)'),
      axisLabel: { fontFamily: FONT, fontSize: 11, color: MUTED, formatter: (value: number) => compact(value) },
      splitLine: { lineStyle: { color: GRID_LINE } },
    });
    yAxes.push({
      type: 'category',
      gridIndex: index,
      inverse: true,
      data: models.map(modelLabel),
      axisLabel: { show: index === 0, interval: 0, fontFamily: FONT, fontSize: 12, color: TEXT },
      axisTick: { show: false },
    });
    series.push({
      type: 'bar',
      name: panel.name,
      xAxisIndex: index,
      yAxisIndex: index,
      barMaxWidth: 16,
      data: barData(points, min),
      label: { show: true, position: 'right', fontFamily: FONT, fontSize: 11, color: TEXT },
      markLine: limitLines(panel.limits),
    });
  });
  return {
    file: 'chart-throughput.svg',
    title: 'Throughput: prefill and decode tokens per second',
    width: WIDTH,
    height,
    option: {
      title: [
        titleOf(
          'Throughput: tokens per second',
          'Bar colour = verdict (green pass, amber warn, red fail). Log scale: each grid line is 10× the last.',
        ),
        ...PANELS.map((panel, index) => panelHeading(panel, grids[index].left)),
      ],
      grid: grids,
      xAxis: xAxes,
      yAxis: yAxes,
      series,
      textStyle: { fontFamily: FONT },
    } as never,
  };
}
