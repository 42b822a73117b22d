// `bench compare <baseline> <current>`: what got better or worse; exit 1 on a regression.
import type { Command } from 'commander';
import { compareRuns } from '../compare/compare.js';
import { comparisonToMarkdown } from '../compare/markdown.js';
import { DEFAULT_THRESHOLD, parseThreshold } from '../compare/threshold.js';
import { loadRun } from './report.js';
import { EXIT, UsageError } from './usage.js';


interface CompareOptions {
  threshold: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('compare')
    .description('Compare two runs (directories or run.json files); exit 1 when the current one regressed')
    .argument('<baseline>', 'the run to compare against')
    .argument('<current>', 'the run to judge')
    .option('--threshold <percent>', 'smallest relative change that counts, e.g. 10%', DEFAULT_THRESHOLD)
    .option('--json', 'print the comparison as JSON instead of Markdown')
    .action((baseline: string, current: string, options: CompareOptions) => {
      process.exitCode = compareCommand(baseline, current, options);
    });
}

export function compareCommand(baselinePath: string, currentPath: string, options: CompareOptions): number {
  let threshold: number;
  try {
    threshold = parseThreshold(options.threshold);
  } catch (error) {
    throw new UsageError(`--threshold: ${(error as Error).message}`);
  }
  const comparison = compareRuns(loadRun(baselinePath), loadRun(currentPath), threshold);
  process.stdout.write(options.json ? `${JSON.stringify(comparison, null, 2)}\n` : comparisonToMarkdown(comparison));
  return comparison.regressions > 0 ? EXIT.regression : EXIT.ok;
}
