// Repetitions and their statistics. tinybench drives the repetitions; each sample is a value the
// probe measured (a server-reported rate or a latency), handed to tinybench as the sample itself.
import { Bench } from 'tinybench';

export interface SampleStats {
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
  /** Standard deviation of the samples. */
  sd: number;
  /** Median absolute deviation: the spread `bench compare` uses to tell noise from change. */
  mad: number;
  samples: number[];
}

/** Nearest-rank percentile of already sorted values (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** `value` rounded to `digits` decimals (0: a whole number). */
export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** The median (nearest rank) of unsorted values; NaN when there are none. */
export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** The arithmetic mean; 0 when there are no values (nothing happened, nothing took time). */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function summarize(values: readonly number[]): SampleStats {
  const samples = [...values].sort((a, b) => a - b);
  const n = samples.length;
  const mean = samples.reduce((sum, v) => sum + v, 0) / n;
  const variance = n > 1 ? samples.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1) : 0;
  const median = percentile(samples, 50);
  const deviations = samples.map((v) => Math.abs(v - median)).sort((a, b) => a - b);
  return {
    median,
    p95: percentile(samples, 95),
    min: samples[0],
    max: samples[n - 1],
    mean,
    sd: Math.sqrt(variance),
    mad: percentile(deviations, 50),
    samples,
  };
}

/** How many repetitions were done before an error `repeat` rethrew, of how many planned. */
export interface Repetitions {
  completed: number;
  planned: number;
}

const repetitionsOfError = new WeakMap<object, Repetitions>();

/** The repetitions done before `error` ended them, when `repeat` threw it; null otherwise. */
export function repetitionsOf(error: unknown): Repetitions | null {
  return error && typeof error === 'object' ? (repetitionsOfError.get(error) ?? null) : null;
}

/**
 * Runs `probe` `reps` times in sequence through tinybench and summarizes the values it returns.
 * A probe that throws ends the repetitions and the error is rethrown (the count done so far is
 * kept for `repetitionsOf`).
 */
export async function repeat(
  name: string,
  reps: number,
  probe: () => Promise<number>,
  signal?: AbortSignal,
): Promise<SampleStats> {
  const values: number[] = [];
  const bench = new Bench({ iterations: reps, time: 0, warmup: false, throws: true, signal });
  bench.add(name, async () => {
    const value = await probe();
    values.push(value);
    return { overriddenDuration: Math.max(value, 0) };
  });
  try {
    await bench.run();
    signal?.throwIfAborted();
    if (values.length === 0) throw new Error(`${name}: no repetition completed`);
  } catch (error) {
    if (error && typeof error === 'object') repetitionsOfError.set(error, { completed: values.length, planned: reps });
    throw error;
  }
  return summarize(values);
}
