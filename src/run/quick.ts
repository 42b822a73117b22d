// `bench run --quick`: what a quick run leaves out is recorded as a skip that says so, never as a
// pass, so a quick report cannot be read as a complete one.
import type { MetricInput, ResultRecord } from '../types.js';

export const QUICK_SKIP_DETAIL = 'not measured in a --quick run (run without --quick for it)';

/** The record of a metric a quick run does not measure. */
export function quickSkip(metric: string, unit = ''): MetricInput {
  return { metric, value: null, unit, status: 'skip', detail: QUICK_SKIP_DETAIL, data: { notMeasured: 'quick' } };
}

export function isQuickSkip(record: Pick<ResultRecord, 'status' | 'data'>): boolean {
  return record.status === 'skip' && record.data?.notMeasured === 'quick';
}
