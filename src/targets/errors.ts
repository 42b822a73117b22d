// One error shape for every target, so suites record a reason instead of crashing the run.
// Reasons name what happened on the wire ("connection reset …", "timed out after 5 s …", "the
// reply ended before its JSON was complete …"), not the client library's internals.
import { errorMessage } from '../shared/errors.js';

export type TargetErrorKind = 'unreachable' | 'timeout' | 'aborted' | 'http' | 'protocol';

export class TargetError extends Error {
  constructor(
    readonly kind: TargetErrorKind,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'TargetError';
  }

  /** Connect errors and 503 (model loading / overloaded) are safe to retry; nothing else is. */
  get retryable(): boolean {
    return this.kind === 'unreachable' || this.status === 503;
  }
}

/** What each socket-level code means to a user reading the report. */
const CONNECT_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (nothing listens there: is the server running?)',
  ECONNRESET: 'connection reset by the server before the reply was complete',
  UND_ERR_SOCKET: 'connection reset: the server closed the connection before the reply was complete',
  EPIPE: 'connection reset: the server closed the connection while the request was sent',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The time limit behind each `deadline()` signal, and the reason object each timeout aborted with. */
const deadlines = new WeakMap<AbortSignal, { timeout: AbortSignal; ms: number }>();
const timeoutReasons = new WeakMap<object, number>();

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

function timedOut(what: string, ms: number | undefined): TargetError {
  return new TargetError(
    'timeout',
    `${what}: timed out${ms === undefined ? '' : ` after ${seconds(ms)}`} without a complete reply`,
  );
}

/**
 * Turns whatever a client library threw into a TargetError with a readable message. `signal` is the
 * request's `deadline()` signal: some clients (the Anthropic SDK) report a timeout as a bare abort,
 * and the signal tells which it was.
 */
export function toTargetError(error: unknown, what: string, signal?: AbortSignal): TargetError {
  if (error instanceof TargetError) return error;
  const limit = signal ? deadlines.get(signal) : undefined;
  if (signal?.aborted)
    return limit?.timeout.aborted ? timedOut(what, limit.ms) : new TargetError('aborted', `${what}: aborted`);
  const err = error as { name?: string; message?: string; status?: number; status_code?: number; error?: unknown };
  const message = err?.message ?? String(error);
  if (err?.name === 'TimeoutError' || /timed? ?out/i.test(message)) {
    const ms = error && typeof error === 'object' ? timeoutReasons.get(error) : undefined;
    return timedOut(what, ms ?? limit?.ms);
  }
  if (err?.name === 'AbortError' || /aborted/i.test(message)) return new TargetError('aborted', `${what}: aborted`);
  const status =
    typeof err?.status === 'number' ? err.status : typeof err?.status_code === 'number' ? err.status_code : null;
  if (status !== null)
    return new TargetError('http', `${what}: HTTP ${status}: ${serverMessage(error) ?? message}`, status);
  const code = causeCode(error);
  if (code && CONNECT_REASONS[code])
    return new TargetError('unreachable', `${what}: ${CONNECT_REASONS[code]} (${code})`);
  if (error instanceof SyntaxError) return new TargetError('protocol', `${what}: ${invalidJsonReason(message)}`);
  if (/other side closed|socket hang up|\bterminated\b/i.test(message))
    return new TargetError('unreachable', `${what}: ${CONNECT_REASONS.UND_ERR_SOCKET} (${message})`);
  if (/fetch failed|ECONNREFUSED/i.test(message)) return new TargetError('unreachable', `${what}: ${message}`);
  return new TargetError('protocol', `${what}: ${message}`);
}

/** A JSON parser's complaint, said as what the server did: cut the reply short, or sent garbage. */
function invalidJsonReason(parserMessage: string): string {
  if (/unterminated|unexpected end/i.test(parserMessage))
    return `the reply ended before its JSON was complete: the server cut it short (${parserMessage})`;
  // Where a cut lands decides the parser's complaint, so any other complaint may be a cut too.
  return `the reply is not valid JSON: the server cut it short or sent garbage (${parserMessage})`;
}

/** The message inside an Ollama (`{"error": "..."}`) or Anthropic (`{"error":{"message":...}}`) error body. */
export function serverMessage(error: unknown): string | undefined {
  const body = (error as { error?: unknown })?.error;
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object') {
    const inner = body as { error?: { message?: unknown }; message?: unknown };
    if (typeof inner.error?.message === 'string') return inner.error.message;
    if (typeof inner.message === 'string') return inner.message;
  }
  return undefined;
}

/** Aborts after `timeoutMs` or when `outer` aborts, whichever comes first. */
export function deadline(timeoutMs: number, outer?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  // fetch rejects with the signal's reason object itself: remember it, so the error can say how long.
  timeout.addEventListener(
    'abort',
    () => {
      if (timeout.reason && typeof timeout.reason === 'object') timeoutReasons.set(timeout.reason as object, timeoutMs);
    },
    { once: true },
  );
  const signal = outer ? AbortSignal.any([timeout, outer]) : timeout;
  deadlines.set(signal, { timeout, ms: timeoutMs });
  return signal;
}

/**
 * A server's refusal of a prompt longer than its context: llama-server's (and Ollama's, for models
 * served through llama-server's template) 400 `exceed_context_size_error` "request (N tokens)
 * exceeds the available context size (C tokens), try increasing it"; Ollama's own for models
 * without context shift (the deepseek2 family) "the prompt is longer than the context length…".
 */
export function isContextExceededError(error: unknown): boolean {
  const status = (error as { status?: unknown })?.status;
  const message = errorMessage(error);
  return (
    status === 400 &&
    /longer than the context length|exceeds? (the )?(available |maximum )?context|exceed_context_size_error/i.test(
      message,
    )
  );
}

/** The numbers in llama-server's refusal: "request (7031 tokens) exceeds the available context size (4096 tokens)". */
export function contextExceededNumbers(error: unknown): { promptTokens: number; contextTokens: number } | null {
  const message = errorMessage(error);
  const match = /request \((\d+) tokens\) exceeds the available context size \((\d+) tokens\)/.exec(message);
  return match ? { promptTokens: Number(match[1]), contextTokens: Number(match[2]) } : null;
}
