// The server seam: what the harness needs from a model server, whatever it is (Ollama, llama.cpp's
// llama-server, or any server that only speaks the Anthropic Messages API). Suites talk to a server
// only through this interface and `SuiteContext.messages`; a backend is one file plus one registry line.

export const BACKEND_IDS = ['ollama', 'llama-server', 'anthropic'] as const;
export type BackendId = (typeof BACKEND_IDS)[number];
/** `--backend`: one backend, or `auto` to detect it from what the server answers. */
export type BackendChoice = BackendId | 'auto';

/** What a backend can do. A suite that needs a missing capability records `skip` with `lacks()`'s reason. */
export interface ServerCapabilities {
  /** Architecture metadata (layers, heads, KV heads, trained context) for memory predictions (llama-server: from its GGUF file, when readable here). */
  readonly modelMetadata: boolean;
  /** Load a model on demand and unload it (a cold load can be timed). */
  readonly loadUnload: boolean;
  /** The context can be chosen per request (Ollama's num_ctx); else it is fixed at server start. */
  readonly perRequestContext: boolean;
  /** The context the loaded model really has (Ollama /api/ps, llama-server /props). */
  readonly loadedContext: boolean;
  /** A generation endpoint that returns the server's own prefill/decode timings. */
  readonly timings: boolean;
  /** Memory in use by a loaded model, GPU and system RAM (Ollama /api/ps). */
  readonly memoryInUse: boolean;
}

export type Capability = keyof ServerCapabilities;

export interface ServerModel {
  /** The name requests use (Ollama's tag, llama-server's alias, the id in /v1/models). */
  name: string;
  /** Context the model was trained for, where the server says. */
  trainedContext: number | null;
  /** Bytes on disk, where the server says. */
  sizeBytes: number | null;
}

/** What the server says about one model; every field may be missing on a given backend. */
export interface ModelDetails {
  architecture: string | null;
  family: string | null;
  trainedContext: number | null;
  /** A context pinned to the model itself (Ollama Modelfile `PARAMETER num_ctx`). */
  configuredContext: number | null;
  quantization: string | null;
  /** GGUF metadata keys (`<arch>.block_count`, …) as the server reports them; empty when it does not. */
  metadata: Record<string, unknown>;
  sizeBytes: number | null;
  /** Tensors (name, type, shape) where the server lists them (Ollama's /api/show): which weights stay in CPU memory. */
  tensors?: { name: string; type: string; shape: readonly number[] }[];
  /** Why `metadata` is empty on a server that can give it (e.g. llama-server's model file is not readable here). */
  metadataNote?: string;
}

export interface TimedGenerationRequest {
  model: string;
  /** One user message. */
  prompt: string;
  maxTokens: number;
  /** Context to run at; only honoured where `perRequestContext` (else the server's own context applies). */
  contextTokens?: number;
  /** false: the server must process the whole prompt (no prompt-cache reuse), for prefill rates. */
  cachePrompt?: boolean;
  temperature?: number;
  /** Keep generating past end-of-sequence (llama-server's `ignore_eos`), so a decode probe gets the tokens it asked for; ignored where the server has no such switch. */
  ignoreEos?: boolean;
}

/** A generation with the server's own timings (never the harness's wall clock). */
export interface TimedGeneration {
  text: string;
  /** Prompt tokens, cached and processed. */
  promptTokens: number;
  /** Prompt tokens served from the prompt cache (null when the server does not say). */
  cachedTokens: number | null;
  /** Milliseconds the server spent processing the uncached prompt tokens. */
  promptMs: number;
  /** Prompt tokens the server really processed (promptTokens - cachedTokens where known). */
  processedTokens: number;
  decodeTokens: number;
  decodeMs: number;
  /** The server's total for the request, where it reports one. */
  totalMs: number | null;
  stopReason: string | null;
  /** The server's load time for this request (Ollama's load_duration), where it reports one: a cold load shows here. */
  loadMs?: number | null;
}

export interface MemoryInUse {
  totalBytes: number;
  vramBytes: number;
  contextTokens: number | null;
}

export interface LoadResult {
  /** How long the load took: the server's own figure where it gives one, else the request's wall time. */
  loadMs: number;
  source: 'server' | 'wall';
  /** What the load request itself cost (a one-token generation on Ollama), by the server's counts. */
  promptTokens?: number;
  generatedTokens?: number;
}

/** Where advice differs by backend: how to give a model more context, how to start it. */
export interface ServerAdvice {
  /** "Ollama", "llama-server", "the server". */
  readonly serverName: string;
  /** One sentence: how to serve `model` with `tokens` of context on this server. */
  raiseContext(model: string, tokens: number): string;
  /** The command that starts the server with `model` at `tokens` of context. */
  serveCommand(model: string, tokens: number): string;
  /** Environment variables of the server itself for `tokens` of context (Docker `-e`), if it has such. */
  serverEnv(tokens: number): Record<string, string>;
  /** How to quantize the server's KV cache to `type` (q8_0 halves it, q4_0 quarters it). */
  kvCacheType(type: 'q8_0' | 'q4_0'): string;
  /** The server's setting for `tokens` of context, short (e.g. `OLLAMA_CONTEXT_LENGTH=32768`). */
  contextSetting(tokens: number): string;
  /** How to get a model the server does not have. */
  installModel(model: string): string;
  /** How to start the server when it cannot be reached. */
  startServer: string;
  /** Whether a prompt over the context is silently cut (true) or refused with an error (false). */
  readonly cutsOverlongPrompts: boolean;
}

export interface ModelServer {
  readonly backend: BackendId;
  /** Base URL requests go to (never printed unredacted). */
  readonly host: string;
  readonly capabilities: ServerCapabilities;
  readonly advice: ServerAdvice;
  version(): Promise<string | null>;
  listModels(): Promise<ServerModel[]>;
  /** The name the server knows `requested` by, or null when it does not serve it. */
  resolveModel(requested: string, models: readonly ServerModel[]): string | null;
  modelDetails(model: string): Promise<ModelDetails>;
  /** Loads the model (at `contextTokens` where the server can choose). Requires `loadUnload`. */
  load(model: string, contextTokens?: number): Promise<LoadResult>;
  /** Frees the model's memory; a no-op on servers that cannot. */
  unload(model: string): Promise<void>;
  /** The context the model is served at now; null when not loaded or not reported. */
  loadedContext(model: string): Promise<number | null>;
  /** Requires `timings`. */
  generate(request: TimedGenerationRequest): Promise<TimedGeneration>;
  /** Requires `memoryInUse`; null when the model is not loaded. */
  memoryInUse(model: string): Promise<MemoryInUse | null>;
}

/** Thrown by a method the backend does not have; suites check capabilities first and record a skip. */
export class UnsupportedByServerError extends Error {
  constructor(
    readonly backend: BackendId,
    readonly capability: Capability,
  ) {
    super(lacks(backend, capability));
    this.name = 'UnsupportedByServerError';
  }
}

const CAPABILITY_PHRASES: Record<Capability, string> = {
  modelMetadata: 'reports no model architecture (layers, heads)',
  loadUnload: 'cannot load or unload a model on request (it loads its model at start)',
  perRequestContext: 'fixes the context when it starts (no per-request context)',
  loadedContext: 'does not report the context it serves',
  timings: 'reports no prefill/decode timings',
  memoryInUse: 'reports no memory use',
};

/** "llama-server reports no memory use": the reason a skip record gives. */
export function lacks(backend: BackendId, capability: Capability): string {
  const name =
    backend === 'anthropic' ? 'an Anthropic-API-only server' : backend === 'ollama' ? 'Ollama' : 'llama-server';
  return `${name} ${CAPABILITY_PHRASES[capability]}`;
}
