// Pure verdicts for throughput numbers. Thresholds are for interactive use by Claude Code, which
// sends a ~13K-token prompt per turn and often several turns per task (documented in the README).
import type { Status } from '../../src/types.js';

export const DECODE_TPS = { pass: 20, warn: 8 } as const;
export const PREFILL_TPS = { pass: 500, warn: 100 } as const;
/** Time to first token for a Claude-Code-sized prompt, in ms. */
export const TTFT_MS = { pass: 10_000, warn: 30_000 } as const;

export function atLeast(value: number, limits: { pass: number; warn: number }): Status {
  if (!Number.isFinite(value)) return 'error';
  return value >= limits.pass ? 'pass' : value >= limits.warn ? 'warn' : 'fail';
}

export function atMost(value: number, limits: { pass: number; warn: number }): Status {
  if (!Number.isFinite(value)) return 'error';
  return value <= limits.pass ? 'pass' : value <= limits.warn ? 'warn' : 'fail';
}

/** Tokens per second from Ollama's counters (durations in nanoseconds). */
export function tokensPerSecond(count: number | undefined, durationNs: number | undefined): number {
  if (!count || !durationNs || durationNs <= 0) return Number.NaN;
  return count / (durationNs / 1e9);
}

/** True when the server counted clearly fewer prompt tokens than were sent: it cut the prompt. */
export function looksTruncated(inputTokens: number | null, sentTokens: number): boolean {
  return inputTokens !== null && inputTokens < sentTokens * 0.8;
}

/** Tokens a decode repetition asks for: ~4 s at the warm-up rate, between 16 and 128. */
export function decodeTokensFor(warmupTps: number, secondsPerRep = 4, limits = { min: 16, max: 128 }): number {
  if (!Number.isFinite(warmupTps) || warmupTps <= 0) return limits.min;
  return Math.max(limits.min, Math.min(limits.max, Math.round(warmupTps * secondsPerRep)));
}
