// `bench report`: several runs (e.g. one per CI shard) become one matrix. Per model × suite the
// latest run wins; each source run's environment is kept in `sources`, and simulated rows stay marked.
import { runCostOf } from '../run/cost.js';
import type { ResultRecord, RunFile, RunSource, SuiteId } from '../types.js';

export type { RunSource };
import { escapeMarkdownCell } from './escape.js';
import { serverLine } from './server-line.js';
import { modelsOf } from './verdict.js';
import { writeReports } from './write.js';

export interface MergeInput {
  /** Where the run came from, as the user named it (a directory or a run.json). */
  source: string;
  run: RunFile;
}

/** A run as a merge names it. */
export interface RunRef {
  runId: string;
  source: string;
}

/** A model × suite that several runs had: the latest one's records were kept, the others dropped. */
export interface Replacement {
  model: string;
  suite: SuiteId;
  kept: RunRef;
  dropped: RunRef[];
}

/** run.json of a merge: a RunFile whose `sources` are always there; the records keep their own `run_id`. */
export interface MergedRun extends RunFile {
  sources: RunSource[];
}

export interface MergeResult {
  run: MergedRun;
  replaced: Replacement[];
}

const SIMULATED_MARK = 'simulated';

/** Runs in the order they started (the argument order breaks ties); the last one is the latest. */
function byStart(inputs: readonly MergeInput[]): MergeInput[] {
  return inputs
    .map((input, index) => ({ input, index, started: Date.parse(input.run.environment.startedAt) }))
    .sort(
      (a, b) => (Number.isNaN(a.started) || Number.isNaN(b.started) ? 0 : a.started - b.started) || a.index - b.index,
    )
    .map(({ input }) => input);
}

/** A record from a simulated run says so itself (`data.simulated`), wherever it ends up. */
function marked(record: ResultRecord, simulated: boolean): ResultRecord {
  return simulated ? { ...record, data: { ...record.data, [SIMULATED_MARK]: true } } : record;
}

function pairKey(record: ResultRecord): string {
  return JSON.stringify([record.model, record.suite]);
}

function union<T>(lists: readonly (readonly T[])[]): T[] {
  return [...new Set(lists.flat())];
}

export function mergeRuns(
  inputs: readonly MergeInput[],
  merged: { runId: string; commandLine: string[] },
): MergeResult {
  if (inputs.length === 0) throw new RangeError('nothing to merge');
  const ordered = byStart(inputs);
  // model × suite → the runs that have it, earliest first; the last one wins.
  const contenders = new Map<string, { model: string; suite: SuiteId; runs: MergeInput[] }>();
  for (const input of ordered) {
    for (const record of input.run.records) {
      const key = pairKey(record);
      const entry = contenders.get(key) ?? { model: record.model, suite: record.suite, runs: [] };
      if (entry.runs.at(-1) !== input) entry.runs.push(input);
      contenders.set(key, entry);
    }
  }
  const ref = (input: MergeInput): RunRef => ({ runId: input.run.runId, source: input.source });
  const replaced: Replacement[] = [...contenders.values()]
    .filter((entry) => entry.runs.length > 1)
    .map(({ model, suite, runs }) => ({
      model,
      suite,
      kept: ref(runs[runs.length - 1]),
      dropped: runs.slice(0, -1).map(ref),
    }));
  const kept = (input: MergeInput) =>
    input.run.records.filter((record) => contenders.get(pairKey(record))?.runs.at(-1) === input);
  const records = ordered.flatMap((input) => kept(input).map((r) => marked(r, input.run.environment.simulated)));
  // What the kept pairs cost, from the run each was kept from.
  const costs = ordered.flatMap((input) =>
    (input.run.cost?.models ?? []).flatMap((model) =>
      model.suites
        .filter((suite) => contenders.get(JSON.stringify([model.model, suite.suite]))?.runs.at(-1) === input)
        .map((suite) => ({ model: model.model, cost: suite })),
    ),
  );
  const latest = ordered[ordered.length - 1].run;
  const environments = ordered.map((input) => input.run.environment);
  const ends = environments
    .map((e) => e.endedAt)
    .filter((e): e is string => e !== null)
    .sort();
  const run: MergedRun = {
    schema: latest.schema,
    runId: merged.runId,
    environment: {
      ...latest.environment,
      // Any simulated part makes the whole file carry the simulated flag (and report.md its banner).
      simulated: environments.some((e) => e.simulated),
      startedAt: environments.map((e) => e.startedAt).sort()[0],
      endedAt: ends.length === environments.length ? ends[ends.length - 1] : null,
      commandLine: merged.commandLine,
      interrupted: environments.some((e) => e.interrupted),
    },
    options: {
      ...latest.options,
      models: modelsOf(records),
      suites: union(ordered.map((input) => input.run.options.suites)),
      simulated: ordered.some((input) => input.run.options.simulated),
    },
    records,
    ...(costs.length ? { cost: runCostOf(costs) } : {}),
    sources: ordered.map((input) => ({
      source: input.source,
      runId: input.run.runId,
      simulated: input.run.environment.simulated,
      models: modelsOf(kept(input)),
      environment: input.run.environment,
      options: input.run.options,
    })),
  };
  return { run, replaced };
}

/** The first lines of a merged report.md: what was merged and which parts are simulated. */
export function mergeBanner({ run }: MergeResult): string {
  const models = (list: string[]) => (list.length ? list.map((m) => escapeMarkdownCell(m)).join(', ') : 'none kept');
  const simulatedModels = union(run.sources.filter((s) => s.simulated).map((s) => s.models));
  const realModels = union(run.sources.filter((s) => !s.simulated).map((s) => s.models));
  const lines = [`> **Merged** from ${run.sources.length} run(s); per model × suite the run that started last wins.`];
  if (simulatedModels.length && realModels.length) {
    lines.push(
      `> **Partly SIMULATED:** ${models(simulatedModels)} come from the built-in simulator; ${models(realModels)} from a real Ollama.`,
    );
  } else if (simulatedModels.length) {
    lines.push('> **Every part is SIMULATED** — from the built-in simulator, not from a real model.');
  }
  return lines.join('\n');
}

/** The "Merged runs" section: each source run, and what a later run replaced. */
export function mergeNotes({ run, replaced }: MergeResult): string {
  const models = (list: string[]) => (list.length ? list.map((m) => escapeMarkdownCell(m)).join(', ') : 'none kept');
  const lines = [
    '## Merged runs',
    '',
    '| Run | From | Models | Simulated | Server | Started |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const s of run.sources) {
    lines.push(
      `| ${escapeMarkdownCell(s.runId)} | ${escapeMarkdownCell(s.source)} | ${models(s.models)} | ${s.simulated ? 'yes' : 'no'} | ${serverLine(s.environment.server)} | ${escapeMarkdownCell(s.environment.startedAt)} |`,
    );
  }
  if (replaced.length) {
    lines.push('', 'Replaced by a later run:', '');
    for (const r of replaced) {
      lines.push(
        `- ${escapeMarkdownCell(r.model)} / ${r.suite}: kept ${refText(r.kept)}; dropped ${r.dropped.map(refText).join(', ')}`,
      );
    }
  }
  return lines.join('\n');
}

function refText(run: RunRef): string {
  return `${escapeMarkdownCell(run.runId)} (${escapeMarkdownCell(run.source)})`;
}

/** Writes the merged run.json, results.csv, charts and report.md (with the merge notes). */
export async function writeMergedReports(dir: string, merge: MergeResult): Promise<void> {
  await writeReports(dir, merge.run, { banner: mergeBanner(merge), notes: mergeNotes(merge) });
}
