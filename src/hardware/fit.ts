// Memory maths: how many bytes a model needs at a given context, and the largest context that fits.
// Pure functions; the numbers follow Ollama's own estimate (fs/ggml/ggml.go GraphSize) with the
// real block sizes of quantized caches.
import type { HardwareSummary } from '../types.js';
import { GiB, MiB } from './size.js';

export const KV_CACHE_TYPES = ['f16', 'q8_0', 'q4_0'] as const;
/** Values of Ollama's OLLAMA_KV_CACHE_TYPE (q8_0/q4_0 need OLLAMA_FLASH_ATTENTION=1). */
export type KvCacheType = (typeof KV_CACHE_TYPES)[number];

/**
 * Bytes per cached element. ggml stores q8_0 as blocks of 32 int8 plus one f16 scale (34 bytes)
 * and q4_0 as 32 nibbles plus one f16 scale (18 bytes) — fs/ggml/ggml.go TypeSize/BlockSize.
 * (Ollama's scheduler estimate rounds these to 1 and 0.5, ignoring the scale.)
 */
export const KV_BYTES_PER_ELEMENT: Record<KvCacheType, number> = {
  f16: 2,
  q8_0: 34 / 32,
  q4_0: 18 / 32,
};

/**
 * Fixed runtime cost outside weights and cache: GPU context, cuBLAS/Metal workspaces, output
 * buffers. A round figure from what Ollama reports beyond weights+KV on small contexts;
 * `prediction_error` in the memory suite measures how far off it is on a real server.
 */
export const RUNTIME_OVERHEAD_BYTES = 512 * MiB;

/** Ollama's batch size (api/types.go NumBatch default); sliding-window caches keep this much extra. */
export const NUM_BATCH = 512;

/**
 * Compute graph with flash attention: Ollama's own rough estimate (fs/ggml/ggml.go, gpt-oss case):
 * (4 × parallel + ctx/1024 + 110) MiB with one parallel slot. Without flash attention the graph
 * grows much faster with context, which is one more reason to enable it.
 */
export function computeGraphBytes(contextTokens: number): number {
  return (4 + 110) * MiB + contextTokens * 1024;
}

/** Fraction of VRAM kept free when we say "fits": desktop, other processes, estimate error. */
export const VRAM_HEADROOM = 0.1;

/** What fit needs to know about a model; from /api/show (`architectureFromShow`) or the catalog. */
export interface ModelArchitecture {
  /** `general.architecture`, e.g. llama, qwen2, deepseek2, gptoss. */
  family: string;
  parameterCount: number | null;
  /** Transformer layers (`<arch>.block_count`). */
  blockCount: number;
  /** KV heads per layer; an array when layers differ (0 for a layer without attention cache). */
  headCountKv: number | number[];
  /** Elements per head for keys and values (`<arch>.attention.key_length` / `value_length`). */
  keyLength: number;
  valueLength: number;
  /** Trained context (`<arch>.context_length`), the most Ollama will allocate. */
  contextLength: number | null;
  /**
   * Layers whose cache holds a window instead of the whole context, as Ollama allocates it:
   * gpt-oss keeps 4096 + batch tokens on every other layer (Ollama's SWA cache).
   */
  slidingWindow?: { layers: number; tokens: number } | null;
}

export interface MemoryPrediction {
  contextTokens: number;
  cacheType: KvCacheType;
  weightsBytes: number;
  kvCacheBytes: number;
  overheadBytes: number;
  totalBytes: number;
}

function kvHeadsOfLayers(arch: ModelArchitecture): number[] {
  return Array.isArray(arch.headCountKv) ? arch.headCountKv : Array.from({ length: arch.blockCount }, () => arch.headCountKv as number);
}

/** KV cache bytes: for each layer, tokens × kv_heads × (key_length + value_length) × bytes per element. */
export function kvCacheBytes(arch: ModelArchitecture, contextTokens: number, cacheType: KvCacheType): number {
  const heads = kvHeadsOfLayers(arch);
  const windowed = arch.slidingWindow ? Math.min(arch.slidingWindow.layers, heads.length) : 0;
  const windowTokens = arch.slidingWindow ? Math.min(contextTokens, arch.slidingWindow.tokens) : contextTokens;
  let elements = 0;
  heads.forEach((kvHeads, layer) => {
    const tokens = layer < windowed ? windowTokens : contextTokens;
    elements += tokens * kvHeads * (arch.keyLength + arch.valueLength);
  });
  return Math.ceil(elements * KV_BYTES_PER_ELEMENT[cacheType]);
}

/** Weights + KV cache + overhead at `contextTokens`; weights are the model's size on disk. */
export function predictMemory(arch: ModelArchitecture, weightsBytes: number, contextTokens: number, cacheType: KvCacheType = 'f16'): MemoryPrediction {
  const kv = kvCacheBytes(arch, contextTokens, cacheType);
  const overhead = RUNTIME_OVERHEAD_BYTES + computeGraphBytes(contextTokens);
  return { contextTokens, cacheType, weightsBytes, kvCacheBytes: kv, overheadBytes: overhead, totalBytes: weightsBytes + kv + overhead };
}

/** Contexts are offered in steps of this many tokens (what people put in OLLAMA_CONTEXT_LENGTH). */
export const CONTEXT_STEP = 1024;

/**
 * Largest context (a multiple of CONTEXT_STEP, at most the trained context) whose prediction fits
 * in `budgetBytes`; 0 when not even CONTEXT_STEP tokens fit. Memory grows with context, so a
 * binary search over steps finds it.
 */
export function maxContextInBudget(arch: ModelArchitecture, weightsBytes: number, budgetBytes: number, cacheType: KvCacheType = 'f16'): number {
  const limit = arch.contextLength ?? 1 << 21;
  const fits = (steps: number) => predictMemory(arch, weightsBytes, steps * CONTEXT_STEP, cacheType).totalBytes <= budgetBytes;
  let low = 0;
  let high = Math.floor(limit / CONTEXT_STEP);
  if (fits(high)) return limit;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low * CONTEXT_STEP;
}

/** The budget for a GPU of `vramBytes`, keeping VRAM_HEADROOM free. */
export function usableVram(vramBytes: number): number {
  return Math.floor(vramBytes * (1 - VRAM_HEADROOM));
}

/** Largest context that fits in a GPU of `vramBytes` with headroom. */
export function maxContextInVram(arch: ModelArchitecture, weightsBytes: number, vramBytes: number, cacheType: KvCacheType = 'f16'): number {
  return maxContextInBudget(arch, weightsBytes, usableVram(vramBytes), cacheType);
}

/**
 * Memory Ollama can put model layers in: the sum over GPUs whose size is known (Ollama splits
 * layers across GPUs). null when there is no GPU or no GPU says how much memory it has.
 */
export function gpuMemoryBytes(hardware: HardwareSummary | null): number | null {
  const known = (hardware?.gpus ?? []).map((gpu) => gpu.vramBytes).filter((bytes): bytes is number => typeof bytes === 'number' && bytes > 0);
  return known.length ? known.reduce((sum, bytes) => sum + bytes, 0) : null;
}

/** Ollama's default context when nothing sets it, by total VRAM (server/routes.go). */
export function defaultContextForVram(vramBytes: number): number {
  if (vramBytes >= 47 * GiB) return 262144;
  if (vramBytes >= 23 * GiB) return 32768;
  return 4096;
}

/**
 * Approximate bits per weight of Ollama's quantizations (llama.cpp's published figures), for
 * models whose size on disk is unknown.
 */
const BITS_PER_WEIGHT: Record<string, number> = {
  F32: 32,
  F16: 16,
  BF16: 16,
  Q8_0: 8.5,
  Q6_K: 6.56,
  Q5_K_M: 5.69,
  Q5_K_S: 5.54,
  Q5_0: 5.5,
  Q4_K_M: 4.89,
  Q4_K_S: 4.58,
  Q4_0: 4.5,
  MXFP4: 4.25,
  Q3_K_M: 3.91,
  Q3_K_S: 3.5,
  Q2_K: 3.35,
};

/** Weights size from parameter count and quantization, or null when either is unknown. */
export function estimateWeightsBytes(parameterCount: number | null, quantization: string | null): number | null {
  const bits = quantization ? BITS_PER_WEIGHT[quantization.toUpperCase()] : undefined;
  return parameterCount && bits ? Math.round((parameterCount * bits) / 8) : null;
}

type ModelInfo = Map<string, unknown> | Record<string, unknown> | null | undefined;

function infoGetter(info: ModelInfo): (key: string) => unknown {
  if (info instanceof Map) return (key) => info.get(key);
  return (key) => (info ? info[key] : undefined);
}

function positiveNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

/**
 * Reads the architecture from /api/show `model_info`. Returns the list of missing keys instead
 * when the metadata is not enough to predict memory (the suite reports them).
 */
export function architectureFromShow(modelInfo: ModelInfo): { arch: ModelArchitecture } | { missing: string[] } {
  const get = infoGetter(modelInfo);
  const family = get('general.architecture');
  if (typeof family !== 'string' || !family) return { missing: ['general.architecture'] };
  const key = (name: string) => `${family}.${name}`;
  const blockCount = positiveNumber(get(key('block_count')));
  const headCount = get(key('attention.head_count'));
  const headCountKvRaw = get(key('attention.head_count_kv')) ?? headCount;
  const headCountKv = Array.isArray(headCountKvRaw)
    ? headCountKvRaw.map((heads) => (typeof heads === 'number' ? heads : 0))
    : positiveNumber(headCountKvRaw);
  const embedding = positiveNumber(get(key('embedding_length')));
  const headCountMax = Array.isArray(headCount) ? Math.max(...headCount.map(Number)) : positiveNumber(headCount);
  // key/value lengths default to embedding / heads, as in llama.cpp.
  const headDim = embedding && headCountMax ? embedding / headCountMax : null;
  const keyLength = positiveNumber(get(key('attention.key_length'))) ?? headDim;
  const valueLength = positiveNumber(get(key('attention.value_length'))) ?? headDim;
  const missing = [
    ...(blockCount ? [] : [key('block_count')]),
    ...(headCountKv ? [] : [key('attention.head_count_kv')]),
    ...(keyLength && valueLength ? [] : [key('attention.key_length')]),
  ];
  if (missing.length || !blockCount || !headCountKv || !keyLength || !valueLength) return { missing };
  const isGptOss = family === 'gptoss' || family === 'gpt-oss';
  return {
    arch: {
      family,
      parameterCount: positiveNumber(get('general.parameter_count')),
      blockCount,
      headCountKv,
      keyLength,
      valueLength,
      contextLength: positiveNumber(get(key('context_length'))),
      slidingWindow: isGptOss ? gptOssSlidingWindow(blockCount) : null,
    },
  };
}

/** gpt-oss alternates sliding-window and full layers; Ollama caches 4096 + batch on the former. */
export function gptOssSlidingWindow(blockCount: number): { layers: number; tokens: number } {
  return { layers: Math.ceil(blockCount / 2), tokens: 4096 + NUM_BATCH };
}
