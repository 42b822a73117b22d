// Sends a recording's requests again (to the simulator, or another server) and compares the shape
// of each reply with the recorded one: status class, streamed or not, event types, tool calls.
import { emptyFold, foldStreamEvent } from '../shared/anthropic-stream.js';
import { jsonReplySummary, streamSummary } from './exchange.js';
import { isObject } from './json.js';
import type { RecordedExchange, Recording } from './recording.js';
import { parseSse } from './sse.js';

export interface ReplyShape {
  ok: boolean;
  streamed: boolean;
  /** Distinct event types of a stream, in first-seen order (empty for JSON replies). */
  eventTypes: string[];
  toolCalls: string[];
  stopReason: string | null;
}

export interface ReplayedExchange {
  index: number;
  recorded: ReplyShape;
  replayed: ReplyShape;
  differences: string[];
}

export interface ReplayResult {
  replayed: ReplayedExchange[];
  /** Exchanges without a kept body (beyond the proxy's limit) are not sent. */
  skipped: number;
  same: boolean;
}

/** A reply's shape, read with the same fold the proxy logs exchanges with. */
function shapeOf(status: number | null, contentType: string, body: string): ReplyShape {
  const ok = status !== null && status < 400;
  const streamed = contentType.includes('text/event-stream');
  if (streamed) {
    const events = parseSse(body).filter(isObject);
    const fold = emptyFold();
    for (const event of events) foldStreamEvent(fold, event);
    const summary = streamSummary(fold);
    const eventTypes = [...new Set(events.map((event) => String(event.type)))];
    return { ok, streamed, eventTypes, toolCalls: summary.toolCalls, stopReason: summary.stopReason };
  }
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(body);
  } catch {
    // not JSON: only status counts
  }
  const { toolCalls, stopReason } = jsonReplySummary(parsed, status ?? 0);
  return { ok, streamed, eventTypes: [], toolCalls, stopReason };
}

export function compareShapes(recorded: ReplyShape, replayed: ReplyShape): string[] {
  const differences: string[] = [];
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  for (const key of ['ok', 'streamed', 'eventTypes', 'toolCalls', 'stopReason'] as const) {
    if (!same(recorded[key], replayed[key]))
      differences.push(`${key}: recorded ${JSON.stringify(recorded[key])}, replayed ${JSON.stringify(replayed[key])}`);
  }
  return differences;
}

async function replayOne(exchange: RecordedExchange, host: string, signal?: AbortSignal): Promise<ReplyShape> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'anthropic-version': exchange.request.headers['anthropic-version'] ?? '2023-06-01',
  };
  const response = await fetch(new URL(exchange.request.path, host), {
    method: exchange.request.method,
    headers,
    body: exchange.request.method === 'GET' ? undefined : JSON.stringify(exchange.request.body),
    signal,
  });
  return shapeOf(response.status, response.headers.get('content-type') ?? '', await response.text());
}

/** Replays every exchange whose request body was kept, one after another, as Claude Code sent them. */
export async function replayRecording(recording: Recording, host: string, signal?: AbortSignal): Promise<ReplayResult> {
  const replayed: ReplayedExchange[] = [];
  let skipped = 0;
  for (const exchange of recording.exchanges) {
    if (exchange.request.body === null || exchange.response === null) {
      skipped++;
      continue;
    }
    const response = exchange.response;
    const recorded = shapeOf(response.status, response.headers['content-type'] ?? '', response.body);
    const now = await replayOne(exchange, host, signal);
    replayed.push({ index: exchange.log.index, recorded, replayed: now, differences: compareShapes(recorded, now) });
  }
  return { replayed, skipped, same: replayed.every((entry) => entry.differences.length === 0) };
}
