// The suites' metric declarations, looked up for a record: how reporters show it, whether it
// counts toward a model's verdict, and which metrics make the at-a-glance table.
import { ALL_SUITES } from '../../suites/index.js';
import { findDeclaration, type MetricDeclaration } from '../run/metric.js';
import type { ResultRecord, Status } from '../types.js';

/** A record's status as shown: facts that measured fine read `info`, not pass. */
export type ShownStatus = Status | 'info';

export function declarationOf(suite: string, metric: string): MetricDeclaration | undefined {
  const declarations = ALL_SUITES.find((s) => s.id === suite)?.metrics;
  return declarations ? findDeclaration(declarations, metric) : undefined;
}

/** Harness metrics (prediction accuracy, model time spent) say nothing about the model. */
export function countsTowardVerdict(record: Pick<ResultRecord, 'suite' | 'metric'>): boolean {
  return declarationOf(record.suite, record.metric)?.role !== 'harness';
}

export function shownStatus(record: Pick<ResultRecord, 'suite' | 'metric' | 'status'>): ShownStatus {
  const role = declarationOf(record.suite, record.metric)?.role;
  if (role === 'harness' && record.status !== 'error' && record.status !== 'skip') return 'info';
  if (role === 'fact' && record.status === 'pass') return 'info';
  return record.status;
}

export interface GlanceColumn {
  suite: string;
  metric: string;
  header: string;
  unit: string;
}

/** The at-a-glance columns for the suites present, in suite order, then declaration order. */
export function glanceColumns(suites: readonly string[]): GlanceColumn[] {
  return ALL_SUITES.filter((suite) => suites.includes(suite.id)).flatMap((suite) =>
    (suite.metrics ?? [])
      .filter((d) => d.glance)
      .map((d) => ({ suite: suite.id, metric: d.name, header: d.glance!, unit: d.unit })),
  );
}
