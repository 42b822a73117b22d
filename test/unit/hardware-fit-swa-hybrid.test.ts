// Sliding-window and hybrid attention/recurrent models, checked against hand arithmetic of what
// llama-server (Ollama v0.33's engine) allocates: llama.cpp src/llama-kv-cache-iswa.cpp (window
// caches), src/llama-memory-recurrent.cpp + src/llama-hparams.cpp (recurrent state),
// src/llama-context.cpp (n_ctx padded to 256); Ollama server/sched.go (batch choice).
import { describe, expect, it } from 'vitest';
import {
  architectureFromShow,
  cpuResidentWeightsBytes,
  kvCacheBytes,
  maxContextInVram,
  needsVerboseShow,
  ollamaBatchSize,
  predictMemory,
  recurrentStateBytes,
  slidingWindowPattern,
  type ModelArchitecture,
} from '../../src/hardware/fit.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

function archOf(info: Record<string, unknown>): ModelArchitecture {
  const parsed = architectureFromShow(info);
  if (!('arch' in parsed)) throw new Error(`unexpected missing: ${parsed.missing.join(', ')}`);
  return parsed.arch;
}

// gemma3:12b as /api/show reports it (Gemma 3 12B: 48 layers, 16 query and 8 KV heads, head dim
// 256, embedding 3840, FFN 15360, trained 131072, sliding window 1024). No pattern key: llama.cpp's
// default for gemma3 is a period of 6 — 5 windowed layers, then one full (src/models/gemma3.cpp).
const GEMMA3_12B_INFO: Record<string, unknown> = {
  'general.architecture': 'gemma3',
  'general.parameter_count': 12_187_325_040,
  'gemma3.block_count': 48,
  'gemma3.attention.head_count': 16,
  'gemma3.attention.head_count_kv': 8,
  'gemma3.attention.key_length': 256,
  'gemma3.attention.value_length': 256,
  'gemma3.attention.sliding_window': 1024,
  'gemma3.embedding_length': 3840,
  'gemma3.feed_forward_length': 15360,
  'gemma3.context_length': 131072,
  'tokenizer.ggml.tokens': null,
};
const GEMMA3_WEIGHTS = 8.1e9; // ollama.com: gemma3:12b, Q4_K_M, 8.1 GB

describe('gemma3 12B: 40 sliding-window layers of 1024 tokens, 8 full layers', () => {
  const gemma = archOf(GEMMA3_12B_INFO);
  // Per attention layer and cached token: 8 KV heads × (256 + 256) × 2 bytes (f16) = 8192 bytes.
  const perCell = 8 * (256 + 256) * 2;

  it('reads the window and the 5-of-6 pattern', () => {
    const flags = gemma.slidingWindow!.layers as boolean[];
    expect(gemma.slidingWindow!.window).toBe(1024);
    // Full layers are 5, 11, 17, 23, 29, 35, 41, 47 (i % 6 == 5).
    expect(flags.map((swa, i) => (swa ? -1 : i)).filter((i) => i >= 0)).toEqual([5, 11, 17, 23, 29, 35, 41, 47]);
    expect(flags.filter(Boolean)).toHaveLength(40);
    expect(slidingWindowPattern(6, 48)).toEqual(flags);
  });

  it('32K on a 24 GiB GPU: 2 GiB of full cache + 480 MiB of window cache, not 12 GiB', () => {
    // Batch: Ollama's rough estimate 8.1e9 + 2 × 48 × 8 × (3840 / 16 = 240) × 32768 × 2
    // = 20,179,595,520 exceeds 75% of 24 GiB (19,327,352,832), so 1024 falls back to 512.
    expect(ollamaBatchSize(gemma, GEMMA3_WEIGHTS, 32768, { gpuMemoryBytes: 24 * GiB })).toBe(512);
    const p = predictMemory(gemma, GEMMA3_WEIGHTS, 32768, 'f16', { gpuMemoryBytes: 24 * GiB });
    // Full: 8 layers × 32768 cells × 8192 = 2,147,483,648 (2 GiB).
    // Window: pad256(min(32768, 1024 + 512)) = 1536 cells; 40 × 1536 × 8192 = 503,316,480 (480 MiB).
    expect(p.slidingWindowTokens).toBe(1536);
    expect(p.kvCacheBytes).toBe(8 * 32768 * perCell + 40 * 1536 * perCell);
    expect(p.kvCacheBytes).toBe(2_650_800_128);
    // Every layer holding the whole context (the old model) would be 48 × 32768 × 8192 = 12 GiB.
    expect(48 * 32768 * perCell).toBe(12 * GiB);
    // Compute: f16 masks (32768 + 1536) × 512 × 2 = 35,127,296; activations 8 × (3840 + 15360) × 512 = 78,643,200.
    expect(p.computeBytes).toBe(35_127_296 + 78_643_200);
    // /api/ps: 8.1e9 + 2,650,800,128 + 113,770,496 = 10,864,570,624 (10.1 GiB; measured ~10.6 GB).
    expect(p.psComparableBytes).toBe(10_864_570_624);
    expect(p.totalBytes).toBe(10_864_570_624 + 512 * MiB);
  });

  it('without a GPU size the batch follows the context: 1024 at 32K, so 2048 window cells', () => {
    const p = predictMemory(gemma, GEMMA3_WEIGHTS, 32768);
    expect(p.batchTokens).toBe(1024);
    // pad256(min(32768, 1024 + 1024)) = 2048; 40 × 2048 × 8192 = 671,088,640 (640 MiB).
    expect(p.kvCacheBytes).toBe(8 * 32768 * perCell + 40 * 2048 * perCell);
  });

  it('128K on 24 GiB: 8 GiB + 480 MiB of cache, ~17.4 GB in /api/ps, and the whole trained context fits', () => {
    const p = predictMemory(gemma, GEMMA3_WEIGHTS, 131072, 'f16', { gpuMemoryBytes: 24 * GiB });
    expect(p.batchTokens).toBe(512);
    // 8 × 131072 × 8192 = 8,589,934,592 (8 GiB) + 503,316,480.
    expect(p.kvCacheBytes).toBe(9_093_251_072);
    // Compute: (131072 + 1536) × 512 × 2 = 135,790,592 + 78,643,200.
    expect(p.computeBytes).toBe(214_433_792);
    expect(p.psComparableBytes).toBe(8.1e9 + 9_093_251_072 + 214_433_792); // 17,407,684,864 (measured ~17 GB)
    // 17.94e9 in total ≤ 90% of 24 GiB (23.19e9): the trained 131072 fits with an f16 cache.
    expect(maxContextInVram(gemma, GEMMA3_WEIGHTS, 24 * GiB, 'f16')).toBe(131072);
  });

  it('an explicit pattern wins over the default; a numeric one too', () => {
    const listed = archOf({
      ...GEMMA3_12B_INFO,
      'gemma3.attention.sliding_window_pattern': Array.from({ length: 48 }, (_, i) => i % 2 === 0),
    });
    expect((listed.slidingWindow!.layers as boolean[]).filter(Boolean)).toHaveLength(24);
    const numeric = archOf({ ...GEMMA3_12B_INFO, 'gemma3.attention.sliding_window_pattern': 4 });
    expect((numeric.slidingWindow!.layers as boolean[]).filter(Boolean)).toHaveLength(36);
  });

  it('gemma3 without a window key (the 270M/1B text-only variants may lack it) has no windowed cache', () => {
    const { ['gemma3.attention.sliding_window']: _window, ...info } = GEMMA3_12B_INFO;
    expect(archOf(info).slidingWindow).toBeNull();
  });

  it('gemma2 defaults to a 4096 window on every other layer', () => {
    const gemma2 = archOf({
      'general.architecture': 'gemma2',
      'gemma2.block_count': 42,
      'gemma2.attention.head_count': 16,
      'gemma2.attention.head_count_kv': 8,
      'gemma2.attention.key_length': 256,
      'gemma2.attention.value_length': 256,
    });
    expect(gemma2.slidingWindow).toEqual({ layers: slidingWindowPattern(2, 42), window: 4096 });
  });
});

// granite4:small-h (Granite 4.0 H Small, granitehybrid) as verbose /api/show reports it: 40 layers,
// head_count_kv 8 on the attention layers 5, 15, 25, 35 and 0 on the 36 Mamba-2 layers; SSM
// d_conv 4, d_inner 8192, d_state 128, 1 group (github.com/ollama/ollama/issues/12982 shows this GGUF's metadata).
const GRANITE_KV = Array.from({ length: 40 }, (_, i) => ([5, 15, 25, 35].includes(i) ? 8 : 0));
const GRANITE_INFO_VERBOSE: Record<string, unknown> = {
  'general.architecture': 'granitehybrid',
  'general.parameter_count': 32_208_000_000,
  'granitehybrid.block_count': 40,
  'granitehybrid.context_length': 1048576,
  'granitehybrid.embedding_length': 4096,
  'granitehybrid.feed_forward_length': 768,
  'granitehybrid.attention.head_count': 32,
  'granitehybrid.attention.head_count_kv': GRANITE_KV,
  'granitehybrid.expert_count': 72,
  'granitehybrid.expert_used_count': 10,
  'granitehybrid.expert_shared_feed_forward_length': 1536,
  'granitehybrid.vocab_size': 100352,
  'granitehybrid.ssm.conv_kernel': 4,
  'granitehybrid.ssm.inner_size': 8192,
  'granitehybrid.ssm.state_size': 128,
  'granitehybrid.ssm.group_count': 1,
  'granitehybrid.ssm.time_step_rank': 128,
};
// Without `verbose: true`, Ollama sends every array as null (fs/ggml/gguf.go keeps no array values for maxArraySize 0).
const GRANITE_INFO_PLAIN = {
  ...GRANITE_INFO_VERBOSE,
  'granitehybrid.attention.head_count_kv': null,
  'tokenizer.ggml.tokens': null,
};

describe('hybrid attention/recurrent models (granite4:small-h)', () => {
  it('a plain /api/show lacks the per-layer KV heads: say so and ask for verbose, never guess head_count', () => {
    expect(needsVerboseShow(GRANITE_INFO_PLAIN)).toBe(true);
    expect(needsVerboseShow(GRANITE_INFO_VERBOSE)).toBe(false);
    const parsed = architectureFromShow(GRANITE_INFO_PLAIN);
    expect(parsed).toEqual({
      missing: ['granitehybrid.attention.head_count_kv (an array /api/show returns only with verbose: true)'],
      needsVerbose: true,
    });
  });

  it('per-layer query heads left out (null) with no head_count_kv: named too, not guessed', () => {
    const info = {
      'general.architecture': 'llama',
      'llama.block_count': 32,
      'llama.attention.head_count': null,
      'llama.embedding_length': 4096,
    };
    expect(architectureFromShow(info)).toEqual({
      missing: ['llama.attention.head_count (an array /api/show returns only with verbose: true)'],
      needsVerbose: true,
    });
  });

  it('only the tokenizer arrays null (every plain show) is not a reason for verbose', () => {
    expect(needsVerboseShow(GEMMA3_12B_INFO)).toBe(false);
    expect(needsVerboseShow({ ...GEMMA3_12B_INFO, 'gemma3.attention.sliding_window_pattern': null })).toBe(true);
    expect(needsVerboseShow({})).toBe(false);
  });

  it('verbose: 4 attention layers cache 16 KiB per token; 36 Mamba-2 layers keep ~4 MiB each', () => {
    const granite = archOf(GRANITE_INFO_VERBOSE);
    // Per token: 4 layers × 8 heads × (128 + 128) × 2 bytes = 16,384 bytes; at 65536: 1 GiB.
    expect(kvCacheBytes(granite, 65536, 'f16')).toBe(4 * 8 * 256 * 2 * 65536);
    expect(kvCacheBytes(granite, 65536, 'f16')).toBe(1 * GiB);
    // Falling back to head_count (32) on all 40 layers, as before, would be 40 × 32 × 256 × 2 × 65536 = 40 GiB.
    expect(40 * 32 * 256 * 2 * 65536).toBe(40 * GiB);
    // Recurrent state per layer, f32: conv (4 − 1) × (8192 + 2 × 1 × 128) = 25,344 plus
    // SSM 128 × 8192 = 1,048,576 → 1,073,920 × 4 = 4,295,680 bytes; × 36 = 154,644,480 (147.5 MiB).
    expect(granite.recurrent).toEqual({ layers: 36, bytesPerLayer: 4_295_680 });
    expect(recurrentStateBytes(granite)).toBe(154_644_480);
    // MoE feed-forward width: 10 experts × 768 + 1536 shared = 9216.
    expect(granite.feedForwardLength).toBe(9216);
  });

  it('64K on a 24 GiB GPU: 19 GB weights + 1 GiB cache + state + compute', () => {
    const granite = archOf(GRANITE_INFO_VERBOSE);
    const p = predictMemory(granite, 19e9, 65536, 'f16', { gpuMemoryBytes: 24 * GiB });
    // Rough estimate 19e9 + 2 × 40 × 1 (smallest KV heads: 0 → 1) × 128 × 65536 × 2 = 20.34e9 > 60% and 75% of 24 GiB: batch 512.
    expect(p.batchTokens).toBe(512);
    expect(p.recurrentStateBytes).toBe(154_644_480);
    // Compute: mask 65536 × 512 × 2 = 67,108,864; activations 8 × (4096 + 9216) × 512 = 54,525,952.
    expect(p.computeBytes).toBe(67_108_864 + 54_525_952);
    expect(p.totalBytes).toBe(19e9 + GiB + 154_644_480 + 121_634_816 + 512 * MiB);
    expect(p.notes).toEqual([]);
  });

  it('recurrent layers without ssm.* sizes are named, not silently dropped', () => {
    const { ['granitehybrid.ssm.inner_size']: _inner, ...info } = GRANITE_INFO_VERBOSE;
    const granite = archOf(info);
    expect(granite.recurrent).toEqual({ layers: 36, bytesPerLayer: null });
    expect(predictMemory(granite, 19e9, 4096).notes.join(' ')).toMatch(/recurrent state of 36 layers not counted/);
  });

  it('nemotron_h: a layer is recurrent only with no KV heads and no FFN (the others are MLP-only)', () => {
    // 6 layers: M - * M - M (M = Mamba-2, - = MLP, * = attention).
    const nemotron = archOf({
      'general.architecture': 'nemotron_h',
      'nemotron_h.block_count': 6,
      'nemotron_h.embedding_length': 4480,
      'nemotron_h.attention.head_count': 40,
      'nemotron_h.attention.head_count_kv': [0, 0, 8, 0, 0, 0],
      'nemotron_h.attention.key_length': 128,
      'nemotron_h.attention.value_length': 128,
      'nemotron_h.feed_forward_length': [0, 15680, 0, 0, 15680, 0],
      'nemotron_h.ssm.conv_kernel': 4,
      'nemotron_h.ssm.inner_size': 10240,
      'nemotron_h.ssm.state_size': 128,
      'nemotron_h.ssm.group_count': 8,
    });
    // (4 − 1) × (10240 + 2 × 8 × 128) + 128 × 10240 = 36,864 + 1,310,720 = 1,347,584 elements × 4.
    expect(nemotron.recurrent).toEqual({ layers: 3, bytesPerLayer: 1_347_584 * 4 });
    expect(kvCacheBytes(nemotron, 1024, 'f16')).toBe(1024 * 8 * 256 * 2);
  });

  it('qwen3next: every 4th layer has attention (full_attention_interval), the rest are recurrent', () => {
    const qwen = archOf({
      'general.architecture': 'qwen3next',
      'qwen3next.block_count': 8,
      'qwen3next.attention.head_count': 16,
      'qwen3next.attention.head_count_kv': 2,
      'qwen3next.attention.key_length': 256,
      'qwen3next.attention.value_length': 256,
      'qwen3next.full_attention_interval': 4,
      'qwen3next.ssm.conv_kernel': 4,
      'qwen3next.ssm.inner_size': 4096,
      'qwen3next.ssm.state_size': 128,
      'qwen3next.ssm.group_count': 16,
    });
    // Attention at layers 3 and 7: 2 layers × 2 heads × 512 × 2 bytes per token.
    expect(qwen.headCountKv).toEqual([0, 0, 0, 2, 0, 0, 0, 2]);
    expect(kvCacheBytes(qwen, 4096, 'f16')).toBe(2 * 2 * 512 * 2 * 4096);
    expect(qwen.recurrent!.layers).toBe(6);
  });

  it('lfm2: short-convolution state n_embd × (l_cache − 1); a window applies to its attention layers', () => {
    const lfm = archOf({
      'general.architecture': 'lfm2',
      'lfm2.block_count': 4,
      'lfm2.embedding_length': 2048,
      'lfm2.attention.head_count': 32,
      'lfm2.attention.head_count_kv': [0, 8, 0, 8],
      'lfm2.shortconv.l_cache': 3,
      'lfm2.attention.sliding_window': 512,
    });
    expect(lfm.recurrent).toEqual({ layers: 2, bytesPerLayer: 2048 * 2 * 4 });
    expect(lfm.slidingWindow).toEqual({ layers: [false, true, false, true], window: 512 });
  });
});

describe('weights llama.cpp keeps on the CPU (not in /api/ps size on a full offload)', () => {
  it('an untied token embedding stays in CPU memory; a tied one is copied to the GPU as the output layer', () => {
    // Llama 3.1 8B Q4_K_M: token_embd Q6_K [4096, 128256] = 525,336,576 elements × 210/256 bytes.
    const untied = [
      { name: 'token_embd.weight', type: 'Q6_K', shape: [4096, 128256] },
      { name: 'output.weight', type: 'Q6_K', shape: [4096, 128256] },
    ];
    expect(cpuResidentWeightsBytes(untied)).toBe(430_940_160);
    expect(cpuResidentWeightsBytes(untied.slice(0, 1))).toBe(0);
    expect(cpuResidentWeightsBytes([])).toBeNull();
    const parsed = architectureFromShow(GEMMA3_12B_INFO, untied);
    expect('arch' in parsed && parsed.arch.cpuWeightsBytes).toBe(430_940_160);
  });
});
