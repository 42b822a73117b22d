// A server that loaded its models when it started, at one context fixed by its command line
// (llama-server `-c N`, an Anthropic-only server): no load time, no per-request context, a prompt
// that does not fit is refused (never cut), and each model has slots with a prompt cache.
import { templateOrderPrompt } from './conversation.js';
import { conversationTokens, type FittedPrompt } from './context.js';
import type { SimError } from './errors.js';
import { replyTo, type GenerationTimings, type PreparedGeneration } from './generation.js';
import { PromptCache } from './prompt-cache.js';
import type { SimProfile } from './profiles/types.js';
import type { GenerationRequest } from './requests.js';

/** llama-server's `/metrics` counters (server-context.cpp), over every model. */
export interface ServerCounters {
  /** Processed (uncached) prompt tokens. */
  promptTokens: number;
  cachedTokens: number;
  promptMs: number;
  predictedTokens: number;
  predictedMs: number;
  decodeCalls: number;
  maxTokens: number;
  requests: number;
}

export interface FixedOptions {
  /** false: the whole prompt is processed again (llama-server's `cache_prompt`). */
  cachePrompt?: boolean;
  /** llama-server's `id_slot`; -1 or absent: the slot with the longest cached prefix. */
  idSlot?: number;
  signal?: AbortSignal;
  /** The error for a prompt of `numCtx` tokens or more. */
  refuse: (promptTokens: number, numCtx: number) => SimError;
  /** A tool call cut by the output limit is kept, with the arguments written so far (llama-server). */
  keepCutCall?: boolean;
}

export class FixedServer {
  readonly startedAt = Math.floor(Date.now() / 1000);
  readonly counters: ServerCounters = {
    promptTokens: 0,
    cachedTokens: 0,
    promptMs: 0,
    predictedTokens: 0,
    predictedMs: 0,
    decodeCalls: 0,
    maxTokens: 0,
    requests: 0,
  };
  private readonly caches = new Map<string, PromptCache>();

  constructor(
    /** The `-c` the server was started with. */
    readonly serverContext: number,
    /** Parallel slots per model (llama-server's auto `-np` is 4, sharing one unified KV cache). */
    readonly slotCount: number,
    /** true: a request waits for a free slot (llama-server); false: no limit on parallel requests. */
    private readonly queue: boolean,
  ) {}

  /** A slot's context: the whole `-c` (unified KV cache), capped at the trained context as llama-server does. */
  slotContext(profile: SimProfile): number {
    return Math.min(this.serverContext, profile.shape.trainedContext);
  }

  cache(profile: SimProfile): PromptCache {
    let cache = this.caches.get(profile.name);
    if (!cache) this.caches.set(profile.name, (cache = new PromptCache(this.slotCount, this.queue)));
    return cache;
  }

  /** Everything up to the first output token, on a slot of `profile`. */
  async prepare(
    profile: SimProfile,
    request: GenerationRequest,
    startedNs: bigint,
    options: FixedOptions,
  ): Promise<PreparedGeneration> {
    const numCtx = this.slotContext(profile);
    const promptTokens = conversationTokens(request.conversation);
    if (promptTokens >= numCtx) throw options.refuse(promptTokens, numCtx);
    const fitted: FittedPrompt = {
      conversation: request.conversation,
      fullTokens: promptTokens,
      promptTokens,
      droppedMessages: 0,
      cutTokens: 0,
    };
    // Generation also stops when the context is full (llama-server has no context shift by default).
    const room = numCtx - promptTokens;
    const maxTokens = Math.min(request.numPredict ?? room, room);
    const cache = this.cache(profile);
    const { slot, cachedTokens } = await cache.acquire(templateOrderPrompt(request.conversation), promptTokens, {
      cachePrompt: profile.promptCache === 'off' ? false : options.cachePrompt,
      idSlot: options.idSlot,
      maxTokens,
      stream: request.stream,
      signal: options.signal,
    });
    this.counters.requests++;
    const release = (generated: string, timings: GenerationTimings): void => {
      cache.release(slot, generated, timings.decodeTokens);
      this.record(timings);
    };
    return {
      ...replyTo(profile, request, fitted, maxTokens, options.keepCutCall),
      numCtx,
      loadNs: 0,
      startedNs,
      fitted,
      cachedTokens,
      slotId: slot.id,
      release,
    };
  }

  private record(timings: GenerationTimings): void {
    const counters = this.counters;
    counters.promptTokens += timings.processedTokens;
    counters.cachedTokens += timings.cachedTokens;
    counters.promptMs += timings.promptMs;
    counters.predictedTokens += timings.decodeTokens;
    counters.predictedMs += timings.decodeMs;
    // One decode call per prompt batch (2048 tokens) and one per generated token.
    counters.decodeCalls += Math.ceil(timings.processedTokens / 2048) + timings.decodeTokens;
    counters.maxTokens = Math.max(counters.maxTokens, timings.promptTokens + timings.decodeTokens);
  }

  /** Slots busy now, over every model. */
  processing(): number {
    return [...this.caches.values()].reduce((sum, cache) => sum + cache.slots.filter((slot) => slot.busy).length, 0);
  }
}
