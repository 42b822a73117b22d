// Ollama's native API (/api/*) through the `ollama` npm client, with a timeout on every request.
import { Ollama } from 'ollama';
import type { ChatRequest, ChatResponse, GenerateRequest, GenerateResponse, ListResponse, ShowResponse } from 'ollama';
import { deadline, toTargetError } from './errors.js';
import { withRetry } from './retry.js';

export type { ChatRequest, ChatResponse, GenerateResponse, ListResponse, ShowResponse };

/** Whether a /api/tags or /api/ps entry is `model`: Ollama lists `name:latest` for a model asked for as `name`. */
export function isModel(entry: { name: string; model?: string }, model: string): boolean {
  return entry.name === model || entry.model === model || entry.name === `${model}:latest`;
}

export interface OllamaTargetOptions {
  host: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export class OllamaTarget {
  readonly host: string;
  private readonly client: Ollama;
  private readonly timeoutMs: number;
  private readonly signal?: AbortSignal;

  constructor(options: OllamaTargetOptions) {
    this.host = options.host.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs;
    this.signal = options.signal;
    const timedFetch: typeof fetch = (input, init) =>
      fetch(input, {
        ...init,
        signal: deadline(
          this.timeoutMs,
          init?.signal ? AbortSignal.any([init.signal, ...(this.signal ? [this.signal] : [])]) : this.signal,
        ),
      });
    this.client = new Ollama({ host: this.host, fetch: timedFetch });
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw toTargetError(error, `${what} at ${this.host}`);
    }
  }

  /** Metadata and loading are safe to retry (connect errors, 503 while a model loads). */
  private retried<T>(what: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(() => this.call(what, fn), { signal: this.signal });
  }

  version(): Promise<string> {
    return this.retried('GET /api/version', async () => (await this.client.version()).version);
  }

  list(): Promise<ListResponse> {
    return this.retried('GET /api/tags', () => this.client.list());
  }

  /** `verbose` asks for array-valued metadata too (Ollama sends them as null otherwise). */
  show(model: string, verbose = false): Promise<ShowResponse> {
    const request = verbose ? ({ model, verbose: true } as { model: string }) : { model };
    return this.retried(`POST /api/show ${model}`, () => this.client.show(request));
  }

  ps(): Promise<ListResponse> {
    return this.retried('GET /api/ps', () => this.client.ps());
  }

  chat(request: Omit<ChatRequest, 'stream'>): Promise<ChatResponse> {
    return this.call(`POST /api/chat ${request.model}`, () => this.client.chat({ ...request, stream: false }));
  }

  generate(request: Omit<GenerateRequest, 'stream'>): Promise<GenerateResponse> {
    return this.call(`POST /api/generate ${request.model}`, () => this.client.generate({ ...request, stream: false }));
  }

  /** Loads the model at `numCtx` (an empty generate), so later probes do not pay the load. */
  async load(model: string, numCtx?: number): Promise<GenerateResponse> {
    const request = { model, prompt: '', options: numCtx ? { num_ctx: numCtx } : undefined };
    return this.retried(`POST /api/generate (load) ${model}`, () =>
      this.client.generate({ ...request, stream: false }),
    );
  }

  /** Context actually allocated for a loaded model, from /api/ps (null when not loaded or not reported). */
  async loadedContext(model: string): Promise<number | null> {
    const ps = await this.ps();
    const entry = ps.models.find((m) => isModel(m, model));
    const value = (entry as { context_length?: unknown } | undefined)?.context_length;
    return typeof value === 'number' ? value : null;
  }
}
