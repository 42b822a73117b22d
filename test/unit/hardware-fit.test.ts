import { describe, expect, it } from 'vitest';
import {
  architectureFromShow,
  computeBufferBytes,
  defaultContextForGpus,
  defaultContextForVram,
  gptOssSlidingWindow,
  ollamaBatchSize,
  predictedPsSize,
  estimateWeightsBytes,
  gpuMemoryBytes,
  kvCacheBytes,
  maxContextInBudget,
  maxContextInVram,
  predictMemory,
  usableVram,
  type ModelArchitecture,
} from '../../src/hardware/fit.js';
import type { HardwareSummary } from '../../src/types.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

// Llama 3.1 8B: 32 layers, 8 KV heads, head dim 128 (config.json).
const LLAMA_8B: ModelArchitecture = {
  family: 'llama',
  parameterCount: 8.03e9,
  blockCount: 32,
  headCountKv: 8,
  keyLength: 128,
  valueLength: 128,
  contextLength: 131072,
};
// Qwen2.5-Coder 32B: 64 layers, 8 KV heads, head dim 128, trained 32768.
const QWEN_32B: ModelArchitecture = {
  family: 'qwen2',
  parameterCount: 32.8e9,
  blockCount: 64,
  headCountKv: 8,
  keyLength: 128,
  valueLength: 128,
  contextLength: 32768,
};

describe('kvCacheBytes', () => {
  it('Llama 3.1 8B at 4096 tokens: 2 × 32 layers × 4096 × 8 heads × 128 × bytes per element', () => {
    // 32 × 4096 × 8 × (128 + 128) = 268,435,456 elements.
    expect(kvCacheBytes(LLAMA_8B, 4096, 'f16')).toBe(268_435_456 * 2); // 512 MiB
    expect(kvCacheBytes(LLAMA_8B, 4096, 'f16')).toBe(512 * MiB);
    expect(kvCacheBytes(LLAMA_8B, 4096, 'q8_0')).toBe((268_435_456 / 32) * 34); // 285,212,672
    expect(kvCacheBytes(LLAMA_8B, 4096, 'q4_0')).toBe((268_435_456 / 32) * 18); // 150,994,944
  });

  it('Llama 3.1 8B at its trained 131072 tokens needs 16 GiB of f16 cache', () => {
    expect(kvCacheBytes(LLAMA_8B, 131072, 'f16')).toBe(16 * GiB);
  });

  it('Qwen2.5-Coder 32B at 32768 tokens: 64 layers double the per-token cost', () => {
    // 64 × 32768 × 8 × 256 = 4,294,967,296 elements.
    expect(kvCacheBytes(QWEN_32B, 32768, 'f16')).toBe(8 * GiB);
    expect(kvCacheBytes(QWEN_32B, 32768, 'q8_0')).toBe(4_563_402_752);
    expect(kvCacheBytes(QWEN_32B, 32768, 'q4_0')).toBe(2_415_919_104);
  });

  it('deepseek2 uses its per-head key (192) and value (128) lengths', () => {
    const deepseek: ModelArchitecture = {
      family: 'deepseek2',
      parameterCount: 15.7e9,
      blockCount: 27,
      headCountKv: 16,
      keyLength: 192,
      valueLength: 128,
      contextLength: 163840,
    };
    // 27 × 16 × 320 = 138,240 elements per token.
    expect(kvCacheBytes(deepseek, 4096, 'f16')).toBe(138_240 * 4096 * 2);
  });

  it('sliding-window layers stop growing at their window (gpt-oss)', () => {
    const gptOss: ModelArchitecture = {
      family: 'gptoss',
      parameterCount: 20.9e9,
      blockCount: 24,
      headCountKv: 8,
      keyLength: 64,
      valueLength: 64,
      contextLength: 131072,
      slidingWindow: { layers: 12, tokens: 4608 },
    };
    // Per layer and token: 8 × 128 elements × 2 bytes = 2048 bytes.
    expect(kvCacheBytes(gptOss, 65536, 'f16')).toBe(12 * 2048 * 65536 + 12 * 2048 * 4608);
    expect(kvCacheBytes(gptOss, 2048, 'f16')).toBe(24 * 2048 * 2048);
  });

  it('per-layer KV head arrays count only layers with a cache', () => {
    const mixed: ModelArchitecture = { ...LLAMA_8B, blockCount: 4, headCountKv: [8, 0, 8, 0] };
    expect(kvCacheBytes(mixed, 1024, 'f16')).toBe(2 * 8 * 256 * 1024 * 2);
  });

  it('the context is padded to 256 cells and capped at the trained context, as llama.cpp allocates it', () => {
    // 1000 tokens → 1024 cells (llama-context.cpp GGML_PAD(n_ctx, 256)).
    expect(kvCacheBytes(LLAMA_8B, 1000, 'f16')).toBe(kvCacheBytes(LLAMA_8B, 1024, 'f16'));
    // Ollama caps num_ctx at the trained 32768 (llm/server.go).
    expect(kvCacheBytes(QWEN_32B, 65536, 'f16')).toBe(kvCacheBytes(QWEN_32B, 32768, 'f16'));
  });

  it('gpt-oss: the even layers cache 128 + n_ubatch cells, padded to 256', () => {
    const gptOss: ModelArchitecture = {
      family: 'gpt-oss',
      parameterCount: 20.9e9,
      blockCount: 24,
      headCountKv: 8,
      keyLength: 64,
      valueLength: 64,
      contextLength: 131072,
      slidingWindow: gptOssSlidingWindow(24),
    };
    // 8 heads × (64 + 64) × 2 bytes = 2048 bytes per layer and cell; 12 full and 12 windowed layers.
    // Batch 2048 (65536 > 32768): window cells = pad256(min(65536, 128 + 2048)) = pad256(2176) = 2304.
    expect(kvCacheBytes(gptOss, 65536, 'f16', { batchTokens: 2048 })).toBe(12 * 2048 * 65536 + 12 * 2048 * 2304);
    // Batch 512: pad256(128 + 512) = 768 cells.
    expect(kvCacheBytes(gptOss, 65536, 'f16', { batchTokens: 512 })).toBe(12 * 2048 * 65536 + 12 * 2048 * 768);
  });
});

describe('ollamaBatchSize (server/sched.go)', () => {
  it('picks 512 up to 4096 tokens, 1024 up to 32768, 2048 above', () => {
    expect(ollamaBatchSize(LLAMA_8B, 4.9e9, 4096)).toBe(512);
    expect(ollamaBatchSize(LLAMA_8B, 4.9e9, 8192)).toBe(1024);
    expect(ollamaBatchSize(LLAMA_8B, 4.9e9, 32768)).toBe(1024);
    expect(ollamaBatchSize(LLAMA_8B, 4.9e9, 65536)).toBe(2048);
    // Capped at the trained context first: Qwen2.5 32B never gets more than 32768.
    expect(ollamaBatchSize(QWEN_32B, 20e9, 65536)).toBe(1024);
  });

  it("falls back when Ollama's rough estimate leaves no headroom on the GPU", () => {
    // Rough estimate at 65536: 4.9e9 + 2 × 32 × 8 × 128 × 65536 × 2 = 4.9e9 + 8,589,934,592 = 13.49e9.
    // 48 GiB (51.5e9) and 24 GiB (25.8e9): within 60% (15.46e9 for 24 GiB), and the 2 GiB surcharge
    // fits under 80% → 2048.
    expect(ollamaBatchSize(LLAMA_8B, 4.9e9, 65536, { gpuMemoryBytes: 48 * GiB })).toBe(2048);
    expect(ollamaBatchSize(LLAMA_8B, 4.9e9, 65536, { gpuMemoryBytes: 24 * GiB })).toBe(2048);
    // 16 GiB (17.18e9): over 60% (10.3e9) and over 75% (12.9e9) → 512.
    expect(ollamaBatchSize(LLAMA_8B, 4.9e9, 65536, { gpuMemoryBytes: 16 * GiB })).toBe(512);
  });

  it('an explicit batch wins; flash attention off keeps 512', () => {
    expect(ollamaBatchSize(LLAMA_8B, 4.9e9, 65536, { batchTokens: 256 })).toBe(256);
    expect(ollamaBatchSize(LLAMA_8B, 4.9e9, 65536, { flashAttention: false })).toBe(512);
  });
});

describe('predictMemory', () => {
  it('adds weights, cache, the compute buffer and the runtime overhead; /api/ps counts all but the overhead', () => {
    const p = predictMemory(LLAMA_8B, 4.9e9, 4096, 'f16');
    expect(p.batchTokens).toBe(512);
    expect(p.kvCacheBytes).toBe(512 * MiB);
    // Compute: f16 KQ mask 4096 cells × 512 × 2 bytes = 4 MiB, plus activations (no embedding
    // width in this fixture: the 160 KiB-per-token default) 512 × 160 KiB = 80 MiB.
    expect(p.computeBytes).toBe(4 * MiB + 80 * MiB);
    expect(p.overheadBytes).toBe(84 * MiB + 512 * MiB);
    expect(p.totalBytes).toBe(4.9e9 + 512 * MiB + 84 * MiB + 512 * MiB);
    expect(p.psComparableBytes).toBe(p.totalBytes - 512 * MiB);
    expect(predictedPsSize(LLAMA_8B, 4.9e9, 4096)).toBe(p.psComparableBytes);
  });

  it('activations come from embedding and feed-forward widths when known', () => {
    const wide: ModelArchitecture = { ...LLAMA_8B, embeddingLength: 4096, feedForwardLength: 14336 };
    // 8 × (4096 + 14336) = 147,456 bytes per ubatch token × 512 + the 4 MiB mask.
    expect(computeBufferBytes(wide, 4096, 512)).toBe(147_456 * 512 + 4 * MiB);
    // Without flash attention: an f32 mask and the f32 KQ matrix of 32 heads.
    expect(computeBufferBytes({ ...wide, headCount: 32 }, 4096, 512, { flashAttention: false })).toBe(
      147_456 * 512 + 4096 * 512 * 4 + 4096 * 512 * 32 * 4,
    );
  });

  it('weights kept in CPU memory (an untied token embedding) are not in the /api/ps size', () => {
    const p = predictMemory({ ...LLAMA_8B, cpuWeightsBytes: 430_940_160 }, 4.9e9, 4096);
    expect(p.totalBytes - p.psComparableBytes).toBe(512 * MiB + 430_940_160);
  });
});

describe('maxContextInBudget', () => {
  // With the batch fixed at 512, per token: 131,072 bytes of f16 cache + 512 × 2 bytes of KQ mask;
  // fixed: weights + the runtime overhead + 512 × 160 KiB of activations.
  const batch = { batchTokens: 512 };
  const fixed = 4.9e9 + 512 * MiB + 80 * MiB;
  it('finds the largest 1024-token step that fits', () => {
    const exactly16k = fixed + 16384 * (131072 + 1024);
    expect(maxContextInBudget(LLAMA_8B, 4.9e9, exactly16k, 'f16', batch)).toBe(16384);
    expect(maxContextInBudget(LLAMA_8B, 4.9e9, exactly16k - 1, 'f16', batch)).toBe(15360);
  });

  it('a smaller cache type fits more context in the same budget', () => {
    const budget = fixed + 16384 * (131072 + 1024);
    const q8 = maxContextInBudget(LLAMA_8B, 4.9e9, budget, 'q8_0', batch);
    const q4 = maxContextInBudget(LLAMA_8B, 4.9e9, budget, 'q4_0', batch);
    // q8_0: 69,632 + 1,024 bytes per token → floor(16384 × 132096 / 70656 / 1024) × 1024.
    expect(q8).toBe(Math.floor((16384 * 132096) / 70656 / 1024) * 1024);
    expect(q4).toBeGreaterThan(q8);
  });

  it('is capped at the trained context, and 0 when the weights do not fit', () => {
    expect(maxContextInBudget(QWEN_32B, 20e9, 100 * GiB, 'f16')).toBe(32768);
    expect(maxContextInBudget(QWEN_32B, 20e9, 16 * GiB, 'f16')).toBe(0);
  });

  it('maxContextInVram keeps 10% of the GPU free and picks the batch Ollama would on that GPU', () => {
    expect(usableVram(10 * GiB)).toBe(9 * GiB);
    expect(maxContextInVram(LLAMA_8B, 4.9e9, 10 * GiB, 'f16')).toBe(
      maxContextInBudget(LLAMA_8B, 4.9e9, 9 * GiB, 'f16', { gpuMemoryBytes: 10 * GiB }),
    );
  });
});

describe('architectureFromShow', () => {
  const llamaInfo = {
    'general.architecture': 'llama',
    'general.parameter_count': 8030261248,
    'llama.block_count': 32,
    'llama.attention.head_count': 32,
    'llama.attention.head_count_kv': 8,
    'llama.embedding_length': 4096,
    'llama.context_length': 131072,
  };

  it('reads layers, KV heads and trained context; head dim defaults to embedding / heads', () => {
    const parsed = architectureFromShow(llamaInfo);
    expect(parsed).toEqual({
      arch: {
        family: 'llama',
        parameterCount: 8030261248,
        blockCount: 32,
        headCountKv: 8,
        keyLength: 128,
        valueLength: 128,
        contextLength: 131072,
        slidingWindow: null,
        embeddingLength: 4096,
        feedForwardLength: null,
        headCount: 32,
      },
    });
  });

  it('accepts a Map and explicit key/value lengths', () => {
    const info = new Map<string, unknown>(
      Object.entries({
        ...llamaInfo,
        'general.architecture': 'deepseek2',
        'deepseek2.block_count': 27,
        'deepseek2.attention.head_count_kv': 16,
        'deepseek2.attention.key_length': 192,
        'deepseek2.attention.value_length': 128,
      }),
    );
    const parsed = architectureFromShow(info);
    expect('arch' in parsed && parsed.arch).toMatchObject({
      family: 'deepseek2',
      blockCount: 27,
      headCountKv: 16,
      keyLength: 192,
      valueLength: 128,
    });
  });

  it('models gpt-oss sliding-window layers (128-token window on the even layers), old and new arch names', () => {
    const parsed = architectureFromShow({
      'general.architecture': 'gptoss',
      'gptoss.block_count': 24,
      'gptoss.attention.head_count': 64,
      'gptoss.attention.head_count_kv': 8,
      'gptoss.attention.key_length': 64,
      'gptoss.attention.value_length': 64,
    });
    expect('arch' in parsed && parsed.arch.slidingWindow).toEqual(gptOssSlidingWindow(24));
    expect(gptOssSlidingWindow(4)).toEqual({ layers: [true, false, true, false], window: 128 });
    const renamed = architectureFromShow({
      'general.architecture': 'gpt-oss',
      'gpt-oss.block_count': 24,
      'gpt-oss.attention.head_count': 64,
      'gpt-oss.attention.head_count_kv': 8,
      'gpt-oss.attention.key_length': 64,
      'gpt-oss.attention.value_length': 64,
      'gpt-oss.attention.sliding_window': 128,
    });
    expect('arch' in renamed && renamed.arch.slidingWindow).toEqual(gptOssSlidingWindow(24));
  });

  it('a model without a sliding window in llama.cpp gets none, whatever its config says (qwen2)', () => {
    const parsed = architectureFromShow({
      ...llamaInfo,
      'general.architecture': 'qwen2',
      'qwen2.block_count': 28,
      'qwen2.attention.head_count': 28,
      'qwen2.attention.head_count_kv': 4,
      'qwen2.embedding_length': 3584,
      'qwen2.attention.sliding_window': 131072,
    });
    expect('arch' in parsed && parsed.arch.slidingWindow).toBeNull();
  });

  it('names what is missing instead of guessing', () => {
    expect(architectureFromShow({})).toEqual({ missing: ['general.architecture'] });
    expect(architectureFromShow({ 'general.architecture': 'llama', 'llama.attention.head_count_kv': 8 })).toEqual({
      missing: ['llama.block_count', 'llama.attention.key_length'],
    });
  });
});

describe('hardware helpers', () => {
  const hardware = (gpus: HardwareSummary['gpus']): HardwareSummary => ({
    cpu: { model: 'x', cores: 8, physicalCores: 8 },
    memory: { totalBytes: 64 * GiB, freeBytes: 32 * GiB },
    gpus,
    os: { platform: 'linux', distro: '', release: '', arch: 'x64' },
    docker: { available: true, version: '1', detail: '' },
  });

  it('gpuMemoryBytes sums GPUs with known memory and is null without any', () => {
    expect(gpuMemoryBytes(hardware([]))).toBeNull();
    expect(gpuMemoryBytes(null)).toBeNull();
    expect(
      gpuMemoryBytes(hardware([{ vendor: 'NVIDIA', model: 'a', vramBytes: null, unifiedMemory: false }])),
    ).toBeNull();
    expect(
      gpuMemoryBytes(
        hardware([
          { vendor: 'NVIDIA', model: 'a', vramBytes: 24 * GiB, unifiedMemory: false },
          { vendor: 'NVIDIA', model: 'b', vramBytes: 12 * GiB, unifiedMemory: false },
          { vendor: 'Intel', model: 'c', vramBytes: null, unifiedMemory: true },
        ]),
      ),
    ).toBe(36 * GiB);
  });

  it("defaultContextForVram follows Ollama's tiers (< 23 GiB, < 47 GiB, above)", () => {
    expect(defaultContextForVram(0)).toBe(4096);
    expect(defaultContextForVram(16 * GiB)).toBe(4096);
    expect(defaultContextForVram(24 * GiB)).toBe(32768);
    expect(defaultContextForVram(48 * GiB)).toBe(262144);
  });

  it('defaultContextForGpus sums total memory minus OLLAMA_GPU_OVERHEAD per GPU (server/routes.go)', () => {
    expect(defaultContextForGpus([24 * GiB, 24 * GiB])).toBe(262144);
    expect(defaultContextForGpus([24 * GiB, 24 * GiB], 1 * GiB)).toBe(32768); // 46 GiB < 47
    expect(defaultContextForGpus([24 * GiB], 2 * GiB)).toBe(4096); // 22 GiB < 23
    expect(defaultContextForGpus([1 * GiB], 2 * GiB)).toBe(4096); // never negative
  });

  it('estimateWeightsBytes uses bits per weight of the quantization', () => {
    expect(estimateWeightsBytes(8e9, 'Q8_0')).toBe(8.5e9);
    expect(estimateWeightsBytes(8e9, 'f16')).toBe(16e9);
    expect(estimateWeightsBytes(8e9, 'weird')).toBeNull();
    expect(estimateWeightsBytes(null, 'Q4_0')).toBeNull();
  });
});
