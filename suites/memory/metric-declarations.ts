// The memory suite's metrics, as reporters, the answer and `compare` read them. Sizes are the
// model's, not the build's: `bench compare` shows a change of one, never judges it.
import type { MetricDeclaration } from '../../src/run/metric.js';

export const MEMORY_METRICS: readonly MetricDeclaration[] = [
  {
    name: 'predicted_bytes@',
    unit: 'bytes',
    direction: 'none',
    role: 'fact',
    chart: { chart: 'footprint', part: 'predicted', member: 'predicted_bytes@65536', label: 'predicted at 64K tokens' },
  },
  {
    name: 'max_context_in_vram',
    unit: 'tokens',
    direction: 'higher',
    role: 'verdict',
    glance: 'fits in VRAM',
    thresholds: 'pass ≥ 65536 tokens',
    measures: 'vramContext',
  },
  {
    name: 'vram_bytes',
    unit: 'bytes',
    direction: 'none',
    role: 'fact',
    glance: 'VRAM@64K',
    measures: 'gpuBytes',
    chart: { chart: 'footprint', part: 'loaded', label: 'loaded on the GPU (server report)' },
  },
  {
    name: 'ram_bytes',
    unit: 'bytes',
    direction: 'none',
    role: 'fact',
    measures: 'ramBytes',
    chart: { chart: 'footprint', part: 'spilled', label: 'spilled to system RAM' },
  },
  {
    name: 'gpu_offload_fraction',
    unit: 'fraction',
    direction: 'higher',
    role: 'verdict',
    thresholds: 'pass: the whole model on the GPU',
  },
  { name: 'prediction_error', unit: 'ratio', direction: 'none', role: 'harness' },
];
