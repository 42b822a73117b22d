// One error shape for every target, so suites record a reason instead of crashing the run.

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

const CONNECT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Turns whatever a client library threw into a TargetError with a readable message. */
export function toTargetError(error: unknown, what: string): TargetError {
  if (error instanceof TargetError) return error;
  const err = error as { name?: string; message?: string; status?: number; status_code?: number; error?: unknown };
  const message = err?.message ?? String(error);
  if (err?.name === 'TimeoutError' || /timed? ?out/i.test(message)) return new TargetError('timeout', `${what}: timed out`);
  if (err?.name === 'AbortError' || /aborted/i.test(message)) return new TargetError('aborted', `${what}: aborted`);
  const status = typeof err?.status === 'number' ? err.status : typeof err?.status_code === 'number' ? err.status_code : null;
  if (status !== null) return new TargetError('http', `${what}: HTTP ${status}: ${serverMessage(error) ?? message}`, status);
  const code = causeCode(error);
  if (code && CONNECT_CODES.has(code)) return new TargetError('unreachable', `${what}: ${code}`);
  if (/fetch failed|ECONNREFUSED|socket hang up|other side closed/i.test(message)) return new TargetError('unreachable', `${what}: ${message}`);
  return new TargetError('protocol', `${what}: ${message}`);
}

/** The message inside an Ollama (`{"error": "..."}`) or Anthropic (`{"error":{"message":...}}`) error body. */
export function serverMessage(error: unknown): string | undefined {
  const body = (error as { error?: unknown })?.error;
  if (typeof body === 'string') return body;
  if (body && typeof body === 'object') {
    const inner = (body as { error?: { message?: unknown }; message?: unknown });
    if (typeof inner.error?.message === 'string') return inner.error.message;
    if (typeof inner.message === 'string') return inner.message;
  }
  return undefined;
}

/** Aborts after `timeoutMs` or when `outer` aborts, whichever comes first. */
export function deadline(timeoutMs: number, outer?: AbortSignal): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  return outer ? AbortSignal.any([timeout, outer]) : timeout;
}
