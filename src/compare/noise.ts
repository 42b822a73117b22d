// The noise rule for repeated measurements: a change smaller than the measurements' own spread is
// not a change. Records of timed probes carry `data.mad` (median absolute deviation of the
// repetitions) and `data.samples`; the record's value is the median of those samples.
import { summarize } from '../run/stats.js';
import type { ResultRecord } from '../types.js';

/** A change counts only if |current − baseline| > NOISE_FACTOR × (MAD baseline + MAD current). */
export const NOISE_FACTOR = 3;

function finiteNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * The MAD of a record's repetitions: `data.mad` when recorded, else computed from `data.samples`
 * (at least two); null for a single measurement or a record without statistics.
 */
export function madOf(record: ResultRecord): number | null {
  const mad = finiteNumber(record.data?.mad);
  if (mad !== null) return Math.abs(mad);
  const samples = record.data?.samples;
  if (!Array.isArray(samples)) return null;
  const numbers = samples.map(finiteNumber).filter((n): n is number => n !== null);
  return numbers.length >= 2 ? summarize(numbers).mad : null;
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
