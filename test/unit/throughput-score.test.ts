import { describe, expect, it } from 'vitest';
import { atLeast, atMost, decodeTokensFor, looksTruncated, tokensPerSecond } from '../../suites/throughput/score.js';

describe('throughput scoring', () => {
  it('computes tokens per second from nanosecond durations', () => {
    expect(tokensPerSecond(100, 2e9)).toBe(50);
    expect(tokensPerSecond(0, 1e9)).toBeNaN();
    expect(tokensPerSecond(10, 0)).toBeNaN();
  });
  it('grades higher-is-better and lower-is-better numbers', () => {
    const limits = { pass: 20, warn: 8 };
    expect(atLeast(25, limits)).toBe('pass');
    expect(atLeast(10, limits)).toBe('warn');
    expect(atLeast(2, limits)).toBe('fail');
    expect(atLeast(Number.NaN, limits)).toBe('error');
    expect(atMost(5, { pass: 10, warn: 30 })).toBe('pass');
    expect(atMost(20, { pass: 10, warn: 30 })).toBe('warn');
    expect(atMost(40, { pass: 10, warn: 30 })).toBe('fail');
  });
  it('flags a prompt the server counted far shorter than sent', () => {
    expect(looksTruncated(4096, 13000)).toBe(true);
    expect(looksTruncated(12500, 13000)).toBe(false);
    expect(looksTruncated(null, 13000)).toBe(false);
  });
  it('sizes decode repetitions to about four seconds, within 16..128 tokens', () => {
    expect(decodeTokensFor(150)).toBe(128);
    expect(decodeTokensFor(10)).toBe(40);
    expect(decodeTokensFor(2)).toBe(16);
    expect(decodeTokensFor(Number.NaN)).toBe(16);
  });
});
