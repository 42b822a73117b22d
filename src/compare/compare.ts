// Compares two runs model by model: each metric's value (direction, noise floors) and status, and
// each suite's verdict. Pure: records in, findings out.
import { STATUS_RANK, modelsOf, suiteVerdicts, suitesOf } from '../report/verdict.js';
import type { ResultRecord, RunFile, Status } from '../types.js';
import { metricDirection } from './direction.js';
import { judgeNumbers } from './judge.js';
import { NOISE_FACTOR, SINGLE_SAMPLE_FACTOR, TIME_FLOOR_MS, madOf } from './noise.js';
import type { Comparison, ComparisonCounts, MetricChange, Side, VerdictChange } from './types.js';

/** A status got worse; `skip` (not measured) on either side is no evidence either way. */
export function statusDropped(baseline: Status | null, current: Status | null): boolean {
  if (baseline === null || current === null || baseline === 'skip' || current === 'skip') return false;
  return STATUS_RANK[current] > STATUS_RANK[baseline];
}

function keyOf(record: ResultRecord): string {
  return JSON.stringify([record.model, record.suite, record.metric]);
}

/** model × suite × metric → record; a key recorded twice (a resumed run) keeps its last record. */
function byKey(records: readonly ResultRecord[]): Map<string, ResultRecord> {
  return new Map(records.map((record) => [keyOf(record), record]));
}

function sideOf(record: ResultRecord | undefined): Side | null {
  return record ? { value: record.value, status: record.status, mad: madOf(record) } : null;
}

function compareMetric(
  baseline: ResultRecord | undefined,
  current: ResultRecord | undefined,
  threshold: number,
): MetricChange {
  const either = (current ?? baseline) as ResultRecord;
  const dropped = statusDropped(baseline?.status ?? null, current?.status ?? null);
  const change: MetricChange = {
    model: either.model,
    suite: either.suite,
    metric: either.metric,
    unit: either.unit,
    direction: metricDirection(either.suite, either.metric),
    baseline: sideOf(baseline),
    current: sideOf(current),
    delta: null,
    relativeChange: null,
    noise: null,
    outcome: 'unchanged',
    statusDropped: dropped,
    borderline: false,
    regressed: false,
  };
  if (!baseline) return { ...change, outcome: 'new' };
  if (!current) return { ...change, outcome: 'missing' };
  if (typeof baseline.value === 'number' && typeof current.value === 'number') {
    change.delta = current.value - baseline.value;
    change.relativeChange =
      baseline.value !== 0 ? Math.abs(change.delta) / Math.abs(baseline.value) : change.delta === 0 ? 0 : Infinity;
    const { outcome, noise } = judgeNumbers(baseline, current, change.direction, threshold);
    change.outcome = outcome;
    change.noise = noise;
  } else {
    change.outcome = baseline.value === current.value ? 'unchanged' : 'changed';
  }
  // A value sitting at a pass line flips its status with the noise: shown, not counted.
  change.borderline = dropped && (change.outcome === 'within-noise' || change.outcome === 'within-threshold');
  change.regressed = change.outcome === 'regression' || (dropped && !change.borderline);
  return change;
}

function compareVerdicts(
  baseline: readonly ResultRecord[],
  current: readonly ResultRecord[],
  models: readonly string[],
  metrics: readonly MetricChange[],
): VerdictChange[] {
  const before = suiteVerdicts(baseline);
  const after = suiteVerdicts(current);
  const changes: VerdictChange[] = [];
  const suites = suitesOf([...baseline, ...current]);
  for (const model of models) {
    for (const suite of suites) {
      const a = before.get(model)?.get(suite) ?? null;
      const b = after.get(model)?.get(suite) ?? null;
      if (a === b) continue;
      const dropped = statusDropped(a, b);
      const ofSuite = metrics.filter((m) => m.model === model && m.suite === suite);
      // The metrics that can have pulled the verdict down: a status that dropped, or a new, worse one.
      const causes = ofSuite.filter(
        (m) =>
          m.statusDropped ||
          (m.outcome === 'new' && a !== null && m.current !== null && STATUS_RANK[m.current.status] > STATUS_RANK[a]),
      );
      const borderline = dropped && causes.length > 0 && causes.every((m) => m.borderline);
      const explained = ofSuite.some((m) => m.regressed);
      changes.push({
        model,
        suite,
        baseline: a,
        current: b,
        dropped,
        borderline,
        regressed: dropped && !borderline && !explained,
      });
    }
  }
  return changes;
}

function countsOf(metrics: readonly MetricChange[], verdicts: readonly VerdictChange[]): ComparisonCounts {
  const count = (test: (m: MetricChange) => boolean) => metrics.filter(test).length;
  return {
    regressions: count((m) => m.regressed) + verdicts.filter((v) => v.regressed).length,
    improvements: count((m) => !m.regressed && m.outcome === 'improvement'),
    withinNoise: count(
      (m) => !m.regressed && (m.outcome === 'within-noise' || m.outcome === 'within-threshold' || m.borderline),
    ),
    informational: count((m) => !m.regressed && m.outcome === 'changed'),
    unchanged: count((m) => !m.regressed && !m.borderline && m.outcome === 'unchanged'),
    missingMetrics: count((m) => m.outcome === 'missing'),
    newMetrics: count((m) => m.outcome === 'new'),
  };
}

/** Compares `current` against `baseline`; `threshold` is a relative change (0.1 = 10%). */
export function compareRuns(baseline: RunFile, current: RunFile, threshold: number): Comparison {
  const baselineModels = modelsOf(baseline.records);
  const currentModels = modelsOf(current.records);
  const shared = currentModels.filter((model) => baselineModels.includes(model));
  const inShared = (record: ResultRecord) => shared.includes(record.model);
  const before = byKey(baseline.records.filter(inShared));
  const after = byKey(current.records.filter(inShared));
  // Current order first (the run being judged), then what only the baseline had.
  const keys = [...new Set([...after.keys(), ...before.keys()])];
  const metrics = keys.map((key) => compareMetric(before.get(key), after.get(key), threshold));
  const suites = suitesOf([...current.records, ...baseline.records]);
  const order = (change: MetricChange) => [shared.indexOf(change.model), suites.indexOf(change.suite)];
  metrics.sort((x, y) => {
    const [mx, sx] = order(x);
    const [my, sy] = order(y);
    return mx - my || sx - sy;
  });
  const verdicts = compareVerdicts(baseline.records, current.records, shared, metrics);
  const counts = countsOf(metrics, verdicts);
  return {
    baseline: { runId: baseline.runId, simulated: baseline.environment.simulated },
    current: { runId: current.runId, simulated: current.environment.simulated },
    threshold,
    noiseFactor: NOISE_FACTOR,
    timeFloorMs: TIME_FLOOR_MS,
    singleSampleFactor: SINGLE_SAMPLE_FACTOR,
    metrics,
    verdicts,
    missingModels: baselineModels.filter((model) => !currentModels.includes(model)),
    newModels: currentModels.filter((model) => !baselineModels.includes(model)),
    counts,
    regressions: counts.regressions,
  };
}
