// The tool-use suite's metrics, as reporters, the answer and `compare` read them.
import type { MetricDeclaration } from '../../src/run/metric.js';
import { THRESHOLDS } from './metrics.js';

const thresholds = `pass ≥ ${THRESHOLDS.pass * 100}% of probes, warn ≥ ${THRESHOLDS.warn * 100}%`;

export const TOOL_USE_METRICS: readonly MetricDeclaration[] = [
  {
    name: 'tool_use_score',
    unit: 'ratio',
    direction: 'higher',
    role: 'verdict',
    glance: 'tool use',
    thresholds,
    measures: 'toolUse',
    chart: { chart: 'matrix', label: 'overall', overall: true },
  },
  {
    name: 'tool_use.',
    unit: 'ratio',
    direction: 'higher',
    role: 'verdict',
    thresholds,
    summarizedBy: 'tool_use_score',
    // One column per probe category, named by it (`tool_use.single_call` → "single call").
    chart: { chart: 'matrix' },
  },
];
