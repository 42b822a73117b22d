import { describe, expect, it } from 'vitest';
import { TokenScale } from '../../suites/context/tokens.js';

describe('TokenScale', () => {
  it('guesses 4 characters per token until calibrated', () => {
    const scale = new TokenScale();
    expect(scale.calibrated).toBe(false);
    expect(scale.charsFor(1000)).toBe(4000);
  });

  it("takes the server's counts, preferring the largest prompt", () => {
    const scale = new TokenScale();
    scale.observe(3500, 1000);
    expect(scale.charsPerToken).toBeCloseTo(3.5);
    scale.observe(36000, 10000);
    expect(scale.charsPerToken).toBeCloseTo(3.6);
    scale.observe(500, 100);
    expect(scale.charsPerToken).toBeCloseTo(3.6);
    expect(scale.tokensFor(scale.charsFor(5000))).toBeGreaterThanOrEqual(4999);
  });

  it('ignores missing or zero counts', () => {
    const scale = new TokenScale();
    scale.observe(1000, null);
    scale.observe(1000, 0);
    expect(scale.calibrated).toBe(false);
  });
});
