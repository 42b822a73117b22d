// Shapes of real model families, so a simulated model looks plausible to anything reading
// /api/show (numbers as in the GGUF metadata of the named model at the named quantisation).
import type { ModelShape } from './types.js';

const GB = 1_000_000_000;

/** Like llama3.1:8b (Q4_K_M). */
export const LLAMA_8B: ModelShape = {
  architecture: 'llama',
  family: 'llama',
  parameterCount: 8_030_261_248,
  parameterSize: '8.0B',
  quantization: 'Q4_K_M',
  fileSizeBytes: 4.92 * GB,
  trainedContext: 131_072,
  blockCount: 32,
  headCount: 32,
  headCountKv: 8,
  embeddingLength: 4096,
  vocabSize: 128_256,
  keyLength: 128,
  valueLength: 128,
};

/** Like codellama:7b (Q4_0): no tool template. */
export const CODELLAMA_7B: ModelShape = {
  architecture: 'llama',
  family: 'llama',
  parameterCount: 6_738_546_688,
  parameterSize: '7B',
  quantization: 'Q4_0',
  fileSizeBytes: 3.83 * GB,
  trainedContext: 16_384,
  blockCount: 32,
  headCount: 32,
  headCountKv: 32,
  embeddingLength: 4096,
  vocabSize: 32_016,
  keyLength: 128,
  valueLength: 128,
};

/** Like qwen2.5:7b (Q4_K_M). */
export const QWEN2_7B: ModelShape = {
  architecture: 'qwen2',
  family: 'qwen2',
  parameterCount: 7_615_616_512,
  parameterSize: '7.6B',
  quantization: 'Q4_K_M',
  fileSizeBytes: 4.68 * GB,
  trainedContext: 32_768,
  blockCount: 28,
  headCount: 28,
  headCountKv: 4,
  embeddingLength: 3584,
  vocabSize: 152_064,
  keyLength: 128,
  valueLength: 128,
};

/** Like mistral:7b (Q4_K_M). */
export const MISTRAL_7B: ModelShape = {
  architecture: 'llama',
  family: 'llama',
  parameterCount: 7_248_023_552,
  parameterSize: '7.2B',
  quantization: 'Q4_K_M',
  fileSizeBytes: 4.37 * GB,
  trainedContext: 32_768,
  blockCount: 32,
  headCount: 32,
  headCountKv: 8,
  embeddingLength: 4096,
  vocabSize: 32_768,
  keyLength: 128,
  valueLength: 128,
};

/** Like gemma2:2b (Q4_K_M): trained on 8192 tokens only. */
export const GEMMA2_2B: ModelShape = {
  architecture: 'gemma2',
  family: 'gemma2',
  parameterCount: 2_614_341_888,
  parameterSize: '2.6B',
  quantization: 'Q4_K_M',
  fileSizeBytes: 1.63 * GB,
  trainedContext: 8192,
  blockCount: 26,
  headCount: 8,
  headCountKv: 4,
  embeddingLength: 2304,
  vocabSize: 256_000,
  keyLength: 256,
  valueLength: 256,
};

/** Like qwen2.5:14b (Q4_K_M). */
export const QWEN2_14B: ModelShape = {
  architecture: 'qwen2',
  family: 'qwen2',
  parameterCount: 14_770_033_664,
  parameterSize: '14.8B',
  quantization: 'Q4_K_M',
  fileSizeBytes: 8.99 * GB,
  trainedContext: 32_768,
  blockCount: 48,
  headCount: 40,
  headCountKv: 8,
  embeddingLength: 5120,
  vocabSize: 152_064,
  keyLength: 128,
  valueLength: 128,
};

/** Like qwen2.5:32b (Q4_K_M): does not fit 16 GiB of VRAM. */
export const QWEN2_32B: ModelShape = {
  architecture: 'qwen2',
  family: 'qwen2',
  parameterCount: 32_763_876_352,
  parameterSize: '32.8B',
  quantization: 'Q4_K_M',
  fileSizeBytes: 19.85 * GB,
  trainedContext: 32_768,
  blockCount: 64,
  headCount: 40,
  headCountKv: 8,
  embeddingLength: 5120,
  vocabSize: 152_064,
  keyLength: 128,
  valueLength: 128,
};

/** Like deepseek-coder-v2:16b (Q4_0): no context shift, over-long prompts fail. */
export const DEEPSEEK2_16B: ModelShape = {
  architecture: 'deepseek2',
  family: 'deepseek2',
  parameterCount: 15_706_484_224,
  parameterSize: '15.7B',
  quantization: 'Q4_0',
  fileSizeBytes: 8.91 * GB,
  trainedContext: 163_840,
  blockCount: 27,
  headCount: 16,
  headCountKv: 16,
  embeddingLength: 2048,
  vocabSize: 102_400,
  keyLength: 192,
  valueLength: 128,
};

/** Like gemma3:4b (Q4_K_M): sliding-window attention (1024 tokens) on 5 of every 6 layers. */
export const GEMMA3_4B: ModelShape = {
  architecture: 'gemma3',
  family: 'gemma3',
  parameterCount: 3_880_263_168,
  parameterSize: '4.3B',
  quantization: 'Q4_K_M',
  fileSizeBytes: 3.34 * GB,
  trainedContext: 131_072,
  blockCount: 34,
  headCount: 8,
  headCountKv: 4,
  embeddingLength: 2560,
  vocabSize: 262_144,
  keyLength: 256,
  valueLength: 256,
  slidingWindow: 1024,
};

/** granite4:tiny-h's layers: Mamba-2 everywhere but 4 attention layers (0 KV heads for the recurrent ones). */
const GRANITE_HYBRID_KV = Array.from({ length: 40 }, (_, layer) => ([5, 15, 25, 35].includes(layer) ? 4 : 0));

/** Like granite4:tiny-h (Q4_K_M): a hybrid whose KV cache lives in 4 of 40 layers only. */
export const GRANITE_HYBRID_7B: ModelShape = {
  architecture: 'granitehybrid',
  family: 'granitehybrid',
  parameterCount: 6_939_907_584,
  parameterSize: '6.9B',
  quantization: 'Q4_K_M',
  fileSizeBytes: 4.23 * GB,
  trainedContext: 131_072,
  blockCount: 40,
  headCount: 12,
  headCountKv: 4,
  embeddingLength: 1536,
  vocabSize: 100_352,
  keyLength: 128,
  valueLength: 128,
  headCountKvPerLayer: GRANITE_HYBRID_KV,
  extraInfo: {
    'ssm.conv_kernel': 4,
    'ssm.state_size': 128,
    'ssm.group_count': 1,
    'ssm.inner_size': 3072,
    'ssm.time_step_rank': 48,
  },
};
