// Footprint: per model, the memory predicted at a 64K context and what the server reported loaded
// (on the GPU, and spilled to system RAM, stacked) — the metrics placed on the `footprint` chart by
// their part — against the run's VRAM drawn as one line.
import type { ResultRecord, RunFile } from '../../types.js';
import { truncate } from '../escape.js';
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
  niceStep,
  titleOf,
} from './style.js';
import type { ChartSpec } from './types.js';

const GIB = 1024 ** 3;
const BAR = 10;
const TOP = 100;
const BOTTOM = 56;

/** Total VRAM of the run's GPUs whose memory is known, or null (no GPU, not detected, or a merged run). */
function availableVram(run: RunFile): number | null {
  // A merged run may come from several machines: its first run's GPU is no yardstick for the others.
  if (run.sources?.length) return null;
  const known = (run.environment.hardware?.gpus ?? [])
    .map((gpu) => gpu.vramBytes)
    .filter((bytes): bytes is number => bytes !== null);
  return known.length ? known.reduce((sum, bytes) => sum + bytes, 0) : null;
}

const gib = (value: number): string =>
  `${value.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} GiB`;

function bars(
  records: readonly ResultRecord[],
  models: readonly string[],
  drawn: Drawn,
  labelled: boolean,
): Record<string, unknown>[] {
  return models.map((model) => {
    const point = pointOf(recordOfDrawn(records, model, drawn), GIB);
    if (point.measured !== null)
      return {
        value: point.measured,
        label: labelled && point.measured > 0 ? { show: true, formatter: gib(point.measured) } : { show: false },
      };
    const why =
      point.marked === 'skipped' && point.detail
        ? `skipped: ${truncate(point.detail, 60)}`
        : point.marked === 'not run'
          ? ''
          : (point.marked ?? '');
    return { value: 0, label: { show: labelled, formatter: why, color: MUTED, fontStyle: 'italic' } };
  });
}

export function memoryChart(run: RunFile): ChartSpec | null {
  const placed = drawnOn('footprint');
  const part = (name: 'predicted' | 'loaded' | 'spilled') => placed.find((drawn) => drawn.placement.part === name);
  const PREDICTED = part('predicted');
  const ON_GPU = part('loaded');
  const IN_RAM = part('spilled');
  const records = run.records;
  const bytes = (model: string, drawn: Drawn | undefined) =>
    drawn ? (pointOf(recordOfDrawn(records, model, drawn), GIB).measured ?? 0) : 0;
  const models = modelsWithDrawn(
    records,
    [PREDICTED, ON_GPU].filter((drawn): drawn is Drawn => drawn !== undefined),
  );
  if (!models.length) return null;
  const vram = availableVram(run);
  const spills = models.some((model) => bytes(model, IN_RAM) > 0);
  const hasPredicted = PREDICTED !== undefined && models.some((model) => recordOfDrawn(records, model, PREDICTED));
  const hasMeasured = ON_GPU !== undefined && models.some((model) => recordOfDrawn(records, model, ON_GPU));
  const series: Record<string, unknown>[] = [];
  if (PREDICTED && hasPredicted) {
    series.push({
      type: 'bar',
      name: PREDICTED.placement.label ?? PREDICTED.metric,
      barWidth: BAR,
      barGap: '40%',
      data: bars(records, models, PREDICTED, true),
      itemStyle: { color: SERIES_COLORS[1] },
    });
  }
  if (ON_GPU && hasMeasured) {
    series.push({
      type: 'bar',
      name: ON_GPU.placement.label ?? ON_GPU.metric,
      stack: 'measured',
      barWidth: BAR,
      data: bars(records, models, ON_GPU, !spills),
      itemStyle: { color: SERIES_COLORS[0] },
    });
  }
  if (ON_GPU && IN_RAM && hasMeasured && spills) {
    // Total loaded = GPU + RAM: the label goes after the stack, on the RAM part.
    const total = models.map((model) => bytes(model, ON_GPU) + bytes(model, IN_RAM));
    series.push({
      type: 'bar',
      name: IN_RAM.placement.label ?? IN_RAM.metric,
      stack: 'measured',
      barWidth: BAR,
      itemStyle: { color: SERIES_COLORS[3] },
      data: models.map((model, index) => {
        const ram = bytes(model, IN_RAM);
        const gpu = pointOf(recordOfDrawn(records, model, ON_GPU), GIB).measured;
        return {
          value: ram,
          label: {
            show: gpu !== null,
            formatter: ram > 0 ? `${gib(total[index])} (${gib(ram)} in RAM)` : gib(total[index]),
          },
        };
      }),
    });
  }
  if (vram !== null && series.length) {
    series[0].markLine = {
      silent: true,
      symbol: 'none',
      data: [{ xAxis: vram / GIB }],
      lineStyle: { color: LINE_COLOR, type: 'solid', width: 2 },
      label: {
        formatter: `VRAM ${gib(vram / GIB)}`,
        position: 'start',
        color: LINE_COLOR,
        fontFamily: FONT,
        fontSize: 11,
      },
    };
  }
  const values = models.map((model) => bytes(model, PREDICTED));
  const totals = models.map((model) => bytes(model, ON_GPU) + bytes(model, IN_RAM));
  const top = Math.max(1, vram === null ? 0 : vram / GIB, ...values, ...totals);
  const step = niceStep(top * 1.1);
  const row = (series.length > 1 ? 2 : 1) * (BAR + 4) + 12;
  return {
    file: 'chart-memory.svg',
    title: 'Memory at a 64K context vs available VRAM',
    width: WIDTH,
    height: heightFor(models.length, row, TOP, BOTTOM),
    option: {
      title: titleOf(
        'Memory: predicted and loaded',
        vram === null
          ? 'GiB; the GPU memory of this run is not known (or the run is merged from several machines).'
          : `GiB; the line is the VRAM of this run's GPU${run.environment.hardware && run.environment.hardware.gpus.length > 1 ? 's' : ''}. Loaded = what the server reported, at the context it loaded.`,
      ),
      legend: { top: 64, left: 16, itemGap: 40, textStyle: { fontFamily: FONT, fontSize: 12, color: TEXT } },
      grid: { top: TOP, bottom: BOTTOM, left: modelMargin(models), right: spills ? 190 : 90 },
      xAxis: {
        type: 'value',
        min: 0,
        // Room right of the longest bar for its label, to a whole grid step.
        max: Math.ceil((top * 1.1) / step) * step,
        interval: step,
        ...axisName('GiB'),
        axisLabel: { fontFamily: FONT, fontSize: 11, color: MUTED },
        splitLine: { lineStyle: { color: GRID_LINE } },
      },
      yAxis: modelAxis(models),
      series: series.map((entry) => ({
        label: { position: 'right', fontFamily: FONT, fontSize: 10, color: TEXT },
        ...entry,
      })),
      textStyle: { fontFamily: FONT },
    } as never,
  };
}
