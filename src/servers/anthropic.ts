// A server that only speaks the Anthropic Messages API (vLLM, SGLang, LM Studio, a LiteLLM proxy):
// /v1/models to list, /v1/messages (through SuiteContext.messages) for everything measured.
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
} from './types.js';

export const anthropicAdvice: ServerAdvice = {
  serverName: 'the server',
  raiseContext: (_model, tokens) =>
    `serve the model with at least ${tokens} tokens of context (vLLM: \`--max-model-len ${tokens}\`; SGLang: \`--context-length ${tokens}\`; LM Studio: the model's context length setting)`,
  serveCommand: (model, tokens) => `vllm serve ${model} --max-model-len ${tokens}`,
  serverEnv: () => ({}),
  kvCacheType: (type) =>
    `quantize the server's KV cache (${type === 'q8_0' ? '8-bit' : '4-bit'}; vLLM: \`--kv-cache-dtype fp8\`; llama.cpp-based servers: \`--cache-type-k/-v ${type}\`)`,
  contextSetting: (tokens) => `the server's context setting at ${tokens}`,
  installModel: (model) => `load ${model} on the server, or pass one of the names its /v1/models lists with --models`,
  startServer: 'Start the server, or point --host at where its /v1/messages listens',
  cutsOverlongPrompts: false,
};

export class AnthropicServer implements ModelServer {
  readonly backend = 'anthropic' as const;
  readonly host: string;
  readonly capabilities = {
    modelMetadata: false,
    loadUnload: false,
    perRequestContext: false,
    loadedContext: false,
    timings: false,
    memoryInUse: false,
  };
  readonly advice = anthropicAdvice;
  private readonly connection: ServerConnection & { authToken?: string };

  constructor(connection: ServerConnection & { authToken?: string }) {
    this.host = connection.host.replace(/\/+$/, '');
    this.connection = { ...connection, host: this.host };
  }

  async version(): Promise<string | null> {
    return null;
  }

  async listModels(): Promise<ServerModel[]> {
    const reply = await requestJson<{ data?: { id?: string }[] }>(this.connection, 'GET', '/v1/models');
    return (reply.data ?? [])
      .filter((m) => typeof m.id === 'string')
      .map((m) => ({ name: m.id as string, trainedContext: null, sizeBytes: null }));
  }

  resolveModel(requested: string, models: readonly ServerModel[]): string | null {
    return models.find((m) => m.name === requested)?.name ?? null;
  }

  async modelDetails(): Promise<ModelDetails> {
    return {
      architecture: null,
      family: null,
      trainedContext: null,
      configuredContext: null,
      quantization: null,
      metadata: {},
      sizeBytes: null,
    };
  }

  load(): Promise<LoadResult> {
    return Promise.reject(new UnsupportedByServerError(this.backend, 'loadUnload'));
  }

  async unload(): Promise<void> {}

  async loadedContext(): Promise<number | null> {
    return null;
  }

  generate(): Promise<TimedGeneration> {
    return Promise.reject(new UnsupportedByServerError(this.backend, 'timings'));
  }

  memoryInUse(): Promise<MemoryInUse | null> {
    return Promise.reject(new UnsupportedByServerError(this.backend, 'memoryInUse'));
  }
}
