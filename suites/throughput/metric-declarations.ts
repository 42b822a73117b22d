// The throughput suite's metrics, as reporters, the answer and `compare` read them.
import type { MetricDeclaration } from '../../src/run/metric.js';
import { DECODE_TPS, PREFILL_TPS, TTFT_MS } from './score.js';

export const THROUGHPUT_METRICS: readonly MetricDeclaration[] = [
  // Load time says how the run went, not whether the model can drive Claude Code: a model with
  // nothing but a load time has no real measurement.
  { name: 'load_ms', unit: 'ms', direction: 'lower', role: 'harness' },
  {
    name: 'prefill_tps',
    unit: 'tokens/s',
    direction: 'higher',
    role: 'verdict',
    glance: 'prefill',
    thresholds: `pass ≥ ${PREFILL_TPS.pass} tokens/s, warn ≥ ${PREFILL_TPS.warn}`,
    limits: PREFILL_TPS,
    measures: 'prefillRate',
    chart: { chart: 'rates', label: 'Prefill (reading the prompt)' },
  },
  {
    name: 'decode_tps',
    unit: 'tokens/s',
    direction: 'higher',
    role: 'verdict',
    glance: 'decode',
    thresholds: `pass ≥ ${DECODE_TPS.pass} tokens/s, warn ≥ ${DECODE_TPS.warn}`,
    limits: DECODE_TPS,
    measures: 'decodeRate',
    chart: { chart: 'rates', label: 'Decode (writing the answer)' },
  },
  {
    name: 'ttft_ms',
    unit: 'ms',
    direction: 'lower',
    role: 'verdict',
    glance: 'TTFT',
    thresholds: `pass ≤ ${TTFT_MS.pass / 1000} s, warn ≤ ${TTFT_MS.warn / 1000} s`,
    limits: TTFT_MS,
  },
];
