// A session trace: every request one real Claude Code session sent, in order, as the recording
// proxy saw it (redacted), with a summary of what the server answered. JSON Lines: a header line,
// then one line per request. The session suite replays these; record.ts makes them.
import { readFile, writeFile } from 'node:fs/promises';
import { isObject, type Json } from '../../src/agent/json.js';

export const TRACE_SCHEMA = 'claude-code-bench/session-trace@1';

/** Which environment Claude Code ran with: its default, or with the cache-saving settings. */
export type TraceVariant = 'default' | 'cache_settings';
export const TRACE_VARIANTS: readonly TraceVariant[] = ['default', 'cache_settings'];

/** `main`: a turn of the conversation; `side`: any other request Claude Code made in between. */
export type RequestKind = 'main' | 'side';

export interface TraceHeader {
  schema: typeof TRACE_SCHEMA;
  variant: TraceVariant;
  claudeCodeVersion: string;
  /** The environment Claude Code ran with on top of the image's (bench's own plumbing left out). */
  env: Record<string, string>;
  /** The model name Claude Code was given (replays swap it for the model under test). */
  model: string;
  prompt: string;
  recordedAt: string;
  /** How it was recorded, in a sentence (the server, the context). */
  recordedAgainst: string;
}

export interface TraceRequest {
  index: number;
  kind: RequestKind;
  method: string;
  /** As Claude Code sent it, e.g. `/v1/messages?beta=true`. */
  path: string;
  /** Request headers, redacted (no authorization, session id or host). */
  headers: Record<string, string>;
  body: Json;
  /** What the recording's server answered (the replay sends the recorded history, whatever a model answers). */
  reply: { status: number | null; stopReason: string | null; toolCalls: string[] };
}

export interface SessionTrace {
  header: TraceHeader;
  requests: TraceRequest[];
}

export function serializeTrace(trace: SessionTrace): string {
  return [trace.header, ...trace.requests].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

/** Parses a trace; throws naming the file and what is wrong with it. */
export function parseTrace(text: string, source = 'trace'): SessionTrace {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const parsed = lines.map((line, number) => {
    try {
      return JSON.parse(line) as unknown;
    } catch (error) {
      throw new Error(`${source}: line ${number + 1} is not JSON (${(error as Error).message})`);
    }
  });
  const [header, ...requests] = parsed;
  if (!isObject(header) || header.schema !== TRACE_SCHEMA)
    throw new Error(`${source}: not a session trace (first line must have schema ${TRACE_SCHEMA})`);
  if (!TRACE_VARIANTS.includes(header.variant as TraceVariant))
    throw new Error(`${source}: unknown variant ${JSON.stringify(header.variant)}`);
  requests.forEach((request, number) => {
    if (!isObject(request) || !isObject(request.body) || typeof request.path !== 'string')
      throw new Error(`${source}: line ${number + 2} is not a request (needs path and a JSON body)`);
  });
  return { header: header as unknown as TraceHeader, requests: requests as unknown as TraceRequest[] };
}

export async function loadTrace(file: string): Promise<SessionTrace> {
  return parseTrace(await readFile(file, 'utf8'), file);
}

export async function saveTrace(file: string, trace: SessionTrace): Promise<void> {
  await writeFile(file, serializeTrace(trace));
}

/** The requests a replay sends: the model requests (not count_tokens), in order. */
export const modelRequests = (trace: SessionTrace): TraceRequest[] =>
  trace.requests.filter((request) => request.method === 'POST' && /^\/v1\/messages(\?|$)/.test(request.path));
