import { describe, expect, it } from 'vitest';
import { TargetError } from '../../src/targets/errors.js';
import { withRetry } from '../../src/targets/retry.js';

describe('withRetry', () => {
  it('retries connect errors and 503 with growing delays, then succeeds', async () => {
    const failures = [new TargetError('unreachable', 'ECONNREFUSED'), new TargetError('http', 'loading', 503)];
    const delays: number[] = [];
    const value = await withRetry(
      async () => {
        const next = failures.shift();
        if (next) throw next;
        return 'ok';
      },
      { baseDelayMs: 1, onRetry: (_e, _a, delay) => delays.push(delay) },
    );
    expect(value).toBe('ok');
    expect(delays).toEqual([1, 2]);
  });
  it('does not retry a 500 or a timeout: those outcomes are measurements', async () => {
    for (const error of [new TargetError('http', 'boom', 500), new TargetError('timeout', 'slow')]) {
      let calls = 0;
      await expect(
        withRetry(
          async () => {
            calls++;
            throw error;
          },
          { baseDelayMs: 1 },
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });
  it('gives up after the last attempt', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new TargetError('unreachable', 'down');
        },
        { attempts: 3, baseDelayMs: 1 },
      ),
    ).rejects.toThrow('down');
    expect(calls).toBe(3);
  });
});
