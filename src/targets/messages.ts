// Ollama's Anthropic Messages endpoint (/v1/messages) through @anthropic-ai/sdk, as Claude Code talks:
// baseURL = the Ollama host, ANTHROPIC_AUTH_TOKEN=ollama (a bearer token), no retries of our own here.
import Anthropic from '@anthropic-ai/sdk';
import { deadline, toTargetError } from './errors.js';

export type MessageCreateParams = Anthropic.MessageCreateParamsNonStreaming;
export type Message = Anthropic.Message;
export type RawStreamEvent = Anthropic.RawMessageStreamEvent;

/** A streamed reply as it came over the wire, plus timings; nothing is repaired or parsed. */
export interface StreamedReply {
  events: RawStreamEvent[];
  /** Blocks rebuilt from the events; tool input is the raw concatenation of `input_json_delta` pieces. */
  blocks: StreamedBlock[];
  stopReason: string | null;
  /** Prompt tokens the server counted: processed plus served from its prompt cache. */
  inputTokens: number | null;
  /** Of those, served from the prompt cache (llama-server's usage.cache_read_input_tokens); null when not said. */
  cachedInputTokens: number | null;
  outputTokens: number | null;
  /** Milliseconds from sending the request to the first content delta (text, thinking or tool input). */
  ttftMs: number | null;
  totalMs: number;
  /** true when the stream ended with `message_stop`. */
  complete: boolean;
}

export type StreamedBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string }
  | { type: 'tool_use'; id: string; name: string; partialJson: string; startInput: unknown }
  | { type: 'other'; raw: unknown };

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
    const reply: StreamedReply = {
      events: [],
      blocks: [],
      stopReason: null,
      inputTokens: null,
      cachedInputTokens: null,
      outputTokens: null,
      ttftMs: null,
      totalMs: 0,
      complete: false,
    };
    const signal = deadline(this.timeoutMs, this.signal);
    try {
      const stream = await this.client.messages.create({ ...params, stream: true }, { signal });
      for await (const event of stream) {
        reply.events.push(event);
        applyEvent(reply, event, started);
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

function applyEvent(reply: StreamedReply, event: RawStreamEvent, started: number): void {
  switch (event.type) {
    case 'message_start': {
      const usage = event.message.usage;
      reply.cachedInputTokens = cachedTokensOf(usage);
      reply.inputTokens = usage?.input_tokens == null ? null : usage.input_tokens + (reply.cachedInputTokens ?? 0);
      break;
    }
    case 'content_block_start': {
      const block = event.content_block;
      if (block.type === 'text') reply.blocks[event.index] = { type: 'text', text: block.text ?? '' };
      else if (block.type === 'thinking')
        reply.blocks[event.index] = { type: 'thinking', thinking: block.thinking ?? '' };
      else if (block.type === 'tool_use')
        reply.blocks[event.index] = {
          type: 'tool_use',
          id: block.id,
          name: block.name,
          partialJson: '',
          startInput: block.input,
        };
      else reply.blocks[event.index] = { type: 'other', raw: block };
      break;
    }
    case 'content_block_delta': {
      if (reply.ttftMs === null) reply.ttftMs = performance.now() - started;
      const block = reply.blocks[event.index];
      const delta = event.delta;
      if (delta.type === 'text_delta' && block?.type === 'text') block.text += delta.text;
      else if (delta.type === 'thinking_delta' && block?.type === 'thinking') block.thinking += delta.thinking;
      else if (delta.type === 'input_json_delta' && block?.type === 'tool_use') block.partialJson += delta.partial_json;
      break;
    }
    case 'message_delta': {
      reply.stopReason = event.delta.stop_reason ?? null;
      reply.outputTokens = event.usage?.output_tokens ?? null;
      // Ollama's message_start carries an estimate (characters / 4); the final count, after any
      // truncation to the loaded context, comes here.
      const counted = (event.usage as { input_tokens?: number | null } | undefined)?.input_tokens;
      const cached = cachedTokensOf(event.usage);
      if (cached !== null) reply.cachedInputTokens = cached;
      if (typeof counted === 'number') reply.inputTokens = counted + (reply.cachedInputTokens ?? 0);
      break;
    }
    case 'message_stop':
      reply.complete = true;
      break;
    default:
      break;
  }
}

/** usage.cache_read_input_tokens where the server sends it (llama-server does; Ollama does not). */
export function cachedTokensOf(usage: unknown): number | null {
  const value = (usage as { cache_read_input_tokens?: unknown } | null | undefined)?.cache_read_input_tokens;
  return typeof value === 'number' ? value : null;
}

/**
 * Every prompt token the server counted for a reply: input_tokens counts only the uncached part
 * on servers with a prompt cache (llama-server: 1 with 271 cached), so the cached part is added.
 */
export function promptTokensOf(usage: unknown): number | null {
  const input = (usage as { input_tokens?: unknown } | null | undefined)?.input_tokens;
  if (typeof input !== 'number') return null;
  return input + (cachedTokensOf(usage) ?? 0);
}

/** The server's own count of generated tokens for a reply (usage.output_tokens); null when not said. */
export function generatedTokensOf(usage: unknown): number | null {
  const output = (usage as { output_tokens?: unknown } | null | undefined)?.output_tokens;
  return typeof output === 'number' ? output : null;
}
