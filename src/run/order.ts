// The order suites run in for a model: as selected, except that a suite runs after the suites that
// measure what it reads (its declared `reads`), so no order is an unstated dependency.
import { metricMeasuring, type DeclaringSuite } from './metric.js';

/** Raised when suites read each other's quantities in a circle: no order satisfies them. */
export class SuiteOrderError extends Error {}

/** `suites` in the order given, each moved after every selected suite that measures a quantity it reads. */
export function inDependencyOrder<S extends DeclaringSuite>(suites: readonly S[]): S[] {
  const ordered: S[] = [];
  const visiting = new Set<S>();
  const visit = (suite: S, path: readonly string[]) => {
    if (ordered.includes(suite)) return;
    if (visiting.has(suite))
      throw new SuiteOrderError(`suites read each other's results in a circle: ${[...path, suite.id].join(' → ')}`);
    visiting.add(suite);
    const others = suites.filter((other) => other !== suite);
    const providers = (suite.reads ?? [])
      .map((quantity) => metricMeasuring(others, quantity)?.suite)
      .map((id) => others.find((other) => other.id === id))
      .filter((provider): provider is S => provider !== undefined)
      // The suites it waits for keep their own order among themselves.
      .sort((a, b) => suites.indexOf(a) - suites.indexOf(b));
    for (const provider of providers) visit(provider, [...path, suite.id]);
    visiting.delete(suite);
    ordered.push(suite);
  };
  for (const suite of suites) visit(suite, []);
  return ordered;
}
