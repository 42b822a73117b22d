// The one fold of a streamed Anthropic Messages reply: the harness's own client (targets/messages)
// and the recording proxy (agent/exchange) read events through it, so both see the same blocks,
// token counts and stop reason. Events are read defensively: the proxy's are raw JSON off the wire.

export type StreamedBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string }
  | { type: 'tool_use'; id: string; name: string; partialJson: string; startInput: unknown }
  | { type: 'other'; raw: unknown };

/** A streamed reply folded from its events; nothing is repaired or parsed. */
export interface StreamFold {
  /** Blocks rebuilt from the events; tool input is the raw concatenation of `input_json_delta` pieces. */
  blocks: StreamedBlock[];
  stopReason: string | null;
  /** Prompt tokens the server counted: processed plus served from its prompt cache. */
  inputTokens: number | null;
  /** Of those, served from the prompt cache (llama-server's usage.cache_read_input_tokens); null when not said. */
  cachedInputTokens: number | null;
  outputTokens: number | null;
  /** true when the stream ended with `message_stop`. */
  complete: boolean;
  /** The message of an `error` event, if the server sent one. */
  error: string | null;
}

export const emptyFold = (): StreamFold => ({
  blocks: [],
  stopReason: null,
  inputTokens: null,
  cachedInputTokens: null,
  outputTokens: null,
  complete: false,
  error: null,
});

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** usage.cache_read_input_tokens where the server sends it (llama-server does; Ollama does not). */
export function cachedTokensOf(usage: unknown): number | null {
  const value = isObject(usage) ? usage.cache_read_input_tokens : undefined;
  return typeof value === 'number' ? value : null;
}

/**
 * Every prompt token the server counted for a reply: input_tokens counts only the uncached part
 * on servers with a prompt cache (llama-server: 1 with 271 cached), so the cached part is added.
 */
export function promptTokensOf(usage: unknown): number | null {
  const input = isObject(usage) ? usage.input_tokens : undefined;
  if (typeof input !== 'number') return null;
  return input + (cachedTokensOf(usage) ?? 0);
}

function blockOf(block: Json): StreamedBlock {
  if (block.type === 'text') return { type: 'text', text: text(block.text) };
  if (block.type === 'thinking') return { type: 'thinking', thinking: text(block.thinking) };
  if (block.type === 'tool_use')
    return { type: 'tool_use', id: text(block.id), name: text(block.name), partialJson: '', startInput: block.input };
  return { type: 'other', raw: block };
}

function streamErrorOf(event: Json): string {
  if (isObject(event.error) && typeof event.error.message === 'string') return event.error.message;
  if (typeof event.error === 'string') return event.error;
  return 'stream error';
}

/**
 * Folds one event into `fold`; true when it carried content (a text, thinking or tool-input delta):
 * the first such event marks the time to first token.
 *
 * Ollama's message_start carries an estimate (characters / 4) as input_tokens; the count after its
 * truncation to the loaded context comes in message_delta's usage and replaces it. llama-server
 * sends the cached part in message_start only, so a later count keeps it.
 */
export function foldStreamEvent(fold: StreamFold, event: unknown): boolean {
  if (!isObject(event)) return false;
  switch (event.type) {
    case 'message_start': {
      const usage = isObject(event.message) ? event.message.usage : undefined;
      fold.cachedInputTokens = cachedTokensOf(usage);
      const input = isObject(usage) ? usage.input_tokens : undefined;
      if (typeof input === 'number') fold.inputTokens = input + (fold.cachedInputTokens ?? 0);
      return false;
    }
    case 'content_block_start': {
      if (typeof event.index === 'number' && isObject(event.content_block))
        fold.blocks[event.index] = blockOf(event.content_block);
      return false;
    }
    case 'content_block_delta': {
      const block = typeof event.index === 'number' ? fold.blocks[event.index] : undefined;
      const delta = isObject(event.delta) ? event.delta : {};
      if (delta.type === 'text_delta' && block?.type === 'text') block.text += text(delta.text);
      else if (delta.type === 'thinking_delta' && block?.type === 'thinking') block.thinking += text(delta.thinking);
      else if (delta.type === 'input_json_delta' && block?.type === 'tool_use')
        block.partialJson += text(delta.partial_json);
      return true;
    }
    case 'message_delta': {
      if (isObject(event.delta) && typeof event.delta.stop_reason === 'string')
        fold.stopReason = event.delta.stop_reason;
      const usage = isObject(event.usage) ? event.usage : {};
      if (typeof usage.output_tokens === 'number') fold.outputTokens = usage.output_tokens;
      const cached = cachedTokensOf(usage);
      if (cached !== null) fold.cachedInputTokens = cached;
      if (typeof usage.input_tokens === 'number') fold.inputTokens = usage.input_tokens + (fold.cachedInputTokens ?? 0);
      return false;
    }
    case 'message_stop':
      fold.complete = true;
      return false;
    case 'error':
      fold.error = streamErrorOf(event);
      return false;
    default:
      return false;
  }
}
