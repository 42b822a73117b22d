// The session traces shipped with the harness (recorded from Claude Code 2.1.332), and where they are.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadTrace, type SessionTrace, type TraceVariant } from './trace.js';

/** The Claude Code version the shipped traces were recorded with. */
export const FIXTURE_CLAUDE_CODE_VERSION = '2.1.332';

export const traceFileName = (variant: TraceVariant): string =>
  variant === 'default' ? 'default.jsonl' : 'cache-settings.jsonl';

/** test/fixtures/session, found from this file in src or in dist. */
export function fixtureDir(): string {
  let dir = import.meta.dirname;
  for (let depth = 0; depth < 6; depth++) {
    const candidate = path.join(dir, 'test', 'fixtures', 'session');
    if (existsSync(path.join(candidate, traceFileName('default')))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error('the session traces (test/fixtures/session) are not next to the claude-code-bench package');
}

export async function loadFixtureTrace(variant: TraceVariant): Promise<SessionTrace> {
  return loadTrace(path.join(fixtureDir(), traceFileName(variant)));
}
