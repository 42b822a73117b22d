import { describe, expect, it } from 'vitest';
import { countTokens, splitTokens } from '../../src/sim/tokens.js';

describe('sim tokens', () => {
  it('counts one token per started group of 4 characters', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('abc')).toBe(1);
    expect(countTokens('abcd')).toBe(1);
    expect(countTokens('abcde')).toBe(2);
    expect(countTokens('x'.repeat(4000))).toBe(1000);
  });

  it('splits text into token pieces that join back to the text', () => {
    const text = 'The secret code is 42, of course.';
    const pieces = splitTokens(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces).toHaveLength(countTokens(text));
    expect(pieces.every((piece) => piece.length <= 4)).toBe(true);
  });
});
