// The memory suite's metrics, as reporters, the answer and `compare` read them.
import type { MetricDeclaration } from '../../src/run/metric.js';

export const MEMORY_METRICS: readonly MetricDeclaration[] = [
  { name: 'predicted_bytes@', unit: 'bytes', direction: 'lower', role: 'fact' },
  {
    name: 'max_context_in_vram',
    unit: 'tokens',
    direction: 'higher',
    role: 'verdict',
    glance: 'fits in VRAM',
    thresholds: 'pass ≥ 65536 tokens',
  },
  { name: 'vram_bytes', unit: 'bytes', direction: 'lower', role: 'fact', glance: 'VRAM@64K' },
  { name: 'ram_bytes', unit: 'bytes', direction: 'lower', role: 'fact' },
  {
    name: 'gpu_offload_fraction',
    unit: 'fraction',
    direction: 'higher',
    role: 'verdict',
    thresholds: 'pass: the whole model on the GPU',
  },
  { name: 'prediction_error', unit: 'ratio', direction: 'none', role: 'harness' },
];
