import { describe, expect, it } from 'vitest';
import {
  buildHaystack,
  needlePrompt,
  needleQuestion,
  needleSentence,
  seededRandom,
} from '../../suites/context/haystack.js';

const spec = { seed: 'model/effective/8192', chars: 20_000, depths: [0, 0.5, 1], distractorCount: 4 };

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('seededRandom', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seededRandom('x');
    const b = seededRandom('x');
    const c = seededRandom('y');
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    for (const value of first) expect(value >= 0 && value < 1).toBe(true);
  });
});

describe('buildHaystack', () => {
  it('is deterministic for a seed', () => {
    expect(buildHaystack(spec)).toEqual(buildHaystack(spec));
  });

  it('differs between seeds (so consecutive probes share no prompt prefix)', () => {
    const other = buildHaystack({ ...spec, seed: 'model/effective/16384' });
    const mine = buildHaystack(spec);
    expect(other.text.slice(0, 200)).not.toEqual(mine.text.slice(0, 200));
    expect(other.needles.map((n) => n.value)).not.toEqual(mine.needles.map((n) => n.value));
  });

  it.each([500, 4_000, 50_000, 400_000])('meets a target of %i characters to within one sentence', (chars) => {
    const { text } = buildHaystack({ ...spec, chars });
    expect(Math.abs(text.length - chars)).toBeLessThan(120);
  });

  it('places each needle once, at its depth', () => {
    const haystack = buildHaystack(spec);
    const [start, middle, end] = haystack.needles;
    expect(haystack.text.startsWith(needleSentence(start))).toBe(true);
    expect(haystack.text.endsWith(needleSentence(end))).toBe(true);
    const position = haystack.text.indexOf(needleSentence(middle)) / haystack.text.length;
    expect(position).toBeGreaterThan(0.4);
    expect(position).toBeLessThan(0.6);
    for (const needle of [...haystack.needles, ...haystack.distractors])
      expect(countOf(haystack.text, needleSentence(needle))).toBe(1);
  });

  it('has distractors with other keys and values, and no other needle-like text', () => {
    const haystack = buildHaystack(spec);
    expect(haystack.distractors).toHaveLength(4);
    const keys = [...haystack.needles, ...haystack.distractors].map((n) => n.key);
    const values = [...haystack.needles, ...haystack.distractors].map((n) => n.value);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(values).size).toBe(values.length);
    expect(countOf(haystack.text, 'secret')).toBe(7);
    for (const d of haystack.distractors) expect(d.depth > 0 && d.depth < 1).toBe(true);
  });
});

describe('needlePrompt', () => {
  it('ends with the question in the phrasing docs/simulator.md names, after the notes', () => {
    const haystack = buildHaystack(spec);
    const key = haystack.needles[1].key;
    const prompt = needlePrompt(haystack, key);
    expect(prompt.endsWith(needleQuestion(key))).toBe(true);
    expect(prompt.indexOf(haystack.text)).toBeLessThan(prompt.indexOf(needleQuestion(key)));
    expect(new RegExp(`what is the secret (code|number|word) (for|of) ${key}\\b`, 'i').test(prompt)).toBe(true);
    expect(countOf(prompt.toLowerCase(), 'what is the secret')).toBe(1);
  });
});
