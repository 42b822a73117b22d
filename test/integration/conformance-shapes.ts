// Shapes of recorded and simulated HTTP exchanges, for the conformance tests: a recording of a real
// server is replayed against the simulator and the two answers compared by shape, never by value
// (status, media type, the SSE event sequence, and every JSON field path with its type).
import { readdirSync, readFileSync } from 'node:fs';

export interface Recording {
  name: string;
  /** Replay order (requests that depend on earlier ones, such as the prompt cache, come after them). */
  order: number;
  request: { method: string; path: string; headers: Record<string, string>; body: unknown };
  response: { status: number; headers: Record<string, string>; body: string };
  /** Why the recorded body is shortened, when it is. */
  note?: string;
}

export function loadRecordings(dir: URL): Recording[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return names
    .map((name) => JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Recording)
    .sort((a, b) => a.order - b.order);
}

export const mediaType = (contentType: string | null | undefined): string =>
  (contentType ?? '').split(';')[0].trim().toLowerCase();

/** `path → types` of every value in a JSON document; array elements share the path `…[]`. */
export function jsonShape(
  value: unknown,
  path = '$',
  shape = new Map<string, Set<string>>(),
): Map<string, Set<string>> {
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  if (!shape.has(path)) shape.set(path, new Set());
  shape.get(path)!.add(type);
  if (Array.isArray(value)) for (const item of value) jsonShape(item, `${path}[]`, shape);
  else if (type === 'object')
    for (const [key, item] of Object.entries(value as Record<string, unknown>))
      jsonShape(item, `${path}.${key}`, shape);
  return shape;
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/** Server-sent events: `event:` (or `data` when there is none) and the parsed `data:` (a string if not JSON). */
export function parseSse(text: string): SseEvent[] {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim() && !block.startsWith(':'))
    .map((block) => {
      const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'data';
      const raw = /^data: ?(.*)$/m.exec(block)?.[1] ?? '';
      try {
        return { event, data: JSON.parse(raw) };
      } catch {
        return { event, data: raw };
      }
    });
}

/** The kind of an event for sequence comparisons: its name, with a content block's type where it has one. */
export function eventKind(event: SseEvent): string {
  const data = event.data as Record<string, any> | null;
  if (event.event === 'content_block_start') return `content_block_start:${data?.content_block?.type}`;
  if (event.event === 'content_block_delta') return `content_block_delta:${data?.delta?.type}`;
  if (event.event === 'data' && typeof data === 'string') return `data:${data}`;
  return event.event;
}

/** Repeats collapsed (`a a` → `a`, `a b a b` → `a b`): which kinds come in which order, not how many. */
export function collapse(kinds: readonly string[]): string[] {
  const out = kinds.filter((kind, index) => kind !== kinds[index - 1]);
  for (let i = 0; i + 3 < out.length; ) {
    if (out[i] === out[i + 2] && out[i + 1] === out[i + 3]) out.splice(i + 2, 2);
    else i++;
  }
  return out;
}

/** Per event name, the union of the shapes of its data. */
export function sseShape(events: readonly SseEvent[]): Map<string, Set<string>> {
  const shape = new Map<string, Set<string>>();
  for (const event of events) jsonShape(event.data, `${event.event}`, shape);
  return shape;
}

export interface ShapeDiff {
  onlyRecorded: string[];
  onlySimulated: string[];
}

const flatten = (shape: Map<string, Set<string>>): Set<string> =>
  new Set([...shape].flatMap(([path, types]) => [...types].map((type) => `${path}:${type}`)));

/** Field paths (with types) one side has and the other does not; paths matching `ignore` are left out. */
export function diffShapes(
  recorded: Map<string, Set<string>>,
  simulated: Map<string, Set<string>>,
  ignore: readonly RegExp[] = [],
): ShapeDiff {
  const keep = (entry: string): boolean => !ignore.some((pattern) => pattern.test(entry));
  const a = flatten(recorded);
  const b = flatten(simulated);
  return {
    onlyRecorded: [...a].filter((x) => !b.has(x) && keep(x)).sort(),
    onlySimulated: [...b].filter((x) => !a.has(x) && keep(x)).sort(),
  };
}

/** Shapes of NDJSON lines (Ollama's native streams), all lines under one root. */
export function ndjsonShape(text: string): Map<string, Set<string>> {
  const shape = new Map<string, Set<string>>();
  for (const line of text.split('\n').filter((l) => l.trim())) jsonShape(JSON.parse(line), '$', shape);
  return shape;
}

export interface Answer {
  status: number;
  contentType: string;
  body: string;
}

export interface CompareOptions {
  /** `path:type` entries (see jsonShape) that may differ, because a real model's output or files decide them. */
  ignore?: readonly RegExp[];
  /** Skip the SSE event sequence (the model's output decides it). */
  anySequence?: boolean;
  /** Event kinds (see eventKind) left out of both sequences: blocks only a real model's output has. */
  dropKinds?: RegExp;
  /** Rewrites each body's shape before comparing (e.g. an architecture-named key to a fixed name). */
  normalize?: (shape: Map<string, Set<string>>, body: unknown) => Map<string, Set<string>>;
}

const parseJson = (text: string): unknown => (text.trim() ? JSON.parse(text) : undefined);

/** What differs between a recorded answer and the simulator's, by shape; empty when they conform. */
export function compareAnswers(recording: Recording, answer: Answer, options: CompareOptions = {}): string[] {
  const problems: string[] = [];
  if (answer.status !== recording.response.status)
    problems.push(`status ${answer.status}, recorded ${recording.response.status}`);
  const type = mediaType(recording.response.headers['content-type']);
  if (mediaType(answer.contentType) !== type)
    problems.push(`content-type ${mediaType(answer.contentType)}, recorded ${type}`);
  if (problems.length > 0) return problems;
  const ignore = options.ignore ?? [];
  const report = (what: string, diff: ShapeDiff): void => {
    if (diff.onlyRecorded.length > 0) problems.push(`${what}: missing ${diff.onlyRecorded.join(', ')}`);
    if (diff.onlySimulated.length > 0) problems.push(`${what}: extra ${diff.onlySimulated.join(', ')}`);
  };
  const recordedBody = recording.response.body;
  if (recording.request.method === 'HEAD' || (!recordedBody.trim() && !answer.body.trim())) return problems;
  if (type === 'text/event-stream') {
    const recorded = parseSse(recordedBody);
    const simulated = parseSse(answer.body);
    const kinds = (events: SseEvent[]): string[] =>
      collapse(events.map(eventKind).filter((kind) => !options.dropKinds?.test(kind)));
    const [a, b] = [kinds(recorded), kinds(simulated)];
    if (!options.anySequence && JSON.stringify(a) !== JSON.stringify(b))
      problems.push(`SSE sequence ${b.join(' ')}, recorded ${a.join(' ')}`);
    report('SSE data', diffShapes(sseShape(recorded), sseShape(simulated), ignore));
  } else if (type === 'application/x-ndjson') {
    report('NDJSON', diffShapes(ndjsonShape(recordedBody), ndjsonShape(answer.body), ignore));
  } else if (type === 'application/json') {
    const normalize = options.normalize ?? ((shape) => shape);
    const [recorded, simulated] = [parseJson(recordedBody), parseJson(answer.body)];
    report(
      'JSON',
      diffShapes(normalize(jsonShape(recorded), recorded), normalize(jsonShape(simulated), simulated), ignore),
    );
  } else if (type === 'text/plain' && recording.request.path !== '/metrics' && answer.body !== recordedBody) {
    problems.push(
      `text ${JSON.stringify(answer.body.slice(0, 80))}, recorded ${JSON.stringify(recordedBody.slice(0, 80))}`,
    );
  }
  return problems;
}

/** The request as the simulator gets it: same method, path and body (secret headers were redacted on record). */
export async function replay(
  base: string,
  recording: Recording,
  rewrite: (request: Recording['request']) => Recording['request'] = (r) => r,
): Promise<Answer> {
  const { method, path, headers, body } = rewrite(recording.request);
  const sent = Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== '[redacted]'));
  const response = await fetch(`${base}${path}`, {
    method,
    headers: sent,
    body: body === null || body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: await response.text(),
  };
}
