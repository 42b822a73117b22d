// Reads a model's context measurements from earlier runs (results/*/run.json) for `bench launch`.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResultRecord, RunFile } from '../types.js';
import { measurementsFromRecords, type ContextMeasurements } from './launch.js';

export interface LoadedMeasurements {
  measurements: ContextMeasurements;
  /** Run files that could not be read. */
  warnings: string[];
}

/** Every run's records, oldest run first, so newer measurements win. A missing directory is no runs. */
async function recordsOfRuns(resultsDir: string, warnings: string[]): Promise<ResultRecord[]> {
  const entries = await readdir(resultsDir, { withFileTypes: true }).catch(() => []);
  const runs: RunFile[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const file = path.join(resultsDir, entry.name, 'run.json');
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue;
    try {
      const run = JSON.parse(text) as RunFile;
      if (run?.schema === 'claude-code-bench/run@1' && Array.isArray(run.records)) runs.push(run);
      else warnings.push(`${file}: not a claude-code-bench run file, ignored`);
    } catch (error) {
      warnings.push(`${file}: corrupt JSON (${(error as Error).message}), ignored`);
    }
  }
  runs.sort((a, b) => (a.environment?.startedAt ?? '').localeCompare(b.environment?.startedAt ?? ''));
  return runs.flatMap((run) => run.records);
}

export async function loadMeasurements(resultsDir: string, model: string): Promise<LoadedMeasurements> {
  const warnings: string[] = [];
  const records = await recordsOfRuns(resultsDir, warnings);
  return { measurements: measurementsFromRecords(records, model), warnings };
}
