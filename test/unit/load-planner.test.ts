// ctx.loads: a model at a num_ctx is loaded once for the run; a reading of /api/ps taken there
// (by an earlier suite, or while the server default was that context) is reused.
import { describe, expect, it } from 'vitest';
import { CostMeter } from '../../src/run/cost.js';
import { createLoadPlanner } from '../../src/run/loads.js';
import { MeteredServer } from '../../src/run/metered.js';
import type { MemoryInUse, ModelServer } from '../../src/servers/types.js';
import { ollamaAdvice } from '../../src/servers/ollama.js';

/** A server that keeps one model at one context and counts what it is asked. */
function fakeServer() {
  const calls: string[] = [];
  let loadedAt: number | null = null;
  const reading = (): MemoryInUse | null =>
    loadedAt === null ? null : { totalBytes: loadedAt, vramBytes: loadedAt, contextTokens: loadedAt };
  const server: ModelServer = {
    backend: 'ollama',
    host: 'http://fake',
    capabilities: {
      modelMetadata: true,
      loadUnload: true,
      perRequestContext: true,
      loadedContext: true,
      timings: true,
      memoryInUse: true,
    },
    advice: ollamaAdvice,
    version: async () => null,
    listModels: async () => [],
    resolveModel: (m) => m,
    modelDetails: async () => {
      throw new Error('not used');
    },
    load: async (_model, contextTokens) => {
      calls.push(`load ${contextTokens}`);
      loadedAt = contextTokens ?? 4096;
      return { loadMs: 500, source: 'server', promptTokens: 1, generatedTokens: 1 };
    },
    unload: async () => {
      calls.push('unload');
      loadedAt = null;
    },
    loadedContext: async () => loadedAt,
    generate: async (request) => {
      calls.push(`generate ${request.contextTokens}`);
      loadedAt = request.contextTokens ?? 4096;
      return {
        text: 'ok',
        promptTokens: 10,
        cachedTokens: null,
        promptMs: 1,
        processedTokens: 10,
        decodeTokens: 1,
        decodeMs: 1,
        totalMs: 2,
        stopReason: 'stop',
      };
    },
    memoryInUse: async () => {
      calls.push('ps');
      return reading();
    },
  };
  return { server, calls };
}

function planned() {
  const { server: inner, calls } = fakeServer();
  const meter = new CostMeter(true);
  const figures = meter.tally('m', 'memory');
  const server = new MeteredServer(inner, { meter, model: 'm', figures });
  return { server, calls, figures, planner: createLoadPlanner(server, meter, 'm') };
}

describe('LoadPlanner.at', () => {
  it('loads once for a context, then reuses the reading without asking the server again', async () => {
    const { planner, calls, figures } = planned();
    const first = await planner.at(65536);
    expect(first).toMatchObject({ allocated: 65536, memory: { contextTokens: 65536 } });
    expect(first.load).not.toBeNull();
    const again = await planner.at(65536);
    expect(again).toMatchObject({ allocated: 65536, load: null });
    expect(calls).toEqual(['load 65536', 'ps']);
    expect(figures.loads).toBe(1);
  });

  it('reuses a reading taken at that context even after the model moved on (no reload)', async () => {
    const { server, planner, calls, figures } = planned();
    await server.unload('m');
    await server.generate({ model: 'm', prompt: 'x', maxTokens: 1, contextTokens: 65536 });
    await server.loadedContext('m');
    await server.generate({ model: 'm', prompt: 'x', maxTokens: 1, contextTokens: 131072 });
    const reading = await planner.at(65536);
    expect(reading).toMatchObject({ allocated: 65536, load: null });
    expect(calls.filter((c) => c.startsWith('load'))).toEqual([]);
    expect(figures.loads).toBe(2);
  });

  it('with the model already at that context, reads /api/ps instead of loading', async () => {
    const { server, planner, calls } = planned();
    await server.unload('m');
    await server.generate({ model: 'm', prompt: 'x', maxTokens: 1, contextTokens: 32768 });
    const reading = await planner.at(32768);
    expect(reading).toMatchObject({ allocated: 32768, load: null });
    expect(calls).toEqual(['unload', 'generate 32768', 'ps']);
  });

  it('a load that fails reaches the caller (the memory suite judges it)', async () => {
    const { server: inner } = fakeServer();
    inner.load = async () => {
      throw new Error('out of memory');
    };
    const meter = new CostMeter(true);
    const server = new MeteredServer(inner, { meter, model: 'm', figures: meter.tally('m', 'memory') });
    await expect(createLoadPlanner(server, meter, 'm').at(65536)).rejects.toThrow('out of memory');
  });
});
