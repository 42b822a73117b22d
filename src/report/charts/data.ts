// Reading the values a chart plots from a run's records. A chart draws the metrics the suites
// place on it (MetricDeclaration.chart), never metrics it knows by name.
import type { ChartKind, ChartPlacement, MetricDeclaration } from '../../run/metric.js';
import type { ResultRecord, Status } from '../../types.js';
import { chartMetrics } from '../metrics.js';
import { modelsOf } from '../verdict.js';

/** A metric a chart draws: its suite, the metric's name (a family's: the member drawn, or the family), where it goes. */
export interface Drawn {
  suite: string;
  metric: string;
  declaration: MetricDeclaration;
  placement: ChartPlacement;
}

/** What the suites place on `chart`, by rank (then declaration order). */
export function drawnOn(chart: ChartKind): Drawn[] {
  return chartMetrics(chart)
    .map(({ suite, declaration }, index) => ({
      drawn: {
        suite,
        metric: declaration.chart?.member ?? declaration.name,
        declaration,
        placement: declaration.chart as ChartPlacement,
      },
      rank: declaration.chart?.rank ?? Number.MAX_SAFE_INTEGER,
      index,
    }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ drawn }) => drawn);
}

/** The last record of a model for a drawn metric (its suite and name). */
export function recordOfDrawn(records: readonly ResultRecord[], model: string, drawn: Drawn): ResultRecord | undefined {
  return records.findLast(
    (record) => record.model === model && record.suite === drawn.suite && record.metric === drawn.metric,
  );
}

/** The models that have a record of any of `drawn`, in run order. */
export function modelsWithDrawn(records: readonly ResultRecord[], drawn: readonly Drawn[]): string[] {
  return modelsOf(records).filter((model) => drawn.some((d) => recordOfDrawn(records, model, d)));
}

/** The last record of a model's metric (a resumed run may have recorded it twice). */
export function recordOf(records: readonly ResultRecord[], model: string, metric: string): ResultRecord | undefined {
  return records.findLast((record) => record.model === model && record.metric === metric);
}

/** A finite number, or null. */
export function numberOf(record: ResultRecord | undefined): number | null {
  return typeof record?.value === 'number' && Number.isFinite(record.value) ? record.value : null;
}

/** The models that have a record of any of `metrics`, in run order. */
export function modelsWith(records: readonly ResultRecord[], metrics: readonly string[]): string[] {
  return modelsOf(records).filter((model) => metrics.some((metric) => recordOf(records, model, metric)));
}

/**
 * A plotted value: `measured` is a number to draw as measured; otherwise `marked` says why there is
 * no (trustworthy) bar: the probe errored or was skipped. An errored record may still carry a
 * number (a lower bound reached before the error), kept as `bound`.
 */
export interface Point {
  measured: number | null;
  marked: 'error' | 'skipped' | 'not run' | null;
  bound: number | null;
  status: Status | null;
  /** The record's detail (why it was skipped or errored), for a label. */
  detail: string;
}

export function pointOf(record: ResultRecord | undefined, scale = 1): Point {
  const value = numberOf(record);
  const scaled = value === null ? null : value / scale;
  if (!record) return { measured: null, marked: 'not run', bound: null, status: null, detail: '' };
  if (record.status === 'error')
    return { measured: null, marked: 'error', bound: scaled, status: 'error', detail: record.detail };
  if (record.status === 'skip' || scaled === null)
    return {
      measured: null,
      marked: record.status === 'skip' ? 'skipped' : 'error',
      bound: null,
      status: record.status,
      detail: record.detail,
    };
  return { measured: scaled, marked: null, bound: null, status: record.status, detail: record.detail };
}
