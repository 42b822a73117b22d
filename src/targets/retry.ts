// Retries with exponential backoff, only where a retry is sound: requests whose answer is not the
// measurement (metadata, loading) and failures that may pass (connect errors, 503 while loading).
import { TargetError } from './errors.js';

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  signal?: AbortSignal;
  onRetry?: (error: TargetError, attempt: number, delayMs: number) => void;
}

export async function withRetry<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  const base = options.baseDelayMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const retryable = error instanceof TargetError && error.retryable;
      if (!retryable || attempt >= attempts || options.signal?.aborted) throw error;
      const delayMs = base * 2 ** (attempt - 1);
      options.onRetry?.(error, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
