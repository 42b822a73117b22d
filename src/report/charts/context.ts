// Contexts: per model, the context lengths placed on the `contexts` chart — the one it really uses
// (recall holds), the one it claims, and the one the server gives Claude Code by default — against
// the line Claude Code needs (64K, the launch settings' requirement). A probe that errored is drawn
// hollow (its number is only how far it got); one that errored without a number, or was skipped,
// is written in.
import { REQUIRED_CONTEXT_TOKENS } from '../../launch/context-fix.js';
import type { ResultRecord } from '../../types.js';
import { drawnOn, modelsWithDrawn, pointOf, recordOfDrawn, type Drawn } from './data.js';
import {
  FONT,
  GRID_LINE,
  LINE_COLOR,
  MUTED,
  SERIES_COLORS,
  TEXT,
  WIDTH,
  heightFor,
  modelAxis,
  axisName,
  modelMargin,
  titleOf,
  tokensLabel,
} from './style.js';
import type { ChartSpec } from './types.js';

const BAR = 9;
const TOP = 100;
const BOTTOM = 56;

function barsOf(
  records: readonly ResultRecord[],
  models: readonly string[],
  drawn: Drawn,
  color: string,
): Record<string, unknown>[] {
  return models.map((model) => {
    const point = pointOf(recordOfDrawn(records, model, drawn));
    if (point.measured !== null) return { value: point.measured, label: { formatter: tokensLabel(point.measured) } };
    if (point.marked === 'error' && point.bound !== null && point.bound > 0) {
      // How far the probe got before it errored: a lower bound, not a measurement.
      return {
        value: point.bound,
        itemStyle: { color: 'rgba(255,255,255,0)', borderColor: color, borderType: 'dashed', borderWidth: 1.5 },
        label: { formatter: `≥ ${tokensLabel(point.bound)} (error)`, color: MUTED, fontStyle: 'italic' },
      };
    }
    return { value: 0, label: { formatter: point.marked ?? '', color: MUTED, fontStyle: 'italic' } };
  });
}

export function contextChart(records: readonly ResultRecord[]): ChartSpec | null {
  const series = drawnOn('contexts');
  const models = modelsWithDrawn(records, series);
  if (!models.length) return null;
  const present = series.filter((drawn) => models.some((model) => recordOfDrawn(records, model, drawn)));
  const values = present.flatMap((drawn) => models.map((model) => pointOf(recordOfDrawn(records, model, drawn))));
  const top = Math.max(REQUIRED_CONTEXT_TOKENS, ...values.map((point) => point.measured ?? point.bound ?? 0));
  const step = top > 600_000 ? 131_072 : top > 300_000 ? 65_536 : top > 100_000 ? 32_768 : 16_384;
  const row = present.length * (BAR + 3) + 12;
  const height = heightFor(models.length, row, TOP, BOTTOM);
  return {
    file: 'chart-context.svg',
    title: 'Context: effective vs claimed vs served',
    width: WIDTH,
    height,
    option: {
      title: titleOf(
        'Context: what each model really uses',
        `Dashed line: the ${tokensLabel(REQUIRED_CONTEXT_TOKENS)} tokens Claude Code needs. Hollow bar: the probe errored (a lower bound).`,
      ),
      color: [...SERIES_COLORS],
      legend: { top: 64, left: 16, itemGap: 40, textStyle: { fontFamily: FONT, fontSize: 12, color: TEXT } },
      grid: { top: TOP, bottom: BOTTOM, left: modelMargin(models), right: 110 },
      xAxis: {
        type: 'value',
        min: 0,
        // Room right of the longest bar for its label, to a whole grid step.
        max: Math.ceil((top * 1.12) / step) * step,
        interval: step,
        ...axisName('tokens'),
        axisLabel: { fontFamily: FONT, fontSize: 11, color: MUTED, formatter: (value: number) => tokensLabel(value) },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      yAxis: modelAxis(models),
      series: present.map((drawn, index) => ({
        type: 'bar',
        name: drawn.placement.label ?? drawn.metric,
        barWidth: BAR,
        barGap: '30%',
        data: barsOf(records, models, drawn, SERIES_COLORS[index]),
        label: { show: true, position: 'right', fontFamily: FONT, fontSize: 10, color: TEXT },
        ...(index === 0
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                data: [{ xAxis: REQUIRED_CONTEXT_TOKENS }],
                lineStyle: { color: LINE_COLOR, type: 'dashed', width: 2 },
                label: {
                  formatter: `Claude Code needs ${tokensLabel(REQUIRED_CONTEXT_TOKENS)}`,
                  position: 'start',
                  color: LINE_COLOR,
                  fontFamily: FONT,
                  fontSize: 11,
                },
              },
            }
          : {}),
      })),
      textStyle: { fontFamily: FONT },
    } as never,
  };
}
