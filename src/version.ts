// The harness version, read once from package.json (two levels up from dist/src or src).
import { readFileSync } from 'node:fs';

let cached: string | null = null;

export function harnessVersion(): string {
  if (cached) return cached;
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(candidate, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'claude-code-bench' && pkg.version) return (cached = pkg.version);
    } catch {
      // try the next location
    }
  }
  return (cached = 'unknown');
}
