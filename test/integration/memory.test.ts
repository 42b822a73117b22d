// The memory suite over real HTTP against the simulator, with a 16 GiB simulated GPU as a --sim run has.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectingContext, createSuiteContext } from '../../src/run/context.js';
import { startSimulator, type RunningSimulator } from '../../src/sim/server.js';
import type { GpuInfo, HardwareSummary, ResultRecord } from '../../src/types.js';
import { memorySuite } from '../../suites/memory/index.js';
import { ALL_SUITES } from '../../suites/index.js';

const GiB = 1024 ** 3;
const SIM_GPU: GpuInfo = { vendor: 'Simulated', model: 'sim GPU', vramBytes: 16 * GiB, unifiedMemory: false };

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, vramBytes: 16 * GiB });
});
afterAll(async () => {
  await sim?.close();
});

function hardware(gpus: GpuInfo[]): HardwareSummary {
  return {
    cpu: { model: 'test', cores: 2, physicalCores: 2 },
    memory: { totalBytes: 32 * GiB, freeBytes: 16 * GiB },
    gpus,
    os: { platform: 'linux', distro: '', release: '', arch: 'x64' },
    docker: { available: false, version: null, detail: 'n/a' },
  };
}

/** Runs the suite for `model` with the given hardware in the environment (null = not detected). */
async function runMemory(
  model: string,
  hw: HardwareSummary | null,
  earlier: ResultRecord[] = [],
): Promise<Map<string, ResultRecord>> {
  const base = collectingContext({ model, suite: 'memory', host: sim.url });
  const records: ResultRecord[] = [];
  const ctx = createSuiteContext({
    model,
    suite: 'memory',
    runId: 'test',
    options: base.ctx.options,
    environment: { ...base.ctx.environment, hardware: hw },
    onRecord: (record) => records.push(record),
    earlier: () => earlier,
    // The registry's declarations say which earlier record is the decode rate the suite reads.
    suites: ALL_SUITES,
  });
  await memorySuite.run(ctx);
  const byMetric = new Map(records.map((r) => [r.metric, r]));
  expect(byMetric.size, 'one record per metric').toBe(records.length);
  return byMetric;
}

describe('memory suite against the simulator', () => {
  it('sim-good fits the 16 GiB GPU at 64K: predictions, max context and measured fit agree', async () => {
    const m = await runMemory('sim-good', hardware([SIM_GPU]));
    const at4k = m.get('predicted_bytes@4096')!;
    const at32k = m.get('predicted_bytes@32768')!;
    const at64k = m.get('predicted_bytes@65536')!;
    const atClaimed = m.get('predicted_bytes@131072')!;
    expect(at4k.unit).toBe('bytes');
    expect(at4k.value as number).toBeLessThan(at32k.value as number);
    expect(at32k.value as number).toBeLessThan(at64k.value as number);
    expect(at64k.value as number).toBeLessThan(atClaimed.value as number);
    expect(at64k.status).toBe('pass');

    const maxCtx = m.get('max_context_in_vram')!;
    expect(maxCtx.unit).toBe('tokens');
    expect(maxCtx.status).toBe('pass');
    expect(maxCtx.value as number).toBeGreaterThanOrEqual(65536);
    expect(maxCtx.value as number).toBeLessThan(131072);

    expect(m.get('gpu_offload_fraction')!).toMatchObject({ value: 1, status: 'pass' });
    expect(m.get('ram_bytes')!).toMatchObject({ value: 0, status: 'pass' });
    const vram = m.get('vram_bytes')!;
    expect(vram.value as number).toBeGreaterThan(at4k.value as number);
    expect(vram.data?.num_ctx).toBe(65536);

    const error = m.get('prediction_error')!;
    expect(error.unit).toBe('ratio');
    expect(error.status).toBe('pass');
    expect(Math.abs((error.value as number) - 1)).toBeLessThanOrEqual(0.25);
  });

  it('sim-spill spills to the CPU: warn with advice and the decode speed from the throughput suite', async () => {
    const throughput: ResultRecord = {
      run_id: 'test',
      model: 'sim-spill',
      suite: 'throughput',
      metric: 'decode_tps',
      value: 19.5,
      unit: 'tokens/s',
      status: 'pass',
      detail: '',
      time: new Date().toISOString(),
    };
    const m = await runMemory('sim-spill', hardware([SIM_GPU]), [throughput]);
    const offload = m.get('gpu_offload_fraction')!;
    expect(offload.status).toBe('warn');
    expect(offload.value as number).toBeGreaterThan(0);
    expect(offload.value as number).toBeLessThan(1);
    expect(offload.detail).toContain('19.5 tokens/s');
    expect(offload.advice).toMatch(/smaller quantization|OLLAMA_KV_CACHE_TYPE|context/);
    expect(m.get('ram_bytes')!.status).toBe('warn');
    expect(m.get('ram_bytes')!.value as number).toBeGreaterThan(0);
    // Trained for 32768: no separate @<claimed> metric, and 64K is beyond what it can run.
    expect(m.get('predicted_bytes@65536')!.status).toBe('skip');
    expect(m.get('predicted_bytes@32768')!.status).toBe('warn');
    expect(m.get('max_context_in_vram')!.status).toBe('fail');
  });

  it('without a GPU the max context is skipped with advice, and the load shows everything on the CPU', async () => {
    const m = await runMemory('sim-good', hardware([]));
    const maxCtx = m.get('max_context_in_vram')!;
    expect(maxCtx.status).toBe('skip');
    expect(maxCtx.detail).toMatch(/no GPU/);
    expect(maxCtx.advice).toMatch(/16–24 GB VRAM/);
    expect(m.get('predicted_bytes@65536')!.status).toBe('pass');
  });

  it('hardware not detected (collectingContext) still predicts and measures', async () => {
    const { ctx, records } = collectingContext({ model: 'sim-good', suite: 'memory', host: sim.url });
    await memorySuite.run(ctx);
    expect(records.find((r) => r.metric === 'max_context_in_vram')!.status).toBe('skip');
    expect(records.find((r) => r.metric === 'predicted_bytes@4096')!.status).toBe('pass');
    expect(records.find((r) => r.metric === 'vram_bytes')!.status).toBe('pass');
  });

  it('an unknown model fails to load and every metric says why instead of crashing', async () => {
    const m = await runMemory('no-such-model', hardware([SIM_GPU]));
    expect(m.get('predicted_bytes@4096')!.status).toBe('error');
    expect(m.get('gpu_offload_fraction')!.status).toBe('fail');
    expect(m.get('vram_bytes')!.status).toBe('skip');
    expect(m.get('prediction_error')!.status).toBe('skip');
  });
});

describe('memory suite: a model trained for less than Claude Code needs', () => {
  it('sim-short-ctx warns that training, not VRAM, limits the context', async () => {
    const m = await runMemory('sim-short-ctx', hardware([SIM_GPU]));
    const maxCtx = m.get('max_context_in_vram')!;
    expect(maxCtx.status).toBe('warn');
    expect(maxCtx.value).toBe(8192);
    expect(maxCtx.detail).toMatch(/trained context/);
    expect(m.get('predicted_bytes@8192')!.status).toBe('pass');
    expect(m.get('predicted_bytes@32768')!.status).toBe('skip');
  });
});
