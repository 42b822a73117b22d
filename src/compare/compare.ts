// Compares two runs model by model: each metric's value (direction, threshold, noise) and status,
// and each suite's verdict. Pure: records in, findings out.
import { STATUS_RANK, modelsOf, suiteVerdicts } from '../report/verdict.js';
import { SUITE_IDS, type ResultRecord, type RunFile, type Status } from '../types.js';
import { metricDirection } from './direction.js';
import { NOISE_FACTOR, madOf, noiseBand } from './noise.js';
import type { Comparison, MetricChange, MetricOutcome, Side, VerdictChange } from './types.js';

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

function numericOutcome(change: MetricChange, threshold: number): MetricOutcome {
  const { delta, relativeChange, noiseBand: band, direction } = change;
  if (delta === null || relativeChange === null) return 'changed';
  if (delta === 0) return 'unchanged';
  if (direction === 'info') return 'changed';
  if (relativeChange <= threshold) return 'within-threshold';
  if (band !== null && Math.abs(delta) <= band) return 'within-noise';
  const better = direction === 'higher' ? delta > 0 : delta < 0;
  return better ? 'improvement' : 'regression';
}

function compareMetric(baseline: ResultRecord | undefined, current: ResultRecord | undefined, threshold: number): MetricChange {
  const either = (current ?? baseline) as ResultRecord;
  const change: MetricChange = {
    model: either.model,
    suite: either.suite,
    metric: either.metric,
    unit: either.unit,
    direction: metricDirection(either.metric),
    baseline: sideOf(baseline),
    current: sideOf(current),
    delta: null,
    relativeChange: null,
    noiseBand: baseline && current ? noiseBand(baseline, current) : null,
    outcome: 'unchanged',
    statusDropped: statusDropped(baseline?.status ?? null, current?.status ?? null),
  };
  if (!baseline) return { ...change, outcome: 'new' };
  if (!current) return { ...change, outcome: 'missing' };
  if (typeof baseline.value === 'number' && typeof current.value === 'number') {
    change.delta = current.value - baseline.value;
    change.relativeChange = baseline.value !== 0 ? Math.abs(change.delta) / Math.abs(baseline.value) : change.delta === 0 ? 0 : Infinity;
    change.outcome = numericOutcome(change, threshold);
  } else {
    change.outcome = baseline.value === current.value ? 'unchanged' : 'changed';
  }
  return change;
}

function compareVerdicts(baseline: readonly ResultRecord[], current: readonly ResultRecord[], models: readonly string[]): VerdictChange[] {
  const before = suiteVerdicts(baseline);
  const after = suiteVerdicts(current);
  const changes: VerdictChange[] = [];
  for (const model of models) {
    for (const suite of SUITE_IDS) {
      const a = before.get(model)?.get(suite) ?? null;
      const b = after.get(model)?.get(suite) ?? null;
      if (a !== b) changes.push({ model, suite, baseline: a, current: b, dropped: statusDropped(a, b) });
    }
  }
  return changes;
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
  const order = (change: MetricChange) => [shared.indexOf(change.model), SUITE_IDS.indexOf(change.suite)];
  metrics.sort((x, y) => {
    const [mx, sx] = order(x);
    const [my, sy] = order(y);
    return mx - my || sx - sy;
  });
  const verdicts = compareVerdicts(baseline.records, current.records, shared);
  const regressions = metrics.filter((m) => m.outcome === 'regression' || m.statusDropped).length + verdicts.filter((v) => v.dropped).length;
  return {
    baseline: { runId: baseline.runId, simulated: baseline.environment.simulated },
    current: { runId: current.runId, simulated: current.environment.simulated },
    threshold,
    noiseFactor: NOISE_FACTOR,
    metrics,
    verdicts,
    missingModels: baselineModels.filter((model) => !currentModels.includes(model)),
    newModels: currentModels.filter((model) => !baselineModels.includes(model)),
    regressions,
  };
}
