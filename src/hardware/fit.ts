// Memory maths: how many bytes a model needs at a given context, and the largest context that fits.
// Pure functions. Since Ollama runs every GGUF model through llama.cpp's llama-server (Ollama
// v0.33, fb30760), the numbers follow what llama-server allocates, not Ollama's old estimate
// (fs/ggml/ggml.go GraphSize, which nothing calls any more):
//   - KV cache: llama.cpp src/llama-kv-cache.cpp, one K and one V row per cell and attention
//     layer; n_ctx is padded to 256 (src/llama-context.cpp). Sliding-window layers get their own
//     cache of min(n_ctx, n_swa + n_ubatch) cells padded to 256 (src/llama-kv-cache-iswa.cpp).
//   - Hybrid attention/recurrent models: only attention layers hold a KV cache; recurrent layers
//     hold a fixed f32 state (src/llama-memory-recurrent.cpp, sizes from src/llama-hparams.cpp
//     n_embd_r / n_embd_s).
//   - Batch: Ollama's scheduler passes -b/-ub 512, 1024 or 2048 by context (server/sched.go
//     generationBatchForContext / automaticGenerationBatch), falling back when its own rough
//     estimate leaves no headroom.
//   - Compute buffer: llama-server reserves its graph with one output per sequence
//     (tools/server/server-context.cpp server_n_outputs_max), so it holds one ubatch of
//     activations plus the KQ mask (n_kv × n_ubatch), not n_ubatch × n_vocab logits.
//   - /api/ps `size`: the GPU buffers llama-server logs (model, KV, RS, compute) on a full offload
//     (llm/llama_server.go MemorySize) — no CUDA context, no CPU-mapped token embedding.
import type { HardwareSummary } from '../types.js';
import { GiB, MiB } from '../shared/size.js';

export const KV_CACHE_TYPES = ['f16', 'q8_0', 'q4_0'] as const;
/**
 * Values of Ollama's OLLAMA_KV_CACHE_TYPE, passed straight to llama-server as --cache-type-k/-v
 * (llm/llama_server.go). Flash attention defaults to `auto`, and llama.cpp turns it on for a
 * quantized V cache by itself; only OLLAMA_FLASH_ATTENTION=0 (or a GPU without flash attention)
 * makes a q8_0/q4_0 cache fail to load.
 */
export type KvCacheType = (typeof KV_CACHE_TYPES)[number];

/**
 * Bytes per cached element. ggml stores q8_0 as blocks of 32 int8 plus one f16 scale (34 bytes)
 * and q4_0 as 32 nibbles plus one f16 scale (18 bytes).
 */
export const KV_BYTES_PER_ELEMENT: Record<KvCacheType, number> = {
  f16: 2,
  q8_0: 34 / 32,
  q4_0: 18 / 32,
};

/**
 * Fixed runtime cost outside the buffers llama-server logs: the CUDA/Metal context, cuBLAS
 * workspaces, CUDA graphs. It occupies the GPU but /api/ps does not count it, so it is part of
 * `totalBytes` (will it fit?) and not of `psComparableBytes` (what /api/ps will say).
 */
export const RUNTIME_OVERHEAD_BYTES = 512 * MiB;

/** Ollama's default num_batch (api/types.go DefaultOptions), the smallest automatic batch. */
export const NUM_BATCH = 512;

/** Batches Ollama's scheduler picks by context (server/sched.go). */
const BATCH_MEDIUM = 1024;
const BATCH_LARGE = 2048;

/** llama.cpp pads n_ctx and the sliding-window cache to this many cells. */
export const KV_CELL_PAD = 256;

/** Activation bytes per ubatch token when the metadata gives no embedding width (≈ an 8B dense model). */
const DEFAULT_ACTIVATION_BYTES_PER_TOKEN = 160 * 1024;

/** Fraction of VRAM kept free when we say "fits": desktop, other processes, estimate error. */
export const VRAM_HEADROOM = 0.1;

/** Layers whose cache holds a window instead of the whole context. */
export interface SlidingWindow {
  /** Which layers are windowed: a count (the first N layers) or one flag per layer. */
  layers: number | boolean[];
  /**
   * The model's window (`<arch>.attention.sliding_window`): llama.cpp caches
   * min(n_ctx, window + n_ubatch) cells, padded to 256, on these layers.
   */
  window?: number;
  /** A fixed number of cached tokens instead (used when `window` is absent). */
  tokens?: number;
  /** Key/value lengths on windowed layers when they differ from the full layers (gemma4). */
  keyLength?: number;
  valueLength?: number;
}

/** Hybrid models: layers that keep a fixed-size recurrent state (Mamba-2, short convolution). */
export interface RecurrentState {
  layers: number;
  /** f32 bytes per layer and sequence (conv state + SSM state); null when the metadata does not say. */
  bytesPerLayer: number | null;
}

/** What fit needs to know about a model; from /api/show (`architectureFromShow`) or the catalog. */
export interface ModelArchitecture {
  /** `general.architecture`, e.g. llama, qwen2, gemma3, gpt-oss, granitehybrid. */
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
  slidingWindow?: SlidingWindow | null;
  recurrent?: RecurrentState | null;
  /** Last layers that reuse an earlier layer's cache (`<arch>.attention.shared_kv_layers`, gemma3n/gemma4). */
  sharedKvLayers?: number;
  /** `<arch>.embedding_length`, for the compute buffer and Ollama's own batch estimate. */
  embeddingLength?: number | null;
  /** Widest feed-forward activation per token: feed_forward_length, or experts used × expert width. */
  feedForwardLength?: number | null;
  /** Query heads (the largest, when per layer). */
  headCount?: number | null;
  /**
   * Weights llama.cpp keeps in CPU memory even when every layer is on the GPU: the token
   * embedding of a model with a separate output matrix (a tied one is copied to the GPU as the
   * output layer). From /api/show `tensors`; null or absent when unknown (then 0 is assumed).
   */
  cpuWeightsBytes?: number | null;
}

export interface PredictOptions {
  /** -b/-ub the server runs with; default: Ollama's automatic choice (`ollamaBatchSize`). */
  batchTokens?: number;
  /** GPU memory Ollama may place the model in: lets the automatic batch fall back like Ollama's does. */
  gpuMemoryBytes?: number | null;
  /** false models OLLAMA_FLASH_ATTENTION=0 (batch 512, an f32 mask and the KQ matrix); default on (`auto`). */
  flashAttention?: boolean;
  /** OLLAMA_NUM_PARALLEL (default 1): llama-server gets -c num_ctx × parallel. */
  parallel?: number;
}

export interface MemoryPrediction {
  contextTokens: number;
  /** KV cells of the full-attention layers: the context capped at the trained one, padded to 256. */
  allocatedTokens: number;
  /** Cells of the sliding-window layers (null without any). */
  slidingWindowTokens: number | null;
  cacheType: KvCacheType;
  /** n_ubatch the prediction assumes. */
  batchTokens: number;
  weightsBytes: number;
  kvCacheBytes: number;
  recurrentStateBytes: number;
  computeBytes: number;
  runtimeOverheadBytes: number;
  /** Everything but weights and KV cache: compute buffer + recurrent state + runtime overhead. */
  overheadBytes: number;
  /** What the GPU must hold for the model to run entirely on it. */
  totalBytes: number;
  /**
   * What /api/ps `size` reports for a model loaded entirely on the GPU: llama-server's buffers
   * only, without the runtime overhead and without weights kept in CPU memory. Compare
   * `prediction_error` against this.
   */
  psComparableBytes: number;
  /** What the prediction could not know (e.g. a recurrent state size). */
  notes: string[];
}

function padCells(cells: number): number {
  return Math.ceil(cells / KV_CELL_PAD) * KV_CELL_PAD;
}

function flagsOf(layers: number | boolean[], blockCount: number): boolean[] {
  if (Array.isArray(layers)) return Array.from({ length: blockCount }, (_, i) => layers[i] === true);
  const count = Math.min(Math.max(0, layers), blockCount);
  return Array.from({ length: blockCount }, (_, i) => i < count);
}

interface LayerPlan {
  kvHeads: number;
  swa: boolean;
}

/** Per layer: how many KV heads it caches (0 = none) and whether its cache is windowed. */
function layerPlan(arch: ModelArchitecture): LayerPlan[] {
  const swa = arch.slidingWindow ? flagsOf(arch.slidingWindow.layers, arch.blockCount) : [];
  const shared = arch.sharedKvLayers ?? 0;
  return Array.from({ length: arch.blockCount }, (_, i) => {
    const heads = Array.isArray(arch.headCountKv) ? (arch.headCountKv[i] ?? 0) : arch.headCountKv;
    return { kvHeads: i >= arch.blockCount - shared ? 0 : heads, swa: swa[i] ?? false };
  });
}

/** Layers that keep a KV cache (attention layers). */
export function attentionLayerCount(arch: ModelArchitecture): number {
  return layerPlan(arch).filter((layer) => layer.kvHeads > 0).length;
}

/** Full-attention cells: -c num_ctx × parallel, capped at the trained context, padded to 256. */
function fullCells(arch: ModelArchitecture, contextTokens: number, parallel: number): number {
  const context = Math.min(contextTokens, arch.contextLength ?? contextTokens);
  return padCells(Math.max(1, context) * parallel);
}

/** Sliding-window cells: min(n_ctx, n_swa × parallel + n_ubatch) padded to 256, or the fixed token count. */
function windowCells(
  arch: ModelArchitecture,
  full: number,
  batchTokens: number,
  parallel: number,
  contextTokens: number,
): number | null {
  const sw = arch.slidingWindow;
  if (!sw) return null;
  if (sw.window) return padCells(Math.min(full, sw.window * parallel + batchTokens));
  if (sw.tokens) return Math.min(contextTokens, sw.tokens);
  return full;
}

/**
 * Ollama's own rough VRAM estimate (llm/llama_server.go PredictServerVRAM), which its scheduler
 * uses to decide whether a bigger batch fits: file size + an f16 cache on every layer with the
 * smallest KV head count and head dim = embedding / heads.
 */
function ollamaRoughEstimate(arch: ModelArchitecture, weightsBytes: number, effectiveContext: number): number {
  const heads = Array.isArray(arch.headCountKv) ? Math.min(...arch.headCountKv) : arch.headCountKv;
  const headDim =
    arch.embeddingLength && arch.headCount ? Math.floor(arch.embeddingLength / arch.headCount) : arch.keyLength;
  return weightsBytes + 2 * arch.blockCount * Math.max(1, heads) * headDim * effectiveContext * 2;
}

function batchFits(batch: number, predicted: number, available: number): boolean {
  const threshold = available * 0.8;
  if (predicted > threshold) return false;
  if (batch >= BATCH_LARGE && predicted > available * 0.6) return false;
  if (batch >= BATCH_MEDIUM && predicted > available * 0.75) return false;
  const surcharge = batch >= BATCH_LARGE ? 2 * GiB : batch >= BATCH_MEDIUM ? 768 * MiB : 0;
  return surcharge <= threshold - predicted;
}

/**
 * The -b/-ub Ollama passes to llama-server (server/sched.go automaticGenerationBatch): 512 up to
 * 4096 tokens of context, 1024 up to 32768, 2048 above; a bigger batch falls back one step at a
 * time while Ollama's rough estimate exceeds 60% (2048) / 75% (1024) of the GPU memory or leaves
 * no room for the batch's surcharge (2 GiB / 768 MiB) under 80%. With flash attention off (CUDA)
 * it stays at 512. Without `gpuMemoryBytes` the batch follows the context alone.
 */
export function ollamaBatchSize(
  arch: ModelArchitecture,
  weightsBytes: number,
  contextTokens: number,
  options: PredictOptions = {},
): number {
  if (options.batchTokens && options.batchTokens > 0) return options.batchTokens;
  if (options.flashAttention === false) return NUM_BATCH;
  const parallel = Math.max(1, options.parallel ?? 1);
  const effective = Math.min(contextTokens, arch.contextLength ?? contextTokens) * parallel;
  let batch = effective > 32768 ? BATCH_LARGE : effective > 4096 ? BATCH_MEDIUM : NUM_BATCH;
  const available = options.gpuMemoryBytes ?? 0;
  if (available > 0) {
    const predicted = ollamaRoughEstimate(arch, weightsBytes, effective);
    while (batch > NUM_BATCH && !batchFits(batch, predicted, available))
      batch = batch > BATCH_MEDIUM ? BATCH_MEDIUM : NUM_BATCH;
  }
  return batch;
}

/**
 * KV cache bytes: for each attention layer, cells × kv_heads × (key_length + value_length) ×
 * bytes per element; full layers hold the (padded) context, sliding-window layers
 * min(context, window + n_ubatch). `options.batchTokens` defaults to the batch Ollama picks by context.
 */
export function kvCacheBytes(
  arch: ModelArchitecture,
  contextTokens: number,
  cacheType: KvCacheType,
  options: PredictOptions = {},
): number {
  const parallel = Math.max(1, options.parallel ?? 1);
  const batch = options.batchTokens ?? ollamaBatchSize(arch, 0, contextTokens, { ...options, gpuMemoryBytes: null });
  const full = fullCells(arch, contextTokens, parallel);
  const windowed = windowCells(arch, full, batch, parallel, contextTokens) ?? full;
  const sw = arch.slidingWindow;
  let elements = 0;
  for (const layer of layerPlan(arch)) {
    if (layer.kvHeads <= 0) continue;
    const cells = layer.swa ? windowed : full;
    const dims =
      layer.swa && sw
        ? (sw.keyLength ?? arch.keyLength) + (sw.valueLength ?? arch.valueLength)
        : arch.keyLength + arch.valueLength;
    elements += cells * layer.kvHeads * dims;
  }
  return Math.ceil(elements * KV_BYTES_PER_ELEMENT[cacheType]);
}

/** Recurrent state of a hybrid model: layers × f32 state per layer × sequences (0 for other models). */
export function recurrentStateBytes(arch: ModelArchitecture, parallel = 1): number {
  const state = arch.recurrent;
  return state?.bytesPerLayer ? state.layers * state.bytesPerLayer * Math.max(1, parallel) : 0;
}

/**
 * llama-server's compute buffer on the GPU for one ubatch: the KQ mask of each cache
 * (n_kv × n_ubatch, f16 with flash attention, f32 without) plus the activations of one layer,
 * about 8 × (embedding + feed-forward width) bytes per token (two f32 rows of each live at the
 * feed-forward peak). Logits are reserved for one output per sequence only. Without flash
 * attention the KQ matrix (n_kv × n_ubatch × heads, f32) comes on top.
 */
export function computeBufferBytes(
  arch: ModelArchitecture,
  contextTokens: number,
  batchTokens: number,
  options: PredictOptions = {},
): number {
  const parallel = Math.max(1, options.parallel ?? 1);
  const flash = options.flashAttention !== false;
  const full = fullCells(arch, contextTokens, parallel);
  const windowed = windowCells(arch, full, batchTokens, parallel, contextTokens);
  const plan = layerPlan(arch);
  const hasFull = plan.some((layer) => layer.kvHeads > 0 && !layer.swa);
  const hasWindow = windowed !== null && plan.some((layer) => layer.kvHeads > 0 && layer.swa);
  const maskCells = (hasFull ? full : 0) + (hasWindow ? windowed : 0);
  const mask = maskCells * batchTokens * (flash ? 2 : 4);
  const embedding = arch.embeddingLength ?? null;
  const perToken = embedding
    ? 8 * (embedding + (arch.feedForwardLength ?? 4 * embedding))
    : DEFAULT_ACTIVATION_BYTES_PER_TOKEN;
  const kq = flash ? 0 : (hasFull ? full : (windowed ?? 0)) * batchTokens * (arch.headCount ?? 32) * 4;
  return Math.round(mask + perToken * batchTokens + kq);
}

/**
 * Memory at `contextTokens`: weights (the size on disk) + KV cache + recurrent state + compute
 * buffer + runtime overhead. See MemoryPrediction for the two totals.
 */
export function predictMemory(
  arch: ModelArchitecture,
  weightsBytes: number,
  contextTokens: number,
  cacheType: KvCacheType = 'f16',
  options: PredictOptions = {},
): MemoryPrediction {
  const parallel = Math.max(1, options.parallel ?? 1);
  const batchTokens = ollamaBatchSize(arch, weightsBytes, contextTokens, options);
  const withBatch = { ...options, batchTokens };
  const kv = kvCacheBytes(arch, contextTokens, cacheType, withBatch);
  const recurrent = recurrentStateBytes(arch, parallel);
  const compute = computeBufferBytes(arch, contextTokens, batchTokens, withBatch);
  const overhead = compute + recurrent + RUNTIME_OVERHEAD_BYTES;
  const total = weightsBytes + kv + overhead;
  const allocatedTokens = fullCells(arch, contextTokens, parallel);
  const notes: string[] = [];
  if (arch.recurrent && arch.recurrent.bytesPerLayer === null)
    notes.push(`recurrent state of ${arch.recurrent.layers} layers not counted: the metadata lacks its ssm.* sizes`);
  return {
    contextTokens,
    allocatedTokens,
    slidingWindowTokens: windowCells(arch, allocatedTokens, batchTokens, parallel, contextTokens),
    cacheType,
    batchTokens,
    weightsBytes,
    kvCacheBytes: kv,
    recurrentStateBytes: recurrent,
    computeBytes: compute,
    runtimeOverheadBytes: RUNTIME_OVERHEAD_BYTES,
    overheadBytes: overhead,
    totalBytes: total,
    psComparableBytes: total - RUNTIME_OVERHEAD_BYTES - (arch.cpuWeightsBytes ?? 0),
    notes,
  };
}

/** What /api/ps `size` should say with the model entirely on the GPU (see MemoryPrediction.psComparableBytes). */
export function predictedPsSize(
  arch: ModelArchitecture,
  weightsBytes: number,
  contextTokens: number,
  cacheType: KvCacheType = 'f16',
  options: PredictOptions = {},
): number {
  return predictMemory(arch, weightsBytes, contextTokens, cacheType, options).psComparableBytes;
}

/** Contexts are offered in steps of this many tokens (what people put in OLLAMA_CONTEXT_LENGTH). */
export const CONTEXT_STEP = 1024;

/**
 * Largest context (a multiple of CONTEXT_STEP, or the trained context itself) whose prediction
 * fits in `budgetBytes`; 0 when not even CONTEXT_STEP tokens fit. The automatic batch can shrink
 * as the context grows, so memory is not monotonic in the context: every step is tried, largest first.
 */
export function maxContextInBudget(
  arch: ModelArchitecture,
  weightsBytes: number,
  budgetBytes: number,
  cacheType: KvCacheType = 'f16',
  options: PredictOptions = {},
): number {
  const limit = arch.contextLength ?? 1 << 21;
  const fits = (tokens: number) =>
    predictMemory(arch, weightsBytes, tokens, cacheType, options).totalBytes <= budgetBytes;
  if (fits(limit)) return limit;
  for (let steps = Math.floor((limit - 1) / CONTEXT_STEP); steps >= 1; steps--) {
    if (fits(steps * CONTEXT_STEP)) return steps * CONTEXT_STEP;
  }
  return 0;
}

/** The budget for a GPU of `vramBytes`, keeping VRAM_HEADROOM free. */
export function usableVram(vramBytes: number): number {
  return Math.floor(vramBytes * (1 - VRAM_HEADROOM));
}

/** Largest context that fits in a GPU of `vramBytes` with headroom (the batch chosen as Ollama would for that GPU). */
export function maxContextInVram(
  arch: ModelArchitecture,
  weightsBytes: number,
  vramBytes: number,
  cacheType: KvCacheType = 'f16',
  options: PredictOptions = {},
): number {
  return maxContextInBudget(arch, weightsBytes, usableVram(vramBytes), cacheType, {
    gpuMemoryBytes: vramBytes,
    ...options,
  });
}

/**
 * Memory Ollama can put model layers in: the sum over GPUs whose size is known (Ollama splits
 * layers across GPUs). null when there is no GPU or no GPU says how much memory it has.
 */
export function gpuMemoryBytes(hardware: HardwareSummary | null): number | null {
  const known = (hardware?.gpus ?? [])
    .map((gpu) => gpu.vramBytes)
    .filter((bytes): bytes is number => typeof bytes === 'number' && bytes > 0);
  return known.length ? known.reduce((sum, bytes) => sum + bytes, 0) : null;
}

/**
 * Ollama's default context when nothing sets it (no num_ctx in the request or Modelfile, no
 * OLLAMA_CONTEXT_LENGTH), by the memory of all GPUs together (server/routes.go): 262144 from
 * 47 GiB, 32768 from 23 GiB, else 4096. Pass the sum of total memory minus OLLAMA_GPU_OVERHEAD
 * per GPU (`defaultContextForGpus`).
 */
export function defaultContextForVram(vramBytes: number): number {
  if (vramBytes >= 47 * GiB) return 262144;
  if (vramBytes >= 23 * GiB) return 32768;
  return 4096;
}

/** The default context for these GPUs' total memory, each less OLLAMA_GPU_OVERHEAD (bytes), as server/routes.go sums it. */
export function defaultContextForGpus(gpuTotalBytes: readonly number[], gpuOverheadBytes = 0): number {
  const total = gpuTotalBytes.reduce((sum, bytes) => sum + Math.max(0, bytes - gpuOverheadBytes), 0);
  return defaultContextForVram(total);
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

/** Bytes per element of ggml tensor types as /api/show `tensors` names them (block bytes / block size). */
const TENSOR_TYPE_BYTES: Record<string, number> = {
  F32: 4,
  F16: 2,
  BF16: 2,
  Q4_0: 18 / 32,
  Q4_1: 20 / 32,
  Q5_0: 22 / 32,
  Q5_1: 24 / 32,
  Q8_0: 34 / 32,
  Q8_1: 36 / 32,
  MXFP4: 17 / 32,
  Q2_K: 84 / 256,
  Q3_K: 110 / 256,
  Q4_K: 144 / 256,
  Q5_K: 176 / 256,
  Q6_K: 210 / 256,
  Q8_K: 292 / 256,
  IQ4_NL: 18 / 32,
  IQ4_XS: 136 / 256,
};

type ModelInfo = Map<string, unknown> | Record<string, unknown> | null | undefined;

/** One entry of /api/show `tensors`. */
export interface ShowTensor {
  name: string;
  type: string;
  shape: readonly number[];
}

function infoGetter(info: ModelInfo): (key: string) => unknown {
  if (info instanceof Map) return (key) => info.get(key);
  return (key) => (info ? info[key] : undefined);
}

function infoKeys(info: ModelInfo): string[] {
  if (info instanceof Map) return [...info.keys()];
  return info ? Object.keys(info) : [];
}

function positiveNumber(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;
}

function numberArray(value: unknown[]): number[] {
  return value.map((item) => (typeof item === 'number' && Number.isFinite(item) ? item : 0));
}

/**
 * True when /api/show came back without arrays the memory maths reads: without `verbose: true`
 * Ollama returns every array-valued GGUF key as null (fs/ggml/gguf.go keeps array values only up
 * to maxArraySize, 0 for a plain show), e.g. the per-layer KV heads of hybrid models or a
 * sliding-window pattern. Only `<arch>.*` keys count: the tokenizer's arrays are always null and
 * not needed. Call /api/show again with `verbose: true` when this is true.
 */
export function needsVerboseShow(modelInfo: ModelInfo): boolean {
  const family = infoGetter(modelInfo)('general.architecture');
  if (typeof family !== 'string' || !family) return false;
  const get = infoGetter(modelInfo);
  return infoKeys(modelInfo).some((key) => key.startsWith(`${family}.`) && get(key) === null);
}

/** Sliding-window defaults of llama.cpp per architecture (src/models/<arch>.cpp): period p = p − 1 windowed layers, then one full. */
const SLIDING_WINDOW_DEFAULTS: Record<string, { period: number; window?: number; needsWindowKey?: boolean }> = {
  gemma2: { period: 2, window: 4096 },
  gemma3: { period: 6, needsWindowKey: true },
  'gpt-oss': { period: 2, window: 128 },
  gptoss: { period: 2, window: 128 },
  cohere2: { period: 4, needsWindowKey: true },
  gemma4: { period: 0, needsWindowKey: true },
};

/** llama.cpp's set_swa_pattern(p): layer i is windowed when i % p < p − 1 (p = 0: every layer). */
export function slidingWindowPattern(period: number, blockCount: number): boolean[] {
  return Array.from({ length: blockCount }, (_, i) => period === 0 || i % period < period - 1);
}

/** Hybrid architectures and how llama.cpp tells their recurrent layers (src/models/<arch>.cpp). */
const RECURRENT_BY_KV0 = new Set(['granitehybrid', 'jamba', 'lfm2', 'lfm2moe']);
const RECURRENT_BY_KV0_NO_FFN = new Set(['nemotron_h', 'nemotron_h_moe']);
const RECURRENT_BY_INTERVAL = new Set(['qwen3next', 'qwen35', 'qwen35moe']);
const RECURRENT_PARALLEL = new Set(['falcon-h1']);

/**
 * f32 elements of one recurrent layer's state (src/llama-hparams.cpp): short convolution (lfm2)
 * n_embd × (l_cache − 1); Mamba-2 conv (d_conv − 1) × (d_inner + 2 × n_group × d_state) plus
 * SSM d_state × d_inner. null when the keys are missing.
 */
function recurrentElementsPerLayer(
  get: (key: string) => unknown,
  key: (name: string) => string,
  embedding: number | null,
): number | null {
  const conv = positiveNumber(get(key('ssm.conv_kernel')));
  const inner = positiveNumber(get(key('ssm.inner_size')));
  const state = positiveNumber(get(key('ssm.state_size')));
  const groups = positiveNumber(get(key('ssm.group_count'))) ?? 0;
  const lCache = positiveNumber(get(key('shortconv.l_cache')));
  if (lCache && embedding) return embedding * (lCache - 1) + (state && inner ? state * inner : 0);
  if (conv && inner && state) return (conv - 1) * (inner + 2 * groups * state) + state * inner;
  return null;
}

const STRIPPED = '(an array /api/show returns only with verbose: true)';

/**
 * Reads the architecture from /api/show `model_info` (and, if given, `tensors`). Returns the
 * missing keys instead when the metadata is not enough to predict memory (the suite reports
 * them); `needsVerbose` is set when a needed array came back null (see needsVerboseShow).
 */
export function architectureFromShow(
  modelInfo: ModelInfo,
  tensors?: readonly ShowTensor[] | null,
): { arch: ModelArchitecture } | { missing: string[]; needsVerbose?: true } {
  const get = infoGetter(modelInfo);
  const family = get('general.architecture');
  if (typeof family !== 'string' || !family) return { missing: ['general.architecture'] };
  const key = (name: string) => `${family}.${name}`;
  const stripped: string[] = [];
  const blockCount = positiveNumber(get(key('block_count')));
  const n = blockCount ?? 0;
  const perLayer = (values: number[]) => Array.from({ length: n }, (_, i) => values[i] ?? 0);

  const headCountRaw = get(key('attention.head_count'));
  if (headCountRaw === null) stripped.push(key('attention.head_count'));
  const headCount = Array.isArray(headCountRaw)
    ? Math.max(0, ...numberArray(headCountRaw)) || null
    : positiveNumber(headCountRaw);

  // An absent head_count_kv means as many KV heads as query heads (llama.cpp's default); a null
  // one is a per-layer array Ollama left out, which must not be guessed.
  const kvRaw = get(key('attention.head_count_kv'));
  let headCountKv: number | number[] | null = null;
  if (kvRaw === null) stripped.push(key('attention.head_count_kv'));
  else if (Array.isArray(kvRaw)) headCountKv = perLayer(numberArray(kvRaw));
  else if (kvRaw !== undefined) headCountKv = positiveNumber(kvRaw);
  else if (Array.isArray(headCountRaw)) headCountKv = perLayer(numberArray(headCountRaw));
  else headCountKv = headCount;

  const embedding = positiveNumber(get(key('embedding_length')));
  // key/value lengths default to embedding / heads, as in llama.cpp.
  const headDim = embedding && headCount ? embedding / headCount : null;
  const keyLength = positiveNumber(get(key('attention.key_length'))) ?? headDim;
  const valueLength = positiveNumber(get(key('attention.value_length'))) ?? headDim;

  // Feed-forward width for the compute buffer: dense, or experts used × expert width (+ shared).
  const ffnRaw = get(key('feed_forward_length'));
  const ffnArray = Array.isArray(ffnRaw) ? perLayer(numberArray(ffnRaw)) : null;
  const denseFfn = ffnArray ? Math.max(0, ...ffnArray) : (positiveNumber(ffnRaw) ?? 0);
  // Without expert_feed_forward_length (granitehybrid), feed_forward_length is the expert width.
  const expertWidth =
    positiveNumber(get(key('expert_feed_forward_length'))) ?? (positiveNumber(get(key('expert_count'))) ? denseFfn : 0);
  const expertFfn = expertWidth * (positiveNumber(get(key('expert_used_count'))) ?? 0);
  const sharedFfn = positiveNumber(get(key('expert_shared_feed_forward_length'))) ?? 0;
  const feedForwardLength = Math.max(denseFfn, expertFfn + sharedFfn) || null;

  // A needed key that came back null is named with the hint to ask for verbose; head_count is
  // needed when KV heads default to it or head dims derive from it.
  const needsHeadCount = (!headCountKv && kvRaw === undefined) || !(keyLength && valueLength);
  const missing = [
    ...(blockCount ? [] : [key('block_count')]),
    ...(kvRaw === null ? [`${key('attention.head_count_kv')} ${STRIPPED}`] : []),
    ...(headCountRaw === null && needsHeadCount ? [`${key('attention.head_count')} ${STRIPPED}`] : []),
    ...(headCountKv || kvRaw === null || headCountRaw === null ? [] : [key('attention.head_count_kv')]),
    ...((keyLength && valueLength) || headCountRaw === null ? [] : [key('attention.key_length')]),
  ];
  if (missing.length || !blockCount || !headCountKv || !keyLength || !valueLength) {
    return stripped.length ? { missing, needsVerbose: true } : { missing };
  }

  // Hybrid models: which layers are recurrent, and the attention layers' KV heads.
  let recurrentLayers = 0;
  if (RECURRENT_PARALLEL.has(family)) recurrentLayers = n;
  else if (RECURRENT_BY_INTERVAL.has(family)) {
    const listed = get(key('attention.recurrent_layers'));
    const interval = positiveNumber(get(key('full_attention_interval'))) ?? 4;
    const flags = Array.isArray(listed)
      ? perLayer(numberArray(listed.map((v) => (v === true ? 1 : v)))).map(Boolean)
      : Array.from({ length: n }, (_, i) => (i + 1) % interval !== 0);
    recurrentLayers = flags.filter(Boolean).length;
    const heads = Array.isArray(headCountKv) ? headCountKv : Array.from({ length: n }, () => headCountKv as number);
    headCountKv = heads.map((h, i) => (flags[i] ? 0 : h));
  } else if (RECURRENT_BY_KV0.has(family) || RECURRENT_BY_KV0_NO_FFN.has(family)) {
    const heads = Array.isArray(headCountKv) ? headCountKv : [];
    const byFfn = RECURRENT_BY_KV0_NO_FFN.has(family) && ffnArray;
    recurrentLayers = heads.filter((h, i) => h === 0 && (!byFfn || byFfn[i] === 0)).length;
  }
  const perLayerState = recurrentLayers ? recurrentElementsPerLayer(get, key, embedding) : null;
  const recurrent: RecurrentState | null = recurrentLayers
    ? { layers: recurrentLayers, bytesPerLayer: perLayerState === null ? null : perLayerState * 4 }
    : null;

  return {
    arch: {
      family,
      parameterCount: positiveNumber(get('general.parameter_count')),
      blockCount,
      headCountKv,
      keyLength,
      valueLength,
      contextLength: positiveNumber(get(key('context_length'))),
      slidingWindow: slidingWindowFromInfo(family, blockCount, get, key, headCountKv),
      ...(recurrent ? { recurrent } : {}),
      ...(positiveNumber(get(key('attention.shared_kv_layers')))
        ? { sharedKvLayers: positiveNumber(get(key('attention.shared_kv_layers')))! }
        : {}),
      embeddingLength: embedding,
      feedForwardLength,
      headCount,
      ...(tensors ? { cpuWeightsBytes: cpuResidentWeightsBytes(tensors) } : {}),
    },
  };
}

function slidingWindowFromInfo(
  family: string,
  blockCount: number,
  get: (key: string) => unknown,
  key: (name: string) => string,
  headCountKv: number | number[],
): SlidingWindow | null {
  const windowKey = positiveNumber(get(key('attention.sliding_window')));
  const patternRaw = get(key('attention.sliding_window_pattern'));
  const swaLengths = {
    ...(positiveNumber(get(key('attention.key_length_swa')))
      ? { keyLength: positiveNumber(get(key('attention.key_length_swa')))! }
      : {}),
    ...(positiveNumber(get(key('attention.value_length_swa')))
      ? { valueLength: positiveNumber(get(key('attention.value_length_swa')))! }
      : {}),
  };
  // lfm2: every attention layer is windowed when the model has a window.
  if (family === 'lfm2') {
    if (!windowKey || !Array.isArray(headCountKv)) return null;
    return { layers: headCountKv.map((h) => h > 0), window: windowKey };
  }
  const defaults = SLIDING_WINDOW_DEFAULTS[family];
  const window = windowKey ?? defaults?.window ?? null;
  if (!window || (defaults?.needsWindowKey && !windowKey)) return null;
  if (Array.isArray(patternRaw)) {
    return {
      layers: Array.from({ length: blockCount }, (_, i) => patternRaw[i] === true || patternRaw[i] === 1),
      window,
      ...swaLengths,
    };
  }
  const period =
    typeof patternRaw === 'number' && Number.isInteger(patternRaw) && patternRaw >= 0 ? patternRaw : defaults?.period;
  // gemma4 gives its pattern only as an array: without it (null before a verbose show) assume no window (an upper bound).
  if (period === undefined || (family === 'gemma4' && typeof patternRaw !== 'number')) return null;
  return { layers: slidingWindowPattern(period, blockCount), window, ...swaLengths };
}

/**
 * Bytes of weights that stay in CPU memory on a full offload: llama.cpp keeps the input layer
 * (token_embd) on the CPU; a model with a separate output.weight leaves it there, a tied one
 * also loads it onto the GPU as the output layer (so nothing is missing from the GPU).
 */
export function cpuResidentWeightsBytes(tensors: readonly ShowTensor[]): number | null {
  const embedding = tensors.find((t) => t.name === 'token_embd.weight');
  if (!embedding) return null;
  if (!tensors.some((t) => t.name === 'output.weight')) return 0;
  const perElement = TENSOR_TYPE_BYTES[embedding.type.toUpperCase()];
  if (!perElement) return null;
  return Math.round(embedding.shape.reduce((product, size) => product * size, 1) * perElement);
}

/**
 * gpt-oss: the even layers have a 128-token sliding window (llama.cpp src/models/openai-moe.cpp,
 * pattern period 2), so llama-server caches 128 + n_ubatch cells (padded to 256) there.
 */
export function gptOssSlidingWindow(blockCount: number): SlidingWindow {
  return { layers: slidingWindowPattern(2, blockCount), window: 128 };
}
