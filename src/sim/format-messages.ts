// Anthropic Messages responses from decoded pieces, block by block, in the way each server builds
// them. Ollama (anthropic.StreamConverter, ToMessagesResponse): one input_json_delta per tool call,
// each block stopped before the next starts, `content: null` when there is none. llama-server
// (server-task.cpp to_json_anthropic*): tool_use starts carry no `input`, blocks stay open until
// the end, usage splits the prompt into `input_tokens` (processed) and `cache_read_input_tokens`.
import type { GenerationTimings, Metrics, OutputPiece, PreparedGeneration } from './generation.js';
import type { RouteContext } from './personality.js';
import { respondWhole, streamGeneration } from './streaming.js';
import { GARBAGE_SSE, sseEvent } from './wire.js';
import { splitTokens } from './tokens.js';

type Event = [event: string, data: unknown];

/** `anthropic`: a server that speaks only this API (vLLM, SGLang, LiteLLM…): Ollama's block order, llama-server's usage. */
export type MessagesStyle = 'ollama' | 'llama-server' | 'anthropic';

/** Ollama's done_reason → Anthropic stop_reason (anthropic.mapStopReason). */
export function stopReason(doneReason: string, hasToolCalls: boolean): string {
  if (hasToolCalls) return 'tool_use';
  if (doneReason === 'stop') return 'end_turn';
  if (doneReason === 'length') return 'max_tokens';
  return doneReason ? 'stop_sequence' : '';
}

/** llama-server's stop_reason: a cut is max_tokens even with tool calls. */
function llamaStopReason(doneReason: string, hasToolCalls: boolean): string {
  if (doneReason === 'length') return 'max_tokens';
  return hasToolCalls ? 'tool_use' : 'end_turn';
}

export interface StartUsage {
  /** Ollama: the estimate of the request; the others: the processed (uncached) prompt tokens. */
  inputTokens: number;
  /** Prompt tokens read from the cache (not for Ollama). */
  cachedTokens?: number;
}

/** `{input_tokens, output_tokens}` (Ollama) or `{cache_read_input_tokens, input_tokens, output_tokens}`. */
function usageOf(
  style: MessagesStyle,
  timings: Pick<GenerationTimings, 'promptTokens' | 'cachedTokens' | 'decodeTokens'>,
): Record<string, number> {
  if (style === 'ollama') return { input_tokens: timings.promptTokens, output_tokens: timings.decodeTokens };
  return {
    cache_read_input_tokens: timings.cachedTokens,
    input_tokens: timings.promptTokens - timings.cachedTokens,
    output_tokens: timings.decodeTokens,
  };
}

export class MessagesStreamConverter {
  private started = false;
  /** Blocks started so far (the next block's index). */
  private blocks = 0;
  /** Index of the open text block, or null. */
  private text: number | null = null;
  private toolCalls = 0;
  /** Blocks started and not yet stopped, in order (llama-server stops them all at the end). */
  private readonly open: number[] = [];

  constructor(
    private readonly id: string,
    private readonly model: string,
    private readonly usage: StartUsage,
    private readonly style: MessagesStyle = 'ollama',
  ) {}

  private get stopsAtEnd(): boolean {
    return this.style === 'llama-server';
  }

  private start(): Event[] {
    if (this.started) return [];
    this.started = true;
    const message =
      this.style === 'ollama'
        ? {
            id: this.id,
            type: 'message',
            role: 'assistant',
            model: this.model,
            content: [],
            usage: { input_tokens: this.usage.inputTokens, output_tokens: 0 },
          }
        : {
            id: this.id,
            type: 'message',
            role: 'assistant',
            content: [],
            model: this.model,
            stop_reason: null,
            stop_sequence: null,
            usage: {
              cache_read_input_tokens: this.usage.cachedTokens ?? 0,
              input_tokens: this.usage.inputTokens,
              output_tokens: 0,
            },
          };
    return [['message_start', { type: 'message_start', message }]];
  }

  private begin(block: Record<string, unknown>): [number, Event] {
    const index = this.blocks++;
    this.open.push(index);
    return [index, ['content_block_start', { type: 'content_block_start', index, content_block: block }]];
  }

  private stop(index: number): Event {
    this.open.splice(this.open.indexOf(index), 1);
    return ['content_block_stop', { type: 'content_block_stop', index }];
  }

  private closeText(): Event[] {
    if (this.text === null || this.stopsAtEnd) return [];
    const index = this.text;
    this.text = null;
    return [this.stop(index)];
  }

  piece(piece: OutputPiece): Event[] {
    const events = this.start();
    if (piece.type === 'text') {
      if (this.text === null) {
        const [index, start] = this.begin({ type: 'text', text: '' });
        this.text = index;
        events.push(start);
      }
      events.push([
        'content_block_delta',
        { type: 'content_block_delta', index: this.text, delta: { type: 'text_delta', text: piece.text } },
      ]);
      return events;
    }
    events.push(...this.closeText());
    const { call } = piece;
    this.toolCalls++;
    const json = piece.rawArguments ?? JSON.stringify(call.input);
    const delta = (index: number, partial: string): Event => [
      'content_block_delta',
      { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: partial } },
    ];
    if (this.stopsAtEnd) {
      // No `input` in the start; the arguments come as the model writes them, a few characters at a time.
      const [index, start] = this.begin({ type: 'tool_use', id: call.id, name: call.name });
      events.push(start, ...splitTokens(json).map((part) => delta(index, part)));
      return events;
    }
    const [index, start] = this.begin({ type: 'tool_use', id: call.id, name: call.name, input: {} });
    events.push(start, delta(index, json), this.stop(index));
    return events;
  }

  done(metrics: Metrics, doneReason: string, timings?: GenerationTimings): Event[] {
    const events = [...this.start(), ...this.closeText()];
    events.push(...[...this.open].map((index) => this.stop(index)));
    if (this.style === 'ollama') {
      events.push([
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: stopReason(doneReason, this.toolCalls > 0) },
          usage: { input_tokens: metrics.prompt_eval_count, output_tokens: metrics.eval_count },
        },
      ]);
    } else {
      const reason =
        this.style === 'llama-server'
          ? llamaStopReason(doneReason, this.toolCalls > 0)
          : stopReason(doneReason, this.toolCalls > 0);
      events.push([
        'message_delta',
        {
          type: 'message_delta',
          delta: { stop_reason: reason, stop_sequence: null },
          usage: { output_tokens: timings?.decodeTokens ?? metrics.eval_count },
        },
      ]);
    }
    events.push(['message_stop', { type: 'message_stop' }]);
    return events;
  }
}

/** The non-streamed reply. */
export function messagesResponse(
  id: string,
  model: string,
  pieces: OutputPiece[],
  metrics: Metrics,
  doneReason: string,
  style: MessagesStyle = 'ollama',
  timings?: GenerationTimings,
): Record<string, unknown> {
  const text = pieces.map((piece) => (piece.type === 'text' ? piece.text : '')).join('');
  const calls = pieces.flatMap((piece) => (piece.type === 'tool_call' ? [piece.call] : []));
  const content = [
    ...(text ? [{ type: 'text', text }] : []),
    ...calls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: call.input })),
  ];
  const counts = timings ?? {
    promptTokens: metrics.prompt_eval_count,
    cachedTokens: 0,
    decodeTokens: metrics.eval_count,
  };
  if (style === 'ollama') {
    // Go's nil slice: a reply with no blocks has `"content": null`.
    return {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: content.length > 0 ? content : null,
      stop_reason: stopReason(doneReason, calls.length > 0),
      usage: usageOf(style, counts),
    };
  }
  const reason =
    style === 'llama-server' ? llamaStopReason(doneReason, calls.length > 0) : stopReason(doneReason, calls.length > 0);
  return {
    id,
    type: 'message',
    role: 'assistant',
    content,
    model,
    stop_reason: reason,
    stop_sequence: null,
    usage: usageOf(style, counts),
  };
}

/**
 * A /v1/messages reply from a fixed-context server (llama-server, Anthropic-only), whole or
 * streamed: usage split into the uncached prompt and what the prompt cache served.
 */
export async function replyMessages(
  ctx: RouteContext,
  prepared: PreparedGeneration,
  stream: boolean,
  id: string,
  model: string,
  style: MessagesStyle,
): Promise<void> {
  if (!stream) {
    return respondWhole(
      ctx.res,
      prepared,
      {
        build: (pieces, metrics, doneReason, timings) =>
          messagesResponse(id, model, pieces, metrics, doneReason, style, timings),
      },
      ctx.fault,
      ctx.signal,
    );
  }
  // message_start goes out with the first token, once the prompt (and what the cache held of it) is known.
  const converter = new MessagesStreamConverter(
    id,
    model,
    { inputTokens: prepared.fitted.promptTokens - prepared.cachedTokens, cachedTokens: prepared.cachedTokens },
    style,
  );
  const events = (list: [string, unknown][]): string => list.map(([event, data]) => sseEvent(event, data)).join('');
  await streamGeneration(
    ctx.res,
    prepared,
    {
      contentType: 'text/event-stream',
      piece: (piece) => events(converter.piece(piece)),
      done: (metrics, doneReason, timings) => events(converter.done(metrics, doneReason, timings)),
      garbage: GARBAGE_SSE,
    },
    ctx.fault,
    ctx.signal,
  );
}
