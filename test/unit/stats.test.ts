import { describe, expect, it } from 'vitest';
import { mean, median, percentile, repeat, round, summarize } from '../../src/shared/stats.js';

describe('percentile', () => {
  it('uses the nearest rank', () => {
    const sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(percentile(sorted, 50)).toBe(5);
    expect(percentile(sorted, 95)).toBe(10);
    expect(percentile(sorted, 10)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('round, median, mean', () => {
  it('rounds to the digits asked for', () => {
    expect(round(2.345, 1)).toBe(2.3);
    expect(round(2.35, 1)).toBe(2.4);
    expect(round(1234.5)).toBe(1235);
    expect(round(0.66666, 3)).toBe(0.667);
  });

  it('takes the median of unsorted values by nearest rank, NaN of none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2);
    expect(median([])).toBeNaN();
  });

  it('takes the mean, 0 of none', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean([])).toBe(0);
  });
});

describe('summarize', () => {
  it('computes median, spread and extremes of unsorted samples', () => {
    const stats = summarize([10, 30, 20, 40, 1000]);
    expect(stats.median).toBe(30);
    expect(stats.min).toBe(10);
    expect(stats.max).toBe(1000);
    expect(stats.mean).toBe(220);
    // deviations from the median 30: 20, 0, 10, 10, 970 → median 10
    expect(stats.mad).toBe(10);
    expect(stats.samples).toEqual([10, 20, 30, 40, 1000]);
  });
  it('has zero spread for one sample', () => {
    const stats = summarize([7]);
    expect(stats.sd).toBe(0);
    expect(stats.p95).toBe(7);
  });
});

describe('repeat', () => {
  it('runs the probe reps times and summarizes what it returned', async () => {
    let calls = 0;
    const stats = await repeat('probe', 4, async () => ++calls * 10);
    expect(calls).toBe(4);
    expect(stats.samples).toEqual([10, 20, 30, 40]);
    expect(stats.median).toBe(20);
  });
  it('rethrows a failing probe', async () => {
    await expect(
      repeat('probe', 3, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });
});
