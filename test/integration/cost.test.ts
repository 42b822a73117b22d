// What a report costs, measured by the harness itself (report.md's "What this report cost" and
// run.json's `cost`) and checked against the simulator's own request log: a 128K-trained 8B model
// (sim-good) gets its full default report in at most 0.6M prompt and 5K generated tokens, with one
// load per distinct num_ctx; `--quick` gets its verdict in about a fifth of that.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_VRAM_BYTES } from '../../src/cli/simulator-settings.js';
import { effectiveContext, serverDefaultContext } from '../../src/sim/context.js';
import { findProfile } from '../../src/sim/profiles/index.js';
import { startSimulator, type ReceivedRequest, type RunningSimulator } from '../../src/sim/server.js';
import type { RunFile } from '../../src/types.js';
import { TOOL_USE_GENERATION_BUDGET } from '../../suites/tool-use/budget.js';
import { PROBES } from '../../suites/tool-use/probes.js';
import { CLI } from '../helpers/cli.js';

const MODEL = 'sim-good';
/** Trained for 8K, below the server default: its Messages requests run at the context its native ones load. */
const SHORT = 'sim-short-ctx';
/** Never stops talking: every reply runs to its max_tokens. */
const CHATTY = 'sim-chatty';
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The report's cost table: its rows as cells (escaped underscores undone). */
function costRows(report: string): string[][] {
  const section = report.split('## What this report cost')[1] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---') && !line.startsWith('| Model'))
    .map((line) =>
      line
        .slice(2, -2)
        .split(' | ')
        .map((cell) => cell.replaceAll('*', '').replaceAll('\\_', '_')),
    );
}

const count = (cell: string): number => Number(cell.split(' ')[0].replaceAll(',', ''));

/** The report's total row for a model: requests, prompt tokens, generated tokens, loads. */
function totals(report: string, model = MODEL) {
  const row = costRows(report).find((cells) => cells[0] === model && cells[1] === 'total');
  expect(row, 'the cost section has a total row for the model').toBeDefined();
  const [, , requests, prompt, generated, loads] = row!;
  return { requests: count(requests), prompt: count(prompt), generated: count(generated), loads: count(loads) };
}

/**
 * Loads as the simulator made them, replayed from its request log with its own rule (a request at
 * another context than the loaded one reloads; `keep_alive: 0` unloads): never from the harness's claim.
 */
function simulatorLoads(requests: readonly ReceivedRequest[], serverContext: number, model = MODEL) {
  const trained = findProfile(model)!.shape.trainedContext;
  let loaded: number | null = null;
  let loads = 0;
  let modelRequests = 0;
  const contexts = new Set<number>();
  for (const request of requests) {
    if (request.method !== 'POST' || !['/api/chat', '/api/generate', '/v1/messages'].includes(request.path)) continue;
    const body = (request.body ?? {}) as {
      model?: string;
      prompt?: string;
      keep_alive?: unknown;
      options?: { num_ctx?: number };
      messages?: unknown[];
    };
    if (body.model !== model && body.model !== `${model}:latest`) continue;
    const unload = body.keep_alive === 0;
    const empty = request.path === '/api/generate' ? body.prompt === '' : (body.messages ?? []).length === 0;
    if (unload && empty) {
      loaded = null;
      continue;
    }
    modelRequests += 1;
    const numCtx = request.path === '/v1/messages' ? undefined : body.options?.num_ctx;
    const context = effectiveContext(numCtx, serverContext, trained);
    if (loaded !== context) {
      loads += 1;
      contexts.add(context);
    }
    loaded = unload ? null : context;
  }
  return { loads, distinct: contexts.size, modelRequests };
}

async function benchRun(sim: RunningSimulator, extra: string[], models = [MODEL]) {
  const out = join(mkdtempSync(join(tmpdir(), 'bench-cost-')), 'run');
  dirs.push(out);
  sim.requests.length = 0;
  const { stdout, stderr } = await run(
    process.execPath,
    [
      CLI,
      'run',
      '--host',
      sim.url,
      '--backend',
      'ollama',
      '--models',
      models.join(','),
      '--out',
      out,
      '--quiet',
      ...extra,
    ],
    { env: { ...process.env, CI: 'true' }, timeout: 240_000 },
  );
  const report = readFileSync(join(out, 'report.md'), 'utf8');
  const runFile = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8')) as RunFile;
  const serverContext = serverDefaultContext(SIM_VRAM_BYTES);
  const log = (model = MODEL) => simulatorLoads(sim.requests, serverContext, model);
  return { report, runFile, stdout, stderr, log: log(), logOf: log };
}

describe('what a report costs (the simulator as `bench run --sim` plays it: 24 GiB, server default 32K)', () => {
  let sim: RunningSimulator;
  let full: Awaited<ReturnType<typeof benchRun>>;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, vramBytes: SIM_VRAM_BYTES, shareGpu: false });
    full = await benchRun(sim, [], [MODEL, SHORT]);
  }, 300_000);
  afterAll(async () => {
    await sim?.close();
  });

  it('the full default report of a 128K 8B model: ≤ 0.6M prompt tokens, ≤ 5K generated, one load per num_ctx', () => {
    const total = totals(full.report);
    expect(total.prompt).toBeGreaterThan(0);
    expect(total.prompt).toBeLessThanOrEqual(600_000);
    expect(total.generated).toBeGreaterThan(0);
    expect(total.generated).toBeLessThanOrEqual(5_000);
    // The simulator's own log: the loads it made, and the contexts it loaded at.
    expect(full.log.loads).toBe(full.log.distinct);
    expect(total.loads).toBe(full.log.loads);
    expect(total.requests).toBe(full.log.modelRequests);
  });

  it('a model trained for less than the server default: loads = distinct num_ctx too, as the simulator made them', () => {
    const log = full.logOf(SHORT);
    expect(log.loads).toBe(log.distinct);
    expect(totals(full.report, SHORT)).toMatchObject({ loads: log.loads, requests: log.modelRequests });
  });

  it('run.json carries the same figures per suite, and they add up to the total', () => {
    const cost = full.runFile.cost!;
    const model = cost.models.find((m) => m.model === MODEL)!;
    expect(model.suites.map((s) => s.suite)).toEqual(['throughput', 'tool-use', 'context', 'memory']);
    const total = totals(full.report);
    expect(model.total).toMatchObject({ requests: total.requests, promptTokens: total.prompt, loads: total.loads });
    const sum = (key: 'requests' | 'promptTokens' | 'generatedTokens') =>
      model.suites.reduce((n, suite) => n + suite[key], 0);
    expect(sum('requests')).toBe(model.total.requests);
    expect(sum('promptTokens')).toBe(model.total.promptTokens);
    expect(sum('generatedTokens')).toBe(model.total.generatedTokens);
    expect(new Set(model.total.loadedAt).size).toBe(model.total.loadedAt.length);
    // Every suite's row is in the report.
    const suites = costRows(full.report)
      .filter((cells) => cells[0] === MODEL)
      .map((cells) => cells[1]);
    expect(suites).toEqual(['throughput', 'tool-use', 'context', 'memory', 'total']);
  });

  it('a model that never stops: tool-use generates at most its budget, in run.json and report.md, and says the budget bit', async () => {
    for (const parallel of ['1', '3']) {
      const chatty = await benchRun(sim, ['--suites', 'tool-use', '--parallel', parallel], [CHATTY]);
      const model = chatty.runFile.cost!.models.find((m) => m.model === CHATTY)!;
      const toolUse = model.suites.find((s) => s.suite === 'tool-use')!;
      // The simulator's own log: every tool-use request, and what each asked for at most.
      const asked = sim.requests
        .filter((request) => request.method === 'POST' && request.path === '/v1/messages')
        .map((request) => (request.body as { max_tokens: number }).max_tokens);
      expect(asked).toHaveLength(PROBES.length);
      expect(
        asked.reduce((a, b) => a + b, 0),
        `--parallel ${parallel}`,
      ).toBeLessThanOrEqual(TOOL_USE_GENERATION_BUDGET);
      expect(toolUse.generatedTokens, `--parallel ${parallel}`).toBeLessThanOrEqual(TOOL_USE_GENERATION_BUDGET);
      // It did try: most of the budget was spent, far past what sim-good generates.
      expect(toolUse.generatedTokens).toBeGreaterThan(TOOL_USE_GENERATION_BUDGET / 2);
      const row = costRows(chatty.report).find((cells) => cells[0] === CHATTY && cells[1] === 'tool-use')!;
      expect(count(row[4])).toBe(toolUse.generatedTokens);
      const score = chatty.runFile.records.find((r) => r.model === CHATTY && r.metric === 'tool_use_score')!;
      expect(score.detail).toMatch(/cut short by the suite's 3,072-token generation budget/);
      expect(score.data?.generation).toMatchObject({
        budget: TOOL_USE_GENERATION_BUDGET,
        generatedTokens: toolUse.generatedTokens,
      });
      const reasons = ((score.data?.failedProbes ?? []) as Array<{ reason: string }>).map((probe) => probe.reason);
      expect(
        reasons.some((reason) =>
          /stopped at max_tokens: \d+, the suite's 3,072-token generation budget was nearly spent/.test(reason),
        ),
      ).toBe(true);
    }
    // The whole default report of a model that never stops: still ≤ 5K generated tokens.
    const whole = await benchRun(sim, [], [CHATTY]);
    expect(totals(whole.report, CHATTY).generated).toBeLessThanOrEqual(5_000);
  }, 300_000);

  it('--quick: the verdict in about a fifth of that, marked quick, and what it skips is no pass', async () => {
    const quick = await benchRun(sim, ['--quick']);
    const fullTotal = totals(full.report);
    const quickTotal = totals(quick.report);
    expect(quickTotal.prompt).toBeLessThanOrEqual(fullTotal.prompt / 4);
    expect(quick.log.loads).toBe(quick.log.distinct);
    expect(quickTotal.loads).toBe(quick.log.loads);

    expect(quick.runFile.options.quick).toBe(true);
    expect(quick.report).toContain('**Quick run** (`--quick`)');
    expect(quick.report).toContain('in this --quick run');
    expect(quick.stderr).toMatch(/QUICK: one repetition/);
    expect(quick.stdout).toMatch(/^QUICK run — /m);
    const effective = quick.runFile.records.find((r) => r.model === MODEL && r.metric === 'effective_context_tokens')!;
    expect(effective).toMatchObject({ status: 'skip', value: null, data: { notMeasured: 'quick' } });
    const score = quick.runFile.records.find((r) => r.model === MODEL && r.metric === 'tool_use_score')!;
    expect(score.detail).toMatch(/^quick run, \d+ core probe\(s\) of \d+/);
    expect(score.data?.planned).toBeLessThan(
      full.runFile.records.find((r) => r.model === MODEL && r.metric === 'tool_use_score')!.data?.planned as number,
    );
    // One repetition per timed probe.
    expect(quick.runFile.options.reps).toBe(1);
    // The same verdicts where the same thing was measured.
    const statuses = (file: RunFile) =>
      new Map(
        file.records
          .filter((r) => r.model === MODEL && r.status !== 'skip')
          .map((r) => [`${r.suite}/${r.metric}`, r.status]),
      );
    const fullStatuses = statuses(full.runFile);
    for (const [key, status] of statuses(quick.runFile)) expect(status, key).toBe(fullStatuses.get(key));
  }, 300_000);
});
