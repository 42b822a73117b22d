import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadMeasuredResults } from '../../src/recommend/measured.js';
import type { ResultRecord, RunFile } from '../../src/types.js';

/** The suite that writes each metric used here. */
const SUITE_OF: Record<string, string> = { decode_tps: 'throughput', tool_use_score: 'tool-use', vram_bytes: 'memory' };

function record(model: string, metric: string, value: number, data?: Record<string, unknown>): ResultRecord {
  return {
    run_id: 'x',
    model,
    suite: SUITE_OF[metric],
    metric,
    value,
    unit: '',
    status: 'pass',
    detail: '',
    time: '2026-01-01T00:00:00Z',
    ...(data ? { data } : {}),
  };
}

function run(runId: string, startedAt: string, records: ResultRecord[], simulated = false): RunFile {
  return {
    schema: 'claude-code-bench/run@1',
    runId,
    environment: {
      harnessVersion: 't',
      nodeVersion: 'v24',
      ollamaHost: 'h',
      ollamaVersion: null,
      simulated,
      hardware: null,
      startedAt,
      endedAt: null,
      commandLine: [],
      interrupted: false,
    },
    options: {
      models: [],
      suites: [],
      simulated,
      ollamaHost: 'h',
      reps: 1,
      timeoutMs: 1,
      failOn: null,
      claudeCodeVersion: 'x',
    },
    records,
  };
}

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function writeRun(name: string, content: string): Promise<void> {
  await mkdir(join(dir, name), { recursive: true });
  await writeFile(join(dir, name, 'run.json'), content);
}

describe('loadMeasuredResults', () => {
  it('reads runs, lets newer numbers win per metric, skips simulated runs and warns about bad files', async () => {
    dir = await mkdtemp(join(tmpdir(), 'ccb-results-'));
    await writeRun(
      'old',
      JSON.stringify(
        run('old', '2026-01-01T00:00:00Z', [
          record('llama3.1:8b', 'decode_tps', 40),
          record('llama3.1:8b', 'tool_use_score', 0.7),
        ]),
      ),
    );
    await writeRun(
      'new',
      JSON.stringify(
        run('new', '2026-02-01T00:00:00Z', [
          record('llama3.1:8b', 'decode_tps', 55),
          record('llama3.1:8b', 'vram_bytes', 7e9, { num_ctx: 65536 }),
        ]),
      ),
    );
    await writeRun(
      'sim',
      JSON.stringify(run('sim', '2026-03-01T00:00:00Z', [record('sim-good', 'decode_tps', 150)], true)),
    );
    await writeRun('broken', '{"schema": "claude-code-bench/run@1", "records": [');
    await writeRun('foreign', JSON.stringify({ hello: 'world' }));
    await mkdir(join(dir, 'empty-dir'));

    const results = await loadMeasuredResults(dir);
    expect(results.runs).toBe(3);
    expect(results.models).toEqual([
      {
        model: 'llama3.1:8b',
        runId: 'new',
        toolUseScore: 0.7,
        effectiveContextTokens: null,
        decodeTps: 55,
        vramBytes: 7e9,
        ramBytes: null,
        memoryContextTokens: 65536,
      },
    ]);
    expect(results.warnings).toHaveLength(2);
    expect(results.warnings.join('\n')).toMatch(/broken.*not valid JSON/);
    expect(results.warnings.join('\n')).toMatch(/foreign.*not a valid claude-code-bench\/run@2 file/);
  });

  it('a missing results directory is simply no measurements', async () => {
    expect(await loadMeasuredResults('/nonexistent/results')).toEqual({ models: [], warnings: [], runs: 0 });
  });
});
