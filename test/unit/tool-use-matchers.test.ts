import { describe, expect, it } from 'vitest';
import { argMatches, normaliseCommand, normalisePath } from '../../suites/tool-use/matchers.js';

describe('normalisers', () => {
  it('normalises paths', () => {
    expect(normalisePath('/home/dev//app/./src/../src/x.ts')).toBe('/home/dev/app/src/x.ts');
    expect(normalisePath('/home/dev/app/src/')).toBe('/home/dev/app/src');
    expect(normalisePath('/')).toBe('/');
    expect(normalisePath('src/x.ts')).toBe('src/x.ts');
  });

  it('normalises commands', () => {
    expect(normaliseCommand('  npm   test ')).toBe('npm test');
    expect(normaliseCommand('cd /home/dev/app && npm test')).toBe('npm test');
    expect(normaliseCommand('npm test;')).toBe('npm test');
    expect(normaliseCommand('npm test && npm run lint')).toBe('npm test && npm run lint');
  });
});

describe('argMatches', () => {
  it('compares exact values deeply', () => {
    expect(argMatches({ kind: 'exact', value: { a: [1, 2] } }, { a: [1, 2] })).toBe(true);
    expect(argMatches({ kind: 'exact', value: 1 }, '1')).toBe(false);
  });

  it('accepts one of several values', () => {
    expect(argMatches({ kind: 'oneOf', values: ['content', 'count'] }, 'count')).toBe(true);
    expect(argMatches({ kind: 'oneOf', values: ['content', 'count'] }, 'files')).toBe(false);
  });

  it('does not accept a relative path for an absolute one', () => {
    expect(argMatches({ kind: 'path', value: '/home/dev/app/src/x.ts' }, 'src/x.ts')).toBe(false);
    expect(argMatches({ kind: 'path', value: '/home/dev/app/src' }, '/home/dev/app/src/')).toBe(true);
  });

  it('compares text after collapsing whitespace, and not case-blind', () => {
    expect(argMatches({ kind: 'text', value: 'buy milk' }, ' buy  milk\n')).toBe(true);
    expect(argMatches({ kind: 'text', value: 'buy milk' }, 'Buy milk')).toBe(false);
    expect(argMatches({ kind: 'text', value: 'buy milk' }, 42)).toBe(false);
  });

  it('finds substrings regardless of case', () => {
    expect(argMatches({ kind: 'includes', value: 'install' }, 'npm INSTALL vitest')).toBe(true);
    expect(argMatches({ kind: 'includes', value: 'install' }, 'npm ci')).toBe(false);
  });

  it('checks item lists by count and mentions', () => {
    const matcher = { kind: 'items', count: 2, field: 'content', includes: ['login', 'readme'] } as const;
    expect(argMatches(matcher, [{ content: 'Add the login form' }, { content: 'Update README.md' }])).toBe(true);
    expect(argMatches(matcher, [{ content: 'Add the login form' }, { content: 'Write tests' }])).toBe(false);
    expect(argMatches(matcher, [{ content: 'Add the login form and update the README' }])).toBe(false);
    expect(argMatches(matcher, 'login; readme')).toBe(false);
  });
});
