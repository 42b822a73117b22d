// Which way is better for a metric: decides whether a change is a regression or an improvement.
// The suite that writes the metric declares it (MetricDeclaration.direction); a metric no suite
// declares (a custom suite's, the runner's own) is informational: a change is shown, never judged.
import { declarationOf } from '../report/metrics.js';

export type Direction = 'higher' | 'lower' | 'info';

export function metricDirection(suite: string, metric: string): Direction {
  const direction = declarationOf(suite, metric)?.direction;
  return direction === 'higher' || direction === 'lower' ? direction : 'info';
}
