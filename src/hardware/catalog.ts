// Published architecture numbers of popular coding models, so `bench recommend` can predict fit
// for models that are not pulled yet. Sizes are what ollama.com lists for the default tag
// (decimal GB, the quantization named). Memory is modelled by fit.ts from these numbers.
//
// MoE models (qwen3-coder, gpt-oss, deepseek-coder-v2, granite4): every expert must be in memory,
// so memory uses the *total* parameters (the file size); only speed depends on the active
// parameters, which are listed for the report. MLA (deepseek2): Ollama's GGUF of
// deepseek-coder-v2 carries per-head key (192 = 128 + 64 rope) and value (128) lengths for 16 KV
// heads; we use them. A runtime that caches the compressed latent (kv_lora_rank 512 + 64 rope per
// layer) needs less, so the prediction is an upper bound for it.
//
// `embedding` / `ffn` / `heads` feed the compute-buffer estimate and Ollama's batch choice (fit.ts);
// `ffn` is the widest feed-forward activation per token (MoE: experts used × expert width + shared).
import { gptOssSlidingWindow, slidingWindowPattern, type ModelArchitecture } from './fit.js';

export interface CatalogModel {
  /** Ollama tag, as in `ollama pull`. */
  name: string;
  arch: ModelArchitecture;
  /** Size of the default quantization on disk (≈ the weights in memory). */
  sizeBytes: number;
  quantization: string;
  /** Parameters used per token (MoE); equal to the total for dense models. */
  activeParameters: number;
  /** Our suggested order to try models in when nothing was measured (lower first); see `note`. */
  preference: number;
  note: string;
  source: string;
}

const GB = 1000 ** 3;

interface Widths {
  embedding: number;
  ffn: number;
  heads: number;
}

/** Dense or MoE model whose every layer caches `kvHeads × headDim` keys and values. */
function uniform(
  family: string,
  parameterCount: number,
  blockCount: number,
  kvHeads: number,
  headDim: number,
  contextLength: number,
  widths: Widths,
): ModelArchitecture {
  return {
    family,
    parameterCount,
    blockCount,
    headCountKv: kvHeads,
    keyLength: headDim,
    valueLength: headDim,
    contextLength,
    slidingWindow: null,
    embeddingLength: widths.embedding,
    feedForwardLength: widths.ffn,
    headCount: widths.heads,
  };
}

/**
 * Granite 4.0 H Small (granitehybrid): 40 layers, 4 with attention (8 KV heads × 128), 36 Mamba-2.
 * Each Mamba-2 layer keeps f32 (d_conv − 1) × (d_inner + 2 × n_group × d_state) conv state plus
 * d_state × d_inner SSM state: (4 − 1) × (8192 + 2 × 1 × 128) + 128 × 8192 = 25,344 + 1,048,576
 * = 1,073,920 elements × 4 = 4,295,680 bytes per layer and sequence (llama.cpp src/llama-hparams.cpp).
 */
const GRANITE4_SMALL_H_ATTENTION = [5, 15, 25, 35];
export const GRANITE4_SMALL_H: ModelArchitecture = {
  family: 'granitehybrid',
  parameterCount: 32.21e9,
  blockCount: 40,
  headCountKv: Array.from({ length: 40 }, (_, i) => (GRANITE4_SMALL_H_ATTENTION.includes(i) ? 8 : 0)),
  keyLength: 128,
  valueLength: 128,
  contextLength: 1048576,
  slidingWindow: null,
  recurrent: { layers: 36, bytesPerLayer: 4_295_680 },
  embeddingLength: 4096,
  feedForwardLength: 10 * 768 + 1536,
  headCount: 32,
};

export const CATALOG: readonly CatalogModel[] = [
  {
    name: 'qwen3-coder:30b',
    arch: uniform('qwen3moe', 30.5e9, 48, 4, 128, 262144, { embedding: 2048, ffn: 8 * 768, heads: 32 }),
    sizeBytes: 19 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 3.3e9,
    preference: 1,
    note: 'MoE (128 experts, 8 active): 30.5B in memory, 3.3B per token, so fast for its size; trained for agentic coding and tool calls',
    source: 'huggingface.co/Qwen/Qwen3-Coder-30B-A3B-Instruct config.json; ollama.com/library/qwen3-coder',
  },
  {
    name: 'devstral:24b',
    arch: uniform('llama', 23.6e9, 40, 8, 128, 131072, { embedding: 5120, ffn: 32768, heads: 32 }),
    sizeBytes: 14 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 23.6e9,
    preference: 2,
    note: 'dense 24B (Mistral Small 3.1 base) fine-tuned for coding agents; `devstral` is this tag',
    source:
      'huggingface.co/mistralai/Devstral-Small-2505 config (Mistral Small 3.1: 40 layers, 8 KV heads, head dim 128); ollama.com/library/devstral',
  },
  {
    name: 'gpt-oss:20b',
    arch: {
      ...uniform('gptoss', 20.9e9, 24, 8, 64, 131072, { embedding: 2880, ffn: 4 * 2880, heads: 64 }),
      slidingWindow: gptOssSlidingWindow(24),
    },
    sizeBytes: 14 * GB,
    quantization: 'MXFP4',
    activeParameters: 3.6e9,
    preference: 3,
    note: 'MoE (32 experts, 4 active): 3.6B per token; every other layer has a 128-token sliding window (llama-server caches 128 + batch there), so its cache grows half as fast',
    source:
      'huggingface.co/openai/gpt-oss-20b config.json; ollama.com/library/gpt-oss; llama.cpp src/models/openai-moe.cpp (pattern 2), src/llama-kv-cache-iswa.cpp (window + n_ubatch)',
  },
  {
    name: 'qwen2.5-coder:32b',
    arch: uniform('qwen2', 32.8e9, 64, 8, 128, 32768, { embedding: 5120, ffn: 27648, heads: 40 }),
    sizeBytes: 20 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 32.8e9,
    preference: 4,
    note: "dense 32B, strong coder with tool calls; Ollama's GGUF is trained to 32K (131K only with YaRN scaling)",
    source: 'huggingface.co/Qwen/Qwen2.5-Coder-32B-Instruct config.json; ollama.com/library/qwen2.5-coder',
  },
  {
    name: 'qwen2.5-coder:7b',
    arch: uniform('qwen2', 7.62e9, 28, 4, 128, 32768, { embedding: 3584, ffn: 18944, heads: 28 }),
    sizeBytes: 4.7 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 7.62e9,
    preference: 6,
    note: 'dense 7B coder for small GPUs; makes more tool-use mistakes than the larger ones',
    source: 'huggingface.co/Qwen/Qwen2.5-Coder-7B-Instruct config.json; ollama.com/library/qwen2.5-coder',
  },
  {
    name: 'deepseek-coder-v2:16b',
    arch: {
      family: 'deepseek2',
      parameterCount: 15.7e9,
      blockCount: 27,
      headCountKv: 16,
      keyLength: 192,
      valueLength: 128,
      contextLength: 163840,
      slidingWindow: null,
      embeddingLength: 2048,
      feedForwardLength: 6 * 1408 + 2 * 1408,
      headCount: 16,
    },
    sizeBytes: 8.9 * GB,
    quantization: 'Q4_0',
    activeParameters: 2.4e9,
    preference: 7,
    note: "MoE with MLA attention (2.4B active); Ollama's template has no tool support for it, and over-long prompts fail with 400 instead of being truncated",
    source:
      'huggingface.co/deepseek-ai/DeepSeek-Coder-V2-Lite-Instruct config.json; ollama.com/library/deepseek-coder-v2',
  },
  {
    name: 'llama3.1:8b',
    arch: uniform('llama', 8.03e9, 32, 8, 128, 131072, { embedding: 4096, ffn: 14336, heads: 32 }),
    sizeBytes: 4.9 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 8.03e9,
    preference: 5,
    note: "the guide's starting point: dense 8B with tool calls, runs on modest hardware, weak at multi-step agent work",
    source: 'huggingface.co/meta-llama/Llama-3.1-8B-Instruct config.json; ollama.com/library/llama3.1',
  },
  {
    name: 'llama3.1:70b',
    arch: uniform('llama', 70.6e9, 80, 8, 128, 131072, { embedding: 8192, ffn: 28672, heads: 64 }),
    sizeBytes: 43 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 70.6e9,
    preference: 8,
    note: 'dense 70B: capable but needs ~40 GB for weights alone and decodes slowly',
    source: 'huggingface.co/meta-llama/Llama-3.1-70B-Instruct config.json; ollama.com/library/llama3.1',
  },
  {
    name: 'gemma3:12b',
    arch: {
      ...uniform('gemma3', 12.2e9, 48, 8, 256, 131072, { embedding: 3840, ffn: 15360, heads: 16 }),
      // 5 of every 6 layers keep a 1024-token window (llama.cpp src/models/gemma3.cpp, pattern 6).
      slidingWindow: { layers: slidingWindowPattern(6, 48), window: 1024 },
    },
    sizeBytes: 8.1 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 12.2e9,
    preference: 9,
    note: 'dense 12B with vision; 40 of its 48 layers cache only a 1024-token window, so 128K of context costs ~9 GiB of f16 cache instead of 48; Gemma 3 has no native tool-call format: check that `ollama show gemma3:12b` lists the tools capability, Claude Code needs it',
    source:
      'huggingface.co/google/gemma-3-12b-it config.json (48 layers, 8 KV heads, head dim 256, sliding_window 1024, pattern 6); ollama.com/library/gemma3',
  },
  {
    name: 'granite4:small-h',
    arch: GRANITE4_SMALL_H,
    sizeBytes: 19 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 9e9,
    preference: 10,
    note: 'hybrid Mamba-2/attention MoE (72 experts, 10 active, 9B per token): only 4 of 40 layers keep a KV cache (16 KiB per token in f16), the other 36 a fixed ~4 MiB state each, so long contexts cost little memory; tool calling supported',
    source:
      'huggingface.co/ibm-granite/granite-4.0-h-small config.json; its GGUF metadata as Ollama serves it (granitehybrid.block_count 40, head_count 32, head_count_kv [0,0,0,0,0,8,…], ssm.inner_size 8192, ssm.state_size 128, ssm.group_count 1, ssm.conv_kernel 4, context_length 1048576; github.com/ollama/ollama/issues/12982); ollama.com/library/granite4. Attention at layers 5, 15, 25, 35 (the 9:1 Mamba:attention pattern)',
  },
];

/** The catalog entry for a tag; `devstral` and `name:latest` resolve to the default tag. */
export function findCatalogModel(name: string): CatalogModel | undefined {
  const aliases: Record<string, string> = { devstral: 'devstral:24b', 'devstral:latest': 'devstral:24b' };
  const wanted = aliases[name] ?? name;
  return CATALOG.find((model) => model.name === wanted);
}
