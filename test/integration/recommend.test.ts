// `bench recommend` end to end: measured runs on disk plus the catalog, for different GPUs.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseContext, recommendCommand } from '../../src/cli/recommend.js';
import { UsageError } from '../../src/cli/usage.js';
import type { Recommendation } from '../../src/recommend/recommend.js';
import type { ResultRecord, RunFile } from '../../src/types.js';

let dir = '';
const rec = (model: string, suite: ResultRecord['suite'], metric: string, value: number): ResultRecord => ({
  run_id: 'run-a',
  model,
  suite,
  metric,
  value,
  unit: '',
  status: 'pass',
  detail: '',
  time: '2026-05-01T00:00:00Z',
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ccb-recommend-'));
  const run: RunFile = {
    schema: 'claude-code-bench/run@1',
    runId: 'run-a',
    environment: {
      harnessVersion: 't',
      nodeVersion: 'v24',
      ollamaHost: 'h',
      ollamaVersion: '0.14',
      simulated: false,
      hardware: null,
      startedAt: '2026-05-01T00:00:00Z',
      endedAt: null,
      commandLine: [],
      interrupted: false,
    },
    options: {
      models: ['devstral:24b'],
      suites: ['throughput', 'tool-use'],
      simulated: false,
      ollamaHost: 'h',
      reps: 3,
      timeoutMs: 1000,
      failOn: null,
      claudeCodeVersion: 'x',
    },
    records: [
      rec('devstral:24b', 'throughput', 'decode_tps', 42.5),
      rec('devstral:24b', 'tool-use', 'tool_use_score', 0.97),
    ],
  };
  await mkdir(join(dir, 'run-a'));
  await writeFile(join(dir, 'run-a', 'run.json'), JSON.stringify(run));
  await mkdir(join(dir, 'run-broken'));
  await writeFile(join(dir, 'run-broken', 'run.json'), 'not json');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function recommendJson(
  vram: string,
): Promise<{ summary: string; warnings: string[]; recommendations: Recommendation[] }> {
  let out = '';
  const code = await recommendCommand(
    { vram, ram: '64G', context: '65536', results: dir, json: true },
    (text) => (out += text),
  );
  expect(code).toBe(0);
  return JSON.parse(out);
}

describe('bench recommend', () => {
  it("one rule with bench launch: Claude Code's window never exceeds the context the server is told to serve, and the image is the one bench launch builds", async () => {
    for (const vram of ['8G', '24G', '48G']) {
      for (const r of (await recommendJson(vram)).recommendations) {
        if (!r.commands) continue;
        const served = Number(/OLLAMA_CONTEXT_LENGTH=(\d+)/.exec(r.commands.ollama)![1]);
        const window = Number(/CLAUDE_CODE_MAX_CONTEXT_TOKENS=(\d+)/.exec(r.commands.claude)![1]);
        expect(window, `${r.model} at ${vram}`).toBeLessThanOrEqual(served);
        expect(r.commands.claude).toMatch(/ claude-code-bench\/claude-code:[\d.]+ --model /);
      }
    }
  });

  it("a measured real run's answer comes first", async () => {
    let out = '';
    await recommendCommand({ vram: '24G', ram: '64G', context: '65536', results: dir }, (text) => (out += text));
    expect(out).toMatch(/^Measured on this machine \(run run-a\):\nUse devstral:24b at 65536 tokens/);
  });

  it('a size needs a unit: --vram 24 is refused, naming the value and the fix', async () => {
    await expect(recommendCommand({ vram: '24', context: '65536', results: dir }, () => {})).rejects.toThrow(
      /--vram: invalid size "24": give a unit, e\.g\. 24G/,
    );
  });

  it('--vram 8G and --vram 48G give different, explained answers', async () => {
    const small = await recommendJson('8G');
    const large = await recommendJson('48G');
    expect(small.summary).not.toBe(large.summary);
    expect(small.recommendations.filter((r) => r.verdict === 'fits')).toHaveLength(0);
    expect(large.recommendations.filter((r) => r.verdict === 'fits').length).toBeGreaterThan(1);
    for (const r of [...small.recommendations, ...large.recommendations]) expect(r.why.length).toBeGreaterThan(20);
  });

  it('measured results rank first and their speed is quoted; a corrupt run file is a warning', async () => {
    const large = await recommendJson('48G');
    expect(large.recommendations[0].model).toBe('devstral:24b');
    expect(large.recommendations[0].speed).toContain('42.5 tokens/s measured (run run-a)');
    expect(large.warnings.join('\n')).toMatch(/run-broken.*not valid JSON/);
  });

  it('text output carries the commands to run Ollama and Claude Code', async () => {
    let out = '';
    await recommendCommand({ vram: '24G', ram: '64G', context: '64K', results: dir }, (text) => (out += text));
    expect(out).toMatch(/OLLAMA_CONTEXT_LENGTH=65536.* ollama serve/);
    expect(out).not.toContain('OLLAMA_FLASH_ATTENTION=1');
    expect(out).toMatch(
      /docker run -it --rm --network host .*-e CLAUDE_CODE_MAX_CONTEXT_TOKENS=\d+ .*claude-code-bench\/claude-code:[\d.]+ --model devstral:24b/,
    );
    expect(out).toContain('warning:');
  });

  it('bad sizes and contexts are usage errors', async () => {
    await expect(recommendCommand({ vram: 'banana', context: '65536', results: dir }, () => {})).rejects.toThrow(
      UsageError,
    );
    await expect(recommendCommand({ vram: 'banana', context: '65536', results: dir }, () => {})).rejects.toThrow(
      /--vram: invalid size "banana"/,
    );
    expect(() => parseContext('lots')).toThrow(UsageError);
    expect(parseContext('64K')).toBe(65536);
  });
});
