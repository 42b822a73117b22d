// Reads a model's context measurements from earlier runs (results/*/run.json) for `bench launch`.
import type { DeclaringSuite } from '../run/metric.js';
import { readRunsIn } from '../run/runs-dir.js';
import type { BackendId } from '../servers/types.js';
import { measurementsFromRecords, type ContextMeasurements } from './plan.js';

export interface LoadedMeasurements {
  measurements: ContextMeasurements;
  /** Run files that could not be read. */
  warnings: string[];
  /** The server kind of the run the newest measurement came from (null when none). */
  backend: BackendId | null;
  /** Every model the runs measured (to say which one a misspelt name meant). */
  models: string[];
}

/** `suites`: whose declarations say which metric measures each context (the registry's, for `bench launch`). */
export async function loadMeasurements(
  resultsDir: string,
  model: string,
  suites: readonly DeclaringSuite[],
): Promise<LoadedMeasurements> {
  const { runs, warnings } = await readRunsIn(resultsDir);
  const measurements = measurementsFromRecords(
    runs.flatMap((run) => run.records),
    model,
    suites,
  );
  const source = runs.find((run) => run.runId === measurements.runId);
  const models = [...new Set(runs.flatMap((run) => run.records.map((record) => record.model)))];
  return { measurements, warnings, backend: source?.environment.server.backend ?? null, models };
}
