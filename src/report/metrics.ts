// The suites' metric declarations, looked up for a record: how reporters show it, whether it
// counts toward a model's verdict, which metrics make the at-a-glance table and the charts, and
// which metric measures each quantity the answer, the launch settings and `bench recommend` read.
import { ALL_SUITES } from '../../suites/index.js';
import {
  declarationIn,
  latestOf,
  metricMeasuring,
  metricsOnChart,
  type ChartKind,
  type DeclaredMetric,
  type MetricDeclaration,
  type Quantity,
} from '../run/metric.js';
import type { ResultRecord, Status } from '../types.js';

/** A record's status as shown: facts that measured fine read `info`, not pass. */
export type ShownStatus = Status | 'info';

export function declarationOf(suite: string, metric: string): MetricDeclaration | undefined {
  return declarationIn(ALL_SUITES, suite, metric);
}

/** The metric (and its suite) that measures `quantity`; undefined when no built-in suite declares it. */
export function measuring(quantity: Quantity): DeclaredMetric | undefined {
  return metricMeasuring(ALL_SUITES, quantity);
}

/** The metric's name for prose ("tool_use_score"), or the quantity's when no suite measures it. */
export function metricName(quantity: Quantity): string {
  return measuring(quantity)?.declaration.name ?? quantity;
}

/** ` --suites <id>` for the suite that measures `quantity` (to add to a `bench run` line), or ''. */
export function suitesFlag(quantity: Quantity): string {
  const suite = measuring(quantity)?.suite;
  return suite ? ` --suites ${suite}` : '';
}

/** The newest record of `model` measuring `quantity` (`usable`: only measured numbers). */
export function latestMeasured(
  records: readonly ResultRecord[],
  model: string,
  quantity: Quantity,
  options: { usable?: boolean } = {},
): ResultRecord | undefined {
  return latestOf(records, model, ALL_SUITES, quantity, options);
}

/** The metrics a chart draws. */
export function chartMetrics(chart: ChartKind): DeclaredMetric[] {
  return metricsOnChart(ALL_SUITES, chart);
}

/** Suite ids in the registry's order, then any other (a custom suite's) in the order given. */
export function inSuiteOrder(ids: Iterable<string>): string[] {
  const present = new Set(ids);
  const known = ALL_SUITES.map((suite) => suite.id).filter((id) => present.has(id));
  return [...known, ...[...present].filter((id) => !known.includes(id))];
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
