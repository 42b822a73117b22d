// How much memory a loaded model takes: weights plus an f16 KV cache that grows with the context,
// plus a compute graph; what does not fit the VRAM runs on the CPU (size_vram < size in /api/ps).
import type { ModelShape } from './profiles/types.js';

const MIB = 1024 ** 2;
/** Compute buffers llama.cpp allocates next to the weights. */
const GRAPH_BYTES = 300 * MIB;
/** VRAM Ollama leaves free for the driver and other processes. */
const VRAM_RESERVE_BYTES = 512 * MIB;

/** Tokens llama-server processes at once (a sliding-window layer holds its window plus one batch). */
const BATCH_TOKENS = 512;
/** gemma2/3: every 6th layer attends to the whole context, the others to their window. */
const SWA_PATTERN = 6;

/** Tokens each layer keeps in the KV cache: all of the context, or its window (+ a batch) for local layers. */
function layerTokens(shape: ModelShape, layer: number, numCtx: number): number {
  if (!shape.slidingWindow || (layer + 1) % SWA_PATTERN === 0) return numCtx;
  return Math.min(numCtx, shape.slidingWindow + BATCH_TOKENS);
}

/** f16 K and V for every layer with attention (recurrent layers of a hybrid have no KV heads). */
export function kvCacheBytes(shape: ModelShape, numCtx: number): number {
  let bytes = 0;
  for (let layer = 0; layer < shape.blockCount; layer++) {
    const heads = shape.headCountKvPerLayer?.[layer] ?? shape.headCountKv;
    bytes += heads * (shape.keyLength + shape.valueLength) * 2 * layerTokens(shape, layer, numCtx);
  }
  return bytes;
}

export interface LoadedSize {
  size: number;
  sizeVram: number;
}

export function loadedSize(shape: ModelShape, numCtx: number, vramBytes: number): LoadedSize {
  const size = Math.round(shape.fileSizeBytes + kvCacheBytes(shape, numCtx) + GRAPH_BYTES);
  return { size, sizeVram: Math.max(0, Math.min(size, vramBytes - VRAM_RESERVE_BYTES)) };
}
