// Published architecture numbers of popular coding models, so `bench recommend` can predict fit
// for models that are not pulled yet. Sizes are what ollama.com lists for the default tag
// (decimal GB, the quantization named). Memory is modelled by fit.ts from these numbers.
//
// MoE models (qwen3-coder, gpt-oss, deepseek-coder-v2): every expert must be in memory, so memory
// uses the *total* parameters (the file size); only speed depends on the active parameters,
// which are listed for the report. MLA (deepseek2): Ollama's GGUF of deepseek-coder-v2 carries
// per-head key (192 = 128 + 64 rope) and value (128) lengths for 16 KV heads, and Ollama's estimate
// uses them; we do the same. A runtime that caches the compressed latent (kv_lora_rank 512 +
// 64 rope per layer) needs less, so the prediction is an upper bound for it.
import { gptOssSlidingWindow, type ModelArchitecture } from './fit.js';

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

/** Dense or MoE model whose every layer caches `kvHeads × headDim` keys and values. */
function uniform(family: string, parameterCount: number, blockCount: number, kvHeads: number, headDim: number, contextLength: number): ModelArchitecture {
  return { family, parameterCount, blockCount, headCountKv: kvHeads, keyLength: headDim, valueLength: headDim, contextLength, slidingWindow: null };
}

export const CATALOG: readonly CatalogModel[] = [
  {
    name: 'qwen3-coder:30b',
    arch: uniform('qwen3moe', 30.5e9, 48, 4, 128, 262144),
    sizeBytes: 19 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 3.3e9,
    preference: 1,
    note: 'MoE (128 experts, 8 active): 30.5B in memory, 3.3B per token, so fast for its size; trained for agentic coding and tool calls',
    source: 'huggingface.co/Qwen/Qwen3-Coder-30B-A3B-Instruct config.json; ollama.com/library/qwen3-coder',
  },
  {
    name: 'devstral:24b',
    arch: uniform('llama', 23.6e9, 40, 8, 128, 131072),
    sizeBytes: 14 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 23.6e9,
    preference: 2,
    note: 'dense 24B (Mistral Small 3.1 base) fine-tuned for coding agents; `devstral` is this tag',
    source: 'huggingface.co/mistralai/Devstral-Small-2505 config (Mistral Small 3.1: 40 layers, 8 KV heads, head dim 128); ollama.com/library/devstral',
  },
  {
    name: 'gpt-oss:20b',
    arch: { ...uniform('gptoss', 20.9e9, 24, 8, 64, 131072), slidingWindow: gptOssSlidingWindow(24) },
    sizeBytes: 14 * GB,
    quantization: 'MXFP4',
    activeParameters: 3.6e9,
    preference: 3,
    note: 'MoE (32 experts, 4 active): 3.6B per token; every other layer has a 128-token sliding window (Ollama caches 4096 + batch there), so its cache grows half as fast',
    source: 'huggingface.co/openai/gpt-oss-20b config.json; ollama.com/library/gpt-oss; Ollama fs/ggml/ggml.go (gptoss cache)',
  },
  {
    name: 'qwen2.5-coder:32b',
    arch: uniform('qwen2', 32.8e9, 64, 8, 128, 32768),
    sizeBytes: 20 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 32.8e9,
    preference: 4,
    note: 'dense 32B, strong coder with tool calls; Ollama\'s GGUF is trained to 32K (131K only with YaRN scaling)',
    source: 'huggingface.co/Qwen/Qwen2.5-Coder-32B-Instruct config.json; ollama.com/library/qwen2.5-coder',
  },
  {
    name: 'qwen2.5-coder:7b',
    arch: uniform('qwen2', 7.62e9, 28, 4, 128, 32768),
    sizeBytes: 4.7 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 7.62e9,
    preference: 6,
    note: 'dense 7B coder for small GPUs; makes more tool-use mistakes than the larger ones',
    source: 'huggingface.co/Qwen/Qwen2.5-Coder-7B-Instruct config.json; ollama.com/library/qwen2.5-coder',
  },
  {
    name: 'deepseek-coder-v2:16b',
    arch: { family: 'deepseek2', parameterCount: 15.7e9, blockCount: 27, headCountKv: 16, keyLength: 192, valueLength: 128, contextLength: 163840, slidingWindow: null },
    sizeBytes: 8.9 * GB,
    quantization: 'Q4_0',
    activeParameters: 2.4e9,
    preference: 7,
    note: 'MoE with MLA attention (2.4B active); Ollama\'s template has no tool support for it, and over-long prompts fail with 400 instead of being truncated',
    source: 'huggingface.co/deepseek-ai/DeepSeek-Coder-V2-Lite-Instruct config.json; ollama.com/library/deepseek-coder-v2',
  },
  {
    name: 'llama3.1:8b',
    arch: uniform('llama', 8.03e9, 32, 8, 128, 131072),
    sizeBytes: 4.9 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 8.03e9,
    preference: 5,
    note: 'the guide\'s starting point: dense 8B with tool calls, runs on modest hardware, weak at multi-step agent work',
    source: 'huggingface.co/meta-llama/Llama-3.1-8B-Instruct config.json; ollama.com/library/llama3.1',
  },
  {
    name: 'llama3.1:70b',
    arch: uniform('llama', 70.6e9, 80, 8, 128, 131072),
    sizeBytes: 43 * GB,
    quantization: 'Q4_K_M',
    activeParameters: 70.6e9,
    preference: 8,
    note: 'dense 70B: capable but needs ~40 GB for weights alone and decodes slowly',
    source: 'huggingface.co/meta-llama/Llama-3.1-70B-Instruct config.json; ollama.com/library/llama3.1',
  },
];

/** The catalog entry for a tag; `devstral` and `name:latest` resolve to the default tag. */
export function findCatalogModel(name: string): CatalogModel | undefined {
  const aliases: Record<string, string> = { devstral: 'devstral:24b', 'devstral:latest': 'devstral:24b' };
  const wanted = aliases[name] ?? name;
  return CATALOG.find((model) => model.name === wanted);
}
