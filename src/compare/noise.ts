// What a record says about its own noise: the spread of its repetitions, how many there were, and
// how long one timed sample lasted. Records of timed probes carry `data.median`, `data.p95`,
// `data.mad`, `data.reps` and `data.samples` (see suites/throughput); the value is the median.
import { declarationOf } from '../report/metrics.js';
import { summarize } from '../shared/stats.js';
import type { ResultRecord } from '../types.js';

/** A change counts only if |current − baseline| > NOISE_FACTOR × (MAD baseline + MAD current). */
export const NOISE_FACTOR = 3;

/**
 * A timing counts only when the time it measured moved by at least this much. Below it, timer slack
 * and scheduling on a busy machine (a shared 2-core CI runner, the simulator in the harness's own
 * process) move the clock more than any build does.
 */
export const TIME_FLOOR_MS = 500;

/** A timing measured once (no repetitions) counts only when it moved by this factor or more. */
export const SINGLE_SAMPLE_FACTOR = 2;

function finiteNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function numbersOf(value: unknown): number[] {
  return Array.isArray(value) ? value.map(finiteNumber).filter((n): n is number => n !== null) : [];
}

/**
 * The MAD of a record's repetitions: `data.mad` when recorded, else computed from `data.samples`
 * (at least two); null for a single measurement or a record without statistics.
 */
export function madOf(record: ResultRecord): number | null {
  const mad = finiteNumber(record.data?.mad);
  if (mad !== null) return Math.abs(mad);
  const samples = numbersOf(record.data?.samples);
  return samples.length >= 2 ? summarize(samples).mad : null;
}

/** Repetitions behind the value: `data.reps`, else the number of `data.samples`; null when the record does not say. */
export function repetitionsOf(record: ResultRecord): number | null {
  const reps = finiteNumber(record.data?.reps);
  if (reps !== null) return reps;
  const samples = numbersOf(record.data?.samples);
  return samples.length ? samples.length : null;
}

/**
 * How far a value may move by chance: NOISE_FACTOR × the sum of both sides' MADs, or null when
 * neither side has repetitions (then only the threshold decides). A side without statistics adds 0.
 */
export function noiseBand(baseline: ResultRecord, current: ResultRecord): number | null {
  const a = madOf(baseline);
  const b = madOf(current);
  if (a === null && b === null) return null;
  return NOISE_FACTOR * ((a ?? 0) + (b ?? 0));
}

/** The record's unit, else the one its suite declares for it. */
const unitOf = (record: ResultRecord): string => record.unit || declarationOf(record.suite, record.metric)?.unit || '';

const MS_PER_UNIT: Readonly<Record<string, number>> = { ms: 1, s: 1000, 's/task': 1000 };
const RATE_UNIT = 'tokens/s';

/** A metric that is a measured time or a rate over a measured time (its noise is the clock's), by its unit. */
export function isTiming(record: ResultRecord): boolean {
  const unit = unitOf(record);
  return unit in MS_PER_UNIT || unit === RATE_UNIT;
}

/** Tokens one sample of a rate processed: the median of `data.promptTokens` / `data.evalTokens`, else `data.tokensAsked`. */
function tokensPerSample(record: ResultRecord): number | null {
  for (const key of ['promptTokens', 'evalTokens']) {
    const counts = numbersOf(record.data?.[key]).filter((n) => n > 0);
    if (counts.length) return summarize(counts).median;
  }
  const asked = finiteNumber(record.data?.tokensAsked);
  return asked !== null && asked > 0 ? asked : null;
}

/**
 * How long one timed sample lasted, in ms: the value of a time (ms, s), or tokens ÷ rate for a
 * rate in tokens/s; null when the record does not say enough (no value, no token counts).
 */
export function sampleMs(record: ResultRecord): number | null {
  const value = finiteNumber(record.value);
  if (value === null) return null;
  const unit = unitOf(record);
  if (unit in MS_PER_UNIT) return Math.abs(value) * MS_PER_UNIT[unit];
  if (unit === RATE_UNIT) {
    const tokens = tokensPerSample(record);
    return tokens !== null && value > 0 ? (tokens / value) * 1000 : null;
  }
  return null;
}
