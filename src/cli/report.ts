// `bench report <dir>...`: merges run directories (e.g. one per CI shard) into one report.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { RunFileError, parseRunFile } from '../run/run-file.js';
import { mergeRuns, writeMergedReports, type MergeInput } from '../report/merge.js';
import { REPORT_FILES } from '../report/write.js';
import { JOURNAL_FILE } from '../run/journal.js';
import { OutDirError, prepareOutDir } from '../run/out-dir.js';
import type { RunFile } from '../types.js';
import { EXIT, UsageError } from './usage.js';
import { errorMessage } from '../shared/errors.js';

interface ReportOptions {
  out?: string;
}

const EXAMPLES = `
Examples:
  $ bench report results/shard-1 results/shard-2            merge two CI shards into results/merged-<time>
  $ bench report --out results/nightly results/*/run.json    merge every run, write to results/nightly
`;

/** `--out` of the merge: a plain, writable directory that is not a run's own (its journal would no longer match). */
function checkMergeOut(out: string | undefined): string | null {
  if (out === undefined) return null;
  if (!out.trim()) throw new UsageError('--out "": give a directory, or leave --out out for results/merged-<UTC time>');
  if (/[\u0000-\u001f\u007f]/.test(out))
    throw new UsageError(
      `--out ${JSON.stringify(out)}: the path holds a control character (a newline?); give a plain directory name`,
    );
  const dir = resolve(out);
  if (existsSync(join(dir, JOURNAL_FILE)))
    throw new UsageError(
      `--out ${dir}: that is a run's own directory (it has ${JOURNAL_FILE}); write the merge somewhere else`,
    );
  return dir;
}

export function register(program: Command): void {
  program
    .command('report')
    .description('Merge run directories (each with a run.json) into one report; per model × suite the latest run wins')
    .addHelpText(
      'after',
      `
Examples:
  bench report results/2026-12-01T02-00-00Z                      # a fresh report of one run (in results/merged-<time>)
  bench report shard-a shard-b --out results/nightly             # merge the nightly's parallel jobs
  bench report results/*/ --out results/all`,
    )
    .argument('<dirs...>', 'run directories (or run.json files) to merge')
    .option(
      '--out <dir>',
      'where to write the merged run.json, results.csv and report.md (default results/merged-<UTC time>); not a run directory of its own',
    )
    .addHelpText('after', EXAMPLES)
    .action(async (dirs: string[], options: ReportOptions) => {
      process.exitCode = await reportCommand(dirs, options, process.argv.slice(2));
    });
}

/** Reads a run from a run directory or a run.json path; any problem is a UsageError naming the file. */
export function loadRun(path: string): RunFile {
  let file = path;
  try {
    if (statSync(path).isDirectory()) file = join(path, REPORT_FILES.json);
    return parseRunFile(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if (error instanceof RunFileError) throw new UsageError(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file (not a run directory of this tool?)' : errorMessage(error);
    throw new UsageError(`${file}: ${reason}`);
  }
}

export async function reportCommand(dirs: string[], options: ReportOptions, commandLine: string[]): Promise<number> {
  const chosen = checkMergeOut(options.out);
  const inputs: MergeInput[] = dirs.map((dir) => ({ source: dir, run: loadRun(dir) }));
  const runId = `merged-${new Date()
    .toISOString()
    .replace(/[:]/g, '-')
    .replace(/\.\d+Z$/, 'Z')}`;
  const outDir = chosen ?? resolve(join('results', runId));
  try {
    prepareOutDir(outDir);
  } catch (error) {
    if (error instanceof OutDirError)
      throw new UsageError(`--out ${outDir}: ${error.message}; choose a writable directory with free space`);
    throw error;
  }
  const merge = mergeRuns(inputs, { runId, commandLine });
  await writeMergedReports(outDir, merge);
  const out: string[] = [];
  for (const r of merge.replaced) {
    out.push(
      `${r.model} / ${r.suite}: kept ${r.kept.runId} (${r.kept.source}), the latest run; dropped ${r.dropped.map((d) => `${d.runId} (${d.source})`).join(', ')}`,
    );
  }
  const simulated = merge.run.sources.filter((s) => s.simulated);
  if (simulated.length)
    out.push(
      `SIMULATED parts: ${simulated.map((s) => `${s.source} (${s.models.join(', ') || 'nothing kept'})`).join('; ')}`,
    );
  out.push(
    `Merged ${inputs.length} run(s), ${merge.run.options.models.length} model(s): ${join(outDir, REPORT_FILES.markdown)}`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return EXIT.ok;
}
