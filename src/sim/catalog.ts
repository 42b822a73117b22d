// What the metadata routes say about the simulated models (/api/tags, /api/show, /api/ps).
import { createHash } from 'node:crypto';
import { SIM_MODEL_PREFIX, SIM_PROFILES } from './profiles/index.js';
import type { SimProfile } from './profiles/types.js';
import type { LoadedModel } from './scheduler.js';

/** A fixed time, so listings do not change between runs. */
const MODIFIED_AT = '2026-01-15T10:00:00Z';

export const displayName = (profile: SimProfile): string => `${SIM_MODEL_PREFIX}${profile.name}:latest`;

export const digestOf = (profile: SimProfile): string =>
  createHash('sha256').update(`sim:${profile.name}`).digest('hex');

export function detailsOf(profile: SimProfile): Record<string, unknown> {
  const { shape } = profile;
  return {
    parent_model: '',
    format: 'gguf',
    family: shape.family,
    families: [shape.family],
    parameter_size: shape.parameterSize,
    quantization_level: shape.quantization,
  };
}

/** /api/tags (v0.33 adds the trained context and embedding size to `details`, and `capabilities`). */
export function tagsBody(): { models: Record<string, unknown>[] } {
  return {
    models: SIM_PROFILES.map((profile) => ({
      name: displayName(profile),
      model: displayName(profile),
      modified_at: MODIFIED_AT,
      size: profile.shape.fileSizeBytes,
      digest: digestOf(profile),
      details: {
        ...detailsOf(profile),
        context_length: profile.shape.trainedContext,
        embedding_length: profile.shape.embeddingLength,
      },
      capabilities: [...profile.capabilities],
    })),
  };
}

/** GET /v1/models (OpenAI's list, as Ollama's middleware answers it). */
export function openAiModels(): { object: string; data: Record<string, unknown>[] } {
  return { object: 'list', data: SIM_PROFILES.map((profile) => openAiModel(profile)) };
}

export function openAiModel(profile: SimProfile, name = displayName(profile)): Record<string, unknown> {
  return { id: name, object: 'model', created: Math.floor(Date.parse(MODIFIED_AT) / 1000), owned_by: 'library' };
}

/** A few tokenizer entries: the arrays a real GGUF holds (a vocabulary's worth), shortened. */
const TOKENIZER_SAMPLE = ['<|begin_of_text|>', '<|end_of_text|>', '!', '"', '#', '$', '%', '&'];

/** GGUF metadata as /api/show's model_info lists it; arrays only with `verbose` (null otherwise, as v0.33 sends them). */
export function modelInfo(profile: SimProfile, verbose = false): Record<string, unknown> {
  const { shape } = profile;
  const arch = shape.architecture;
  const array = (values: readonly unknown[]): unknown[] | null => (verbose ? [...values] : null);
  const extra = Object.fromEntries(
    Object.entries(shape.extraInfo ?? {}).map(([key, value]) => [`${arch}.${key}`, value]),
  );
  return {
    'general.architecture': arch,
    'general.basename': `sim-${profile.name}`,
    'general.file_type': 15,
    'general.parameter_count': shape.parameterCount,
    'general.quantization_version': 2,
    [`${arch}.attention.head_count`]: shape.headCount,
    [`${arch}.attention.head_count_kv`]: shape.headCountKvPerLayer
      ? array(shape.headCountKvPerLayer)
      : shape.headCountKv,
    [`${arch}.attention.key_length`]: shape.keyLength,
    [`${arch}.attention.value_length`]: shape.valueLength,
    ...(shape.slidingWindow ? { [`${arch}.attention.sliding_window`]: shape.slidingWindow } : {}),
    [`${arch}.block_count`]: shape.blockCount,
    [`${arch}.context_length`]: shape.trainedContext,
    [`${arch}.embedding_length`]: shape.embeddingLength,
    [`${arch}.feed_forward_length`]: feedForwardLength(shape),
    [`${arch}.attention.layer_norm_rms_epsilon`]: 1e-5,
    [`${arch}.rope.freq_base`]: 500000,
    ...extra,
    'tokenizer.ggml.add_bos_token': true,
    'tokenizer.ggml.bos_token_id': 0,
    'tokenizer.ggml.eos_token_id': 1,
    'tokenizer.ggml.merges': array(['Ġ t', 'Ġ a', 'h e', 'i n']),
    'tokenizer.ggml.model': 'gpt2',
    'tokenizer.ggml.padding_token_id': 1,
    'tokenizer.ggml.pre': arch,
    'tokenizer.ggml.tokens': array(TOKENIZER_SAMPLE),
    'tokenizer.ggml.token_type': array(TOKENIZER_SAMPLE.map((_, i) => (i < 2 ? 3 : 1))),
  };
}

/** The FFN width of a llama-like block (3.5 × the embedding, rounded to 256). */
const feedForwardLength = (shape: SimProfile['shape']): number => Math.round((shape.embeddingLength * 3.5) / 256) * 256;

/** Tensor names, types and shapes as /api/show lists them (with or without `verbose`). */
export function tensorsOf(profile: SimProfile): { name: string; type: string; shape: number[] }[] {
  const { shape } = profile;
  const embd = shape.embeddingLength;
  const ffn = feedForwardLength(shape);
  const kvWidth = (layer: number): number =>
    (shape.headCountKvPerLayer?.[layer] ?? shape.headCountKv) * shape.keyLength;
  const quant = shape.quantization;
  const layers = Array.from({ length: shape.blockCount }, (_, layer) => {
    const attention =
      kvWidth(layer) > 0
        ? [
            { name: `blk.${layer}.attn_q.weight`, type: quant, shape: [embd, shape.headCount * shape.keyLength] },
            { name: `blk.${layer}.attn_k.weight`, type: quant, shape: [embd, kvWidth(layer)] },
            { name: `blk.${layer}.attn_v.weight`, type: quant, shape: [embd, kvWidth(layer)] },
            { name: `blk.${layer}.attn_output.weight`, type: quant, shape: [shape.headCount * shape.keyLength, embd] },
          ]
        : [
            { name: `blk.${layer}.ssm_in.weight`, type: quant, shape: [embd, 2 * embd] },
            { name: `blk.${layer}.ssm_out.weight`, type: quant, shape: [embd, embd] },
          ];
    return [
      { name: `blk.${layer}.attn_norm.weight`, type: 'F32', shape: [embd] },
      ...attention,
      { name: `blk.${layer}.ffn_norm.weight`, type: 'F32', shape: [embd] },
      { name: `blk.${layer}.ffn_gate.weight`, type: quant, shape: [embd, ffn] },
      { name: `blk.${layer}.ffn_up.weight`, type: quant, shape: [embd, ffn] },
      { name: `blk.${layer}.ffn_down.weight`, type: quant, shape: [ffn, embd] },
    ];
  });
  return [
    { name: 'token_embd.weight', type: quant, shape: [embd, shape.vocabSize ?? 32_000] },
    ...layers.flat(),
    { name: 'output_norm.weight', type: 'F32', shape: [embd] },
    { name: 'output.weight', type: quant, shape: [embd, shape.vocabSize ?? 32_000] },
  ];
}

/** The model's own (jinja) chat template, shown when llama-server renders it; Ollama's template otherwise. */
function templateOf(profile: SimProfile): string {
  if (profile.template !== 'llama-server') return '{{ .Prompt }}';
  return "{%- for message in messages -%}<|{{ message['role'] }}|>{{ message['content'] }}{%- endfor -%}{%- if add_generation_prompt -%}<|assistant|>{%- endif -%}";
}

export function showBody(profile: SimProfile, verbose = false): Record<string, unknown> {
  // Go's omitempty: no `license`, and `parameters` only when the Modelfile sets some.
  return {
    modelfile: `# Modelfile generated by the claude-code-bench simulator\nFROM sim-${profile.name}\n${profile.parameters
      .split('\n')
      .filter(Boolean)
      .map((line) => `PARAMETER ${line}\n`)
      .join('')}`,
    ...(profile.parameters ? { parameters: profile.parameters } : {}),
    template: templateOf(profile),
    details: detailsOf(profile),
    model_info: modelInfo(profile, verbose),
    tensors: tensorsOf(profile),
    capabilities: [...profile.capabilities],
    modified_at: MODIFIED_AT,
  };
}

export function psBody(loaded: readonly LoadedModel[]): { models: Record<string, unknown>[] } {
  return {
    models: loaded.map((model) => ({
      name: displayName(model.profile),
      model: displayName(model.profile),
      size: model.size,
      digest: digestOf(model.profile),
      details: detailsOf(model.profile),
      expires_at: model.expiresAt.toISOString(),
      size_vram: model.sizeVram,
      context_length: model.numCtx,
    })),
  };
}
