import { describe, expect, it } from 'vitest';
import { CATALOG, findCatalogModel } from '../../src/hardware/catalog.js';
import { estimateWeightsBytes } from '../../src/hardware/fit.js';

describe('catalog', () => {
  it('has the models the guide and the brief name', () => {
    for (const name of [
      'llama3.1:8b',
      'llama3.1:70b',
      'qwen2.5-coder:32b',
      'deepseek-coder-v2:16b',
      'qwen3-coder:30b',
      'gpt-oss:20b',
      'devstral',
      'gemma3:12b',
      'granite4:small-h',
    ]) {
      expect(findCatalogModel(name), name).toBeDefined();
    }
  });

  it('names are unique and every entry says where its numbers come from', () => {
    expect(new Set(CATALOG.map((m) => m.name)).size).toBe(CATALOG.length);
    for (const model of CATALOG) {
      expect(model.source, model.name).toMatch(/config|ollama\.com/);
      expect(model.note.length, model.name).toBeGreaterThan(10);
    }
  });

  it('architecture numbers are whole and plausible', () => {
    for (const { name, arch, activeParameters } of CATALOG) {
      expect(Number.isInteger(arch.blockCount) && arch.blockCount >= 16 && arch.blockCount <= 128, name).toBe(true);
      const heads = Array.isArray(arch.headCountKv) ? arch.headCountKv : [arch.headCountKv];
      if (Array.isArray(arch.headCountKv)) expect(arch.headCountKv, name).toHaveLength(arch.blockCount);
      expect(heads.every((h) => Number.isInteger(h) && h >= 0 && h <= 64) && heads.some((h) => h >= 1), name).toBe(
        true,
      );
      expect([64, 128, 192, 256].includes(arch.keyLength), name).toBe(true);
      expect(arch.contextLength! >= 32768, name).toBe(true);
      expect(activeParameters <= arch.parameterCount!, name).toBe(true);
      // Widths for the compute buffer and Ollama's batch estimate.
      expect(
        arch.embeddingLength! >= 1024 && arch.feedForwardLength! >= arch.embeddingLength! && arch.headCount! >= 8,
        name,
      ).toBe(true);
    }
  });

  it('gemma3:12b has the 5-of-6 window layers; granite4:small-h 4 attention and 36 recurrent layers', () => {
    const gemma = findCatalogModel('gemma3:12b')!.arch;
    expect(gemma.slidingWindow!.window).toBe(1024);
    expect((gemma.slidingWindow!.layers as boolean[]).filter(Boolean)).toHaveLength(40);
    const granite = findCatalogModel('granite4:small-h')!.arch;
    expect((granite.headCountKv as number[]).filter((h) => h > 0)).toEqual([8, 8, 8, 8]);
    expect(granite.recurrent).toEqual({ layers: 36, bytesPerLayer: 4_295_680 });
    expect(findCatalogModel('gpt-oss:20b')!.arch.slidingWindow!.window).toBe(128);
  });

  it('size on disk agrees with parameters × bits of the quantization (within 30%)', () => {
    // gpt-oss keeps its non-expert weights in bf16, so MXFP4 alone underestimates it the most.
    for (const model of CATALOG) {
      const estimate = estimateWeightsBytes(model.arch.parameterCount, model.quantization)!;
      expect(Math.abs(model.sizeBytes / estimate - 1), model.name).toBeLessThan(0.3);
    }
  });

  it('MoE models list fewer active than total parameters', () => {
    for (const name of ['qwen3-coder:30b', 'gpt-oss:20b', 'deepseek-coder-v2:16b']) {
      const model = findCatalogModel(name)!;
      expect(model.activeParameters).toBeLessThan(model.arch.parameterCount! / 4);
    }
  });
});
