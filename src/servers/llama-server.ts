// llama.cpp's llama-server as a model server: /props and /slots for the context it serves,
// /v1/models for its models, /v1/chat/completions for the server's own timings. It has no /api/*
// routes, loads its model at start, and fixes the context there (`-c`).
import { readGgufMetadata } from './gguf-metadata.js';
import { requestJson } from './http-json.js';
import type { ServerConnection } from './ollama.js';
import {
  UnsupportedByServerError,
  type LoadResult,
  type MemoryInUse,
  type ModelDetails,
  type ModelServer,
  type ServerAdvice,
  type ServerModel,
  type TimedGeneration,
  type TimedGenerationRequest,
} from './types.js';

export const llamaServerAdvice: ServerAdvice = {
  serverName: 'llama-server',
  raiseContext: (_model, tokens) =>
    `restart llama-server with \`-c ${tokens}\` (with \`-np N\` parallel slots each slot gets a share of it: use \`-np 1\`, or \`-c ${tokens} × N\`)`,
  // -np 1: one slot owns the whole KV cache (several slots share it, and a request can then fail with 500).
  serveCommand: (model, tokens) => `llama-server -m ${model}.gguf -a ${model} -c ${tokens} -np 1 --jinja`,
  serverEnv: () => ({}),
  // A quantized V cache needs flash attention; llama-server's `-fa auto` default turns it on where the backend has it.
  kvCacheType: (type) =>
    `restart llama-server with \`--cache-type-k ${type} --cache-type-v ${type}\` (flash attention is needed: leave \`-fa\` at its default \`auto\`, or \`-fa on\`)`,
  contextSetting: (tokens) => `\`-c ${tokens}\``,
  installModel: (model) =>
    `llama-server serves the model it was started with: start it with \`-m ${model}.gguf -a ${model}\` (\`-a\` sets the name it answers to), or pass one of its names with --models`,
  startServer:
    'Start it with `llama-server -m MODEL.gguf -c 65536 -np 1 --jinja --port 8080`, then pass --host http://127.0.0.1:8080',
  cutsOverlongPrompts: false,
};

interface ModelsReply {
  data?: { id?: string; meta?: { n_ctx_train?: number; size?: number; n_params?: number } | null }[];
  models?: { name?: string; model?: string }[];
}

interface PropsReply {
  build_info?: string;
  total_slots?: number;
  model_alias?: string;
  model_path?: string;
  n_ctx?: number;
  default_generation_settings?: { n_ctx?: number };
}

interface ChatReply {
  choices?: {
    message?: { content?: string | null; reasoning_content?: string | null };
    finish_reason?: string | null;
  }[];
  timings?: { cache_n?: number; prompt_n?: number; prompt_ms?: number; predicted_n?: number; predicted_ms?: number };
}

export class LlamaServer implements ModelServer {
  readonly backend = 'llama-server' as const;
  readonly host: string;
  readonly capabilities = {
    modelMetadata: true,
    loadUnload: false,
    perRequestContext: false,
    loadedContext: true,
    timings: true,
    memoryInUse: false,
  };
  readonly advice = llamaServerAdvice;
  private readonly connection: ServerConnection;

  constructor(connection: ServerConnection) {
    this.host = connection.host.replace(/\/+$/, '');
    this.connection = { ...connection, host: this.host };
  }

  private get<T>(path: string): Promise<T> {
    return requestJson<T>(this.connection, 'GET', path);
  }

  props(): Promise<PropsReply> {
    return this.get<PropsReply>('/props');
  }

  async version(): Promise<string | null> {
    return (await this.props()).build_info ?? null;
  }

  async listModels(): Promise<ServerModel[]> {
    const reply = await this.get<ModelsReply>('/v1/models');
    return (reply.data ?? [])
      .filter((m) => typeof m.id === 'string')
      .map((m) => ({
        name: m.id as string,
        trainedContext: typeof m.meta?.n_ctx_train === 'number' ? m.meta.n_ctx_train : null,
        sizeBytes: typeof m.meta?.size === 'number' ? m.meta.size : null,
      }));
  }

  /** llama-server answers /v1/messages for any name; the harness still asks for one it lists, so a typo is caught. */
  resolveModel(requested: string, models: readonly ServerModel[]): string | null {
    const exact = models.find((m) => m.name === requested);
    if (exact) return exact.name;
    // `-m path/to/name.gguf` without `-a` lists the file path: accept the file's base name.
    const byFile = models.find(
      (m) =>
        m.name
          .split(/[\\/]/)
          .pop()
          ?.replace(/\.gguf$/i, '') === requested,
    );
    return byFile?.name ?? null;
  }

  /**
   * llama-server names no architecture, only its file (/props model_path): where that file can be
   * read from here (a server on this machine), its GGUF metadata gives layers, heads and windows.
   */
  async modelDetails(model: string): Promise<ModelDetails> {
    const listed = (await this.listModels()).find((m) => m.name === model);
    const props = await this.props().catch(() => null);
    let metadata: Record<string, unknown> = {};
    let metadataNote: string | undefined;
    if (props?.model_path) {
      try {
        metadata = await readGgufMetadata(props.model_path);
      } catch (error) {
        metadataNote = `llama-server's model file (/props model_path) cannot be read from here (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): run the harness on the server's machine for memory predictions`;
      }
    } else metadataNote = 'llama-server names no model file (/props model_path)';
    const architecture = typeof metadata['general.architecture'] === 'string' ? metadata['general.architecture'] : null;
    const trained = architecture ? metadata[`${architecture}.context_length`] : undefined;
    return {
      architecture,
      family: architecture,
      trainedContext: listed?.trainedContext ?? (typeof trained === 'number' ? trained : null),
      configuredContext: null,
      quantization: null,
      metadata,
      sizeBytes: listed?.sizeBytes ?? null,
      ...(metadataNote ? { metadataNote } : {}),
    };
  }

  load(): Promise<LoadResult> {
    return Promise.reject(new UnsupportedByServerError(this.backend, 'loadUnload'));
  }

  async unload(): Promise<void> {
    // llama-server keeps its one model for its lifetime.
  }

  /** The context of one slot: what a single request can use (`-c` split over `-np` slots). */
  async loadedContext(): Promise<number | null> {
    const slots = await this.get<{ n_ctx?: number }[]>('/slots').catch(() => null);
    const perSlot = Array.isArray(slots) ? slots.find((s) => typeof s?.n_ctx === 'number')?.n_ctx : undefined;
    if (typeof perSlot === 'number') return perSlot;
    const props = await this.props();
    return props.default_generation_settings?.n_ctx ?? props.n_ctx ?? null;
  }

  async generate(request: TimedGenerationRequest): Promise<TimedGeneration> {
    const reply = await requestJson<ChatReply>(this.connection, 'POST', '/v1/chat/completions', {
      model: request.model,
      messages: [{ role: 'user', content: request.prompt }],
      max_tokens: request.maxTokens,
      temperature: request.temperature ?? 0,
      cache_prompt: request.cachePrompt ?? true,
      // One slot for every timed request: with several slots sharing one KV cache (-np > 1, unified
      // KV), prompts cached in other slots fill it and a small request fails with HTTP 500
      // "Context size has been exceeded" (seen on a real llama-server after ~40 requests).
      id_slot: 0,
      ...(request.ignoreEos ? { ignore_eos: true } : {}),
    });
    const timings = reply.timings ?? {};
    const choice = reply.choices?.[0];
    const processed = timings.prompt_n ?? 0;
    const cached = timings.cache_n ?? 0;
    return {
      text: [choice?.message?.content ?? '', choice?.message?.reasoning_content ?? ''].filter(Boolean).join('\n'),
      promptTokens: processed + cached,
      cachedTokens: cached,
      promptMs: timings.prompt_ms ?? 0,
      processedTokens: processed,
      decodeTokens: timings.predicted_n ?? 0,
      decodeMs: timings.predicted_ms ?? 0,
      totalMs:
        timings.prompt_ms !== undefined && timings.predicted_ms !== undefined
          ? timings.prompt_ms + timings.predicted_ms
          : null,
      stopReason: choice?.finish_reason ?? null,
    };
  }

  memoryInUse(): Promise<MemoryInUse | null> {
    return Promise.reject(new UnsupportedByServerError(this.backend, 'memoryInUse'));
  }
}
