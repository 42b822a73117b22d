// The `matrix` chart, tool use as a compatibility heat map: one row per model, one column per metric
// placed on it (a family's members: one per probe category; the overall score last), each cell
// coloured by its verdict and labelled with the share of probes passed.
import { isOf } from '../../run/metric.js';
import type { ResultRecord, Status } from '../../types.js';
import { drawnOn, modelsWith, recordOf, type Drawn } from './data.js';
import {
  FONT,
  MUTED,
  STATUS_COLOR,
  STATUS_TEXT,
  TEXT,
  WIDTH,
  heightFor,
  modelAxis,
  modelMargin,
  titleOf,
} from './style.js';
import type { ChartSpec } from './types.js';

const ROW = 30;
const TOP = 108;
const BOTTOM = 56;

/** Legend order, worst last; each entry is one piece of the visual map. */
const STATUSES: readonly Status[] = ['pass', 'warn', 'fail', 'error', 'skip'];
const LEGEND_LABEL: Readonly<Record<Status, string>> = {
  pass: 'pass',
  warn: 'warn',
  fail: 'fail',
  error: 'error',
  skip: 'skipped',
};

function cellText(record: ResultRecord): string {
  if (typeof record.value !== 'number' || !Number.isFinite(record.value))
    return record.status === 'skip' ? 'skip' : record.status;
  return `${Math.round(record.value * 100)}%`;
}

interface Column {
  metric: string;
  label: string;
  overall: boolean;
}

/** The columns the records fill: every member of a placed family as it first appears, then the overall metrics. */
function columnsOf(records: readonly ResultRecord[], placed: readonly Drawn[]): Column[] {
  const columns = new Map<string, Column>();
  for (const drawn of placed) {
    // A family drawn whole: one column per member (`family.single_call` → "single call").
    const family = /[.@]$/.test(drawn.declaration.name) && drawn.placement.member === undefined;
    for (const record of records) {
      if (columns.has(record.metric) || !isOf(record, drawn)) continue;
      if (!family && record.metric !== drawn.metric) continue;
      const label = family
        ? record.metric.slice(drawn.declaration.name.length).replace(/_/g, ' ')
        : (drawn.placement.label ?? record.metric);
      columns.set(record.metric, { metric: record.metric, label, overall: drawn.placement.overall === true });
    }
  }
  return [...columns.values()].sort((a, b) => Number(a.overall) - Number(b.overall));
}

export function toolUseChart(records: readonly ResultRecord[]): ChartSpec | null {
  const placed = drawnOn('matrix');
  const ofSuite = records.filter((record) => placed.some((drawn) => isOf(record, drawn)));
  const columns = columnsOf(ofSuite, placed);
  if (!columns.length) return null;
  const models = modelsWith(
    ofSuite,
    columns.map((column) => column.metric),
  );
  const data: Record<string, unknown>[] = [];
  const texts: string[] = [];
  models.forEach((model, row) => {
    columns.forEach(({ metric, overall }, column) => {
      const record = recordOf(ofSuite, model, metric);
      if (!record) return;
      texts.push(cellText(record));
      data.push({
        // The third dimension is the verdict: the visual map colours by it.
        value: [column, row, STATUSES.indexOf(record.status)],
        label: { color: STATUS_TEXT[record.status], fontWeight: overall ? 'bold' : 'normal' },
      });
    });
  });
  const left = modelMargin(models);
  const height = heightFor(models.length, ROW, TOP, BOTTOM);
  return {
    file: 'chart-tool-use.svg',
    title: 'Tool use: probes passed by category',
    width: WIDTH,
    height,
    option: {
      title: titleOf(
        'Tool use: probes passed by category',
        'Share of probes passed per category; colour = the verdict of that cell. "overall" = all probes.',
      ),
      visualMap: {
        type: 'piecewise',
        dimension: 2,
        orient: 'horizontal',
        top: 62,
        left: 16,
        itemGap: 18,
        itemWidth: 16,
        itemHeight: 12,
        textStyle: { fontFamily: FONT, fontSize: 12, color: TEXT },
        pieces: STATUSES.map((status, index) => ({
          value: index,
          label: LEGEND_LABEL[status],
          color: STATUS_COLOR[status],
        })),
        selectedMode: false,
      },
      grid: { top: TOP, bottom: BOTTOM, left, right: 24 },
      xAxis: {
        type: 'category',
        position: 'bottom',
        data: columns.map((column) => column.label),
        axisLabel: { interval: 0, fontFamily: FONT, fontSize: 12, color: TEXT, rotate: columns.length > 8 ? 30 : 0 },
        axisTick: { show: false },
        axisLine: { show: false },
        splitArea: { show: false },
      },
      yAxis: modelAxis(models, { axisLine: { show: false } }),
      series: [
        {
          type: 'heatmap',
          data: data as never,
          label: {
            show: true,
            fontFamily: FONT,
            fontSize: 11,
            formatter: (params: { dataIndex: number }) => texts[params.dataIndex] ?? '',
          },
          itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
          emphasis: { disabled: true },
        },
      ],
      textStyle: { fontFamily: FONT, color: MUTED },
    },
  };
}
