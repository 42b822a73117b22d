// Real sleeps, so the durations the simulator reports match the wall time a client measures.

export const nowNs = (): bigint => process.hrtime.bigint();

export const elapsedNs = (since: bigint): number => Number(nowNs() - since);

/** Resolves after `ms` or as soon as `signal` aborts (never rejects: the caller checks the signal). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Sleeps until `startNs + offsetMs`, so many small waits do not add up their timer slack. */
export function sleepUntil(startNs: bigint, offsetMs: number, signal?: AbortSignal): Promise<void> {
  return sleep(offsetMs - Number(nowNs() - startNs) / 1e6, signal);
}

/** Milliseconds to process `tokens` at `tokensPerSecond` (0 = instant). */
export const tokensMs = (tokens: number, tokensPerSecond: number): number =>
  tokensPerSecond > 0 ? (tokens / tokensPerSecond) * 1000 : 0;
