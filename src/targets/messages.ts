// Ollama's Anthropic Messages endpoint (/v1/messages) through @anthropic-ai/sdk, as Claude Code talks:
// baseURL = the Ollama host, ANTHROPIC_AUTH_TOKEN=ollama (a bearer token), no retries of our own here.
import Anthropic from '@anthropic-ai/sdk';
import { emptyFold, foldStreamEvent, type StreamFold } from '../shared/anthropic-stream.js';
import { deadline, toTargetError } from './errors.js';

export { cachedTokensOf, promptTokensOf, type StreamedBlock } from '../shared/anthropic-stream.js';

export type MessageCreateParams = Anthropic.MessageCreateParamsNonStreaming;
export type Message = Anthropic.Message;
export type RawStreamEvent = Anthropic.RawMessageStreamEvent;

/** A streamed reply as it came over the wire, folded (src/shared/anthropic-stream.ts), plus timings. */
export interface StreamedReply extends StreamFold {
  events: RawStreamEvent[];
  /** Milliseconds from sending the request to the first content delta (text, thinking or tool input). */
  ttftMs: number | null;
  totalMs: number;
}

export interface MessagesTargetOptions {
  host: string;
  timeoutMs: number;
  signal?: AbortSignal;
  authToken?: string;
}

export class MessagesTarget {
  readonly host: string;
  private readonly client: Anthropic;
  private readonly timeoutMs: number;
  private readonly signal?: AbortSignal;

  constructor(options: MessagesTargetOptions) {
    this.host = options.host.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs;
    this.signal = options.signal;
    this.client = new Anthropic({
      baseURL: this.host,
      authToken: options.authToken ?? 'ollama',
      apiKey: null,
      maxRetries: 0,
      timeout: options.timeoutMs,
      // Failures reach the caller as TargetErrors; the SDK must not print its own lines to stderr.
      logLevel: 'off',
    });
  }

  async create(params: MessageCreateParams): Promise<Message> {
    const signal = deadline(this.timeoutMs, this.signal);
    try {
      return await this.client.messages.create({ ...params, stream: false }, { signal });
    } catch (error) {
      throw toTargetError(error, `POST /v1/messages ${params.model}`, signal);
    }
  }

  async stream(params: MessageCreateParams): Promise<StreamedReply> {
    const started = performance.now();
    const reply: StreamedReply = { events: [], ...emptyFold(), ttftMs: null, totalMs: 0 };
    const signal = deadline(this.timeoutMs, this.signal);
    try {
      const stream = await this.client.messages.create({ ...params, stream: true }, { signal });
      for await (const event of stream) {
        reply.events.push(event);
        if (foldStreamEvent(reply, event) && reply.ttftMs === null) reply.ttftMs = performance.now() - started;
      }
      // The SDK ends the loop quietly when the signal aborts: a stalled stream must read as a timeout.
      if (signal.aborted) throw signal.reason;
    } catch (error) {
      throw toTargetError(error, `POST /v1/messages (stream) ${params.model}`, signal);
    } finally {
      reply.totalMs = performance.now() - started;
    }
    return reply;
  }
}

/** The server's own count of generated tokens for a reply (usage.output_tokens); null when not said. */
export function generatedTokensOf(usage: unknown): number | null {
  const output = (usage as { output_tokens?: unknown } | null | undefined)?.output_tokens;
  return typeof output === 'number' ? output : null;
}
