// Bad input through the built CLI: every case exits 2 with one message that says what to do, and
// never a stack trace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bench, tempDirs } from './helpers.js';

const dirs = tempDirs('bench-input-');
afterAll(() => dirs.cleanup());

/** Run directories that are not what they claim, made once for every case. */
function badRunDirs() {
  const root = dirs.make();
  const make = (name: string, files: Record<string, string>) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  };
  const start = JSON.stringify({ kind: 'start', runId: 'r1', environment: {}, options: { models: ['sim-good'], suites: ['throughput'], simulated: true, host: '', backend: 'auto', reps: 1, parallel: 1, timeoutMs: 1000, failOn: null, claudeCodeVersion: 'latest' } });
  const runJsonIsADirectory = make('dir-run-json', {});
  mkdirSync(join(runJsonIsADirectory, 'run.json'));
  mkdirSync(join(runJsonIsADirectory, 'journal.jsonl'));
  return {
    empty: make('empty', {}),
    missing: join(root, 'does-not-exist'),
    corruptJson: make('corrupt', { 'run.json': '{"schema": "claude-code-bench/run@1", "records": [', 'journal.jsonl': 'not json\n' }),
    wrongSchema: make('wrong-schema', { 'run.json': JSON.stringify({ hello: 'world' }) }),
    damagedJournal: make('damaged-journal', { 'journal.jsonl': `${start}\n{broken line\n${JSON.stringify({ kind: 'done', model: 'sim-good', suite: 'throughput' })}\n` }),
    runJsonIsADirectory,
  };
}
const bad = badRunDirs();
const aFile = join(bad.wrongSchema, 'run.json');

const noStackTrace = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('usage errors exit 2 with a message saying what to do', () => {
  it.each<[string, string[], NodeJS.ProcessEnv, RegExp]>([
    ['a model name with a space', ['run', '--models', 'llama3.1:8b,bad model'], {}, /--models: "bad model" is not a model name; model names look like llama3\.1:8b/],
    ['an empty model list', ['run', '--models', ' , '], {}, /--models " , ": give at least one model, e\.g\./],
    ['a model listed twice', ['run', '--models', 'a,a'], {}, /--models a,a: a model is listed twice/],
    ['an unknown suite', ['run', '--sim', '--suites', 'throughput,speed'], {}, /--suites: unknown suite speed; valid: throughput, tool-use/],
    ['--reps 0', ['run', '--sim', '--reps', '0'], {}, /--reps 0: must be at least 1/],
    ['--timeout 0', ['run', '--sim', '--timeout', '0'], {}, /--timeout 0: must be at least 1 second/],
    ['--vram banana', ['recommend', '--vram', 'banana'], {}, /--vram: invalid size "banana": expected a number with an optional unit, e\.g\. 24G/],
    ['OLLAMA_HOST ftp://x', ['run', '--models', 'a'], { OLLAMA_HOST: 'ftp://x' }, /OLLAMA_HOST "ftp:\/\/x" must be http:\/\/ or https:\/\//],
    ['OLLAMA_HOST http://[::1', ['run', '--models', 'a'], { OLLAMA_HOST: 'http://[::1' }, /OLLAMA_HOST "http:\/\/\[::1" is not a host or URL; use e\.g\. http:\/\/127\.0\.0\.1:11434/],
    ['OLLAMA_HOST http://[::1 for doctor', ['doctor'], { OLLAMA_HOST: 'http://[::1' }, /OLLAMA_HOST .* is not a host or URL/],
    ['report of an empty directory', ['report', bad.empty], {}, /run\.json: no such file \(not a run directory of this tool\?\)/],
    ['report of a missing directory', ['report', bad.missing], {}, /no such file \(not a run directory of this tool\?\)/],
    ['report of a corrupt run.json', ['report', bad.corruptJson], {}, /run\.json: not valid JSON/],
    ['report of a run.json of another shape', ['report', bad.wrongSchema], {}, /run\.json: not a valid claude-code-bench\/run@2 file/],
    ['report of a run.json that is a directory', ['report', bad.runJsonIsADirectory], {}, /run\.json: EISDIR/],
    ['compare with a corrupt side', ['compare', bad.corruptJson, bad.wrongSchema], {}, /run\.json: not valid JSON/],
    ['compare with a missing side', ['compare', bad.wrongSchema, bad.missing], {}, /not a valid claude-code-bench\/run@2 file|no such file/],
    ['--resume of an empty directory', ['run', '--resume', bad.empty], {}, /--resume .*: no journal\.jsonl with a run start in that directory/],
    ['--resume of a missing directory', ['run', '--resume', bad.missing], {}, /--resume .*: no journal\.jsonl/],
    ['--resume of a corrupt journal', ['run', '--resume', bad.corruptJson], {}, /--resume .*: no journal\.jsonl with a run start/],
  ])('%s', async (_name, args, env, message) => {
    const result = await bench(args, env);
    expect(result.stderr).toMatch(message);
    noStackTrace(result.stderr);
    expect(result.code).toBe(2);
  });
});

// These three exit 1 with a stack trace (or name an option the user never typed) until the
// run.ts / usage.ts changes described in the reliability report are applied.
describe('usage errors that need a fix outside test/ (see docs/failures.md)', () => {
  it('--fail-on with a bad level names --fail-on, as typed', async () => {
    const result = await bench(['run', '--sim', '--fail-on', 'sometimes']);
    expect(result.stderr).toMatch(/--fail-on sometimes: not a level; valid: warn, fail/);
    expect(result.code).toBe(2);
  });

  it('--resume of a journal damaged in the middle says so, without a stack trace', async () => {
    const result = await bench(['run', '--resume', bad.damagedJournal]);
    expect(result.stderr).toMatch(/--resume .*journal\.jsonl:2/);
    noStackTrace(result.stderr);
    expect(result.code).toBe(2);
  });

  it('--resume where journal.jsonl is not a readable file says so, without a stack trace', async () => {
    const result = await bench(['run', '--resume', bad.runJsonIsADirectory]);
    expect(result.stderr).toMatch(/--resume /);
    noStackTrace(result.stderr);
    expect(result.code).toBe(2);
  });

  it('--out under a file (not a directory we can create) says so, without a stack trace', async () => {
    const result = await bench(['run', '--sim', '--models', 'sim-instant', '--suites', 'throughput', '--out', join(aFile, 'sub')]);
    expect(result.stderr).toMatch(/--out /);
    noStackTrace(result.stderr);
    expect(result.code).toBe(2);
  });
});
