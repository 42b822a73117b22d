// How much memory a loaded model takes: weights plus an f16 KV cache that grows with the context,
// plus a compute graph; what does not fit the VRAM runs on the CPU (size_vram < size in /api/ps).
import type { ModelShape } from './profiles/types.js';

const MIB = 1024 ** 2;
/** Compute buffers llama.cpp allocates next to the weights. */
const GRAPH_BYTES = 300 * MIB;
/** VRAM Ollama leaves free for the driver and other processes. */
const VRAM_RESERVE_BYTES = 512 * MIB;

export function kvCacheBytes(shape: ModelShape, numCtx: number): number {
  const bytesPerToken = shape.blockCount * shape.headCountKv * (shape.keyLength + shape.valueLength) * 2;
  return bytesPerToken * numCtx;
}

export interface LoadedSize {
  size: number;
  sizeVram: number;
}

export function loadedSize(shape: ModelShape, numCtx: number, vramBytes: number): LoadedSize {
  const size = Math.round(shape.fileSizeBytes + kvCacheBytes(shape, numCtx) + GRAPH_BYTES);
  return { size, sizeVram: Math.max(0, Math.min(size, vramBytes - VRAM_RESERVE_BYTES)) };
}
