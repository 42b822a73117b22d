// `bench compare <baseline> <current>`: what got better or worse; exit 1 on a regression (and, with
// --fail-on-missing, on a model the current run did not test).
import type { Command } from 'commander';
import { compareRuns } from '../compare/compare.js';
import { comparisonSummary } from '../compare/console.js';
import { comparisonToMarkdown } from '../compare/markdown.js';
import { DEFAULT_THRESHOLD, parseThreshold } from '../compare/threshold.js';
import type { Comparison } from '../compare/types.js';
import { loadRun } from './report.js';
import { EXIT, UsageError } from './usage.js';

interface CompareOptions {
  threshold: string;
  json?: boolean;
  failOnMissing?: boolean;
}

export function register(program: Command): void {
  program
    .command('compare')
    .description('Compare two runs (directories or run.json files); exit 1 when the current one regressed')
    .argument('<baseline>', 'the run to compare against')
    .argument('<current>', 'the run to judge')
    .option('--threshold <percent>', 'smallest relative change that counts, e.g. 10%', DEFAULT_THRESHOLD)
    .option('--fail-on-missing', 'also exit 1 when a model of the baseline is missing from the current run')
    .option('--json', 'print the comparison as JSON instead of Markdown')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  bench compare results/last-night results/tonight',
        '  bench compare results/a results/b --threshold 20% --fail-on-missing > compare.md',
        '  bench compare results/a/run.json results/b/run.json --json | jq .regressions',
        '',
        'Markdown goes to stdout; when stdout is a file or a pipe, a summary (regressions first) goes to stderr.',
      ].join('\n'),
    )
    .action((baseline: string, current: string, options: CompareOptions) => {
      process.exitCode = compareCommand(baseline, current, options);
    });
}

/**
 * Writes to stdout; a reader that stops early (`| head -1`) closes the pipe, and the rest of the
 * output is dropped without a word (no EPIPE stack trace).
 */
function writeStdout(text: string): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    process.stderr.write(`bench: could not write the comparison to stdout: ${error.message}\n`);
    process.exitCode = EXIT.untestable;
  });
  process.stdout.write(text);
}

export function exitCodeOf(comparison: Comparison, options: Pick<CompareOptions, 'failOnMissing'>): number {
  if (comparison.regressions > 0) return EXIT.regression;
  if (options.failOnMissing && comparison.missingModels.length > 0) return EXIT.regression;
  return EXIT.ok;
}

export function compareCommand(baselinePath: string, currentPath: string, options: CompareOptions): number {
  let threshold: number;
  try {
    threshold = parseThreshold(options.threshold);
  } catch (error) {
    throw new UsageError(`--threshold: ${(error as Error).message}`);
  }
  const comparison = compareRuns(loadRun(baselinePath), loadRun(currentPath), threshold);
  writeStdout(options.json ? `${JSON.stringify(comparison, null, 2)}\n` : comparisonToMarkdown(comparison));
  // In a terminal the Markdown is on screen already; redirected, the console still gets the gist.
  if (!options.json && !process.stdout.isTTY) process.stderr.write(comparisonSummary(comparison, options));
  return exitCodeOf(comparison, options);
}
