// Session: time to first token per turn of the replayed Claude Code session, one colour per model,
// solid with Claude Code's default environment and dashed with the cache-saving settings. A line
// that stays high turn after turn is a server re-processing the whole prompt every time.
import type { ResultRecord } from '../../types.js';
import { drawnOn, modelsWithDrawn, recordOfDrawn } from './data.js';
import { FONT, GRID_LINE, MUTED, TEXT, WIDTH, axisName, modelLabel, modelMargin, titleOf } from './style.js';
import type { ChartSpec } from './types.js';

/** Distinct line colours (the status colours stay for verdicts). */
const LINE_COLORS = ['#2b6cb0', '#c48a3f', '#5a5a5a', '#8e44ad', '#16a085', '#c0392b', '#7f8c8d', '#2c3e50'];

interface Turn {
  turn: number;
  ttftMs: number | null;
}

function turnsOf(record: ResultRecord | undefined): Turn[] {
  const turns = record?.data?.turns;
  return Array.isArray(turns) ? (turns as Turn[]) : [];
}

const TOP = 84;
const BOTTOM = 60;
/** Legend rows (one per model, on the right of the plot). */
const LEGEND_ROW = 22;

export function sessionChart(records: readonly ResultRecord[]): ChartSpec | null {
  const drawn = drawnOn('turns');
  const models = modelsWithDrawn(records, drawn);
  if (!models.length) return null;
  const series: Record<string, unknown>[] = [];
  let turnsMax = 1;
  let low = Number.POSITIVE_INFINITY;
  let high = 0;
  models.forEach((model, index) => {
    const color = LINE_COLORS[index % LINE_COLORS.length];
    for (const line of drawn) {
      const dashed = line.placement.line === 'dashed';
      const turns = turnsOf(recordOfDrawn(records, model, line));
      if (!turns.length) continue;
      turnsMax = Math.max(turnsMax, ...turns.map((turn) => turn.turn));
      const points = turns.map((turn) => [turn.turn, turn.ttftMs === null ? null : Math.max(1, turn.ttftMs) / 1000]);
      for (const [, seconds] of points)
        if (typeof seconds === 'number') [low, high] = [Math.min(low, seconds), Math.max(high, seconds)];
      series.push({
        type: 'line',
        // Both lines of a model share its name: one legend entry per model.
        name: modelLabel(model),
        data: points,
        color,
        symbol: dashed ? 'emptyCircle' : 'circle',
        symbolSize: 6,
        connectNulls: false,
        lineStyle: { color, width: 2, type: dashed ? 'dashed' : 'solid' },
        itemStyle: { color },
      });
    }
  });
  if (!series.length) return null;
  const plot = Math.max(300, models.length * LEGEND_ROW + 20);
  const floor = 10 ** Math.floor(Math.log10(Number.isFinite(low) ? low : 0.01));
  const ceiling = 10 ** Math.ceil(Math.log10(Math.max(high, floor * 10)));
  return {
    file: 'chart-session.svg',
    title: 'Session: time to first token per turn',
    width: WIDTH,
    height: TOP + plot + BOTTOM,
    option: {
      title: titleOf(
        'Session: time to first token, turn by turn',
        "A replayed Claude Code session. Solid: Claude Code's default environment; dashed: with the cache-saving settings.",
      ),
      legend: {
        orient: 'vertical',
        top: TOP,
        right: 12,
        itemGap: 8,
        itemWidth: 24,
        textStyle: { fontFamily: FONT, fontSize: 12, color: TEXT },
        data: models.map(modelLabel),
      },
      grid: { top: TOP, bottom: BOTTOM, left: 72, right: modelMargin(models) + 60 },
      xAxis: {
        type: 'value',
        min: 1,
        max: turnsMax,
        interval: 1,
        ...axisName('turn (request of the session, in order)'),
        axisLabel: { fontFamily: FONT, fontSize: 11, color: MUTED },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      yAxis: {
        type: 'log',
        min: floor,
        max: ceiling,
        logBase: 10,
        name: 'seconds to first token (log)',
        nameLocation: 'middle',
        nameGap: 52,
        nameTextStyle: { fontFamily: FONT, fontSize: 12, color: TEXT },
        axisLabel: {
          fontFamily: FONT,
          fontSize: 11,
          color: MUTED,
          formatter: (value: number) => (value >= 1 ? `${value} s` : `${Math.round(value * 1000)} ms`),
        },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      series,
      textStyle: { fontFamily: FONT },
    } as never,
  };
}
