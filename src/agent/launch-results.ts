// Reads a model's context measurements from earlier runs (results/*/run.json) for `bench launch`.
import { readRunsIn } from '../report/runs-dir.js';
import { measurementsFromRecords, type ContextMeasurements } from './launch.js';

export interface LoadedMeasurements {
  measurements: ContextMeasurements;
  /** Run files that could not be read. */
  warnings: string[];
}

export async function loadMeasurements(resultsDir: string, model: string): Promise<LoadedMeasurements> {
  const { runs, warnings } = await readRunsIn(resultsDir);
  return { measurements: measurementsFromRecords(runs.flatMap((run) => run.records), model), warnings };
}
