// What the recording proxy logs about one request and its reply: plain data, computed by pure
// functions so that a live proxy, a saved recording and a replay are read the same way.
import { promptTokensOf, type StreamFold } from '../shared/anthropic-stream.js';
import { asArray, isObject, type Json } from './json.js';

export interface ExchangeLog {
  index: number;
  method: string;
  path: string;
  startedAt: string;
  model: string | null;
  stream: boolean;
  requestChars: number;
  /** chars/4 of system + messages + tools: what the server must fit, before any truncation. */
  estimatedTokens: number;
  /** `usage.input_tokens` the server counted (message_delta or the JSON reply; message_start's is only Ollama's chars/4 estimate), if any. */
  inputTokens: number | null;
  toolsOffered: string[];
  toolCalls: string[];
  stopReason: string | null;
  status: number | null;
  error: string | null;
  /** Request fields Ollama's Messages endpoint does not act on (see ignoredFields). */
  ignoredFields: string[];
  firstByteMs: number | null;
  totalMs: number | null;
}

/** Start of the error of an exchange the proxy refused to forward (findings tell these from server errors). */
export const REFUSED_ERROR = 'refused by the proxy';

export const estimateTokens = (chars: number): number => Math.ceil(chars / 4);

/** The characters a server renders into the prompt: system text, messages and tool schemas. */
export function promptChars(body: Json): number {
  const system = typeof body.system === 'string' ? body.system.length : JSON.stringify(body.system ?? '').length;
  return system + JSON.stringify(body.messages ?? []).length + (body.tools ? JSON.stringify(body.tools).length : 0);
}

/**
 * Fields and headers Claude Code sends that Ollama's /v1/messages (anthropic/anthropic.go) parses
 * without effect: only `thinking.type` enabled/disabled and `output_config.effort` change anything.
 */
export function ignoredFields(body: Json, headers: Record<string, string>): string[] {
  const fields: string[] = [];
  const thinkingType = isObject(body.thinking) ? body.thinking.type : undefined;
  if (thinkingType !== undefined && thinkingType !== 'enabled' && thinkingType !== 'disabled')
    fields.push(`thinking.type=${String(thinkingType)}`);
  if (body.context_management !== undefined) fields.push('context_management');
  if (asArray(body.tools).some((tool) => isObject(tool) && tool.defer_loading === true))
    fields.push('tools[].defer_loading');
  if (headers['anthropic-beta']) fields.push('anthropic-beta');
  return fields;
}

export function requestSummary(
  body: unknown,
  headers: Record<string, string>,
): Pick<ExchangeLog, 'model' | 'stream' | 'estimatedTokens' | 'toolsOffered' | 'ignoredFields'> {
  if (!isObject(body)) return { model: null, stream: false, estimatedTokens: 0, toolsOffered: [], ignoredFields: [] };
  return {
    model: typeof body.model === 'string' ? body.model : null,
    stream: body.stream === true,
    estimatedTokens: estimateTokens(promptChars(body)),
    toolsOffered: asArray(body.tools)
      .map((tool) => (isObject(tool) ? String(tool.name ?? '') : ''))
      .filter(Boolean),
    ignoredFields: ignoredFields(body, headers),
  };
}

export type ReplySummary = Pick<ExchangeLog, 'inputTokens' | 'toolCalls' | 'stopReason' | 'error'>;

export const emptyReply = (): ReplySummary => ({ inputTokens: null, toolCalls: [], stopReason: null, error: null });

/** input_tokens plus any cache_read_input_tokens (llama-server counts only the uncached part in input_tokens). */
const usageTokens = (usage: unknown): number | null => (isObject(usage) ? promptTokensOf(usage) : null);

/** The summary of a streamed reply, read from the one fold of Messages events (src/shared/anthropic-stream.ts). */
export function streamSummary(fold: StreamFold): ReplySummary {
  return {
    inputTokens: fold.inputTokens,
    toolCalls: fold.blocks.flatMap((block) => (block?.type === 'tool_use' ? [block.name] : [])),
    stopReason: fold.stopReason,
    error: fold.error,
  };
}

function errorMessage(body: Json): string | null {
  if (isObject(body.error) && typeof body.error.message === 'string') return body.error.message;
  if (typeof body.error === 'string') return body.error;
  return null;
}

/** Summary of a whole (non-streamed or error) JSON reply. */
export function jsonReplySummary(body: unknown, status: number): ReplySummary {
  const summary = emptyReply();
  if (!isObject(body)) {
    if (status >= 400) summary.error = `HTTP ${status}`;
    return summary;
  }
  if (status >= 400 || body.type === 'error') {
    summary.error = `HTTP ${status}: ${errorMessage(body) ?? 'error'}`;
    return summary;
  }
  summary.inputTokens = usageTokens(body.usage);
  summary.toolCalls = asArray(body.content)
    .filter((block) => isObject(block) && block.type === 'tool_use')
    .map((block) => String((block as Json).name ?? ''));
  summary.stopReason = typeof body.stop_reason === 'string' ? body.stop_reason : null;
  return summary;
}

/** Tokens of a request: what the server reported, else the chars/4 estimate. */
export const requestTokens = (log: Pick<ExchangeLog, 'inputTokens' | 'estimatedTokens'>): number =>
  log.inputTokens ?? log.estimatedTokens;
