// The noise floor of one metric, and whether a numeric change clears it. A change counts (as a
// regression or an improvement) only when it clears every floor that applies:
// - relative: more than the threshold (10% by default) of the baseline;
// - spread: more than NOISE_FACTOR × (MAD baseline + MAD current), when there were repetitions;
// - time: for a timing, the measured time itself moved by at least TIME_FLOOR_MS;
// - single sample: a timing measured once must move SINGLE_SAMPLE_FACTOR× or more.
import { formatDuration, formatNumber } from '../report/format.js';
import type { ResultRecord } from '../types.js';
import type { Direction } from './direction.js';
import {
  NOISE_FACTOR,
  SINGLE_SAMPLE_FACTOR,
  TIME_FLOOR_MS,
  isTiming,
  noiseBand,
  repetitionsOf,
  sampleMs,
} from './noise.js';
import type { MetricOutcome, NoiseFloor } from './types.js';

export interface Judgement {
  outcome: MetricOutcome;
  noise: NoiseFloor;
}

function floorsOf(baseline: ResultRecord, current: ResultRecord, threshold: number): NoiseFloor {
  const timing = isTiming(baseline) || isTiming(current);
  const reps = [repetitionsOf(baseline), repetitionsOf(current)];
  return {
    relative: threshold * Math.abs(Number(baseline.value)),
    spread: noiseBand(baseline, current),
    timing,
    sampleMs: timing ? { baseline: sampleMs(baseline), current: sampleMs(current) } : null,
    // A timing that does not say how often it was measured was measured once (load_ms, agent_seconds).
    singleSample: timing && reps.some((n) => n === null || n < 2),
    reason: null,
  };
}

const ms = (value: number): string => formatDuration(Math.round(value * 10) / 10);

/** Why a change of `delta` is noise under `floor`, or null when it clears every floor. */
function noiseReason(
  floor: NoiseFloor,
  baseline: number,
  current: number,
  delta: number,
  threshold: number,
): string | null {
  const relative = Math.abs(delta) / Math.abs(baseline);
  if (Math.abs(delta) <= floor.relative)
    return `moved ${formatNumber(relative * 100, 1)}%, not more than the ${formatNumber(threshold * 100, 2)}% threshold`;
  if (floor.spread !== null && Math.abs(delta) <= floor.spread) {
    return `inside the repetitions' spread (${NOISE_FACTOR} × the two MADs = ${formatNumber(floor.spread)})`;
  }
  const times = floor.sampleMs;
  if (
    times &&
    times.baseline !== null &&
    times.current !== null &&
    Math.abs(times.current - times.baseline) < TIME_FLOOR_MS
  ) {
    return `the timed interval moved ${ms(Math.abs(times.current - times.baseline))} (${ms(times.baseline)} → ${ms(times.current)}); a timing counts from ${ms(TIME_FLOOR_MS)}`;
  }
  if (floor.singleSample) {
    const ratio = Math.max(Math.abs(baseline), Math.abs(current)) / Math.min(Math.abs(baseline), Math.abs(current));
    if (ratio < SINGLE_SAMPLE_FACTOR)
      return `measured once; a single timing counts when it moves ${SINGLE_SAMPLE_FACTOR}× or more (here ${formatNumber(ratio, 2)}×)`;
  }
  return null;
}

/** Judges two numeric values of one metric; the direction decides which way is better. */
export function judgeNumbers(
  baseline: ResultRecord,
  current: ResultRecord,
  direction: Direction,
  threshold: number,
): Judgement {
  const a = baseline.value as number;
  const b = current.value as number;
  const noise = floorsOf(baseline, current, threshold);
  const delta = b - a;
  if (delta === 0) return { outcome: 'unchanged', noise };
  if (direction === 'info') return { outcome: 'changed', noise };
  const reason = noiseReason(noise, a, b, delta, threshold);
  if (reason !== null) {
    const byThreshold = Math.abs(delta) <= noise.relative;
    return { outcome: byThreshold ? 'within-threshold' : 'within-noise', noise: { ...noise, reason } };
  }
  const better = direction === 'higher' ? delta > 0 : delta < 0;
  return { outcome: better ? 'improvement' : 'regression', noise };
}
