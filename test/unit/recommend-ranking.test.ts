import { describe, expect, it } from 'vitest';
import { usableVram } from '../../src/hardware/fit.js';
import type { MeasuredModel } from '../../src/recommend/measured.js';
import { recommendModels, summarize, type RecommendInputs } from '../../src/recommend/recommend.js';

const GiB = 1024 ** 3;
const inputs = (vramGiB: number | null, measured: MeasuredModel[] = []): RecommendInputs => ({
  vramBytes: vramGiB === null ? null : vramGiB * GiB,
  ramBytes: 64 * GiB,
  contextTokens: 65536,
  measured,
});
const measured = (model: string, extra: Partial<MeasuredModel>): MeasuredModel => ({
  model,
  runId: 'r1',
  toolUseScore: null,
  effectiveContextTokens: null,
  decodeTps: null,
  vramBytes: null,
  ramBytes: null,
  memoryContextTokens: null,
  ...extra,
});

describe('recommendModels', () => {
  it('48G: models fit 64K entirely in VRAM, within the usable budget', () => {
    const list = recommendModels(inputs(48));
    const fitting = list.filter((r) => r.verdict === 'fits');
    expect(fitting.map((r) => r.model)).toContain('qwen3-coder:30b');
    expect(list[0].verdict).toBe('fits');
    for (const rec of fitting) {
      expect(rec.predictedBytes!).toBeLessThanOrEqual(usableVram(48 * GiB));
      expect(rec.contextTokens).toBe(65536);
      expect(rec.commands!.ollama).toContain('OLLAMA_CONTEXT_LENGTH=65536');
      expect(rec.commands!.claude).toContain(`claude-code-bench/claude-code:2.1.332 --model ${rec.model}`);
      expect(rec.commands!.claude).toContain('ANTHROPIC_BASE_URL=http://localhost:11434');
    }
  });

  it('8G: nothing fits 64K; the best are smaller contexts, and the answer says so', () => {
    const list = recommendModels(inputs(8));
    expect(list.some((r) => r.verdict === 'fits' || r.verdict === 'fits-with-q8-cache')).toBe(false);
    expect(list[0].verdict).toBe('short-context');
    expect(list[0].contextTokens).toBeLessThan(65536);
    expect(list[0].commands!.ollama).toContain(`OLLAMA_CONTEXT_LENGTH=${list[0].contextTokens}`);
    expect(summarize(list, inputs(8))).toMatch(/no model fits this context in VRAM/);
    expect(summarize(recommendModels(inputs(48)), inputs(48))).toMatch(/fit entirely in VRAM/);
  });

  it('between the two, a q8_0 cache is what makes llama3.1:8b fit 64K in 12G', () => {
    const llama = recommendModels(inputs(12)).find((r) => r.model === 'llama3.1:8b')!;
    expect(llama.verdict).toBe('fits-with-q8-cache');
    expect(llama.commands!.ollama).toContain('OLLAMA_KV_CACHE_TYPE=q8_0');
    // Flash attention is `auto` in Ollama's llama-server engine and turns on for a quantized cache.
    expect(llama.commands!.ollama).not.toContain('OLLAMA_FLASH_ATTENTION');
  });

  it('24G: gemma3:12b (sliding windows) and granite4:small-h (hybrid) fit 64K with an f16 cache', () => {
    const list = recommendModels(inputs(24));
    for (const model of ['gemma3:12b', 'granite4:small-h']) {
      const rec = list.find((r) => r.model === model)!;
      expect(rec.verdict, model).toBe('fits');
      expect(rec.cacheType, model).toBe('f16');
      expect(rec.maxContextF16!, model).toBeGreaterThanOrEqual(131072);
    }
  });

  it('a context that does not fit in VRAM is kept and spills layers to the CPU (Ollama never lowers an explicit context)', () => {
    const spill = recommendModels(inputs(24)).find((r) => r.verdict === 'spills-to-ram')!;
    expect(spill.why).toMatch(/keeps this explicit context and runs the layers that do not fit on the CPU/);
  });

  it('a model trained for less than the required context is never "fits"', () => {
    const qwen = recommendModels(inputs(80)).find((r) => r.model === 'qwen2.5-coder:32b')!;
    expect(qwen.verdict).toBe('short-context');
    expect(qwen.contextTokens).toBe(32768);
    expect(qwen.why).toMatch(/trained for 32K/);
  });

  it('no GPU: everything runs from RAM on the CPU, and too-big models get no command', () => {
    const list = recommendModels({ ...inputs(null), ramBytes: 16 * GiB });
    expect(list.every((r) => ['spills-to-ram', 'too-big'].includes(r.verdict))).toBe(true);
    expect(list.find((r) => r.model === 'llama3.1:70b')!.verdict).toBe('too-big');
    expect(list.find((r) => r.model === 'llama3.1:70b')!.commands).toBeNull();
    expect(list[0].why).toMatch(/no GPU/);
  });

  it('measured tool use outranks the catalog order, and measured speed is quoted', () => {
    const list = recommendModels(
      inputs(48, [
        measured('llama3.1:8b', { toolUseScore: 0.95, decodeTps: 88.5 }),
        measured('qwen3-coder:30b', { toolUseScore: 0.2 }),
      ]),
    );
    const order = list.map((r) => r.model);
    expect(order.indexOf('llama3.1:8b')).toBeLessThan(order.indexOf('qwen3-coder:30b'));
    const llama = list.find((r) => r.model === 'llama3.1:8b')!;
    expect(llama.speed).toMatch(/88\.5 tokens\/s measured \(run r1\)/);
    expect(list.find((r) => r.model === 'devstral:24b')!.speed).toMatch(/unknown/);
  });

  it('a measured model outside the catalog is judged by its measured memory', () => {
    const list = recommendModels(
      inputs(24, [
        measured('my-coder:14b', { vramBytes: 12 * GiB, ramBytes: 0, memoryContextTokens: 65536, toolUseScore: 0.8 }),
        measured('other:7b', { toolUseScore: 0.9 }),
      ]),
    );
    expect(list.find((r) => r.model === 'my-coder:14b')!.verdict).toBe('fits');
    const other = list.find((r) => r.model === 'other:7b')!;
    expect(other.verdict).toBe('unknown-fit');
    expect(other.why).toContain('bench run --models other:7b --suites memory');
  });
});
