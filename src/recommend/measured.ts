// Reads earlier runs (results/*/run.json) into one summary per model for `bench recommend`.
// Corrupt or foreign files are skipped with a warning; simulated runs are skipped (sim-* models
// are not real models a user could run).
import { readRunsIn } from '../run/runs-dir.js';
import type { ResultRecord, RunFile } from '../types.js';

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

function numeric(record: ResultRecord | undefined): number | null {
  return record &&
    typeof record.value === 'number' &&
    Number.isFinite(record.value) &&
    record.status !== 'error' &&
    record.status !== 'skip'
    ? record.value
    : null;
}

/** Newer runs overwrite older numbers metric by metric, so a partial rerun keeps the rest. */
export function summarizeRuns(runs: readonly RunFile[]): MeasuredModel[] {
  const ordered = [...runs].sort((a, b) => a.environment.startedAt.localeCompare(b.environment.startedAt));
  const byModel = new Map<string, MeasuredModel>();
  for (const run of ordered) {
    if (run.environment.simulated) continue;
    for (const model of new Set(run.records.map((record) => record.model))) {
      const records = run.records.filter((record) => record.model === model);
      const find = (metric: string) => records.find((record) => record.metric === metric);
      const previous = byModel.get(model);
      const vram = find('vram_bytes');
      const pick = (metric: string, old: number | null | undefined) => numeric(find(metric)) ?? old ?? null;
      const vramContext = vram?.data?.num_ctx;
      byModel.set(model, {
        model,
        runId: run.runId,
        toolUseScore: pick('tool_use_score', previous?.toolUseScore),
        effectiveContextTokens: pick('effective_context_tokens', previous?.effectiveContextTokens),
        decodeTps: pick('decode_tps', previous?.decodeTps),
        vramBytes: pick('vram_bytes', previous?.vramBytes),
        ramBytes: pick('ram_bytes', previous?.ramBytes),
        memoryContextTokens:
          numeric(vram) !== null && typeof vramContext === 'number'
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
