// llama-server's own response bodies (tools/server at 34af94cd): /props, /v1/models, /slots,
// /metrics, and the replies of /v1/chat/completions and /completion with their `timings`.
import { createHash, randomInt } from 'node:crypto';
import type { FixedServer } from './fixed-server.js';
import type { GenerationTimings, OutputPiece } from './generation.js';
import { SIM_MODEL_PREFIX, SIM_PROFILES } from './profiles/index.js';
import type { SimProfile } from './profiles/types.js';

/** What `llama_build_info()` says: build number and commit, marked as simulated. */
export const LLAMA_BUILD_INFO = 'b10488-34af94cd-sim';

const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** llama-server's random_string(): 32 letters and digits. */
export function randomString(): string {
  return Array.from({ length: 32 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}

export const completionId = (): string => `chatcmpl-${randomString()}`;

/** A tool call's id as llama-server makes them (32 letters and digits), stable for the simulator's own id. */
export function llamaToolCallId(id: string): string {
  const digest = createHash('sha256').update(id).digest();
  return Array.from(digest.subarray(0, 32), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

export const modelAlias = (profile: SimProfile): string => `${SIM_MODEL_PREFIX}${profile.name}`;
const modelPath = (profile: SimProfile): string => `/models/${modelAlias(profile)}.${profile.shape.quantization}.gguf`;

/**
 * The sampling settings llama-server reports: task_params::to_json with only_metrics (/props,
 * /slots), or in full (`generation_settings` of /completion), as recorded.
 */
function samplingParams(full = false, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const fullOnly = (entries: Record<string, unknown>): Record<string, unknown> => (full ? entries : {});
  return {
    seed: 4294967295,
    temperature: 0.8,
    dynatemp_range: 0,
    dynatemp_exponent: 1,
    top_k: 40,
    top_p: 0.95,
    min_p: 0.05,
    top_n_sigma: -1,
    xtc_probability: 0,
    xtc_threshold: 0.1,
    typical_p: 1,
    repeat_last_n: 64,
    repeat_penalty: 1,
    presence_penalty: 0,
    frequency_penalty: 0,
    dry_multiplier: 0,
    dry_base: 1.75,
    dry_allowed_length: 2,
    dry_penalty_last_n: 64,
    ...fullOnly({ dry_sequence_breakers: ['\n', ':', '"', '*'] }),
    mirostat: 0,
    mirostat_tau: 5,
    mirostat_eta: 0.1,
    adaptive_target: -1,
    adaptive_decay: 0.9,
    ...fullOnly({ stop: [] }),
    max_tokens: -1,
    n_predict: -1,
    n_keep: 0,
    n_discard: 0,
    ignore_eos: false,
    stream: false,
    ...fullOnly({ logit_bias: [] }),
    n_probs: 0,
    min_keep: 0,
    ...fullOnly({ grammar: '', grammar_lazy: false, grammar_triggers: [], preserved_tokens: [] }),
    chat_format: 'Content-only',
    reasoning_format: 'deepseek',
    reasoning_in_content: false,
    generation_prompt: '',
    samplers: ['penalties', 'dry', 'top_n_sigma', 'top_k', 'typ_p', 'top_p', 'min_p', 'xtc', 'temperature'],
    'speculative.types': 'none',
    timings_per_token: false,
    post_sampling_probs: false,
    backend_sampling: false,
    lora: [],
    ...overrides,
  };
}

/** A jinja chat template of the family's kind (what `--jinja` renders with). */
function chatTemplate(profile: SimProfile): string {
  return `{# ${modelAlias(profile)} (simulated ${profile.shape.architecture}) #}{%- for message in messages -%}<|{{ message['role'] }}|>{{ message['content'] }}{%- endfor -%}{%- if add_generation_prompt -%}<|assistant|>{%- endif -%}`;
}

/** GET /props: the one model this server (or, by `?model=`, that model's instance) runs. */
export function propsBody(server: FixedServer, profile: SimProfile): Record<string, unknown> {
  const template = chatTemplate(profile);
  const tools = profile.capabilities.includes('tools');
  return {
    default_generation_settings: {
      params: samplingParams(false, { reasoning_format: 'none' }),
      n_ctx: server.slotContext(profile),
    },
    total_slots: server.slotCount,
    model_alias: modelAlias(profile),
    model_ftype: profile.shape.quantization,
    model_path: modelPath(profile),
    modalities: { vision: false, video: false, audio: false },
    media_marker: '<__media_sim__>',
    endpoint_slots: true,
    endpoint_props: false,
    endpoint_metrics: true,
    ui: true,
    ui_settings: {},
    chat_template: template,
    chat_template_caps: {
      supports_object_arguments: false,
      supports_parallel_tool_calls: tools,
      supports_preserve_reasoning: false,
      supports_string_content: true,
      supports_system_role: true,
      supports_tool_calls: tools,
      supports_tools: tools,
      supports_typed_content: false,
    },
    bos_token: '<|begin_of_text|>',
    eos_token: '<|eot_id|>',
    build_info: LLAMA_BUILD_INFO,
    is_sleeping: false,
    cors_proxy_enabled: false,
  };
}

/** GET /v1/models (also /models): Ollama-like `models` plus OpenAI-like `data`, each sim profile a model. */
export function modelsBody(server: FixedServer): Record<string, unknown> {
  return {
    models: SIM_PROFILES.map((profile) => ({
      name: modelAlias(profile),
      model: modelAlias(profile),
      modified_at: '',
      size: '',
      digest: '',
      type: 'model',
      description: '',
      tags: [''],
      capabilities: ['completion'],
      parameters: '',
      details: {
        parent_model: '',
        format: 'gguf',
        family: '',
        families: [''],
        parameter_size: '',
        quantization_level: '',
      },
    })),
    object: 'list',
    data: SIM_PROFILES.map((profile) => ({
      id: modelAlias(profile),
      aliases: [modelAlias(profile)],
      tags: [],
      object: 'model',
      created: Math.floor(Date.now() / 1000),
      owned_by: 'llamacpp',
      meta: {
        vocab_type: 2,
        n_vocab: profile.shape.vocabSize ?? 32_000,
        n_ctx: server.slotContext(profile),
        n_ctx_train: profile.shape.trainedContext,
        n_embd: profile.shape.embeddingLength,
        n_params: profile.shape.parameterCount,
        size: Math.round(profile.shape.fileSizeBytes),
        ftype: profile.shape.quantization,
      },
    })),
  };
}

/** GET /slots: each slot of the model, with its last task once it had one. */
export function slotsBody(server: FixedServer, profile: SimProfile): Record<string, unknown>[] {
  return server.cache(profile).slots.map((slot) => ({
    id: slot.id,
    n_ctx: server.slotContext(profile),
    speculative: false,
    is_processing: slot.busy,
    ...(slot.task
      ? {
          id_task: slot.task.idTask,
          n_prompt_tokens: slot.task.promptTokens,
          n_prompt_tokens_processed: slot.task.processedTokens,
          n_prompt_tokens_cache: slot.task.cachedTokens,
          params: samplingParams(false, {
            max_tokens: slot.task.maxTokens,
            n_predict: slot.task.maxTokens,
            stream: slot.task.stream,
          }),
          next_token: [
            {
              has_next_token: slot.busy,
              has_new_line: false,
              n_remain: slot.busy ? -1 : 0,
              n_decoded: slot.task.decoded,
            },
          ],
        }
      : {}),
  }));
}

/** GET /metrics: Prometheus text, `llamacpp:` counters and gauges (server-task.cpp to_metrics at 34af94cd). */
export function metricsText(server: FixedServer): string {
  const c = server.counters;
  const metrics: [type: string, name: string, help: string, value: number][] = [
    ['counter', 'prompt_tokens_total', 'Number of prompt tokens processed, excluding cached tokens', c.promptTokens],
    ['counter', 'prompt_tokens_cached_total', 'Number of prompt tokens reused from the cache', c.cachedTokens],
    ['counter', 'prompt_seconds_total', 'Total time spent processing prompts', c.promptMs / 1e3],
    ['counter', 'tokens_predicted_total', 'Number of generation tokens processed', c.predictedTokens],
    ['counter', 'tokens_predicted_seconds_total', 'Total time spent generating tokens', c.predictedMs / 1e3],
    [
      'counter',
      'n_decode_total',
      'Total number of llama_decode() calls, excluding speculative decoding and multimodal decoding',
      c.decodeCalls,
    ],
    ['counter', 'n_tokens_max', 'Largest observed sequence length (prompt + generation)', c.maxTokens],
    ['counter', 'spec_decode_num_draft_tokens_total', 'Speculative: Total draft tokens generated', 0],
    [
      'counter',
      'spec_decode_num_accepted_tokens_total',
      'Speculative: Total draft tokens accepted by the target model',
      0,
    ],
    ['counter', 'spec_decode_num_drafts_total', 'Speculative: Total speculative decoding verification steps', 0],
    [
      'gauge',
      'prompt_tokens_seconds',
      'Average prompt throughput in tokens/s',
      c.promptMs > 0 ? (1e3 / c.promptMs) * c.promptTokens : 0,
    ],
    [
      'gauge',
      'predicted_tokens_seconds',
      'Average generation throughput in tokens/s',
      c.predictedMs > 0 ? (1e3 / c.predictedMs) * c.predictedTokens : 0,
    ],
    ['gauge', 'requests_processing', 'Number of requests processing', server.processing()],
    ['gauge', 'requests_deferred', 'Number of requests deferred', 0],
    [
      'gauge',
      'n_busy_slots_per_decode',
      'Average number of busy slots per llama_decode() call',
      c.decodeCalls > 0 ? 1 : 0,
    ],
  ];
  // C++ streams print doubles with 6 significant digits.
  const number = (value: number): string =>
    Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return metrics
    .map(
      ([type, name, help, value]) =>
        `# HELP llamacpp:${name} ${help}\n# TYPE llamacpp:${name} ${type}\nllamacpp:${name} ${number(value)}\n`,
    )
    .join('');
}

/** The `timings` object of a generation. */
export function timingsBody(timings: GenerationTimings): Record<string, number> {
  const perToken = (ms: number, n: number): number => (n > 0 ? ms / n : 0);
  const perSecond = (ms: number, n: number): number => (ms > 0 ? (1e3 * n) / ms : 0);
  return {
    cache_n: timings.cachedTokens,
    prompt_n: timings.processedTokens,
    prompt_ms: timings.promptMs,
    prompt_per_token_ms: perToken(timings.promptMs, timings.processedTokens),
    prompt_per_second: perSecond(timings.promptMs, timings.processedTokens),
    predicted_n: timings.decodeTokens,
    predicted_ms: timings.decodeMs,
    predicted_per_token_ms: perToken(timings.decodeMs, timings.decodeTokens),
    predicted_per_second: perSecond(timings.decodeMs, timings.decodeTokens),
  };
}

export const textOf = (pieces: readonly OutputPiece[]): string =>
  pieces.map((piece) => (piece.type === 'text' ? piece.text : '')).join('');

function toolCallsOf(pieces: readonly OutputPiece[]): Record<string, unknown>[] {
  return pieces.flatMap((piece) =>
    piece.type === 'tool_call'
      ? [
          {
            type: 'function',
            function: { name: piece.call.name, arguments: piece.rawArguments ?? JSON.stringify(piece.call.input) },
            id: piece.call.id,
          },
        ]
      : [],
  );
}

function finishReason(doneReason: string, hasToolCalls: boolean): string {
  if (doneReason === 'length') return 'length';
  return hasToolCalls ? 'tool_calls' : 'stop';
}

function usageBody(timings: GenerationTimings): Record<string, unknown> {
  return {
    completion_tokens: timings.decodeTokens,
    prompt_tokens: timings.promptTokens,
    total_tokens: timings.decodeTokens + timings.promptTokens,
    prompt_tokens_details: { cached_tokens: timings.cachedTokens },
  };
}

const chunkBase = (id: string, model: string): Record<string, unknown> => ({
  created: Math.floor(Date.now() / 1000),
  id,
  model,
  system_fingerprint: LLAMA_BUILD_INFO,
  object: 'chat.completion.chunk',
});

/** POST /v1/chat/completions, not streamed. */
export function chatCompletionBody(
  id: string,
  model: string,
  pieces: OutputPiece[],
  doneReason: string,
  timings: GenerationTimings,
): Record<string, unknown> {
  const calls = toolCallsOf(pieces);
  const message = { role: 'assistant', content: textOf(pieces), ...(calls.length > 0 ? { tool_calls: calls } : {}) };
  return {
    choices: [{ finish_reason: finishReason(doneReason, calls.length > 0), index: 0, message }],
    created: Math.floor(Date.now() / 1000),
    model,
    system_fingerprint: LLAMA_BUILD_INFO,
    object: 'chat.completion',
    usage: usageBody(timings),
    id,
    timings: timingsBody(timings),
  };
}

/** Streamed chunks of /v1/chat/completions: a role delta first, then content or tool-call deltas. */
export class ChatChunks {
  private first = true;
  private toolIndex = 0;
  private hasToolCalls = false;

  constructor(
    private readonly id: string,
    private readonly model: string,
    private readonly includeUsage: boolean,
  ) {}

  private chunk(delta: Record<string, unknown>): Record<string, unknown> {
    return { choices: [{ finish_reason: null, index: 0, delta }], ...chunkBase(this.id, this.model) };
  }

  piece(piece: OutputPiece): Record<string, unknown>[] {
    const chunks = this.first ? [this.chunk({ role: 'assistant', content: null })] : [];
    this.first = false;
    if (piece.type === 'text') return [...chunks, this.chunk({ content: piece.text })];
    this.hasToolCalls = true;
    const index = this.toolIndex++;
    const args = piece.rawArguments ?? JSON.stringify(piece.call.input);
    return [
      ...chunks,
      this.chunk({
        tool_calls: [
          { index, id: piece.call.id, type: 'function', function: { name: piece.call.name, arguments: '' } },
        ],
      }),
      this.chunk({ tool_calls: [{ index, function: { arguments: args } }] }),
    ];
  }

  done(doneReason: string, timings: GenerationTimings): Record<string, unknown>[] {
    const last: Record<string, unknown>[] = [
      {
        choices: [{ finish_reason: finishReason(doneReason, this.hasToolCalls), index: 0, delta: {} }],
        ...chunkBase(this.id, this.model),
      },
    ];
    if (this.includeUsage) last.push({ choices: [], ...chunkBase(this.id, this.model), usage: usageBody(timings) });
    last[last.length - 1].timings = timingsBody(timings);
    return last;
  }
}

function stopType(doneReason: string): string {
  return doneReason === 'length' ? 'limit' : 'eos';
}

/** POST /completion's final object (streamed: the last event, with the content already sent). */
export function completionBody(
  model: string,
  prompt: string,
  content: string,
  slotId: number,
  doneReason: string,
  timings: GenerationTimings,
  settings: { maxTokens: number; stream: boolean },
): Record<string, unknown> {
  return {
    index: 0,
    content,
    tokens: [],
    id_slot: slotId,
    stop: true,
    model,
    tokens_predicted: timings.decodeTokens,
    tokens_evaluated: timings.promptTokens,
    generation_settings: samplingParams(true, {
      max_tokens: settings.maxTokens,
      n_predict: settings.maxTokens,
      stream: settings.stream,
    }),
    prompt,
    has_new_line: content.includes('\n'),
    truncated: false,
    stop_type: stopType(doneReason),
    stopping_word: '',
    tokens_cached: timings.promptTokens + timings.decodeTokens,
    timings: timingsBody(timings),
  };
}

/** One streamed piece of /completion: its text and token ids (the slot is -1 until the end, as recorded). */
export function completionChunk(
  content: string,
  tokenIds: number[],
  decoded: number,
  promptTokens: number,
): Record<string, unknown> {
  return {
    index: 0,
    content,
    tokens: tokenIds,
    stop: false,
    id_slot: -1,
    tokens_predicted: decoded,
    tokens_evaluated: promptTokens,
  };
}

/** A token id for one of the simulator's 4-character tokens (stable, within the vocabulary). */
export function tokenId(piece: string, vocab: number): number {
  let hash = 0;
  for (const ch of piece) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % vocab;
}
