// bench report's merge: the latest run wins per model × suite, every source is kept, simulated
// rows stay marked. Runs are hand-built (test/helpers/run-fixtures).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRunFile } from '../../src/run/run-file.js';
import { mergeBanner, mergeNotes, mergeRuns, writeMergedReports, type MergeInput } from '../../src/report/merge.js';
import { runCostOf } from '../../src/run/cost.js';
import type { ResultRecord, RunFile, SuiteCost, SuiteId } from '../../src/types.js';
import { record, runOf } from '../helpers/run-fixtures.js';

function runAt(runId: string, startedAt: string, records: ResultRecord[], simulated = false): RunFile {
  const base = runOf(
    records.map((r) => ({ ...r, run_id: runId })),
    simulated,
  );
  return { ...base, runId, environment: { ...base.environment, startedAt, endedAt: startedAt.replace('T03', 'T04') } };
}

const rec = (model: string, suite: ResultRecord['suite'], metric: string, value: number) =>
  record({ model, suite, metric, value, status: 'pass' });
const merged = { runId: 'merged-1', commandLine: ['report', 'a', 'b'] };

describe('mergeRuns', () => {
  const early = runAt('early', '2025-01-01T03:00:00.000Z', [
    rec('m1', 'throughput', 'decode_tps', 10),
    rec('m1', 'memory', 'vram_bytes', 1),
  ]);
  const late = runAt('late', '2025-01-02T03:00:00.000Z', [
    rec('m1', 'throughput', 'decode_tps', 20),
    rec('m2', 'throughput', 'decode_tps', 30),
  ]);

  it('per model × suite, the run that started last wins, whatever the argument order', () => {
    for (const inputs of [
      [
        { source: 'a', run: early },
        { source: 'b', run: late },
      ],
      [
        { source: 'b', run: late },
        { source: 'a', run: early },
      ],
    ]) {
      const { run, replaced } = mergeRuns(inputs, merged);
      const values = run.records.map((r) => [r.model, r.suite, r.metric, r.value, r.run_id]);
      expect(values).toEqual([
        ['m1', 'memory', 'vram_bytes', 1, 'early'],
        ['m1', 'throughput', 'decode_tps', 20, 'late'],
        ['m2', 'throughput', 'decode_tps', 30, 'late'],
      ]);
      expect(replaced).toEqual([
        {
          model: 'm1',
          suite: 'throughput',
          kept: { runId: 'late', source: 'b' },
          dropped: [{ runId: 'early', source: 'a' }],
        },
      ]);
    }
  });

  it('runs that started at the same time: the later argument wins', () => {
    const twin = runAt('twin', '2025-01-01T03:00:00.000Z', [rec('m1', 'throughput', 'decode_tps', 99)]);
    const { run } = mergeRuns(
      [
        { source: 'a', run: early },
        { source: 't', run: twin },
      ],
      merged,
    );
    expect(run.records.find((r) => r.metric === 'decode_tps')?.value).toBe(99);
  });

  it('a pair in three runs names both dropped runs', () => {
    const middle = runAt('middle', '2025-01-01T12:00:00.000Z', [rec('m1', 'throughput', 'decode_tps', 15)]);
    const { replaced } = mergeRuns(
      [
        { source: 'c', run: late },
        { source: 'a', run: early },
        { source: 'b', run: middle },
      ],
      merged,
    );
    expect(replaced).toEqual([
      {
        model: 'm1',
        suite: 'throughput',
        kept: { runId: 'late', source: 'c' },
        dropped: [
          { runId: 'early', source: 'a' },
          { runId: 'middle', source: 'b' },
        ],
      },
    ]);
  });

  it('keeps every source with its own environment, and spans their times', () => {
    const { run } = mergeRuns(
      [
        { source: 'a', run: early },
        { source: 'b', run: late },
      ],
      merged,
    );
    expect(run.sources.map((s) => [s.source, s.runId, s.models])).toEqual([
      ['a', 'early', ['m1']],
      ['b', 'late', ['m1', 'm2']],
    ]);
    expect(run.sources[0].environment).toEqual(early.environment);
    expect(run.environment.startedAt).toBe(early.environment.startedAt);
    expect(run.environment.endedAt).toBe(late.environment.endedAt);
    expect(run.runId).toBe('merged-1');
    expect(run.environment.commandLine).toEqual(merged.commandLine);
    expect(run.options.models).toEqual(['m1', 'm2']);
  });

  it('a source whose every pair was replaced is kept, with no models', () => {
    const older = runAt('older', '2024-12-01T03:00:00.000Z', [rec('m2', 'throughput', 'decode_tps', 1)]);
    const { run } = mergeRuns(
      [
        { source: 'o', run: older },
        { source: 'b', run: late },
      ],
      merged,
    );
    expect(run.sources.find((s) => s.runId === 'older')?.models).toEqual([]);
  });

  it('marks records of simulated runs and flags the merged run as simulated when any part is', () => {
    const sim = runAt(
      'sim',
      '2025-01-03T03:00:00.000Z',
      [
        record({
          model: 'sim-good',
          suite: 'throughput',
          metric: 'decode_tps',
          value: 5,
          status: 'pass',
          data: { mad: 1 },
        }),
      ],
      true,
    );
    const { run } = mergeRuns(
      [
        { source: 'a', run: early },
        { source: 's', run: sim },
      ],
      merged,
    );
    expect(run.environment.simulated).toBe(true);
    expect(run.options.simulated).toBe(true);
    expect(run.records.find((r) => r.model === 'sim-good')?.data).toEqual({ mad: 1, simulated: true });
    expect(run.records.filter((r) => r.model === 'm1').every((r) => r.data?.simulated === undefined)).toBe(true);
    const banner = mergeBanner(
      mergeRuns(
        [
          { source: 'a', run: early },
          { source: 's', run: sim },
        ],
        merged,
      ),
    );
    expect(banner).toContain('Partly SIMULATED');
    expect(banner).toMatch(/sim-good come from the built-in simulator; m1 from a real Ollama/);
  });

  it('a merge of real runs only is not simulated and its notes say nothing of simulation', () => {
    const result = mergeRuns([{ source: 'a', run: early }], merged);
    expect(result.run.environment.simulated).toBe(false);
    expect(mergeBanner(result)).not.toMatch(/SIMULATED/);
    expect(mergeNotes(result)).toContain('## Merged runs');
  });

  it('refuses to merge nothing', () => {
    expect(() => mergeRuns([], merged)).toThrow(RangeError);
  });
});

describe('writeMergedReports', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-merge-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a run.json that reads back as a valid run (sources included in the file), and report.md with the notes', async () => {
    const inputs: MergeInput[] = [
      { source: 'a', run: runAt('early', '2025-01-01T03:00:00.000Z', [rec('m1', 'throughput', 'decode_tps', 10)]) },
      {
        source: 'b',
        run: runAt('sim', '2025-01-02T03:00:00.000Z', [rec('sim-good', 'throughput', 'decode_tps', 20)], true),
      },
    ];
    await writeMergedReports(dir, mergeRuns(inputs, merged));
    const text = readFileSync(join(dir, 'run.json'), 'utf8');
    expect(parseRunFile(text, 'run.json').records).toHaveLength(2);
    expect((JSON.parse(text) as { sources: unknown[] }).sources).toHaveLength(2);
    const report = readFileSync(join(dir, 'report.md'), 'utf8');
    expect(report.indexOf('# claude-code-bench report')).toBeLessThan(report.indexOf('## Merged runs'));
    expect(report.indexOf('## Merged runs')).toBeLessThan(report.indexOf('## Compatibility'));
    expect(report.split('\n').slice(0, 3).join('\n')).toMatch(/Partly SIMULATED/);
    expect(readFileSync(join(dir, 'results.csv'), 'utf8').split('\n')).toHaveLength(4);
  });
});

describe('mergeRuns: what the merged report cost', () => {
  const suiteCost = (suite: SuiteId, requests: number): SuiteCost => ({
    suite,
    requests,
    promptTokens: requests * 100,
    cachedPromptTokens: 0,
    generatedTokens: requests,
    loads: 1,
    loadedAt: [8192],
    otherRequests: 0,
  });
  const withCost = (run: RunFile, parts: Array<{ model: string; cost: SuiteCost }>): RunFile => ({
    ...run,
    cost: runCostOf(parts),
  });
  const early = withCost(
    runAt('early', '2025-01-01T03:00:00.000Z', [
      rec('m1', 'throughput', 'decode_tps', 10),
      rec('m1', 'memory', 'vram_bytes', 1),
    ]),
    [
      { model: 'm1', cost: suiteCost('throughput', 5) },
      { model: 'm1', cost: suiteCost('memory', 1) },
    ],
  );
  const late = withCost(runAt('late', '2025-01-02T03:00:00.000Z', [rec('m1', 'throughput', 'decode_tps', 20)]), [
    { model: 'm1', cost: suiteCost('throughput', 7) },
  ]);

  it('counts each kept model × suite from the run it was kept from', () => {
    const { run } = mergeRuns(
      [
        { source: 'a', run: early },
        { source: 'b', run: late },
      ],
      merged,
    );
    const model = run.cost!.models[0];
    expect(model.suites.map((s) => [s.suite, s.requests])).toEqual([
      ['memory', 1],
      ['throughput', 7],
    ]);
    expect(run.cost!.total).toMatchObject({ requests: 8, promptTokens: 800, loads: 2 });
  });

  it('has no cost when no source has one', () => {
    const { run } = mergeRuns([{ source: 'a', run: runAt('x', '2025-01-01T03:00:00.000Z', []) }], merged);
    expect(run.cost).toBeUndefined();
  });
});
