// Reading the values a chart plots from a run's records.
import type { ResultRecord, Status } from '../../types.js';
import { modelsOf } from '../verdict.js';

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
