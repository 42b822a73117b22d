// The model server and Messages target a suite gets: the real ones, with every request counted
// into the suite's cost tally (src/run/cost.ts) from the server's own counts.
import type {
  LoadResult,
  MemoryInUse,
  ModelDetails,
  ModelServer,
  ServerModel,
  TimedGeneration,
  TimedGenerationRequest,
} from '../servers/types.js';
import { TargetError } from '../targets/errors.js';
import {
  cachedTokensOf,
  generatedTokensOf,
  type Message,
  type MessageCreateParams,
  MessagesTarget,
  type MessagesTargetOptions,
  promptTokensOf,
  type StreamedReply,
} from '../targets/messages.js';
import type { CostFigures } from '../types.js';
import type { CostMeter, RequestContext } from './cost.js';

/** What a failed request tells the meter: an HTTP answer means the server had the model; no answer, nothing is known. */
const unanswered = (error: unknown): boolean => !(error instanceof TargetError && error.kind === 'http');

export interface MeterBinding {
  meter: CostMeter;
  /** The model the suite tests: its requests are counted against it. */
  model: string;
  /** The tally of this suite attempt. */
  figures: CostFigures;
}

export class MeteredServer implements ModelServer {
  constructor(
    private readonly inner: ModelServer,
    private readonly binding: MeterBinding,
  ) {}

  get backend() {
    return this.inner.backend;
  }
  get host() {
    return this.inner.host;
  }
  get capabilities() {
    return this.inner.capabilities;
  }
  get advice() {
    return this.inner.advice;
  }

  private other<T>(call: Promise<T>): Promise<T> {
    this.binding.meter.other(this.binding.figures);
    return call;
  }

  /** A native request runs at its own num_ctx only where the server lets a request choose it. */
  private contextOf(tokens: number | undefined): RequestContext {
    return tokens && this.inner.capabilities.perRequestContext ? tokens : 'default';
  }

  version(): Promise<string | null> {
    return this.other(this.inner.version());
  }

  listModels(): Promise<ServerModel[]> {
    return this.other(this.inner.listModels());
  }

  resolveModel(requested: string, models: readonly ServerModel[]): string | null {
    return this.inner.resolveModel(requested, models);
  }

  async modelDetails(model: string): Promise<ModelDetails> {
    const details = await this.other(this.inner.modelDetails(model));
    this.binding.meter.setTrainedContext(this.binding.model, details.trainedContext);
    return details;
  }

  async load(model: string, contextTokens?: number): Promise<LoadResult> {
    const { meter, figures } = this.binding;
    const context = this.contextOf(contextTokens);
    try {
      const loaded = await this.inner.load(model, contextTokens);
      meter.request(this.binding.model, figures, {
        context,
        promptTokens: loaded.promptTokens,
        generatedTokens: loaded.generatedTokens,
        loadMs: loaded.source === 'server' ? loaded.loadMs : null,
      });
      return loaded;
    } catch (error) {
      meter.request(this.binding.model, figures, { context, unanswered: unanswered(error) });
      throw error;
    }
  }

  async unload(model: string): Promise<void> {
    await this.other(this.inner.unload(model));
    this.binding.meter.unloaded(this.binding.model);
  }

  /** Read through /api/ps's whole entry where the server has one, so the memory it shows is kept for reuse. */
  async loadedContext(model: string): Promise<number | null> {
    if (this.inner.capabilities.memoryInUse) {
      const reading = await this.other(this.inner.memoryInUse(model));
      if (reading?.contextTokens != null) {
        this.binding.meter.observed(this.binding.model, reading.contextTokens, reading);
        return reading.contextTokens;
      }
    }
    const allocated = await this.other(this.inner.loadedContext(model));
    this.binding.meter.observed(this.binding.model, allocated);
    return allocated;
  }

  async generate(request: TimedGenerationRequest): Promise<TimedGeneration> {
    const { meter, figures } = this.binding;
    const context = this.contextOf(request.contextTokens);
    try {
      const reply = await this.inner.generate(request);
      meter.request(this.binding.model, figures, {
        context,
        promptTokens: reply.promptTokens,
        cachedPromptTokens: reply.cachedTokens,
        generatedTokens: reply.decodeTokens,
        loadMs: reply.loadMs,
      });
      return reply;
    } catch (error) {
      meter.request(this.binding.model, figures, { context, unanswered: unanswered(error) });
      throw error;
    }
  }

  async memoryInUse(model: string): Promise<MemoryInUse | null> {
    const reading = await this.other(this.inner.memoryInUse(model));
    this.binding.meter.observed(this.binding.model, reading?.contextTokens ?? null, reading);
    return reading;
  }
}

/** The Messages endpoint, exactly as Claude Code reaches it, with each request counted. */
export class MeteredMessages extends MessagesTarget {
  constructor(
    options: MessagesTargetOptions,
    private readonly binding: MeterBinding,
  ) {
    super(options);
  }

  override async create(params: MessageCreateParams): Promise<Message> {
    const { meter, figures, model } = this.binding;
    try {
      const message = await super.create(params);
      meter.request(model, figures, {
        context: 'default',
        promptTokens: promptTokensOf(message.usage),
        cachedPromptTokens: cachedTokensOf(message.usage),
        generatedTokens: generatedTokensOf(message.usage) ?? 0,
      });
      return message;
    } catch (error) {
      meter.request(model, figures, { context: 'default', unanswered: unanswered(error) });
      throw error;
    }
  }

  override async stream(params: MessageCreateParams): Promise<StreamedReply> {
    const { meter, figures, model } = this.binding;
    try {
      const reply = await super.stream(params);
      meter.request(model, figures, {
        context: 'default',
        promptTokens: reply.inputTokens,
        cachedPromptTokens: reply.cachedInputTokens,
        generatedTokens: reply.outputTokens,
      });
      return reply;
    } catch (error) {
      meter.request(model, figures, { context: 'default', unanswered: unanswered(error) });
      throw error;
    }
  }
}
