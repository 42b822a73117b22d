// Replays a session trace against the model server exactly as Claude Code sent it: each request a
// streaming POST to the recorded path (`/v1/messages?beta=true`) with the recorded headers and
// blocks, only the model name swapped for the model under test and `max_tokens` capped so a turn
// stays cheap. The server's replies are read to the end and timed, but the next request is the
// recorded one: every model sees the same prompts, turn after turn.
import { isObject, type Json } from '../../src/agent/json.js';
import { SseReader } from '../../src/agent/sse.js';
import { deadline, toTargetError } from '../../src/targets/errors.js';
import { cachedTokensOf } from '../../src/targets/messages.js';
import { diffPrompts, type PrefixDiff, segmentsOf } from './prefix.js';
import { modelRequests, type RequestKind, type SessionTrace, type TraceRequest } from './trace.js';

/** Output tokens per turn: a first token and a few more for the decode rate; cheap on a slow server. */
export const MAX_TOKENS_PER_TURN = 8;

/** Headers of the recording that are the transport's business, or were redacted. */
const NOT_REPLAYED = new Set(['content-length', 'connection', 'accept-encoding', 'host', 'authorization']);

export interface TurnResult {
  /** 1-based, in the order Claude Code sent them. */
  turn: number;
  kind: RequestKind;
  /** Estimated prompt tokens sent (chars/4 of what a server renders). */
  sentTokens: number;
  /** Prompt tokens the server counted (processed + served from cache), when it said. */
  promptTokens: number | null;
  /** Of those, served from its prompt cache: reported by the server (`usage`), else null until estimated. */
  cachedTokens: number | null;
  outputTokens: number | null;
  ttftMs: number | null;
  /**
   * Characters the first content delta carried: Ollama streams a tool call whole, after decoding all
   * of it, so its TTFT holds that decode too (the cache estimate takes it out).
   */
  firstDeltaChars: number;
  /**
   * No content came before the end (Ollama drops a tool call that `max_tokens` cut): `ttftMs` is then
   * the time to the end of the reply, everything it generated included.
   */
  ttftAtEnd: boolean;
  totalMs: number;
  /** Against the previous request (null for the first). */
  prefix: PrefixDiff | null;
  error: string | null;
}

/** The request as it goes out: the recorded body with the model swapped and generation capped. */
export function replayBody(request: TraceRequest, model: string, maxTokens = MAX_TOKENS_PER_TURN): Json {
  const recorded = typeof request.body.max_tokens === 'number' ? request.body.max_tokens : maxTokens;
  return { ...request.body, model, max_tokens: Math.min(recorded, maxTokens), stream: true };
}

/** The recorded headers, less transport and redacted ones, with Claude Code's token for local servers. */
export function replayHeaders(request: TraceRequest, authToken = 'ollama'): Record<string, string> {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => !NOT_REPLAYED.has(name.toLowerCase())),
  );
  return { ...headers, 'content-type': 'application/json', authorization: `Bearer ${authToken}` };
}

const sentTokensOf = (body: Json): number =>
  Math.ceil(segmentsOf(body).reduce((sum, segment) => sum + segment.text.length, 0) / 4);

interface StreamFold {
  ttftMs: number | null;
  firstDeltaChars: number;
  input: number | null;
  cached: number | null;
  output: number | null;
  error: string | null;
  stopped: boolean;
}

function fold(state: StreamFold, event: unknown, elapsed: number): void {
  if (!isObject(event)) return;
  if (event.type === 'message_start' && isObject(event.message) && isObject(event.message.usage)) {
    const usage = event.message.usage;
    state.cached = cachedTokensOf(usage) ?? state.cached;
    if (typeof usage.input_tokens === 'number') state.input = usage.input_tokens;
  } else if (event.type === 'content_block_delta') {
    if (state.ttftMs === null) {
      state.ttftMs = elapsed;
      const delta = isObject(event.delta) ? event.delta : {};
      const text = delta.text ?? delta.partial_json ?? delta.thinking;
      state.firstDeltaChars = typeof text === 'string' ? text.length : 0;
    }
  } else if (event.type === 'message_delta' && isObject(event.usage)) {
    // Ollama's message_start has only its chars/4 estimate; the count it evaluated comes here.
    if (typeof event.usage.input_tokens === 'number') state.input = event.usage.input_tokens;
    state.cached = cachedTokensOf(event.usage) ?? state.cached;
    if (typeof event.usage.output_tokens === 'number') state.output = event.usage.output_tokens;
  } else if (event.type === 'message_stop') {
    state.stopped = true;
  } else if (event.type === 'error') {
    const error = isObject(event.error) ? event.error : {};
    state.error = `stream error: ${String(error.message ?? 'error')}`;
  }
}

export interface ReplayOptions {
  host: string;
  model: string;
  timeoutMs: number;
  maxTokens?: number;
  authToken?: string;
  signal?: AbortSignal;
  /** Called after each turn (progress lines). */
  onTurn?: (turn: TurnResult, of: number) => void;
  /** Called with each reply as it came over the wire (recording real servers' exchanges as fixtures). */
  onReply?: (reply: RawReply) => void;
}

export interface RawReply {
  /** The trace request it answers (null for the cache-clearing request). */
  index: number | null;
  status: number;
  headers: Record<string, string>;
  body: string;
}

async function sendTurn(request: TraceRequest, options: ReplayOptions): Promise<Omit<TurnResult, 'turn' | 'prefix'>> {
  const body = replayBody(request, options.model, options.maxTokens);
  const sentTokens = sentTokensOf(body);
  const what = `POST ${request.path} (session turn) ${options.model}`;
  const signal = deadline(options.timeoutMs, options.signal);
  const started = performance.now();
  const state: StreamFold = {
    ttftMs: null,
    firstDeltaChars: 0,
    input: null,
    cached: null,
    output: null,
    error: null,
    stopped: false,
  };
  const result = (error: string | null) => {
    const totalMs = Math.round(performance.now() - started);
    const atEnd = error === null && state.ttftMs === null && state.stopped;
    return {
      kind: request.kind,
      sentTokens,
      promptTokens: state.input === null ? null : state.input + (state.cached ?? 0),
      cachedTokens: state.cached,
      outputTokens: state.output,
      ttftMs: state.ttftMs !== null ? Math.round(state.ttftMs) : atEnd ? totalMs : null,
      firstDeltaChars: state.firstDeltaChars,
      ttftAtEnd: atEnd,
      totalMs,
      error,
    };
  };
  try {
    const response = await fetch(new URL(request.path, options.host.replace(/\/+$/, '') + '/'), {
      method: 'POST',
      headers: replayHeaders(request, options.authToken),
      body: JSON.stringify(body),
      signal,
    });
    if (!response.ok || !response.body) {
      const text = await response.text();
      options.onReply?.({
        index: request.index,
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: text,
      });
      return result(`${what}: HTTP ${response.status}: ${text.slice(0, 300)}`);
    }
    const reader = new SseReader();
    const decoder = new TextDecoder();
    let raw = '';
    for await (const chunk of response.body) {
      if (options.onReply) raw += decoder.decode(chunk as Uint8Array, { stream: true });
      for (const event of reader.push(chunk as Uint8Array)) fold(state, event, performance.now() - started);
    }
    options.onReply?.({
      index: request.index,
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: raw,
    });
    if (signal.aborted) throw signal.reason;
    if (state.error) return result(`${what}: ${state.error}`);
    if (!state.stopped) return result(`${what}: the stream ended without message_stop`);
    return result(null);
  } catch (error) {
    return result(toTargetError(error, what, signal).message);
  }
}

/**
 * A tiny request before a replay, so its first turn is cold as a new session's would be on a
 * single-slot server (Ollama; llama-server -np 1): the slot's cache then holds this instead.
 */
export async function clearPromptCache(options: ReplayOptions): Promise<void> {
  const signal = deadline(options.timeoutMs, options.signal);
  try {
    const response = await fetch(new URL('v1/messages', options.host.replace(/\/+$/, '') + '/'), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
        authorization: 'Bearer ollama',
      },
      body: JSON.stringify({
        model: options.model,
        max_tokens: 1,
        messages: [{ role: 'user', content: 'Reply with OK.' }],
      }),
      signal,
    });
    const body = await response.text();
    options.onReply?.({ index: null, status: response.status, headers: Object.fromEntries(response.headers), body });
  } catch {
    // the replay's own first turn reports what is wrong with the server
  }
}

/** Sends every model request of the trace in order; stops early only when the run is stopped. */
export async function replayTrace(trace: SessionTrace, options: ReplayOptions): Promise<TurnResult[]> {
  const requests = modelRequests(trace);
  await clearPromptCache(options);
  const turns: TurnResult[] = [];
  let previous: TraceRequest | null = null;
  for (const request of requests) {
    if (options.signal?.aborted) break;
    const outcome = await sendTurn(request, options);
    const turn: TurnResult = {
      ...outcome,
      turn: turns.length + 1,
      prefix: previous ? diffPrompts(previous.body, request.body) : null,
    };
    turns.push(turn);
    options.onTurn?.(turn, requests.length);
    previous = request;
  }
  return turns;
}
