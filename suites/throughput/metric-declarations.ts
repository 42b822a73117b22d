// The throughput suite's metrics, as reporters, the answer and `compare` read them.
import type { MetricDeclaration } from '../../src/run/metric.js';
import { DECODE_TPS, PREFILL_TPS, TTFT_MS } from './score.js';

export const THROUGHPUT_METRICS: readonly MetricDeclaration[] = [
  { name: 'load_ms', unit: 'ms', direction: 'lower', role: 'fact' },
  { name: 'prefill_tps', unit: 'tokens/s', direction: 'higher', role: 'verdict', glance: 'prefill', thresholds: `pass ≥ ${PREFILL_TPS.pass} tokens/s, warn ≥ ${PREFILL_TPS.warn}` },
  { name: 'decode_tps', unit: 'tokens/s', direction: 'higher', role: 'verdict', glance: 'decode', thresholds: `pass ≥ ${DECODE_TPS.pass} tokens/s, warn ≥ ${DECODE_TPS.warn}` },
  { name: 'ttft_ms', unit: 'ms', direction: 'lower', role: 'verdict', glance: 'TTFT', thresholds: `pass ≤ ${TTFT_MS.pass / 1000} s, warn ≤ ${TTFT_MS.warn / 1000} s` },
];
