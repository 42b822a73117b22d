// bench compare's judgement: directions, the noise floors (threshold, spread, time, single sample), status and verdict drops, and
// metrics or models present on one side only. Runs are hand-built (test/helpers/run-fixtures).
import { describe, expect, it } from 'vitest';
import { compareRuns, statusDropped } from '../../src/compare/compare.js';
import { metricDirection } from '../../src/compare/direction.js';
import {
  NOISE_FACTOR,
  SINGLE_SAMPLE_FACTOR,
  TIME_FLOOR_MS,
  madOf,
  noiseBand,
  sampleMs,
} from '../../src/compare/noise.js';
import type { MetricChange } from '../../src/compare/types.js';
import type { ResultRecord } from '../../src/types.js';
import { record, runOf } from '../helpers/run-fixtures.js';

const TEN_PERCENT = 0.1;

/** The suite that writes each metric used here (its declaration gives the direction). */
const SUITE_OF: Record<string, string> = {
  agent_seconds: 'agent',
  agent_tasks_passed: 'agent',
  overflow_behavior: 'context',
  effective_context_tokens: 'context',
  vram_bytes: 'memory',
  gpu_offload_fraction: 'memory',
  prediction_error: 'memory',
  'predicted_bytes@65536': 'memory',
  tool_use_score: 'tool-use',
  'tool_use.simple': 'tool-use',
  'tool_use.parallel': 'tool-use',
  'tool_use.single_call': 'tool-use',
};

function one(metric: string, value: ResultRecord['value'], extra: Partial<ResultRecord> = {}): ResultRecord {
  return record({ model: 'm', suite: SUITE_OF[metric] ?? 'throughput', metric, status: 'pass', value, ...extra });
}

/** The change of `metric` between two single-record runs. */
function changeOf(before: ResultRecord, after: ResultRecord, threshold = TEN_PERCENT): MetricChange {
  const comparison = compareRuns(runOf([before]), runOf([after]), threshold);
  const found = comparison.metrics.find((m) => m.metric === after.metric);
  if (!found) throw new Error(`no change for ${after.metric}`);
  return found;
}

describe("metricDirection (from the suites' declarations)", () => {
  it.each([
    ['decode_tps', 'higher'],
    ['prefill_tps', 'higher'],
    ['tool_use.single_call', 'higher'],
    ['tool_use_score', 'higher'],
    ['effective_context_tokens', 'higher'],
    ['agent_tasks_passed', 'higher'],
    ['gpu_offload_fraction', 'higher'],
    ['ttft_ms', 'lower'],
    ['load_ms', 'lower'],
    ['agent_seconds', 'lower'],
    ['prediction_error', 'info'], // predicted ÷ measured: 1 is ideal, neither direction is better
    ['vram_bytes', 'info'],
    ['predicted_bytes@65536', 'info'],
    ['overflow_behavior', 'info'],
    ['suite_error', 'info'], // the runner's own, declared by no suite
  ])('%s → %s', (metric, direction) => {
    expect(metricDirection(SUITE_OF[metric] ?? 'throughput', metric)).toBe(direction);
  });

  it("a metric a suite does not declare, or a custom suite's, is informational", () => {
    expect(metricDirection('memory', 'decode_tps')).toBe('info');
    expect(metricDirection('my-suite', 'decode_tps')).toBe('info');
  });
});

/** A timed record as the throughput suite writes it: the median of `reps` samples with their MAD. */
function timed(
  metric: string,
  value: number,
  { mad = 0, reps = 3, tokens }: { mad?: number; reps?: number; tokens?: number } = {},
  extra: Partial<ResultRecord> = {},
): ResultRecord {
  const samples = reps === 1 ? [value] : [value - mad, value, value + mad, ...Array(Math.max(0, reps - 3)).fill(value)];
  const counts =
    tokens === undefined
      ? {}
      : { [metric === 'prefill_tps' ? 'promptTokens' : 'evalTokens']: Array(reps).fill(tokens) };
  return one(metric, value, {
    unit: metric.endsWith('_ms') ? 'ms' : 'tokens/s',
    data: { median: value, mad, reps, samples, ...counts },
    ...extra,
  });
}

describe('compareRuns: direction and threshold', () => {
  it('a higher-is-better metric that fell beyond the threshold is a regression; one that rose is an improvement', () => {
    // 20 tokens per sample: 4 s at 5 tokens/s, 5 s at 4 — a timed interval of seconds, not milliseconds.
    expect(changeOf(timed('decode_tps', 5, { tokens: 20 }), timed('decode_tps', 4, { tokens: 20 })).outcome).toBe(
      'regression',
    );
    expect(changeOf(timed('decode_tps', 4, { tokens: 20 }), timed('decode_tps', 5, { tokens: 20 })).outcome).toBe(
      'improvement',
    );
    expect(changeOf(one('tool_use.simple', 1), one('tool_use.simple', 0.8)).outcome).toBe('regression');
  });

  it('a lower-is-better metric that rose is a regression; one that fell is an improvement', () => {
    expect(changeOf(timed('ttft_ms', 3000), timed('ttft_ms', 4500)).outcome).toBe('regression');
    expect(changeOf(timed('ttft_ms', 4500), timed('ttft_ms', 3000)).outcome).toBe('improvement');
  });

  it('a change at or below the threshold does not count, whichever way', () => {
    expect(changeOf(one('tool_use_score', 1), one('tool_use_score', 0.91)).outcome).toBe('within-threshold');
    expect(changeOf(one('tool_use_score', 1), one('tool_use_score', 0.91), 0.05).outcome).toBe('regression');
  });

  it('reports the signed delta and the relative change', () => {
    const change = changeOf(one('decode_tps', 80), one('decode_tps', 60));
    expect(change.delta).toBe(-20);
    expect(change.relativeChange).toBeCloseTo(0.25);
  });

  it('an informational metric is shown as changed, never judged', () => {
    expect(changeOf(one('vram_bytes', 8e9), one('vram_bytes', 2e9)).outcome).toBe('changed');
    expect(compareRuns(runOf([one('vram_bytes', 8e9)]), runOf([one('vram_bytes', 2e9)]), TEN_PERCENT).regressions).toBe(
      0,
    );
  });

  it('a value that left 0 is an infinite relative change; text values compare as equal or changed', () => {
    expect(changeOf(one('tool_use.parallel', 0), one('tool_use.parallel', 0.5)).relativeChange).toBe(Infinity);
    expect(changeOf(one('tool_use.parallel', 0), one('tool_use.parallel', 0.5)).outcome).toBe('improvement');
    expect(changeOf(timed('ttft_ms', 0), timed('ttft_ms', 5)).outcome).toBe('within-noise');
    expect(changeOf(one('overflow_behavior', 'truncates'), one('overflow_behavior', 'errors')).outcome).toBe('changed');
    expect(changeOf(one('overflow_behavior', 'truncates'), one('overflow_behavior', 'truncates')).outcome).toBe(
      'unchanged',
    );
  });
});

describe('compareRuns: the noise floors', () => {
  it(`a change beyond the threshold but within ${NOISE_FACTOR} × (MAD a + MAD b) is noise`, () => {
    // Δ = 2000 ms (20%), band = 3 × (400 + 400) = 2400.
    const change = changeOf(timed('ttft_ms', 10_000, { mad: 400 }), timed('ttft_ms', 12_000, { mad: 400 }));
    expect(change.noise?.spread).toBe(2400);
    expect(change.outcome).toBe('within-noise');
    expect(change.noise?.reason).toContain('spread');
  });

  it('the same change with tight repetitions is a regression', () => {
    // Δ = 2000, band = 3 × (200 + 200) = 1200.
    expect(changeOf(timed('ttft_ms', 10_000, { mad: 200 }), timed('ttft_ms', 12_000, { mad: 200 })).outcome).toBe(
      'regression',
    );
  });

  it(`a timing whose measured time moved less than ${TIME_FLOOR_MS} ms is noise however large the ratio (a busy machine's clock)`, () => {
    // Seen on a loaded 2-core runner with the simulator: ttft 68 → 295 ms with tight repetitions on one side.
    const ttft = changeOf(timed('ttft_ms', 68, { mad: 0.25 }), timed('ttft_ms', 295, { mad: 1 }));
    expect(ttft.outcome).toBe('within-noise');
    expect(ttft.noise?.reason).toContain('timed interval moved 227 ms');
    // A 4,114-token prefill at ~170K tokens/s lasts ~25 ms: a third slower is 5 ms of clock.
    expect(
      changeOf(
        timed('prefill_tps', 166_871, { mad: 1500, tokens: 4114 }),
        timed('prefill_tps', 110_000, { mad: 300, tokens: 4114 }),
      ).outcome,
    ).toBe('within-noise');
    // The simulator's "instant" model: rates of hundreds of millions are microseconds of clock.
    expect(
      changeOf(
        timed('decode_tps', 414_120, { mad: 10, tokens: 128 }),
        timed('decode_tps', 169_333, { mad: 10, tokens: 128 }),
      ).outcome,
    ).toBe('within-noise');
  });

  it('a 2× slower decode of 128 tokens at 150 tokens/s (0.85 s → 1.7 s a sample) is a regression', () => {
    const change = changeOf(
      timed('decode_tps', 150, { mad: 0.1, tokens: 128 }),
      timed('decode_tps', 75, { mad: 0.1, tokens: 128 }),
    );
    expect(change.outcome).toBe('regression');
    expect(change.noise?.sampleMs?.baseline).toBeCloseTo(853.3, 0);
    expect(change.noise?.sampleMs?.current).toBeCloseTo(1706.7, 0);
  });

  it(`a timing measured once counts only when it moved ${SINGLE_SAMPLE_FACTOR}× or more`, () => {
    const load = (ms: number) => one('load_ms', ms, { unit: 'ms', data: { source: 'server' } });
    expect(changeOf(load(5000), load(8000)).outcome).toBe('within-noise');
    expect(changeOf(load(5000), load(8000)).noise?.singleSample).toBe(true);
    expect(changeOf(load(5000), load(12_000)).outcome).toBe('regression');
    expect(changeOf(load(297), load(210)).outcome).toBe('within-noise');
  });

  it('the MAD comes from data.samples when data.mad is absent; a single measurement has none', () => {
    const fromSamples = one('decode_tps', 10, { data: { samples: [8, 10, 13] } });
    expect(madOf(fromSamples)).toBe(2);
    expect(madOf(one('decode_tps', 10, { data: { samples: [10] } }))).toBeNull();
    expect(madOf(one('decode_tps', 10))).toBeNull();
  });

  it('without repetitions on either side there is no spread floor; one side without them adds 0', () => {
    expect(noiseBand(one('decode_tps', 1), one('decode_tps', 2))).toBeNull();
    expect(noiseBand(timed('decode_tps', 100, { mad: 5 }), one('decode_tps', 90))).toBe(NOISE_FACTOR * 5);
  });

  it('sampleMs: the value of a time; tokens ÷ rate of a rate; null without token counts', () => {
    expect(sampleMs(timed('ttft_ms', 250))).toBe(250);
    expect(sampleMs(one('agent_seconds', 12.5, { unit: 's/task' }))).toBe(12_500);
    expect(sampleMs(timed('prefill_tps', 1000, { tokens: 4000 }))).toBe(4000);
    expect(sampleMs(one('decode_tps', 20, { data: { tokensAsked: 80 } }))).toBe(4000);
    expect(sampleMs(one('decode_tps', 20))).toBeNull();
  });
});

describe('compareRuns: statuses and suite verdicts', () => {
  it('statusDropped: worse is a drop, better or skip on either side is not', () => {
    expect(statusDropped('pass', 'warn')).toBe(true);
    expect(statusDropped('warn', 'fail')).toBe(true);
    expect(statusDropped('pass', 'error')).toBe(true);
    expect(statusDropped('fail', 'pass')).toBe(false);
    expect(statusDropped('pass', 'skip')).toBe(false);
    expect(statusDropped('skip', 'fail')).toBe(false);
  });

  it('a status that dropped is a regression even when the value did not move (one regression, its verdict explained by it)', () => {
    const comparison = compareRuns(
      runOf([one('decode_tps', 30)]),
      runOf([one('decode_tps', 30, { status: 'warn' })]),
      TEN_PERCENT,
    );
    expect(comparison.metrics[0]).toMatchObject({
      outcome: 'unchanged',
      statusDropped: true,
      borderline: false,
      regressed: true,
    });
    expect(comparison.verdicts).toEqual([
      {
        model: 'm',
        suite: 'throughput',
        baseline: 'pass',
        current: 'warn',
        dropped: true,
        borderline: false,
        regressed: false,
      },
    ]);
    expect(comparison.regressions).toBe(1);
  });

  it('a status that flipped at a pass line while the value moved within noise is borderline: listed, not counted', () => {
    // sim-spill decodes at ~20 tokens/s, the pass line: 20.01 passes, 19.98 warns.
    const before = runOf([timed('decode_tps', 20.01, { mad: 0.01, tokens: 80 })]);
    const after = runOf([timed('decode_tps', 19.98, { mad: 0.01, tokens: 80 }, { status: 'warn' })]);
    const comparison = compareRuns(before, after, TEN_PERCENT);
    expect(comparison.metrics[0]).toMatchObject({
      outcome: 'within-threshold',
      statusDropped: true,
      borderline: true,
      regressed: false,
    });
    expect(comparison.verdicts[0]).toMatchObject({ dropped: true, borderline: true, regressed: false });
    expect(comparison.regressions).toBe(0);
    expect(comparison.counts.withinNoise).toBe(1);
  });

  it('a status that dropped to error (no value) is a regression', () => {
    const comparison = compareRuns(
      runOf([timed('decode_tps', 30, { tokens: 120 })]),
      runOf([one('decode_tps', null, { status: 'error' })]),
      TEN_PERCENT,
    );
    expect(comparison.metrics[0]).toMatchObject({ statusDropped: true, regressed: true });
    expect(comparison.regressions).toBe(1);
  });

  it('a suite verdict drops through a metric that is new in the current run, and counts on its own', () => {
    const before = runOf([one('decode_tps', 30)]);
    const after = runOf([one('decode_tps', 30), one('suite_error', null, { status: 'error' })]);
    const comparison = compareRuns(before, after, TEN_PERCENT);
    expect(comparison.metrics.find((m) => m.metric === 'suite_error')?.outcome).toBe('new');
    expect(comparison.verdicts.find((v) => v.suite === 'throughput')).toMatchObject({ dropped: true, regressed: true });
    expect(comparison.regressions).toBe(1);
  });

  it('a verdict that got better is listed, not counted', () => {
    const comparison = compareRuns(
      runOf([one('decode_tps', 30, { status: 'fail' })]),
      runOf([one('decode_tps', 30)]),
      TEN_PERCENT,
    );
    expect(comparison.verdicts[0]).toMatchObject({
      baseline: 'fail',
      current: 'pass',
      dropped: false,
      regressed: false,
    });
    expect(comparison.regressions).toBe(0);
  });
});

describe('compareRuns: one-sided metrics and models', () => {
  it('a metric only in the baseline is missing, one only in the current run is new; neither is a regression by itself', () => {
    const comparison = compareRuns(
      runOf([one('decode_tps', 30), one('load_ms', 900)]),
      runOf([one('decode_tps', 30), one('prefill_tps', 500)]),
      TEN_PERCENT,
    );
    expect(comparison.metrics.find((m) => m.metric === 'load_ms')).toMatchObject({ outcome: 'missing', current: null });
    expect(comparison.metrics.find((m) => m.metric === 'prefill_tps')).toMatchObject({
      outcome: 'new',
      baseline: null,
    });
    expect(comparison.regressions).toBe(0);
  });

  it('models of one run only are listed and not compared metric by metric', () => {
    const base = runOf([
      one('decode_tps', 30),
      record({ model: 'gone', suite: 'throughput', metric: 'decode_tps', status: 'pass', value: 99 }),
    ]);
    const current = runOf([
      one('decode_tps', 30),
      record({ model: 'added', suite: 'throughput', metric: 'decode_tps', status: 'fail', value: 1 }),
    ]);
    const comparison = compareRuns(base, current, TEN_PERCENT);
    expect(comparison.missingModels).toEqual(['gone']);
    expect(comparison.newModels).toEqual(['added']);
    expect(comparison.metrics.map((m) => m.model)).toEqual(['m']);
    expect(comparison.regressions).toBe(0);
  });

  it('a metric recorded twice (a resumed run) is judged by its last record', () => {
    const comparison = compareRuns(
      runOf([one('decode_tps', 30)]),
      runOf([one('decode_tps', 5), one('decode_tps', 30)]),
      TEN_PERCENT,
    );
    expect(comparison.metrics).toHaveLength(1);
    expect(comparison.metrics[0].outcome).toBe('unchanged');
  });

  it('the same metric name in two suites is two metrics, each judged as its suite declares it', () => {
    const a = [one('decode_tps', 10), one('decode_tps', 10, { suite: 'memory' })];
    const b = [one('decode_tps', 10), one('decode_tps', 5, { suite: 'memory' })];
    const comparison = compareRuns(runOf(a), runOf(b), TEN_PERCENT);
    expect(comparison.metrics.map((m) => [m.suite, m.outcome])).toEqual([
      ['throughput', 'unchanged'],
      ['memory', 'changed'],
    ]);
  });
});
