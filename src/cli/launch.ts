// `bench launch --model X`: from X's measurements, the commands and files that start Claude Code
// in its container with the settings those measurements call for.
import { access, copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_CLAUDE_CODE_VERSION, imageTag, packagedDockerfile } from '../agent/image.js';
import {
  defaultNetworkMode,
  type NetworkMode,
  planLaunch,
  renderAlias,
  renderCompose,
  renderDockerRun,
  renderLaunch,
  renderServerSettings,
  type LaunchPlan,
} from '../launch/plan.js';
import { ALL_SUITES } from '../../suites/index.js';
import { loadMeasurements } from '../launch/results.js';
import { parseBackend } from './run-options.js';
import { closestMatch } from './closest.js';
import { parseContext } from './recommend.js';
import { UsageError } from './usage.js';

interface LaunchOptions {
  model: string;
  results: string;
  write?: string;
  ollamaUrl?: string;
  host?: string;
  backend?: string;
  network?: string;
  claudeCodeVersion: string;
  json?: boolean;
  force?: boolean;
  context?: string;
}

const LAUNCH_FILES = ['compose.yaml', 'Dockerfile', 'claude.sh', 'alias.sh', 'server-settings.txt', 'Modelfile'];

/** `--write DIR` never overwrites what is there unless `--force`. */
async function refuseOverwrite(dir: string, force: boolean | undefined): Promise<void> {
  if (force) return;
  const present: string[] = [];
  for (const name of LAUNCH_FILES)
    if (
      await access(path.join(dir, name)).then(
        () => true,
        () => false,
      )
    )
      present.push(name);
  if (present.length)
    throw new UsageError(
      `--write ${dir}: ${present.join(', ')} already there; add --force to overwrite, or choose another directory`,
    );
}

/** A model no run measured: refuse (a misspelt name would get made-up settings) unless --context says what to plan for. */
function checkMeasured(
  model: string,
  measured: boolean,
  models: readonly string[],
  resultsDir: string,
  context: string | undefined,
): void {
  if (measured || context !== undefined) return;
  const near = closestMatch(model, models);
  const known = models.length
    ? ` Measured there: ${models.slice(0, 8).join(', ')}${models.length > 8 ? ', …' : ''}.`
    : '';
  throw new UsageError(
    `--model ${model}: no run in ${resultsDir}/ measured it${near ? ` — did you mean ${near}?` : '.'}${known} Measure it first (bench run --models ${model}), or give --context N to plan for N tokens without measurements.`,
  );
}

function parseNetwork(value: string | undefined): NetworkMode {
  if (value === undefined) return defaultNetworkMode();
  if (value === 'host' || value === 'bridge-host-gateway') return value;
  throw new UsageError(`--network "${value}": expected host (Linux) or bridge-host-gateway (Docker Desktop)`);
}

/** Writes compose.yaml, the Dockerfile it builds, a run script, the alias and (when needed) a Modelfile. */
async function writeLaunchFiles(dir: string, plan: LaunchPlan, claudeCodeVersion: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, text: string, mode?: number) => {
    const file = path.join(dir, name);
    await writeFile(file, text, mode === undefined ? undefined : { mode });
    written.push(file);
  };
  await put('compose.yaml', renderCompose(plan, claudeCodeVersion));
  await copyFile(packagedDockerfile(), path.join(dir, 'Dockerfile'));
  written.push(path.join(dir, 'Dockerfile'));
  await put(
    'claude.sh',
    `#!/bin/sh\n# Claude Code with ${plan.model} in the current directory (bench launch).\nexec ${renderDockerRun(plan)} "$@"\n`,
    0o755,
  );
  await put('alias.sh', `${renderAlias(plan)}\n`);
  await put('server-settings.txt', `${renderServerSettings(plan)}\n`);
  if (plan.serverChange?.modelfile) await put('Modelfile', `${plan.serverChange.modelfile}\n`);
  return written;
}

export function register(program: Command): void {
  program
    .command('launch')
    .description(
      'Print (or write) a ready docker run line, shell alias and compose.yaml for Claude Code with a model, with the settings its measurements call for',
    )
    .requiredOption('--model <name>', 'the model, as the server names it (e.g. qwen2.5-coder:32b)')
    .option('--results <dir>', 'where earlier runs are (results/*/run.json)', 'results')
    .option(
      '--write <dir>',
      'write compose.yaml, Dockerfile, claude.sh, alias.sh (and a Modelfile when needed) into this directory',
    )
    .option(
      '--host <url>',
      'the model server as the container reaches it (default http://localhost:<its port>, or host.docker.internal with Docker Desktop)',
    )
    .option('--ollama-url <url>', 'the same as --host (kept for older scripts)')
    .option(
      '--backend <backend>',
      `the kind of server: ollama, llama-server or anthropic (default: the one the newest measured run used, else ollama)`,
    )
    .option('--network <mode>', 'host (Linux) or bridge-host-gateway (Docker Desktop); default by platform')
    .option('--claude-code-version <version>', 'Claude Code version of the image', DEFAULT_CLAUDE_CODE_VERSION)
    .option('--context <tokens>', 'plan for this context (e.g. 64K) when no run measured the model')
    .option('--force', 'let --write overwrite files already in the directory')
    .option('--json', 'print the settings as JSON')
    .addHelpText(
      'after',
      `
Examples:
  bench launch --model qwen2.5-coder:32b                  # the settings its measurements call for
  bench launch --model qwen2.5-coder:32b --write ./cc     # compose.yaml, Dockerfile, claude.sh, alias.sh
  bench launch --model my-model:7b --context 64K          # no measurements yet: plan for 64K tokens
  bench launch --model tiny --backend llama-server --host http://localhost:8080`,
    )
    .action(async (options: LaunchOptions) => {
      const {
        measurements: measured,
        warnings,
        backend: measuredOn,
        models,
      } = await loadMeasurements(options.results, options.model, ALL_SUITES);
      for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
      const hasMeasurements = measured.runId !== null;
      checkMeasured(options.model, hasMeasurements, models, options.results, options.context);
      const assumed = !hasMeasurements && options.context !== undefined ? parseContext(options.context) : null;
      const chosen = parseBackend(options.backend);
      if (options.write) await refuseOverwrite(options.write, options.force);
      const plan = planLaunch({
        model: options.model,
        measurements: measured,
        requiredTokens: assumed ?? undefined,
        image: imageTag(options.claudeCodeVersion),
        networkMode: parseNetwork(options.network),
        ollamaUrl: options.host ?? options.ollamaUrl,
        backend: chosen === 'auto' ? (measuredOn ?? 'ollama') : chosen,
      });
      if (options.json) process.stdout.write(`${JSON.stringify({ ...plan, measurements: measured }, null, 2)}\n`);
      else process.stdout.write(`${renderLaunch(plan, options.claudeCodeVersion)}\n`);
      if (options.write) {
        const written = await writeLaunchFiles(options.write, plan, options.claudeCodeVersion);
        process.stderr.write(`wrote ${written.join(', ')}\n`);
      }
    });
}
