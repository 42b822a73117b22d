// The session suite's figures from per-turn results: reuse, the first break, the estimates, the records.
import { describe, expect, it } from 'vitest';
import type { PrefixDiff } from '../../suites/session/prefix.js';
import type { TurnResult } from '../../suites/session/replay.js';
import {
  cacheReuse,
  estimateCached,
  firstBreak,
  minutesFor,
  reuseStatus,
  sessionFigures,
} from '../../suites/session/score.js';
import { reuseAdvice, speedupMetric, variantMetrics, type VariantRun } from '../../suites/session/metrics.js';
import type { SessionTrace } from '../../suites/session/trace.js';

const grew = (tokens: number): PrefixDiff => ({
  extends: true,
  commonChars: tokens * 4,
  commonTokens: tokens,
  previousTokens: tokens,
  changed: null,
  before: null,
  after: null,
});

/** A session of `n` turns whose prompt grows by 100 tokens a turn from 12000; `cached(turn)` what the server served. */
function session(n: number, cached: (turn: number, prompt: number) => number | null, ttft = 500): TurnResult[] {
  return Array.from({ length: n }, (_, index) => {
    const turn = index + 1;
    const prompt = 12_000 + index * 100;
    return {
      turn,
      kind: 'main',
      sentTokens: prompt,
      promptTokens: prompt,
      cachedTokens: cached(turn, prompt),
      outputTokens: 32,
      ttftMs: turn === 1 ? 4000 : ttft,
      firstDeltaChars: 4,
      ttftAtEnd: false,
      totalMs: (turn === 1 ? 4000 : ttft) + 310,
      prefix: turn === 1 ? null : grew(prompt - 100),
      error: null,
    };
  });
}

describe('session figures', () => {
  it('computes the reuse over turns 2–10 only', () => {
    const turns = session(12, (turn, prompt) => (turn === 1 ? 0 : turn <= 10 ? prompt - 100 : 0));
    const expected =
      turns.slice(1, 10).reduce((sum, t) => sum + (t.promptTokens! - 100), 0) /
      turns.slice(1, 10).reduce((sum, t) => sum + t.promptTokens!, 0);
    expect(cacheReuse(turns)).toBeCloseTo(expected, 6);
    expect(reuseStatus(0.8)).toBe('pass');
    expect(reuseStatus(0.79)).toBe('warn');
    expect(reuseStatus(0.5)).toBe('warn');
    expect(reuseStatus(0.49)).toBe('fail');
  });

  it('finds no break when the server serves what the requests share', () => {
    expect(firstBreak(session(11, (turn, prompt) => (turn === 1 ? 0 : prompt - 100)))).toBeNull();
  });

  it('finds the server-side break: the prompt grew but the cache served little', () => {
    const found = firstBreak(session(11, (turn, prompt) => (turn === 1 ? 0 : turn >= 4 ? 10 : prompt - 100)));
    expect(found).toMatchObject({ turn: 4, side: 'server', servedTokens: 10 });
    expect(found!.reason).toContain('served 10 of the');
  });

  it('finds the prompt-side break first, with the block that changed', () => {
    const turns = session(11, () => 0);
    turns[2] = {
      ...turns[2],
      prefix: {
        ...grew(20),
        extends: false,
        changed: 'system[0]',
        before: 'cc_version=2.1.332.fa9',
        after: 'cc_version=2.1.332.c86',
      },
    };
    const found = firstBreak(turns);
    expect(found).toMatchObject({ turn: 2, side: 'server' }); // turn 2 already served nothing
    const served = session(11, (turn, prompt) => (turn === 1 ? 0 : prompt - 100));
    served[4] = { ...served[4], prefix: turns[2].prefix };
    expect(firstBreak(served)).toMatchObject({ turn: 5, side: 'prompt', sharedTokens: 20 });
    expect(firstBreak(served)!.reason).toContain('system[0] changed at token ~20');
  });

  it('estimates cached tokens from prefill time at the cold rate when the server reports none', () => {
    const turns = session(3, () => null);
    // Cold: 12000 tokens in 4 s = 3000 tokens/s; turn 2 took 0.5 s: 1500 processed, the rest cached.
    const estimated = estimateCached(turns, 3000, null);
    expect(estimated[1].cachedTokens).toBe(12_100 - 1500);
    const figures = sessionFigures(turns);
    expect(figures.cacheSource).toBe('estimate');
    expect(figures.turns[0].cachedTokens).toBe(0);
    expect(figures.turns[1].cachedTokens).toBeGreaterThan(10_000);
  });

  it('takes a tool call sent whole out of the prefill time', () => {
    const turns = session(2, () => null).map((t) => ({ ...t, firstDeltaChars: 120, outputTokens: 30 }));
    // 30 tokens at 100 tokens/s = 300 ms of decode before the delta: turn 2's prefill is 200 ms.
    const [, second] = estimateCached(turns, 3000, 100);
    expect(second.cachedTokens).toBe(12_100 - 600);
  });

  it('estimates a 30-turn task from the TTFT trend and the decode rate', () => {
    const turns = session(10, (turn, prompt) => (turn === 1 ? 0 : prompt - 100));
    // Decode: 31 tokens in 310 ms = 100 tokens/s → 199 tokens take 1.99 s per turn; TTFT 4 s then 0.5 s flat.
    expect(minutesFor(turns)).toBeCloseTo((4 + 29 * 0.5 + 30 * 1.99) / 60, 3);
  });

  it('turns figures into records, with the fix named when the settings helped', () => {
    const trace = {
      header: {
        schema: 'claude-code-bench/session-trace@1',
        variant: 'default',
        claudeCodeVersion: '2.1.332',
        env: {},
        model: 'sim-good',
        prompt: 'x',
        recordedAt: '',
        recordedAgainst: '',
      },
      requests: [],
    } as SessionTrace;
    const broken: VariantRun = {
      variant: 'default',
      trace,
      figures: sessionFigures(session(11, () => 0, 3900)),
    };
    const fixed: VariantRun = {
      variant: 'cache_settings',
      trace,
      figures: sessionFigures(session(11, (turn, prompt) => (turn === 1 ? 0 : prompt - 100))),
    };
    const records = variantMetrics(broken, 'llama-server', fixed);
    const reuse = records.find((r) => r.metric === 'session_cache_reuse')!;
    expect(reuse).toMatchObject({ status: 'fail', value: 0 });
    expect(reuse.advice).toContain('CLAUDE_CODE_ATTRIBUTION_HEADER=0');
    expect(reuse.advice).toContain('from 0% to 99%');
    expect(reuse.data?.withCacheSettings).toEqual({ reuse: 0.992, status: 'pass' });
    expect(records.map((r) => r.metric)).toContain('session_ttft_ms@turn10');
    const settings = variantMetrics(fixed, 'llama-server', broken).map((r) => r.metric);
    expect(settings).toContain('session_cache_reuse.cache_settings');
    expect(settings).toContain('session_ttft_ms@turn5.cache_settings');
    expect(speedupMetric(broken, fixed)).toMatchObject({ metric: 'session_speedup', value: 7.8 });
    // With no help from the settings, the advice is the server's own fix.
    expect(reuseAdvice(broken, 'ollama', broken)).toContain('OLLAMA_NUM_PARALLEL=1');
  });

  it('reports a turn that failed as an error with the reason, not a time', () => {
    const turns = session(11, () => 0);
    turns[9] = { ...turns[9], ttftMs: null, error: 'POST /v1/messages: HTTP 500: boom' };
    const figures = sessionFigures(turns);
    expect(figures.ttft[10]).toBeNull();
    expect(figures.answered).toBe(9);
    expect(figures.firstError).toContain('HTTP 500');
  });
});
