// `bench report` and `bench compare` as a user runs them: the built CLI, on runs made by the
// simulator, with the exit codes CI relies on (0 ok, 1 regression, 2 usage or unreadable input).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comparison } from '../../src/compare/types.js';
import type { RunFile } from '../../src/types.js';
import { bench } from '../ci/processes.js';

const work = mkdtempSync(join(tmpdir(), 'bench-report-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const dir = (name: string) => join(work, name);
const readRun = (path: string): RunFile => JSON.parse(readFileSync(join(path, 'run.json'), 'utf8'));

beforeAll(async () => {
  // The same model twice, one run after the other: the second must win the merge.
  for (const name of ['first', 'second']) {
    const result = await bench([
      'run',
      '--sim',
      '--models',
      'sim-good',
      '--suites',
      'throughput',
      '--reps',
      '3',
      '--out',
      dir(name),
    ]);
    if (result.code !== 0) throw new Error(`bench run failed: ${result.stderr}`);
  }
}, 300_000);

describe('bench report', () => {
  it('merges the same model from two runs: the later run wins, and it says so', async () => {
    const result = await bench(['report', dir('second'), dir('first'), '--out', dir('merged')]);
    expect(result.code, result.stderr).toBe(0);
    const second = readRun(dir('second'));
    const first = readRun(dir('first'));
    expect(result.stdout).toContain(`sim-good / throughput: kept ${second.runId}`);
    expect(result.stdout).toContain(`dropped ${first.runId}`);
    const merged = readRun(dir('merged'));
    expect(new Set(merged.records.map((r) => r.run_id))).toEqual(new Set([second.runId]));
    expect(merged.records.map((r) => r.metric)).toEqual(second.records.map((r) => r.metric));
    expect(readFileSync(join(dir('merged'), 'report.md'), 'utf8')).toContain('Replaced by a later run');
    expect(readFileSync(join(dir('merged'), 'results.csv'), 'utf8')).toContain(second.runId);
  });

  it.each([
    [
      'a directory without run.json',
      () => {
        mkdirSync(dir('empty'), { recursive: true });
        return dir('empty');
      },
      'run.json: no such file',
    ],
    [
      'a run.json that is not JSON',
      () => {
        mkdirSync(dir('garbled'), { recursive: true });
        writeFileSync(join(dir('garbled'), 'run.json'), 'not json');
        return dir('garbled');
      },
      'not valid JSON',
    ],
    [
      'a run.json of another schema',
      () => {
        mkdirSync(dir('other'), { recursive: true });
        writeFileSync(join(dir('other'), 'run.json'), '{"schema":"x"}');
        return dir('other');
      },
      'not a valid claude-code-bench/run@2 file',
    ],
  ])('refuses %s: exit 2, naming the file', async (_what, make, message) => {
    const bad = make();
    const result = await bench(['report', dir('first'), bad, '--out', dir('never')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(join(bad, 'run.json'));
    expect(result.stderr).toContain(message);
  });

  it('needs at least one directory (exit 2)', async () => {
    expect((await bench(['report'])).code).toBe(2);
  });
});

describe('bench compare', () => {
  it('--json prints the comparison as data, and the exit code follows its regressions', async () => {
    // Two real runs of one simulated model: wall-clock metrics may move on a busy machine, so the
    // test checks that the exit code agrees with what was found, not that nothing was.
    const result = await bench([
      'compare',
      dir('first'),
      join(dir('second'), 'run.json'),
      '--threshold',
      '50%',
      '--json',
    ]);
    const comparison = JSON.parse(result.stdout) as Comparison;
    expect(comparison.threshold).toBe(0.5);
    expect(comparison.metrics.map((m) => m.metric)).toContain('decode_tps');
    expect(result.code).toBe(comparison.regressions > 0 ? 1 : 0);
  });

  it('the same run against itself is no regression (exit 0)', async () => {
    const result = await bench(['compare', dir('first'), dir('first')]);
    expect(result.code, result.stdout).toBe(0);
    expect(result.stdout).toContain('**No regression.**');
  });

  it.each([
    [['compare', 'only-one']],
    [['compare', 'a', 'b', '--threshold', 'lots']],
    [['compare', 'no-such-dir', 'no-such-dir']],
  ])('%j is a usage error (exit 2)', async (args) => {
    const result = await bench(args.map((arg) => (arg === 'a' || arg === 'b' ? dir('first') : arg)));
    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe('');
  });
});
