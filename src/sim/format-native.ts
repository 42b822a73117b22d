// Ollama's native response objects (api.ChatResponse, api.GenerateResponse) from decoded pieces.
import type { Metrics, OutputPiece } from './generation.js';

const assistant = (content: string, pieces: OutputPiece[] = []): Record<string, unknown> => {
  const calls = pieces.flatMap((piece) => (piece.type === 'tool_call' ? [piece.call] : []));
  const toolCalls = calls.map((call, index) => ({
    id: call.id,
    function: { index, name: call.name, arguments: call.input },
  }));
  return { role: 'assistant', content, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
};

const now = (): string => new Date().toISOString();

export type NativeApi = 'chat' | 'generate';

/** One streamed line for one piece. */
export function nativeChunk(api: NativeApi, model: string, piece: OutputPiece): Record<string, unknown> {
  const text = piece.type === 'text' ? piece.text : '';
  if (api === 'generate') return { model, created_at: now(), response: text, done: false };
  return { model, created_at: now(), message: assistant(text, piece.type === 'tool_call' ? [piece] : []), done: false };
}

/** /api/generate's `context`: the token ids of the prompt and the reply (made-up ids, the right count). */
function contextTokens(metrics: Partial<Metrics>): number[] {
  const count = (metrics.prompt_eval_count ?? 0) + (metrics.eval_count ?? 0);
  return Array.from({ length: count }, (_, i) => (i * 7919) % 50_000);
}

/** The closing line of a stream (empty message, metrics), or the whole reply when `pieces` is given. */
export function nativeFinal(
  api: NativeApi,
  model: string,
  metrics: Partial<Metrics>,
  doneReason: string,
  pieces: OutputPiece[] = [],
): Record<string, unknown> {
  const text = pieces.map((piece) => (piece.type === 'text' ? piece.text : '')).join('');
  const body = api === 'generate' ? { response: text } : { message: assistant(text, pieces) };
  const context = api === 'generate' && metrics.eval_count !== undefined ? { context: contextTokens(metrics) } : {};
  return { model, created_at: now(), ...body, done: true, done_reason: doneReason, ...context, ...metrics };
}
