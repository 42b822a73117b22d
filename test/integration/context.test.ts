// The context suite against the simulator over real HTTP: server default vs native num_ctx,
// a trained-context cap, a raised OLLAMA_CONTEXT_LENGTH, and a model that refuses over-long prompts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingContext, createSuiteContext, DEFAULT_OPTIONS } from '../../src/run/context.js';
import { startSimulator } from '../../src/sim/server.js';
import type { ResultRecord } from '../../src/types.js';
import { CONTEXT_METRICS, contextSuite } from '../../suites/context/index.js';

type Simulator = Awaited<ReturnType<typeof startSimulator>>;

async function runSuite(host: string, model: string): Promise<Map<string, ResultRecord>> {
  const { ctx, records } = collectingContext({ model, suite: 'context', host });
  await contextSuite.run(ctx);
  return new Map(records.map((r) => [r.metric, r]));
}

function tokens(record: ResultRecord | undefined): number {
  expect(typeof record?.value).toBe('number');
  return record!.value as number;
}

describe('context suite on the default simulator (16 GiB VRAM → server default 4096)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('sim-good: effective ≈ trained 131072 natively, 4096 through Messages, prompt does not fit', async () => {
    const metrics = await runSuite(sim.url, 'sim-good');
    expect([...metrics.keys()].sort()).toEqual([...CONTEXT_METRICS].sort());
    expect(metrics.get('claimed_context_tokens')?.value).toBe(131072);

    const effective = tokens(metrics.get('effective_context_tokens'));
    expect(effective).toBeGreaterThan(131072 - 1024);
    expect(effective).toBeLessThanOrEqual(131072);

    const server = tokens(metrics.get('server_context_tokens'));
    expect(server).toBeGreaterThan(4096 - 1024);
    expect(server).toBeLessThanOrEqual(4096);

    const fits = metrics.get('claude_code_prompt_fits')!;
    expect(fits.status).toBe('fail');
    expect(fits.advice).toContain('OLLAMA_CONTEXT_LENGTH=65536 ollama serve');
    expect(fits.advice).toContain('PARAMETER num_ctx 65536');
    expect(fits.advice).toContain('ollama create sim-good-64k -f Modelfile');

    expect(metrics.get('overflow_behavior')).toMatchObject({ value: 'truncates_silently', status: 'warn' });
    expect(metrics.get('allocated_context_tokens')).toMatchObject({ status: 'pass' });
    expect(metrics.get('suite_model_seconds')?.status).toBe('pass');
  });

  it('sim-short-ctx: effective ≈ its trained 8192', async () => {
    const metrics = await runSuite(sim.url, 'sim-short-ctx');
    const effective = tokens(metrics.get('effective_context_tokens'));
    expect(effective).toBeGreaterThan(8192 - 1024);
    expect(effective).toBeLessThanOrEqual(8192);
    expect(metrics.get('claude_code_prompt_fits')?.status).toBe('fail');
    // The fix cannot go past what the model was trained on.
    expect(metrics.get('claude_code_prompt_fits')?.advice).toContain('OLLAMA_CONTEXT_LENGTH=8192');
  });

  it('sim-deepseek: over-long prompts are refused with 400', async () => {
    const metrics = await runSuite(sim.url, 'sim-deepseek');
    expect(metrics.get('overflow_behavior')).toMatchObject({ value: 'rejects_400', status: 'fail' });
    expect(tokens(metrics.get('server_context_tokens'))).toBeLessThanOrEqual(4096);
  });

  it('stops when aborted mid-suite and still records every metric', async () => {
    const controller = new AbortController();
    const records: ResultRecord[] = [];
    const ctx = createSuiteContext({
      model: 'sim-good',
      suite: 'context',
      runId: 'abort',
      options: { ...DEFAULT_OPTIONS, models: ['sim-good'], host: sim.url, outDir: '', simulated: true },
      environment: {
        harnessVersion: 'test',
        nodeVersion: process.version,
        server: { backend: 'ollama', url: sim.url, version: null },
        simulated: true,
        hardware: null,
        startedAt: new Date().toISOString(),
        endedAt: null,
        commandLine: [],
        interrupted: false,
      },
      signal: controller.signal,
      onRecord: (record) => records.push(record),
      // Abort as the native probe at the claimed length starts.
      onProgress: (message) => {
        if (message.includes('131072 tokens')) controller.abort();
      },
    });
    await contextSuite.run(ctx);
    const metrics = new Map(records.map((r) => [r.metric, r]));
    expect([...metrics.keys()].sort()).toEqual([...CONTEXT_METRICS].sort());
    expect(metrics.get('server_context_tokens')?.value).toBe(4096);
    const effective = metrics.get('effective_context_tokens')!;
    expect(effective).toMatchObject({ status: 'error', value: null });
    expect(effective.detail).toMatch(/stopped at 131072: .*abort/i);
    expect(metrics.get('allocated_context_tokens')?.status).toBe('error');
  });

  it('an unknown model gives error records with the reason, not a crash', async () => {
    const metrics = await runSuite(sim.url, 'no-such-model');
    expect([...metrics.keys()].sort()).toEqual([...CONTEXT_METRICS].sort());
    const claimed = metrics.get('claimed_context_tokens')!;
    expect(claimed.status).toBe('error');
    expect(claimed.detail).toMatch(/404|not found/i);
  });
});

describe('context suite with OLLAMA_CONTEXT_LENGTH=65536', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, contextLength: 65536 });
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('sim-good: the Messages endpoint gives 65536 and the prompt fits', async () => {
    const metrics = await runSuite(sim.url, 'sim-good');
    const server = tokens(metrics.get('server_context_tokens'));
    expect(server).toBeGreaterThan(65536 - 1024);
    expect(server).toBeLessThanOrEqual(65536);
    expect(metrics.get('claude_code_prompt_fits')).toMatchObject({ value: 'yes', status: 'pass' });
  });
});

describe('context suite against nothing', () => {
  it('records an error for every metric when the server is unreachable', async () => {
    const metrics = await runSuite('http://127.0.0.1:9', 'sim-good');
    for (const metric of CONTEXT_METRICS.filter((m) => m !== 'suite_model_seconds'))
      expect(metrics.get(metric)?.status).toBe('error');
  });
});
