import { describe, expect, it } from 'vitest';
import {
  bisectionPoint,
  DEFAULT_SEARCH,
  lengthLadder,
  searchBetween,
  searchFromTop,
  searchLargestFit,
  type ProbeVerdict,
} from '../../suites/context/search.js';

/** A fake probe: everything up to `limit` fits. Records every length asked. */
function thresholdProbe(limit: number) {
  const asked: number[] = [];
  const probe = async (length: number): Promise<ProbeVerdict> => {
    asked.push(length);
    return length <= limit ? { kind: 'fits' } : { kind: 'lost' };
  };
  return { probe, asked };
}

describe('lengthLadder', () => {
  it('doubles from the start and ends at the top', () => {
    expect(lengthLadder(4096, 131072)).toEqual([4096, 8192, 16384, 32768, 65536, 131072]);
    expect(lengthLadder(4096, 40960)).toEqual([4096, 8192, 16384, 32768, 40960]);
    expect(lengthLadder(4096, 8192)).toEqual([4096, 8192]);
    expect(lengthLadder(4096, 2048)).toEqual([2048]);
  });
});

describe('bisectionPoint', () => {
  it('returns a rounded point strictly between, or null', () => {
    expect(bisectionPoint(4096, 8192, 256)).toBe(6144);
    expect(bisectionPoint(4096, 4352, 256)).toBeNull();
    const point = bisectionPoint(1000, 3000, 256);
    expect(point! > 1000 && point! < 3000 && point! % 256 === 0).toBe(true);
  });
});

describe('searchLargestFit', () => {
  const rungs = lengthLadder(4096, 131072);

  it.each([1500, 3000, 4096, 5000, 8191, 30000, 65536, 70000, 100000, 131071])(
    'brackets a limit of %i to the resolution',
    async (limit) => {
      const { probe, asked } = thresholdProbe(limit);
      const result = await searchLargestFit(rungs, probe);
      expect(result.largestFit === null || result.largestFit <= limit).toBe(true);
      expect(result.smallestLoss).not.toBeNull();
      expect(result.smallestLoss!).toBeGreaterThan(limit);
      expect(result.smallestLoss! - (result.largestFit ?? 0)).toBeLessThanOrEqual(DEFAULT_SEARCH.resolution);
      expect(new Set(asked).size).toBe(asked.length);
      expect(result.stopped).toBeNull();
    },
  );

  it('reports the top rung when everything fits', async () => {
    const { probe, asked } = thresholdProbe(1e9);
    const result = await searchLargestFit(rungs, probe);
    expect(result).toMatchObject({ largestFit: 131072, smallestLoss: null, stopped: null });
    expect(asked).toEqual(rungs);
  });

  it('stops at a probe that says stop and keeps what it had', async () => {
    const asked: number[] = [];
    const result = await searchLargestFit(rungs, async (length) => {
      asked.push(length);
      return length >= 16384 ? { kind: 'stop', reason: 'timed out' } : { kind: 'fits' };
    });
    expect(result).toMatchObject({
      largestFit: 8192,
      smallestLoss: null,
      stopped: { length: 16384, reason: 'timed out' },
    });
    expect(asked).toEqual([4096, 8192, 16384]);
  });

  it('stops when a bisection probe says stop', async () => {
    const result = await searchLargestFit(rungs, async (length) =>
      length <= 8192 ? { kind: 'fits' } : length === 16384 ? { kind: 'lost' } : { kind: 'stop', reason: 'aborted' },
    );
    expect(result.largestFit).toBe(8192);
    expect(result.smallestLoss).toBe(16384);
    expect(result.stopped?.reason).toBe('aborted');
  });
});

describe('searchFromTop: the claimed length first, a search only on a miss', () => {
  it('one probe when the top fits', async () => {
    const { probe, asked } = thresholdProbe(1_000_000);
    const result = await searchFromTop(131072, 4096, probe);
    expect(asked).toEqual([131072]);
    expect(result).toMatchObject({ largestFit: 131072, smallestLoss: null, stopped: null });
  });

  it('on a miss halves down until a length fits, then bisects to the resolution', async () => {
    const { probe, asked } = thresholdProbe(40000);
    const result = await searchFromTop(131072, 4096, probe);
    expect(asked.slice(0, 3)).toEqual([131072, 65536, 32768]);
    expect(result.largestFit).toBeLessThanOrEqual(40000);
    expect(result.smallestLoss! - result.largestFit!).toBeLessThanOrEqual(DEFAULT_SEARCH.resolution);
    expect(40000 - result.largestFit!).toBeLessThan(DEFAULT_SEARCH.resolution);
  });

  it('below the floor it bisects from 0, and a stop ends the search as a lower bound', async () => {
    const { probe } = thresholdProbe(1500);
    const result = await searchFromTop(16384, 4096, probe);
    expect(result.largestFit).toBeLessThanOrEqual(1500);
    expect(result.smallestLoss).toBeGreaterThan(1500);
    const stopping = async (length: number): Promise<ProbeVerdict> =>
      length < 131072 ? { kind: 'stop', reason: 'aborted' } : { kind: 'lost' };
    const stopped = await searchFromTop(131072, 4096, stopping);
    expect(stopped).toMatchObject({ largestFit: null, smallestLoss: 131072, stopped: { length: 65536 } });
  });
});

describe('searchBetween', () => {
  it('bisects between two lengths already probed, without probing them again', async () => {
    const { probe, asked } = thresholdProbe(20000);
    const result = await searchBetween(16384, 32768, probe);
    expect(asked).not.toContain(16384);
    expect(asked).not.toContain(32768);
    expect(result.smallestLoss! - result.largestFit!).toBeLessThanOrEqual(DEFAULT_SEARCH.resolution);
  });
});
