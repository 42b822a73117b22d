import { describe, expect, it } from 'vitest';
import { mapInPool } from '../../src/run/pool.js';

describe('mapInPool', () => {
  it('keeps input order and never exceeds the pool size', async () => {
    let inFlight = 0;
    let peak = 0;
    const result = await mapInPool([30, 10, 20, 5, 15], 2, async (ms, index) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, ms));
      inFlight--;
      return index * 10;
    });
    expect(result).toEqual([0, 10, 20, 30, 40]);
    expect(peak).toBe(2);
  });
  it('starts nothing new after the signal aborts', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const result = await mapInPool(
      [1, 2, 3, 4],
      1,
      async (n) => {
        seen.push(n);
        if (n === 2) controller.abort();
        return n;
      },
      controller.signal,
    );
    expect(seen).toEqual([1, 2]);
    expect(result).toEqual([1, 2]);
  });
});
