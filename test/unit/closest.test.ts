import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from '../../src/cli/closest.js';

const SUITES = ['throughput', 'tool-use', 'context', 'memory', 'agent'];
const MODELS = ['sim-good', 'sim-instant', 'sim-slow', 'qwen2.5-coder:7b', 'llama3.1:8b'];

describe('editDistance', () => {
  it('counts inserts, deletes, substitutions and swaps', () => {
    expect(editDistance('tool-use', 'tool-use')).toBe(0);
    expect(editDistance('toolz', 'tool-use')).toBe(4);
    expect(editDistance('memroy', 'memory')).toBe(1);
    expect(editDistance('Context', 'context')).toBe(0);
  });
});

describe('closestMatch', () => {
  it('finds the valid value a typo was meant to be', () => {
    expect(closestMatch('toolz', SUITES)).toBe('tool-use');
    expect(closestMatch('memroy', SUITES)).toBe('memory');
    expect(closestMatch('sim-god', MODELS)).toBe('sim-good');
    expect(closestMatch('qwen2.5-coder', MODELS)).toBe('qwen2.5-coder:7b');
    expect(closestMatch('llama3.1', MODELS)).toBe('llama3.1:8b');
  });

  it('returns null when nothing is near', () => {
    expect(closestMatch('banana', SUITES)).toBeNull();
    expect(closestMatch('', SUITES)).toBeNull();
    expect(closestMatch('x', [])).toBeNull();
  });

  it('prefers a near typo over a mere containment', () => {
    expect(closestMatch('sim-slw', MODELS)).toBe('sim-slow');
  });

  it('didYouMean phrases it for an error line', () => {
    expect(didYouMean('toolz', SUITES)).toBe('; did you mean tool-use?');
    expect(didYouMean('banana', SUITES)).toBe('');
  });
});
