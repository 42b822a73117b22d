// The runner against the simulator with stand-in suites: what it journals, what survives a suite
// that throws, and what --resume will run again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS } from '../../src/run/context.js';
import { Journal, readJournal } from '../../src/run/journal.js';
import { runBenchmark } from '../../src/run/runner.js';
import type { Suite } from '../../src/run/suite.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import type { RunEnvironment, RunOptions, SuiteId } from '../../src/types.js';

const suite = (id: SuiteId, run: Suite['run']): Suite => ({ id, title: id, description: id, defaultOn: true, run });

const measures = suite('throughput', async (ctx) => ctx.emit({ metric: 'decode_tps', value: 42, status: 'pass' }));
const onlyErrors = suite('tool-use', async (ctx) =>
  ctx.emit({ metric: 'tool_use_score', value: null, status: 'error', detail: 'server went away' }));
const throws = suite('context', async (ctx) => {
  ctx.emit({ metric: 'claimed_context_tokens', value: 8192, status: 'pass' });
  throw new Error('boom in the suite');
});

describe('runBenchmark', () => {
  let sim: RunningSimulator;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'bench-runner-'));
  });
  afterAll(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps going past a throwing suite, and leaves every pair that errored for --resume', async () => {
    const options: RunOptions = {
      ...DEFAULT_OPTIONS,
      models: ['sim-instant', 'sim-missing'],
      suites: ['throughput', 'tool-use', 'context'],
      host: sim.url,
      outDir: dir,
      simulated: true,
    };
    const environment = {
      startedAt: new Date().toISOString(),
      server: { backend: 'ollama', url: sim.url, version: null },
    } as RunEnvironment;
    const journal = new Journal(join(dir, 'journal.jsonl'));
    const outcome = await runBenchmark({
      runId: 'r',
      options,
      environment,
      suites: [measures, onlyErrors, throws],
      journal,
      signal: new AbortController().signal,
    });

    const rows = outcome.records.map((r) => `${r.model}/${r.suite}/${r.metric}/${r.status}`);
    expect(rows).toEqual(
      expect.arrayContaining([
        'sim-instant/throughput/decode_tps/pass',
        'sim-instant/tool-use/tool_use_score/error',
        'sim-instant/context/claimed_context_tokens/pass',
        'sim-instant/context/suite_error/error',
        'sim-missing/throughput/model_available/error',
      ]),
    );
    expect(outcome.records.find((r) => r.metric === 'suite_error')?.detail).toBe('boom in the suite');
    expect(outcome.untestable).toEqual(['sim-missing']);

    const state = readJournal(join(dir, 'journal.jsonl'));
    // Done: only the pair whose suite ran to its end without an error; the error-only pair and the
    // one that threw after measuring run again on --resume.
    expect([...state.done].map((key) => key.replace('\u0000', '/')).sort()).toEqual(['sim-instant/throughput']);
    expect(state.records.every((r) => r.model === 'sim-instant' && r.suite === 'throughput')).toBe(true);
    expect(outcome.unfinished.map((pair) => `${pair.model}/${pair.suite}`)).toEqual([
      'sim-instant/tool-use',
      'sim-instant/context',
      'sim-missing/throughput',
      'sim-missing/tool-use',
      'sim-missing/context',
    ]);
  });

  it("models side by side: one model's error does not leave another model's pair unfinished", async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // sim-instant errors while sim-good's suite is still running.
    const interleaved = suite('throughput', async (ctx) => {
      if (ctx.model === 'sim-instant') {
        await sleep(20);
        ctx.emit({ metric: 'decode_tps', value: null, status: 'error', detail: 'boom' });
      } else {
        await sleep(100);
        ctx.emit({ metric: 'decode_tps', value: 42, status: 'pass', coverage: { answered: 3, asked: 3 } });
      }
    });
    const sideDir = mkdtempSync(join(tmpdir(), 'bench-runner-side-'));
    try {
      const options: RunOptions = {
        ...DEFAULT_OPTIONS,
        models: ['sim-good', 'sim-instant'],
        suites: ['throughput'],
        host: sim.url,
        outDir: sideDir,
        simulated: true,
      };
      const environment = {
        startedAt: new Date().toISOString(),
        server: { backend: 'ollama', url: sim.url, version: null },
      } as RunEnvironment;
      const journal = new Journal(join(sideDir, 'journal.jsonl'));
      const outcome = await runBenchmark({
        runId: 'r',
        options,
        environment,
        suites: [interleaved],
        journal,
        signal: new AbortController().signal,
        concurrency: 2,
      });
      expect(outcome.unfinished).toEqual([{ model: 'sim-instant', suite: 'throughput' }]);
      expect(outcome.untestable).toEqual(['sim-instant']);
      // In a clean run's order: by model as listed, whatever order they finished in.
      expect(outcome.records.map((r) => r.model)).toEqual(['sim-good', 'sim-instant']);
    } finally {
      rmSync(sideDir, { recursive: true, force: true });
    }
  });

  it('runs a suite after the one that measures what it reads, and hands it that record; an undeclared read is an error', async () => {
    const readDir = mkdtempSync(join(tmpdir(), 'bench-runner-reads-'));
    try {
      const seen: unknown[] = [];
      const rate: Suite = {
        ...suite('rate', async (ctx) => ctx.emit({ metric: 'speed', value: 7, unit: 'tokens/s', status: 'pass' })),
        metrics: [{ name: 'speed', unit: 'tokens/s', direction: 'higher', role: 'verdict', measures: 'decodeRate' }],
      };
      const reader: Suite = {
        ...suite('reader', async (ctx) => {
          seen.push(ctx.measured('decodeRate')?.value);
          ctx.emit({ metric: 'read', value: 1, status: 'pass' });
        }),
        reads: ['decodeRate'],
      };
      const sneaky = suite('sneaky', async (ctx) => {
        ctx.measured('decodeRate');
      });
      const options: RunOptions = {
        ...DEFAULT_OPTIONS,
        models: ['sim-instant'],
        suites: ['reader', 'sneaky', 'rate'],
        host: sim.url,
        outDir: readDir,
        simulated: true,
      };
      const environment = {
        startedAt: new Date().toISOString(),
        server: { backend: 'ollama', url: sim.url, version: null },
      } as RunEnvironment;
      const outcome = await runBenchmark({
        runId: 'r',
        options,
        environment,
        // Listed before the suite it reads from: the runner runs that one first.
        suites: [reader, sneaky, rate],
        journal: new Journal(join(readDir, 'journal.jsonl')),
        signal: new AbortController().signal,
      });
      expect([...new Set(outcome.records.map((r) => r.suite))]).toEqual(['rate', 'reader', 'sneaky']);
      expect(seen).toEqual([7]);
      const error = outcome.records.find((r) => r.suite === 'sneaky');
      expect(error?.metric).toBe('suite_error');
      expect(error?.detail).toMatch(/sneaky reads decodeRate without declaring it/);
    } finally {
      rmSync(readDir, { recursive: true, force: true });
    }
  });

  it('journals what each suite attempt cost, and a resumed run counts the earlier attempts too', async () => {
    const asks = suite('tool-use', async (ctx) => {
      await ctx.messages.create({ model: ctx.model, max_tokens: 16, messages: [{ role: 'user', content: 'Hello' }] });
      ctx.emit({ metric: 'tool_use_score', value: 1, status: 'pass', coverage: { answered: 1, asked: 1 } });
    });
    const costDir = mkdtempSync(join(tmpdir(), 'bench-runner-cost-'));
    try {
      const options: RunOptions = {
        ...DEFAULT_OPTIONS,
        models: ['sim-instant'],
        suites: ['tool-use'],
        host: sim.url,
        outDir: costDir,
        simulated: true,
      };
      const environment = {
        startedAt: new Date().toISOString(),
        server: { backend: 'ollama', url: sim.url, version: null },
      } as RunEnvironment;
      const path = join(costDir, 'journal.jsonl');
      const first = await runBenchmark({
        runId: 'r',
        options,
        environment,
        suites: [asks],
        journal: new Journal(path),
        signal: new AbortController().signal,
      });
      const paid = first.cost.models[0].suites[0];
      expect(paid).toMatchObject({ suite: 'tool-use', requests: 1 });
      expect(paid.promptTokens).toBeGreaterThan(0);
      const state = readJournal(path);
      expect(state.costs).toHaveLength(1);
      expect(state.costs[0]).toMatchObject({
        model: 'sim-instant',
        suite: 'tool-use',
        cost: { requests: 1, promptTokens: paid.promptTokens, generatedTokens: paid.generatedTokens },
      });
      // Resumed with nothing left to run: the cost is what the journal says was paid.
      const resumed = await runBenchmark({
        runId: 'r',
        options,
        environment,
        suites: [asks],
        journal: new Journal(path),
        signal: new AbortController().signal,
        resumed: { records: state.records, done: new Set(), costs: state.costs },
      });
      expect(resumed.cost.models[0].suites[0].requests).toBe(2);
    } finally {
      rmSync(costDir, { recursive: true, force: true });
    }
  });
});
