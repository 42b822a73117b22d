// Finding the largest length that still "fits": a doubling ladder, then binary search between the
// last length that fit and the first that did not. Pure: the probe is passed in.

/** What one probe at a length says: it fit, it was lost, or measuring must stop (error, abort). */
export type ProbeVerdict = { kind: 'fits' } | { kind: 'lost' } | { kind: 'stop'; reason: string };

export interface SearchStep {
  length: number;
  verdict: ProbeVerdict['kind'];
  reason?: string;
}

export interface SearchResult {
  /** Largest probed length that fit; null when none did. */
  largestFit: number | null;
  /** Smallest probed length that did not fit; null when every rung fit. */
  smallestLoss: number | null;
  /** Set when a probe said stop: the result is then a lower bound. */
  stopped: { length: number; reason: string } | null;
  steps: SearchStep[];
}

export interface SearchOptions {
  /** Stop bisecting when smallestLoss - largestFit is at most this. */
  resolution: number;
  /** Bisection points are rounded to a multiple of this. */
  granularity: number;
}

export const DEFAULT_SEARCH: SearchOptions = { resolution: 1024, granularity: 256 };

/** Powers of two from `start` while below `top`, then `top` itself (e.g. 4096, 8192, …, 131072). */
export function lengthLadder(start: number, top: number): number[] {
  if (top <= start) return [top];
  const rungs: number[] = [];
  for (let length = start; length < top; length *= 2) rungs.push(length);
  rungs.push(top);
  return rungs;
}

/** The point between two lengths to probe next, or null when none is left at this granularity. */
export function bisectionPoint(low: number, high: number, granularity: number): number | null {
  const middle = Math.round((low + high) / 2 / granularity) * granularity;
  return middle > low && middle < high ? middle : null;
}

/** A search under way: its result so far, and `run` to probe one length into it. */
export function startSearch(probe: (length: number) => Promise<ProbeVerdict>): {
  result: SearchResult;
  run: (length: number) => Promise<ProbeVerdict>;
} {
  const result: SearchResult = { largestFit: null, smallestLoss: null, stopped: null, steps: [] };
  const run = async (length: number): Promise<ProbeVerdict> => {
    const verdict = await probe(length);
    result.steps.push({
      length,
      verdict: verdict.kind,
      ...(verdict.kind === 'stop' ? { reason: verdict.reason } : {}),
    });
    if (verdict.kind === 'fits') result.largestFit = Math.max(result.largestFit ?? 0, length);
    else if (verdict.kind === 'lost') result.smallestLoss = Math.min(result.smallestLoss ?? length, length);
    else result.stopped = { length, reason: verdict.reason };
    return verdict;
  };
  return { result, run };
}

/** Bisects between the largest fit (or 0) and the smallest loss down to `resolution`. */
export async function bisect(
  result: SearchResult,
  run: (length: number) => Promise<ProbeVerdict>,
  options: SearchOptions,
): Promise<void> {
  while (result.smallestLoss !== null && result.stopped === null) {
    const low = result.largestFit ?? 0;
    if (result.smallestLoss - low <= options.resolution) break;
    const next = bisectionPoint(low, result.smallestLoss, options.granularity);
    if (next === null) break;
    if ((await run(next)).kind === 'stop') break;
  }
}

/**
 * Climbs `rungs` until a probe is lost, then bisects down to `resolution`. Assumes monotonicity
 * (what fits at n fits below n). When even the first rung is lost it bisects from 0.
 */
export async function searchLargestFit(
  rungs: readonly number[],
  probe: (length: number) => Promise<ProbeVerdict>,
  options: SearchOptions = DEFAULT_SEARCH,
): Promise<SearchResult> {
  const { result, run } = startSearch(probe);
  for (const rung of rungs) {
    const verdict = await run(rung);
    if (verdict.kind === 'stop') return result;
    if (verdict.kind === 'lost') break;
  }
  await bisect(result, run, options);
  return result;
}

/**
 * The claimed length first: one probe when it fits (the usual case). On a loss it halves down
 * (top/2, top/4, … while at least `floor`) until a length fits, then bisects between that and the
 * smallest loss; below `floor` it bisects from 0. Assumes monotonicity, like searchLargestFit.
 */
export async function searchFromTop(
  top: number,
  floor: number,
  probe: (length: number) => Promise<ProbeVerdict>,
  options: SearchOptions = DEFAULT_SEARCH,
): Promise<SearchResult> {
  const { result, run } = startSearch(probe);
  let verdict = await run(top);
  // Halving down: each length a new prompt, until one fits.
  for (let length = Math.floor(top / 2); verdict.kind === 'lost' && length >= floor; length = Math.floor(length / 2))
    verdict = await run(length);
  if (verdict.kind === 'stop') return result;
  await bisect(result, run, options);
  return result;
}

/**
 * Bisects between two lengths already probed: `fit` fitted (null: none did) and `loss` was lost,
 * e.g. when the context the server reports turned out not to hold.
 */
export async function searchBetween(
  fit: number | null,
  loss: number,
  probe: (length: number) => Promise<ProbeVerdict>,
  options: SearchOptions = DEFAULT_SEARCH,
): Promise<SearchResult> {
  const { result, run } = startSearch(probe);
  result.largestFit = fit;
  result.smallestLoss = loss;
  await bisect(result, run, options);
  return result;
}
