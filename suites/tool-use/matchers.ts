// Compares one argument value with what a probe expects, after the normalisers a fair judge allows.
import { posix } from 'node:path';
import type { ArgMatcher } from './types.js';

const collapse = (text: string) => text.trim().replace(/\s+/g, ' ');

export function normalisePath(path: string): string {
  const normal = posix.normalize(path.trim());
  return normal.length > 1 ? normal.replace(/\/+$/, '') : normal;
}

/** `cd /somewhere && npm test` runs the same command as `npm test` for our purposes. */
export function normaliseCommand(command: string): string {
  return collapse(command)
    .replace(/^cd\s+\S+\s*&&\s*/, '')
    .replace(/;$/, '');
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function argMatches(matcher: ArgMatcher, actual: unknown): boolean {
  switch (matcher.kind) {
    case 'exact':
      return deepEqual(actual, matcher.value);
    case 'oneOf':
      return matcher.values.some((value) => deepEqual(actual, value));
    case 'path':
      return typeof actual === 'string' && normalisePath(actual) === normalisePath(matcher.value);
    case 'text':
      return typeof actual === 'string' && collapse(actual) === collapse(matcher.value);
    case 'command':
      return typeof actual === 'string' && normaliseCommand(actual) === normaliseCommand(matcher.value);
    case 'includes':
      return typeof actual === 'string' && actual.toLowerCase().includes(matcher.value.toLowerCase());
    case 'items': {
      if (!Array.isArray(actual) || actual.length !== matcher.count) return false;
      const field = matcher.field;
      const texts = actual.map((item) => String((item as Record<string, unknown> | null)?.[field] ?? '').toLowerCase());
      return matcher.includes.every((needle) => texts.some((text) => text.includes(needle.toLowerCase())));
    }
  }
}

/** A short description of what was expected, for the failure reason. */
export function describeMatcher(matcher: ArgMatcher): string {
  switch (matcher.kind) {
    case 'oneOf':
      return `one of ${JSON.stringify(matcher.values)}`;
    case 'includes':
      return `text including ${JSON.stringify(matcher.value)}`;
    case 'items':
      return `${matcher.count} items mentioning ${JSON.stringify(matcher.includes)}`;
    default:
      return JSON.stringify(matcher.value);
  }
}
