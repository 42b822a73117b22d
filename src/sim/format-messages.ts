// Anthropic Messages responses from decoded pieces, block by block as Ollama's middleware builds
// them (anthropic.StreamConverter, ToMessagesResponse): one input_json_delta per tool call.
import type { Metrics, OutputPiece } from './generation.js';

type Event = [event: string, data: unknown];

/** Ollama's done_reason → Anthropic stop_reason (anthropic.mapStopReason). */
export function stopReason(doneReason: string, hasToolCalls: boolean): string {
  if (hasToolCalls) return 'tool_use';
  if (doneReason === 'stop') return 'end_turn';
  if (doneReason === 'length') return 'max_tokens';
  return doneReason ? 'stop_sequence' : '';
}

export class MessagesStreamConverter {
  private started = false;
  private index = 0;
  private textOpen = false;
  private toolCalls = 0;

  constructor(
    private readonly id: string,
    private readonly model: string,
    /** Shown in message_start before the real count is known (Ollama: characters / 4 of the request). */
    private readonly estimatedInputTokens: number,
  ) {}

  private start(): Event[] {
    if (this.started) return [];
    this.started = true;
    const message = { id: this.id, type: 'message', role: 'assistant', model: this.model, content: [], usage: { input_tokens: this.estimatedInputTokens, output_tokens: 0 } };
    return [['message_start', { type: 'message_start', message }]];
  }

  private closeText(): Event[] {
    if (!this.textOpen) return [];
    this.textOpen = false;
    return [['content_block_stop', { type: 'content_block_stop', index: this.index++ }]];
  }

  piece(piece: OutputPiece): Event[] {
    const events = this.start();
    if (piece.type === 'text') {
      if (!this.textOpen) {
        this.textOpen = true;
        events.push(['content_block_start', { type: 'content_block_start', index: this.index, content_block: { type: 'text', text: '' } }]);
      }
      events.push(['content_block_delta', { type: 'content_block_delta', index: this.index, delta: { type: 'text_delta', text: piece.text } }]);
      return events;
    }
    events.push(...this.closeText());
    const { call } = piece;
    const index = this.index++;
    this.toolCalls++;
    events.push(
      ['content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} } }],
      ['content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece.rawArguments ?? JSON.stringify(call.input) } }],
      ['content_block_stop', { type: 'content_block_stop', index }],
    );
    return events;
  }

  done(metrics: Metrics, doneReason: string): Event[] {
    const events = [...this.start(), ...this.closeText()];
    events.push(
      ['message_delta', { type: 'message_delta', delta: { stop_reason: stopReason(doneReason, this.toolCalls > 0) }, usage: { input_tokens: metrics.prompt_eval_count, output_tokens: metrics.eval_count } }],
      ['message_stop', { type: 'message_stop' }],
    );
    return events;
  }
}

/** The non-streamed reply. */
export function messagesResponse(id: string, model: string, pieces: OutputPiece[], metrics: Metrics, doneReason: string): Record<string, unknown> {
  const text = pieces.map((piece) => (piece.type === 'text' ? piece.text : '')).join('');
  const calls = pieces.flatMap((piece) => (piece.type === 'tool_call' ? [piece.call] : []));
  const content = [
    ...(text ? [{ type: 'text', text }] : []),
    ...calls.map((call) => ({ type: 'tool_use', id: call.id, name: call.name, input: call.input })),
  ];
  return {
    id, type: 'message', role: 'assistant', model, content,
    stop_reason: stopReason(doneReason, calls.length > 0),
    usage: { input_tokens: metrics.prompt_eval_count, output_tokens: metrics.eval_count },
  };
}
