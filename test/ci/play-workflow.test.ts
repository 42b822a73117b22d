// Plays the nightly workflow locally against the simulator, with the workflow's own scripts: two
// shard runs (the matrix), the merge (bench report), and the compare gate against an unchanged
// baseline (exit 0) and against baselines with an injected regression (exit 1).
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunFile } from '../../src/types.js';
import { bench, workflowScript, type Finished } from './processes.js';

const work = mkdtempSync(join(tmpdir(), 'bench-play-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SHARDS = { a: 'sim-good', b: 'sim-spill' } as const;
const merged = join(work, 'merged');
const summary = join(work, 'step-summary.md');

function readRun(dir: string): RunFile & { sources?: { runId: string; simulated: boolean }[] } {
  return JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
}

/** A copy of the merged run with `edit` applied to it, as another run directory. */
function editedCopy(name: string, edit: (run: RunFile) => void): string {
  const dir = join(work, name);
  cpSync(merged, dir, { recursive: true });
  const run = readRun(dir);
  edit(run);
  writeFileSync(join(dir, 'run.json'), JSON.stringify(run));
  return dir;
}

let shardRuns: Finished[] = [];
let merge: Finished;
beforeAll(async () => {
  // The matrix: one job per model, at the same time.
  shardRuns = await Promise.all(
    Object.entries(SHARDS).map(([dir, model]) =>
      bench([
        'run',
        '--sim',
        '--models',
        model,
        '--suites',
        'throughput,memory',
        '--reps',
        '1',
        '--out',
        join(work, dir),
      ]),
    ),
  );
  // A shard that died before writing its report: the merge leaves it out with a warning.
  mkdirSync(join(work, 'c'));
  writeFileSync(join(work, 'c', 'journal.jsonl'), '');
  merge = await workflowScript('merge-shards.sh', [merged, join(work, 'a'), join(work, 'b'), join(work, 'c')], {
    GITHUB_STEP_SUMMARY: summary,
  });
}, 300_000);

describe('the nightly workflow, played against the simulator', () => {
  it('each shard run finishes and writes its run.json', () => {
    expect(shardRuns.map((r) => r.code)).toEqual([0, 0]);
    for (const [dir, model] of Object.entries(SHARDS)) expect(readRun(join(work, dir)).options.models).toEqual([model]);
  });

  it('the merge holds both shards, keeps their environments, and writes the report into the step summary', () => {
    expect(merge.code, merge.stderr).toBe(0);
    expect(merge.stdout).toContain(`${join(work, 'c')} has no run.json`);
    const run = readRun(merged);
    expect(run.options.models.sort()).toEqual(Object.values(SHARDS).sort());
    expect(run.sources?.map((s) => s.runId).sort()).toEqual(
      Object.keys(SHARDS)
        .map((dir) => readRun(join(work, dir)).runId)
        .sort(),
    );
    expect(run.environment.simulated).toBe(true);
    expect(run.records.every((r) => r.data?.simulated === true)).toBe(true);
    const report = readFileSync(join(merged, 'report.md'), 'utf8');
    expect(readFileSync(summary, 'utf8')).toContain(report);
    expect(report).toContain('SIMULATED');
    for (const model of Object.values(SHARDS)) expect(report).toContain(`<summary><strong>${model}</strong>`);
  });

  it('compare against an unchanged baseline passes (exit 0)', async () => {
    const result = await workflowScript('compare.sh', [merged, merged], { GITHUB_STEP_SUMMARY: summary });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('No regression');
  });

  it('compare fails (exit 1) when decode_tps fell far beyond the threshold and the spread', async () => {
    const baseline = editedCopy('fast-baseline', (run) => {
      const decode = run.records.find((r) => r.model === 'sim-good' && r.metric === 'decode_tps');
      if (typeof decode?.value !== 'number') throw new Error('the sim-good shard recorded no decode_tps');
      decode.value *= 10;
    });
    const result = await workflowScript('compare.sh', [baseline, merged, '10%'], { GITHUB_STEP_SUMMARY: summary });
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/\| sim-good \| throughput \| decode\\_tps \|.*worse/);
    expect(readFileSync(summary, 'utf8')).toMatch(/\*\*\d+ regressions?\.\*\*/);
  });

  it('compare fails (exit 1) when a result that passed now fails', async () => {
    const current = editedCopy('now-failing', (run) => {
      const passed = run.records.find(
        (r) => r.model === 'sim-good' && r.metric === 'decode_tps' && r.status === 'pass',
      );
      if (!passed) throw new Error('the sim-good shard recorded no pass');
      passed.status = 'fail';
    });
    const result = await bench(['compare', merged, current]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('status dropped');
    expect(result.stdout).toContain('**dropped**');
  });

  it('compare of a corrupt run.json is a usage error (exit 2) naming the file', async () => {
    const corrupt = join(work, 'corrupt');
    mkdirSync(corrupt);
    writeFileSync(join(corrupt, 'run.json'), '{"schema": "claude-code-bench/run@1"');
    const result = await workflowScript('compare.sh', [merged, corrupt]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(join(corrupt, 'run.json'));
  });
});
