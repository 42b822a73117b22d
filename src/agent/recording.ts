// A recording is the proxy's log of one Claude Code session, with the (redacted) requests and
// replies, saved next to the run's results so the session can be read or replayed later.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { redactDeep, redactHeaders, redactText } from '../shared/redact.js';
import type { ExchangeLog } from './exchange.js';
import type { Finding } from './findings.js';
import { isObject } from './json.js';

export interface RecordedExchange {
  log: ExchangeLog;
  request: { method: string; path: string; headers: Record<string, string>; body: unknown };
  /** The reply as it passed through: SSE text for streams, JSON text otherwise. */
  response: { status: number | null; headers: Record<string, string>; body: string } | null;
}

export interface Recording {
  schema: 'claude-code-bench/recording@1';
  model: string;
  task: string;
  claudeCodeVersion: string | null;
  createdAt: string;
  /** Context the server ran the model at, when known. */
  serverContextTokens: number | null;
  findings: Finding[];
  exchanges: RecordedExchange[];
}

/** Headers that identify the user or the session, on top of the secret-looking ones. */
const IDENTIFYING_HEADERS = new Set(['x-claude-code-session-id', 'host']);

export function redactRequestHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const kept = Object.fromEntries(
    Object.entries(headers).filter(([name]) => !IDENTIFYING_HEADERS.has(name.toLowerCase())),
  );
  return redactHeaders(kept);
}

/** Body with secrets masked and `metadata` (Claude Code puts device and session ids there) dropped. */
export function redactRequestBody(body: unknown): unknown {
  if (!isObject(body)) return redactDeep(body);
  const { metadata, ...rest } = body;
  return { ...redactDeep(rest), ...(metadata === undefined ? {} : { metadata: { user_id: '[redacted]' } }) };
}

/** Fields of streamed deltas that carry model text; a secret may be split across several of them. */
const DELTA_TEXT_FIELD: Record<string, string> = {
  text_delta: 'text',
  input_json_delta: 'partial_json',
  thinking_delta: 'thinking',
};

/**
 * A reply body with secrets masked, also when the model echoed one: JSON bodies value by value; SSE
 * bodies block by block, joining each block's deltas first so a key split across deltas is still
 * found (a block whose joined text changed is written back as one delta).
 */
export function redactReplyBody(body: string, contentType: string): string {
  if (contentType.includes('text/event-stream')) return redactText(redactSseDeltas(body));
  try {
    return JSON.stringify(redactDeep(JSON.parse(body)));
  } catch {
    return redactText(body);
  }
}

function redactSseDeltas(body: string): string {
  const events = body.split(/\n\n/);
  const parsed = events.map((event) => {
    const data = event.split('\n').find((line) => line.startsWith('data:'));
    try {
      return data
        ? (JSON.parse(data.slice(5)) as { type?: string; index?: number; delta?: Record<string, unknown> })
        : null;
    } catch {
      return null;
    }
  });
  const joined = new Map<string, { field: string; text: string; first: number }>();
  parsed.forEach((event, position) => {
    const field =
      event?.type === 'content_block_delta' && event.delta ? DELTA_TEXT_FIELD[String(event.delta.type)] : undefined;
    if (!field || typeof event?.delta?.[field] !== 'string') return;
    const key = `${event.index}:${field}`;
    const entry = joined.get(key) ?? { field, text: '', first: position };
    entry.text += event.delta[field] as string;
    joined.set(key, entry);
  });
  const drop = new Set<number>();
  const replace = new Map<number, string>();
  for (const [key, entry] of joined) {
    const clean = redactText(entry.text);
    if (clean === entry.text) continue;
    parsed.forEach((event, position) => {
      if (event?.type === 'content_block_delta' && `${event.index}:${entry.field}` === key && position !== entry.first)
        drop.add(position);
    });
    const first = parsed[entry.first]!;
    replace.set(
      entry.first,
      `event: content_block_delta\ndata: ${JSON.stringify({ ...first, delta: { ...first.delta, [entry.field]: clean } })}`,
    );
  }
  return events.flatMap((event, position) => (drop.has(position) ? [] : [replace.get(position) ?? event])).join('\n\n');
}

/** `<outDir>/recordings/<model>/<task>.json`, with the model name made safe for a path. */
export function recordingPath(outDir: string, model: string, task: string): string {
  const safe = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_');
  return path.join(outDir, 'recordings', safe(model), `${safe(task)}.json`);
}

export async function saveRecording(file: string, recording: Recording): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(recording, null, 2)}\n`);
}

export async function loadRecording(file: string): Promise<Recording> {
  const data: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isObject(data) || data.schema !== 'claude-code-bench/recording@1' || !Array.isArray(data.exchanges)) {
    throw new Error(`${file} is not a claude-code-bench recording`);
  }
  return data as unknown as Recording;
}
