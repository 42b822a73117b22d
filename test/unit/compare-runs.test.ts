// bench compare's judgement: directions, threshold, the noise rule, status and verdict drops, and
// metrics or models present on one side only. Runs are hand-built (test/helpers/run-fixtures).
import { describe, expect, it } from 'vitest';
import { compareRuns, statusDropped } from '../../src/compare/compare.js';
import { metricDirection } from '../../src/compare/direction.js';
import { NOISE_FACTOR, madOf, noiseBand } from '../../src/compare/noise.js';
import type { MetricChange } from '../../src/compare/types.js';
import type { ResultRecord } from '../../src/types.js';
import { record, runOf } from '../helpers/run-fixtures.js';

const TEN_PERCENT = 0.1;

function one(metric: string, value: ResultRecord['value'], extra: Partial<ResultRecord> = {}): ResultRecord {
  return record({ model: 'm', suite: 'throughput', metric, status: 'pass', value, ...extra });
}

/** The change of `metric` between two single-record runs. */
function changeOf(before: ResultRecord, after: ResultRecord, threshold = TEN_PERCENT): MetricChange {
  const comparison = compareRuns(runOf([before]), runOf([after]), threshold);
  const found = comparison.metrics.find((m) => m.metric === after.metric);
  if (!found) throw new Error(`no change for ${after.metric}`);
  return found;
}

describe('metricDirection', () => {
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
  ])('%s → %s', (metric, direction) => {
    expect(metricDirection(metric)).toBe(direction);
  });
});

describe('compareRuns: direction and threshold', () => {
  it('a higher-is-better metric that fell beyond the threshold is a regression; one that rose is an improvement', () => {
    expect(changeOf(one('decode_tps', 50), one('decode_tps', 40)).outcome).toBe('regression');
    expect(changeOf(one('decode_tps', 40), one('decode_tps', 50)).outcome).toBe('improvement');
  });

  it('a lower-is-better metric that rose is a regression; one that fell is an improvement', () => {
    expect(changeOf(one('ttft_ms', 1000), one('ttft_ms', 1500)).outcome).toBe('regression');
    expect(changeOf(one('ttft_ms', 1500), one('ttft_ms', 1000)).outcome).toBe('improvement');
  });

  it('a change at or below the threshold does not count, whichever way', () => {
    expect(changeOf(one('decode_tps', 100), one('decode_tps', 91)).outcome).toBe('within-threshold');
    expect(changeOf(one('decode_tps', 100), one('decode_tps', 91), 0.05).outcome).toBe('regression');
  });

  it('reports the signed delta and the relative change', () => {
    const change = changeOf(one('decode_tps', 80), one('decode_tps', 60));
    expect(change.delta).toBe(-20);
    expect(change.relativeChange).toBeCloseTo(0.25);
  });

  it('an informational metric is shown as changed, never judged', () => {
    expect(changeOf(one('vram_bytes', 8e9), one('vram_bytes', 2e9)).outcome).toBe('changed');
    expect(compareRuns(runOf([one('vram_bytes', 8e9)]), runOf([one('vram_bytes', 2e9)]), TEN_PERCENT).regressions).toBe(0);
  });

  it('a value that left 0 is an infinite relative change; text values compare as equal or changed', () => {
    expect(changeOf(one('ttft_ms', 0), one('ttft_ms', 5)).relativeChange).toBe(Infinity);
    expect(changeOf(one('ttft_ms', 0), one('ttft_ms', 5)).outcome).toBe('regression');
    expect(changeOf(one('overflow_behavior', 'truncates'), one('overflow_behavior', 'errors')).outcome).toBe('changed');
    expect(changeOf(one('overflow_behavior', 'truncates'), one('overflow_behavior', 'truncates')).outcome).toBe('unchanged');
  });
});

describe('compareRuns: the noise rule', () => {
  const withSpread = (value: number, mad: number) => one('decode_tps', value, { data: { median: value, mad, samples: [value - mad, value, value + mad] } });

  it(`a change beyond the threshold but within ${NOISE_FACTOR} × (MAD a + MAD b) is noise`, () => {
    // Δ = 20 (20%), band = 3 × (4 + 4) = 24.
    const change = changeOf(withSpread(100, 4), withSpread(80, 4));
    expect(change.noiseBand).toBe(24);
    expect(change.outcome).toBe('within-noise');
  });

  it('the same change with tight repetitions is a regression', () => {
    // Δ = 20, band = 3 × (2 + 2) = 12.
    expect(changeOf(withSpread(100, 2), withSpread(80, 2)).outcome).toBe('regression');
  });

  it('the MAD comes from data.samples when data.mad is absent; a single measurement has none', () => {
    const fromSamples = one('decode_tps', 10, { data: { samples: [8, 10, 13] } });
    expect(madOf(fromSamples)).toBe(2);
    expect(madOf(one('decode_tps', 10, { data: { samples: [10] } }))).toBeNull();
    expect(madOf(one('decode_tps', 10))).toBeNull();
  });

  it('without repetitions on either side only the threshold decides; one side without them adds 0', () => {
    expect(noiseBand(one('decode_tps', 1), one('decode_tps', 2))).toBeNull();
    expect(noiseBand(withSpread(100, 5), one('decode_tps', 90))).toBe(NOISE_FACTOR * 5);
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

  it('a status that dropped is a regression even when the value did not move', () => {
    const comparison = compareRuns(runOf([one('decode_tps', 30)]), runOf([one('decode_tps', 30, { status: 'warn' })]), TEN_PERCENT);
    expect(comparison.metrics[0]).toMatchObject({ outcome: 'unchanged', statusDropped: true });
    expect(comparison.verdicts).toEqual([{ model: 'm', suite: 'throughput', baseline: 'pass', current: 'warn', dropped: true }]);
    expect(comparison.regressions).toBe(2);
  });

  it('a suite verdict drops through a metric that is new in the current run', () => {
    const before = runOf([one('decode_tps', 30)]);
    const after = runOf([one('decode_tps', 30), one('suite_error', null, { status: 'error' })]);
    const comparison = compareRuns(before, after, TEN_PERCENT);
    expect(comparison.metrics.find((m) => m.metric === 'suite_error')?.outcome).toBe('new');
    expect(comparison.verdicts.find((v) => v.suite === 'throughput')?.dropped).toBe(true);
    expect(comparison.regressions).toBeGreaterThan(0);
  });

  it('a verdict that got better is listed, not counted', () => {
    const comparison = compareRuns(runOf([one('decode_tps', 30, { status: 'fail' })]), runOf([one('decode_tps', 30)]), TEN_PERCENT);
    expect(comparison.verdicts[0]).toMatchObject({ baseline: 'fail', current: 'pass', dropped: false });
    expect(comparison.regressions).toBe(0);
  });
});

describe('compareRuns: one-sided metrics and models', () => {
  it('a metric only in the baseline is missing, one only in the current run is new; neither is a regression by itself', () => {
    const comparison = compareRuns(runOf([one('decode_tps', 30), one('load_ms', 900)]), runOf([one('decode_tps', 30), one('prefill_tps', 500)]), TEN_PERCENT);
    expect(comparison.metrics.find((m) => m.metric === 'load_ms')).toMatchObject({ outcome: 'missing', current: null });
    expect(comparison.metrics.find((m) => m.metric === 'prefill_tps')).toMatchObject({ outcome: 'new', baseline: null });
    expect(comparison.regressions).toBe(0);
  });

  it('models of one run only are listed and not compared metric by metric', () => {
    const base = runOf([one('decode_tps', 30), record({ model: 'gone', suite: 'throughput', metric: 'decode_tps', status: 'pass', value: 99 })]);
    const current = runOf([one('decode_tps', 30), record({ model: 'added', suite: 'throughput', metric: 'decode_tps', status: 'fail', value: 1 })]);
    const comparison = compareRuns(base, current, TEN_PERCENT);
    expect(comparison.missingModels).toEqual(['gone']);
    expect(comparison.newModels).toEqual(['added']);
    expect(comparison.metrics.map((m) => m.model)).toEqual(['m']);
    expect(comparison.regressions).toBe(0);
  });

  it('a metric recorded twice (a resumed run) is judged by its last record', () => {
    const comparison = compareRuns(runOf([one('decode_tps', 30)]), runOf([one('decode_tps', 5), one('decode_tps', 30)]), TEN_PERCENT);
    expect(comparison.metrics).toHaveLength(1);
    expect(comparison.metrics[0].outcome).toBe('unchanged');
  });

  it('the same metric name in two suites is two metrics', () => {
    const a = [one('x_tps', 10), one('x_tps', 10, { suite: 'memory' })];
    const b = [one('x_tps', 10), one('x_tps', 5, { suite: 'memory' })];
    const comparison = compareRuns(runOf(a), runOf(b), TEN_PERCENT);
    expect(comparison.metrics.map((m) => [m.suite, m.outcome])).toEqual([['throughput', 'unchanged'], ['memory', 'regression']]);
  });
});
