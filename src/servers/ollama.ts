// Ollama as a model server: its native API (/api/*) through the `ollama` client. The only module
// besides src/targets/ollama.ts that knows Ollama's routes.
import { needsVerboseShow, type ShowTensor } from '../hardware/fit.js';
import { OllamaTarget, isModel } from '../targets/ollama.js';
import type { ShowResponse } from '../targets/ollama.js';
import type {
  LoadResult,
  MemoryInUse,
  ModelDetails,
  ModelServer,
  ServerAdvice,
  ServerModel,
  TimedGeneration,
  TimedGenerationRequest,
} from './types.js';

export interface ServerConnection {
  host: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export const ollamaAdvice: ServerAdvice = {
  serverName: 'Ollama',
  raiseContext: (model, tokens) =>
    `restart Ollama with \`OLLAMA_CONTEXT_LENGTH=${tokens} ollama serve\` (Docker: \`-e OLLAMA_CONTEXT_LENGTH=${tokens}\`; applies to every model), ` +
    `or create a variant: a Modelfile with \`FROM ${model}\` and \`PARAMETER num_ctx ${tokens}\`, then \`ollama create ${model}-${Math.round(tokens / 1024)}k -f Modelfile\``,
  serveCommand: (_model, tokens) => `OLLAMA_CONTEXT_LENGTH=${tokens} ollama serve`,
  serverEnv: (tokens) => ({ OLLAMA_CONTEXT_LENGTH: String(tokens) }),
  // OLLAMA_KV_CACHE_TYPE goes straight to llama-server's --cache-type-k/-v, and flash attention is
  // `auto` by default (Ollama llm/llama_server.go), which llama.cpp turns on for a quantized cache.
  kvCacheType: (type) =>
    `set OLLAMA_KV_CACHE_TYPE=${type} on the Ollama server (flash attention, on by default, is needed: leave OLLAMA_FLASH_ATTENTION unset)`,
  contextSetting: (tokens) => `OLLAMA_CONTEXT_LENGTH=${tokens}`,
  installModel: (model) => `Pull it with \`ollama pull ${model}\``,
  startServer: 'Start it with `ollama serve` (or the Ollama app), or point --host (or OLLAMA_HOST) at where it listens',
  // Models Ollama renders itself cut an over-long prompt; those served through llama-server's
  // template refuse it with a 400. The context suite measures which.
  cutsOverlongPrompts: true,
};

const ns = (value: number | undefined): number => (value ?? 0) / 1e6;

/** /api/show's model_info as a plain object (the client may hand a Map). */
function modelInfoOf(show: ShowResponse): Record<string, unknown> {
  const raw = show.model_info as unknown;
  return raw instanceof Map ? Object.fromEntries(raw) : ((raw ?? {}) as Record<string, unknown>);
}

export class OllamaServer implements ModelServer {
  readonly backend = 'ollama' as const;
  readonly host: string;
  readonly capabilities = {
    modelMetadata: true,
    loadUnload: true,
    perRequestContext: true,
    loadedContext: true,
    timings: true,
    memoryInUse: true,
  };
  readonly advice = ollamaAdvice;
  /** The native client, for the few places that speak Ollama itself (the simulator's tests, doctor). */
  readonly native: OllamaTarget;

  constructor(connection: ServerConnection) {
    this.native = new OllamaTarget(connection);
    this.host = this.native.host;
  }

  version(): Promise<string | null> {
    return this.native.version();
  }

  async listModels(): Promise<ServerModel[]> {
    const tags = await this.native.list();
    return tags.models.map((m) => {
      // Real Ollama lists the trained context under `details` (v0.33); older answers had it at the top.
      const trained =
        (m.details as { context_length?: unknown } | undefined)?.context_length ??
        (m as { context_length?: unknown }).context_length;
      return { name: m.name, trainedContext: typeof trained === 'number' ? trained : null, sizeBytes: m.size ?? null };
    });
  }

  resolveModel(requested: string, models: readonly ServerModel[]): string | null {
    return models.find((m) => isModel(m, requested))?.name ?? null;
  }

  async modelDetails(model: string): Promise<ModelDetails> {
    let show = await this.native.show(model);
    let info = modelInfoOf(show);
    // Without `verbose`, Ollama returns every array-valued GGUF key (per-layer KV heads of hybrid
    // models, SWA patterns) as null: ask again for the arrays when one is missing.
    if (needsVerboseShow(info)) {
      show = await this.native.show(model, true);
      info = modelInfoOf(show);
    }
    const architecture = typeof info['general.architecture'] === 'string' ? info['general.architecture'] : null;
    const trained = architecture ? info[`${architecture}.context_length`] : undefined;
    const numCtx = /(?:^|\n)\s*num_ctx\s+(\d+)/.exec(show.parameters ?? '')?.[1];
    const listed = (await this.native.list().catch(() => null))?.models.find((m) => isModel(m, model));
    return {
      architecture,
      family: show.details?.family ?? null,
      trainedContext: typeof trained === 'number' && Number.isFinite(trained) ? trained : null,
      configuredContext: numCtx ? Number(numCtx) : null,
      quantization: show.details?.quantization_level ?? null,
      metadata: info,
      sizeBytes: listed?.size ?? null,
      tensors: Array.isArray((show as { tensors?: unknown }).tensors)
        ? ((show as { tensors?: ShowTensor[] }).tensors as ShowTensor[])
        : undefined,
    };
  }

  /**
   * Loads with a one-token generation: since its llama-server engine, Ollama's load-only request
   * (empty prompt) answers `done_reason: "load"` without any duration (seen on v0.33.0-rc2), while a
   * generation's reply carries `load_duration` — the cold load when it was the one that loaded the
   * model (≈ "llama-server started in X seconds" in Ollama's log, plus ~20 ms).
   */
  async load(model: string, contextTokens?: number): Promise<LoadResult> {
    const started = performance.now();
    const reply = await this.native.generate({
      model,
      prompt: '.',
      options: { ...(contextTokens ? { num_ctx: contextTokens } : {}), num_predict: 1 },
    });
    const wall = performance.now() - started;
    const tokens = { promptTokens: reply.prompt_eval_count ?? 0, generatedTokens: reply.eval_count ?? 0 };
    if (reply.load_duration) return { loadMs: ns(reply.load_duration), source: 'server', ...tokens };
    return { loadMs: wall, source: 'wall', ...tokens };
  }

  async unload(model: string): Promise<void> {
    await this.native.generate({ model, prompt: '', keep_alive: 0 });
  }

  loadedContext(model: string): Promise<number | null> {
    return this.native.loadedContext(model);
  }

  async generate(request: TimedGenerationRequest): Promise<TimedGeneration> {
    const reply = await this.native.chat({
      model: request.model,
      messages: [{ role: 'user', content: request.prompt }],
      options: {
        ...(request.contextTokens ? { num_ctx: request.contextTokens } : {}),
        num_predict: request.maxTokens,
        temperature: request.temperature ?? 0,
      },
    });
    const text = [reply.message?.content ?? '', reply.message?.thinking ?? ''].filter(Boolean).join('\n');
    // prompt_eval_count counts cached + processed tokens; prompt_eval_duration only the processed ones.
    return {
      text,
      promptTokens: reply.prompt_eval_count ?? 0,
      cachedTokens: null,
      promptMs: ns(reply.prompt_eval_duration),
      processedTokens: reply.prompt_eval_count ?? 0,
      decodeTokens: reply.eval_count ?? 0,
      decodeMs: ns(reply.eval_duration),
      totalMs: reply.total_duration ? ns(reply.total_duration) : null,
      stopReason: reply.done_reason ?? null,
      loadMs: reply.load_duration ? ns(reply.load_duration) : null,
    };
  }

  async memoryInUse(model: string): Promise<MemoryInUse | null> {
    const entry = (await this.native.ps()).models.find((m) => isModel(m, model));
    if (!entry?.size) return null;
    const context = (entry as { context_length?: unknown }).context_length;
    return {
      totalBytes: entry.size,
      vramBytes: entry.size_vram ?? 0,
      contextTokens: typeof context === 'number' && context > 0 ? context : null,
    };
  }
}
