// Reads every earlier run in a results directory (`<dir>/*/run.json`), oldest first, for the
// commands that learn from past runs (recommend, launch). A missing directory is no runs; a corrupt
// or foreign file is skipped with a warning that names it.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunFile } from '../types.js';
import { REPORT_FILES, parseRunFile } from './run-file.js';

export interface RunsInDir {
  runs: RunFile[];
  warnings: string[];
}

export async function readRunsIn(resultsDir: string): Promise<RunsInDir> {
  const warnings: string[] = [];
  const entries = await readdir(resultsDir, { withFileTypes: true }).catch(() => []);
  const runs: RunFile[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const file = join(resultsDir, entry.name, REPORT_FILES.json);
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text === null) continue; // still running, or another tool's folder
    try {
      runs.push(parseRunFile(text, file));
    } catch (error) {
      warnings.push(`${(error as Error).message}; ignored`);
    }
  }
  runs.sort((a, b) => a.environment.startedAt.localeCompare(b.environment.startedAt));
  return { runs, warnings };
}
