import { describe, expect, it } from 'vitest';
import { parseThreshold } from '../../src/compare/threshold.js';

describe('parseThreshold', () => {
  it.each([
    ['10%', 0.1],
    ['10', 0.1],
    ['2.5%', 0.025],
    [' 0 % ', 0],
  ])('%j → %d', (text, expected) => {
    expect(parseThreshold(text)).toBeCloseTo(expected);
  });

  it.each(['', 'ten', '-5%', '10%%', '5e2', '2000%'])('refuses %j with a reason', (text) => {
    expect(() => parseThreshold(text)).toThrow(RangeError);
  });
});
