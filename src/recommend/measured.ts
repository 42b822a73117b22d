// Reads earlier runs (results/*/run.json) into one summary per model for `bench recommend`.
// Corrupt or foreign files are skipped with a warning; simulated runs are skipped (sim-* models
// are not real models a user could run).
import type { Quantity } from '../run/metric.js';
import { measuredNumber } from '../run/metric.js';
import { readRunsIn } from '../run/runs-dir.js';
import { latestMeasured } from '../report/metrics.js';
import type { RunFile } from '../types.js';

export interface MeasuredModel {
  model: string;
  /** Run the newest of these numbers came from. */
  runId: string;
  toolUseScore: number | null;
  effectiveContextTokens: number | null;
  decodeTps: number | null;
  vramBytes: number | null;
  ramBytes: number | null;
  /** num_ctx the memory numbers were measured at (the memory suite puts it in `data.num_ctx`). */
  memoryContextTokens: number | null;
}

export interface MeasuredResults {
  models: MeasuredModel[];
  warnings: string[];
  /** Runs read (not counting skipped ones). */
  runs: number;
}

/** Newer runs overwrite older numbers metric by metric, so a partial rerun keeps the rest. */
export function summarizeRuns(runs: readonly RunFile[]): MeasuredModel[] {
  const ordered = [...runs].sort((a, b) => a.environment.startedAt.localeCompare(b.environment.startedAt));
  const byModel = new Map<string, MeasuredModel>();
  for (const run of ordered) {
    if (run.environment.simulated) continue;
    for (const model of new Set(run.records.map((record) => record.model))) {
      const find = (quantity: Quantity) => latestMeasured(run.records, model, quantity);
      const previous = byModel.get(model);
      const vram = find('gpuBytes');
      const pick = (quantity: Quantity, old: number | null | undefined) =>
        measuredNumber(find(quantity)) ?? old ?? null;
      const vramContext = vram?.data?.num_ctx;
      byModel.set(model, {
        model,
        runId: run.runId,
        toolUseScore: pick('toolUse', previous?.toolUseScore),
        effectiveContextTokens: pick('effectiveContext', previous?.effectiveContextTokens),
        decodeTps: pick('decodeRate', previous?.decodeTps),
        vramBytes: pick('gpuBytes', previous?.vramBytes),
        ramBytes: pick('ramBytes', previous?.ramBytes),
        memoryContextTokens:
          measuredNumber(vram) !== null && typeof vramContext === 'number'
            ? vramContext
            : (previous?.memoryContextTokens ?? null),
      });
    }
  }
  return [...byModel.values()];
}

/** Reads every `<dir>/*\/run.json`; a missing directory is no runs, not an error. */
export async function loadMeasuredResults(resultsDir: string): Promise<MeasuredResults> {
  const { runs, warnings } = await readRunsIn(resultsDir);
  return { models: summarizeRuns(runs), warnings, runs: runs.length };
}
