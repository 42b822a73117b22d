// `bench recommend`: which models to run with Claude Code on this (or a given) machine, and how.
import type { Command } from 'commander';
import { detectHardware } from '../hardware/detect.js';
import { gpuMemoryBytes } from '../hardware/fit.js';
import { loadMeasuredResults } from '../recommend/measured.js';
import { recommendModels, summarize, type Recommendation, type RecommendInputs } from '../recommend/recommend.js';
import { formatBytes, formatTokens, parseSize } from '../shared/size.js';
import { UsageError } from './usage.js';
import { answerLines, answerOf, type RunAnswer } from '../report/answer.js';
import { readRunsIn } from '../run/runs-dir.js';

/** The newest real (not simulated) run's answer: what was measured beats what the catalog predicts. */
async function measuredAnswer(resultsDir: string): Promise<RunAnswer | null> {
  const { runs } = await readRunsIn(resultsDir);
  const newest = runs.filter((run) => !run.environment.simulated && !run.environment.interrupted).at(-1);
  if (!newest) return null;
  const answer = answerOf(newest, resultsDir);
  return answer.recommendation ? answer : null;
}

interface RecommendOptions {
  vram?: string;
  ram?: string;
  context: string;
  results: string;
  json?: boolean;
}

/** "65536", "64K", "64k" → tokens. */
export function parseContext(text: string): number {
  const match = /^\s*(\d+)\s*([kK]?)\s*$/.exec(text);
  const tokens = match ? Number(match[1]) * (match[2] ? 1024 : 1) : NaN;
  if (!Number.isInteger(tokens) || tokens < 1024)
    throw new UsageError(`--context "${text}": expected a number of tokens of at least 1024, e.g. 65536 or 64K`);
  return tokens;
}

function parseSizeOption(name: string, text: string, allowZero: boolean): number {
  if (allowZero && /^\s*(0|none)\s*$/i.test(text)) return 0;
  try {
    return parseSize(text);
  } catch (error) {
    throw new UsageError(`--${name}: ${(error as Error).message}`);
  }
}

function formatLine(rec: Recommendation, rank: number): string {
  const lines = [`${rank}. ${rec.model}  [${rec.verdict}]`, `   why:     ${rec.why}`];
  if (rec.maxContextF16 !== null) {
    lines.push(
      rec.maxContextQ8
        ? `   context: up to ${formatTokens(rec.maxContextF16)} tokens in VRAM with an f16 cache, ${formatTokens(rec.maxContextQ8)} with q8_0`
        : '   context: the weights alone do not fit in VRAM',
    );
  }
  lines.push(`   speed:   ${rec.speed}`);
  if (rec.commands) lines.push(`   run:     ${rec.commands.ollama}`, `            ${rec.commands.claude}`);
  return lines.join('\n');
}

export function formatRecommendations(
  recommendations: readonly Recommendation[],
  inputs: RecommendInputs,
  warnings: readonly string[],
): string {
  const usable = recommendations.filter((rec) => rec.verdict !== 'too-big');
  const tooBig = recommendations.filter((rec) => rec.verdict === 'too-big');
  const parts = [summarize(recommendations, inputs), ''];
  for (const [index, rec] of usable.entries()) parts.push(formatLine(rec, index + 1), '');
  if (tooBig.length)
    parts.push(
      `Does not fit: ${tooBig.map((rec) => `${rec.model} (${formatBytes(rec.predictedBytes ?? 0)})`).join(', ')}`,
      '',
    );
  parts.push(
    'Set the OLLAMA_* variables where the Ollama server runs (systemd: `systemctl edit ollama`; macOS app: `launchctl setenv`), then restart it.',
  );
  for (const warning of warnings) parts.push(`warning: ${warning}`);
  return `${parts.join('\n')}\n`;
}

export async function recommendCommand(
  options: RecommendOptions,
  write: (text: string) => void = (text) => process.stdout.write(text),
): Promise<number> {
  const contextTokens = parseContext(options.context);
  const vramGiven = options.vram !== undefined ? parseSizeOption('vram', options.vram, true) : undefined;
  const ramGiven = options.ram !== undefined ? parseSizeOption('ram', options.ram, false) : undefined;
  const hardware = vramGiven === undefined || ramGiven === undefined ? await detectHardware() : null;
  const measured = await loadMeasuredResults(options.results);
  const inputs: RecommendInputs = {
    vramBytes: vramGiven ?? gpuMemoryBytes(hardware),
    unifiedMemory: vramGiven === undefined && Boolean(hardware?.gpus.some((gpu) => gpu.unifiedMemory && gpu.vramBytes)),
    ramBytes: ramGiven ?? hardware?.memory.totalBytes ?? 0,
    contextTokens,
    measured: measured.models,
  };
  const recommendations = recommendModels(inputs);
  const answer = await measuredAnswer(options.results);
  if (options.json) {
    write(
      `${JSON.stringify({ inputs: { ...inputs, measured: undefined }, hardwareDetected: hardware !== null, measuredRuns: measured.runs, warnings: measured.warnings, measured: answer ? { runId: answer.runId, recommendation: answer.recommendation } : null, summary: summarize(recommendations, inputs), recommendations }, null, 2)}\n`,
    );
  } else {
    if (answer)
      write(
        `Measured on this machine (run ${answer.runId}):\n${answerLines(answer).join('\n')}\n\nFrom the catalog, for this memory budget:\n`,
      );
    write(formatRecommendations(recommendations, inputs, measured.warnings));
  }
  return 0;
}

export function register(program: Command): void {
  program
    .command('recommend')
    .description(
      'Rank models that fit this machine (or --vram/--ram) at the context Claude Code needs, with the commands to run them',
    )
    .option('--vram <size>', 'GPU memory to plan for, with a unit: 24G, 24GiB, 24GB (default: detected; 0 = no GPU)')
    .option('--ram <size>', 'system RAM, with a unit: 64G (default: detected)')
    .option('--context <tokens>', 'context Claude Code should get, e.g. 65536 or 64K', '65536')
    .option('--results <dir>', 'where earlier runs are (their measurements rank models first)', 'results')
    .option('--json', 'print the ranking as JSON')
    .addHelpText(
      'after',
      `
Sizes take a unit: 24G or 24GiB (binary), 24GB (decimal); a bare number is refused.

Examples:
  bench recommend                          # this machine, as detected
  bench recommend --vram 24G --ram 64G     # plan for another machine
  bench recommend --vram 0 --ram 32G       # CPU only
  bench recommend --context 128K --json`,
    )
    .action(async (options: RecommendOptions) => {
      process.exitCode = await recommendCommand(options);
    });
}
